"""One line per decision for ``--format summary``."""

from __future__ import annotations

from typing import Final

from referat_decisions.models import AbsenceScope, Decision, Outcome, Vote

_SCOPE: Final = {AbsenceScope.MEETING: "meeting", AbsenceScope.ITEM: "item"}


def _outcome(outcome: Outcome) -> str:
    notes = [outcome.committee] if outcome.committee else []
    if outcome.inferred:
        notes.append("inferred from the votes")
    return f"{outcome.kind.name} ({', '.join(notes)})" if notes else outcome.kind.name


def _vote(vote: Vote) -> str:
    """``FOR 6``, ``FOR 34`` (counted), ``FOR A/B/F/Ø`` (party letters), ``+ the others``."""
    who = [str(vote.tally)] if vote.voters or vote.count is not None or not vote.parties else []
    if vote.parties:
        who.append("/".join(vote.parties))
    others = " + the others" if vote.others else ""
    return f"{vote.position.name} {' '.join(who)}{others}"


def summarize(decision: Decision) -> str:
    """E.g. ``APPROVED (Beskæftigelses- og Socialudvalget); votes: FOR 6, AGAINST 1; absent:
    Cæcilie Crawley (item)``."""
    parts = [", ".join(_outcome(o) for o in decision.outcomes) or "no outcome"]
    if decision.votes:
        parts.append(f"votes: {', '.join(_vote(v) for v in decision.votes)}")
    for amendment in decision.amendments:
        who = f" by {amendment.proposer.name}" if amendment.proposer else ""
        result = amendment.result.name if amendment.result else "no result"
        parts.append(f"amendment{who}: {result}")
    for position in decision.positions:
        who = ", ".join([p.name for p in position.people] + list(position.parties))
        parts.append(f"{position.stance.name.lower()}: {who}")
    if decision.remarks:
        parts.append(f"protocol remarks: {len(decision.remarks)}")
    if decision.absences:
        absent = ", ".join(f"{a.person.name} ({_SCOPE[a.scope]})" for a in decision.absences)
        parts.append(f"absent: {absent}")
    return "; ".join(parts)
