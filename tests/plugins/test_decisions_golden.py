"""Golden test: every decision of the five fixtures against tests/golden/decisions/*.json.

The golden files were written by a separate reader from the documents. Every field is
compared, spans by their start line; ``object`` and ``addition`` after collapsing whitespace.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import referat
from referat_decisions import DECISION, Decision, Person, plugin
from referat_decisions.committee import named_committee

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = sorted((ROOT / "golden" / "decisions").glob("*.json"))


def _collapse(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def _person(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    role = person.role.value if person.role else None
    return {"name": person.name, "role": role, "party": person.party}


def _item(number: int, decision: Decision | None) -> dict[str, Any]:
    if decision is None:
        return {"number": number, "decision": False}
    return {
        "number": number,
        "decision": True,
        "heading_line": decision.span.start_line,
        "outcomes": [
            {
                "line": o.span.start_line if o.span else None,
                "committee": o.committee,
                "committee_inferred": o.committee_inferred,
                "kind": o.kind.name,
                "verb": o.verb,
                "object": _collapse(o.object),
                "addition": _collapse(o.addition),
                "inferred": o.inferred,
            }
            for o in decision.outcomes
        ],
        "votes": [
            {
                "line": v.span.start_line,
                "position": v.position.name,
                "subject": v.subject,
                "voters": [_person(p) for p in v.voters],
                "others": v.others,
            }
            for v in decision.votes
        ],
        "amendments": [
            {
                "line": a.span.start_line,
                "proposer": _person(a.proposer),
                "text": a.text,
                "result": a.result.name if a.result else None,
            }
            for a in decision.amendments
        ],
        "absences": [
            {"line": a.span.start_line, "person": _person(a.person), "scope": a.scope.name}
            for a in decision.absences
        ],
    }


def _expected_item(item: dict[str, Any]) -> dict[str, Any]:
    for outcome in item.get("outcomes", ()):
        outcome["object"] = _collapse(outcome["object"])
        outcome["addition"] = _collapse(outcome["addition"])
    return item


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.stem)
def test_decisions_match_golden(golden: Path) -> None:
    expected = json.loads(golden.read_text(encoding="utf-8"))
    doc = referat.parse_file(ROOT / "fixtures" / expected["file"], plugins=[plugin])
    committee = doc.meeting.committee if doc.meeting and doc.meeting.committee else None
    assert (committee or named_committee(doc)) == expected["meeting_committee"]
    assert [i.number for i in doc.items] == [i["number"] for i in expected["items"]]
    for item, want in zip(doc.items, expected["items"], strict=True):
        assert _item(item.number, item.get(DECISION)) == _expected_item(want), f"item {item.number}"


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.stem)
def test_no_plugin_errors_or_warnings(golden: Path) -> None:
    expected = json.loads(golden.read_text(encoding="utf-8"))
    doc = referat.parse_file(ROOT / "fixtures" / expected["file"], plugins=[plugin])
    mine = [d for d in doc.diagnostics if d.plugin == "decisions"]
    assert [d for d in mine if d.severity is not referat.Severity.INFO] == []
