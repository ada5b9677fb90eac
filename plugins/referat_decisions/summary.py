"""One line per decision for ``--format summary``."""

from __future__ import annotations

from referat_decisions.models import AbsenceScope, Decision, Outcome

_SCOPE = {AbsenceScope.MEETING: "meeting", AbsenceScope.ITEM: "item"}


def _outcome(outcome: Outcome) -> str:
    notes = [outcome.committee] if outcome.committee else []
    if outcome.inferred:
        notes.append("inferred from the votes")
    return f"{outcome.kind.name} ({', '.join(notes)})" if notes else outcome.kind.name


def summarize(decision: Decision) -> str:
    """E.g. ``APPROVED (Beskæftigelses- og Socialudvalget); votes: FOR 6, AGAINST 1; absent:
    Cæcilie Crawley (item)``."""
    parts = [", ".join(_outcome(o) for o in decision.outcomes) or "no outcome"]
    if decision.votes:
        votes = ", ".join(
            f"{v.position.name} {v.tally}{' + the others' if v.others else ''}"
            for v in decision.votes
        )
        parts.append(f"votes: {votes}")
    for amendment in decision.amendments:
        who = f" by {amendment.proposer.name}" if amendment.proposer else ""
        result = amendment.result.name if amendment.result else "no result"
        parts.append(f"amendment{who}: {result}")
    if decision.absences:
        absent = ", ".join(f"{a.person.name} ({_SCOPE[a.scope]})" for a in decision.absences)
        parts.append(f"absent: {absent}")
    return "; ".join(parts)
