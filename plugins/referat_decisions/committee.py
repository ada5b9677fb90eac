"""Which committee a sentence without one ("Orientering givet.") is attributed to.

The meeting's committee from the header when there is one; otherwise (the 2016 export has no
header) the committee that the document's own outcome sentences name most often (first
named wins a tie); otherwise ``None``.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterator

from referat.models import Paragraph, Referat, SectionKind
from referat.runner import Context
from referat_decisions.parse import parse_outcome
from referat_decisions.sentences import first_sentence

# The last document looked at and its committee: extractors run item by item over one
# document, so one entry is enough. A weak reference never keeps a document alive.
_last: tuple[weakref.ref[Referat], str | None] | None = None


def meeting_committee(ctx: Context) -> str | None:
    """The committee a committee-less outcome belongs to (see the module docstring)."""
    if ctx.committee is not None:
        return ctx.committee
    global _last  # noqa: PLW0603 - a one-entry cache keyed by a weak reference
    if _last is not None and _last[0]() is ctx.doc:
        return _last[1]
    committee = named_committee(ctx.doc)
    _last = (weakref.ref(ctx.doc), committee)
    return committee


def named_committee(doc: Referat) -> str | None:
    """The committee named most often by the outcome sentences of ``doc``'s decisions."""
    counts = Counter(_named(doc))
    if not counts:
        return None
    return counts.most_common(1)[0][0]  # most_common keeps first-seen order on ties


def _named(doc: Referat) -> Iterator[str]:
    for item in doc.items:
        for section in item.sections:
            if section.kind is not SectionKind.DECISION:
                continue
            for block in section.blocks:
                if not isinstance(block, Paragraph):
                    continue
                first = first_sentence(block.text)
                if first is None:
                    continue
                parsed = parse_outcome(block.text[first[0] : first[1]])
                if parsed is not None and parsed.committee is not None:
                    yield parsed.committee
