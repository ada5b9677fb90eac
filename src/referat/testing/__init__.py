"""Property-based testing for referat users: hypothesis strategies with known answers.

``pip install 'referat[testing]'`` brings hypothesis. The strategies generate Danish referater
and their parts, each value carrying what it says, so a plugin or layout author can state
properties like "my extractor finds every amount" or "my layout reads every item":

* building blocks: :func:`amounts` (``1,5 mio. kr.`` and its value), :func:`dates` (every
  Danish form and its date), :func:`case_numbers`, :func:`item_headings`, :func:`titles`,
  :func:`people`, :func:`vote_sentences`, :func:`outcome_sentences`,
  :func:`absence_sentences`, :func:`paragraphs`, :func:`meetings`, :func:`tables` (a
  pipe or TAB table of amounts and what the ``tables`` plugin must read from it);
* whole documents: :func:`documents` (valid :class:`~referat.models.Referat` models),
  :func:`examples` (a model, its :class:`Outline` and its layout), :func:`texts` (text in a
  layout with real-export noise, and the :class:`Expected` answer), :func:`rendered` (the same
  without noise);
* :func:`outline`: the structure a parse must give, to compare with ``expected.outline``.

See ``docs/testing.md`` for a walk-through.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401 - only to fail early with a helpful message
except ImportError as error:  # pragma: no cover - the test extra installs it
    from referat.errors import MissingDependencyError

    raise MissingDependencyError(
        "referat.testing needs hypothesis: pip install 'referat[testing]'", extra="testing"
    ) from error

from referat.testing.outline import (
    DecisionOutline,
    ItemOutline,
    MeetingOutline,
    Outline,
    SectionOutline,
    TableOutline,
    VoteOutline,
    outline,
)
from referat.testing.strategies import (
    AMOUNT_FORMS,
    DATE_FORMS,
    READ_AMOUNT_FORMS,
    DanishAmount,
    DanishDate,
    Expected,
    GeneratedTable,
    ItemHeading,
    Person,
    Sentence,
    absence_sentences,
    amounts,
    case_numbers,
    danish_amount,
    danish_date,
    danish_table,
    dates,
    documents,
    examples,
    item_headings,
    meeting_dates,
    meetings,
    outcome_sentences,
    paragraphs,
    people,
    prose,
    renderable_layouts,
    rendered,
    tables,
    texts,
    times,
    titles,
    vote_sentences,
)

__all__ = [
    "AMOUNT_FORMS",
    "DATE_FORMS",
    "READ_AMOUNT_FORMS",
    "DanishAmount",
    "DanishDate",
    "DecisionOutline",
    "Expected",
    "GeneratedTable",
    "ItemHeading",
    "ItemOutline",
    "MeetingOutline",
    "Outline",
    "Person",
    "SectionOutline",
    "Sentence",
    "TableOutline",
    "VoteOutline",
    "absence_sentences",
    "amounts",
    "case_numbers",
    "danish_amount",
    "danish_date",
    "danish_table",
    "dates",
    "documents",
    "examples",
    "item_headings",
    "meeting_dates",
    "meetings",
    "outcome_sentences",
    "outline",
    "paragraphs",
    "people",
    "prose",
    "renderable_layouts",
    "rendered",
    "tables",
    "texts",
    "times",
    "titles",
    "vote_sentences",
]
