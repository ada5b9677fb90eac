"""The ``decisions`` plugin: outcomes, votes, amendments and absences of each agenda item.

Registers the item-scoped extractor ``decisions``, whose result is a :class:`Decision` (no
result for an item without a ``Beslutning`` section and without a stated absence). Read it
typed with the key this package exports::

    from referat_decisions import DECISION

    decision = item.get(DECISION)  # Decision | None

The sentences are parsed with ``grammars/decision.lark``.
"""

from __future__ import annotations

from referat.models import SectionKind
from referat.registry import Registry
from referat.results import ResultKey
from referat_decisions.extract import extract_decision
from referat_decisions.models import (
    Absence,
    AbsenceScope,
    Amendment,
    AmendmentResult,
    Decision,
    Outcome,
    OutcomeKind,
    Person,
    Position,
    Role,
    Vote,
)
from referat_decisions.summary import summarize

#: The key of the ``decisions`` extractor's result: ``item.get(DECISION)``.
DECISION: ResultKey[Decision] = ResultKey("decisions", Decision)

__all__ = [
    "DECISION",
    "Absence",
    "AbsenceScope",
    "Amendment",
    "AmendmentResult",
    "Decision",
    "Outcome",
    "OutcomeKind",
    "Person",
    "Position",
    "Role",
    "Vote",
    "extract_decision",
    "plugin",
    "summarize",
]


def plugin(registry: Registry, /, **options: object) -> None:
    """Register the ``decisions`` extractor (no options)."""
    if options:
        msg = f"the decisions plugin takes no options, got {sorted(options)}"
        raise TypeError(msg)
    registry.add_extractor(
        DECISION,
        extract_decision,
        scope="item",
        sections=(SectionKind.DECISION,),
        summary=summarize,
    )
