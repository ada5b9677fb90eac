"""The extractor on small documents and on the fixtures: outcomes in context, spans, diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

import referat
from referat import Severity
from referat_decisions import (
    DECISION,
    AbsenceScope,
    AmendmentResult,
    Decision,
    OutcomeKind,
    Position,
    Role,
    plugin,
    summarize,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEAD = "Punkt 1: Et punkt\n\n00.01.00-A00-1-24\n\nBeslutning\n\n"


def _doc(decision: str, *, header: bool = True) -> referat.Referat:
    top = "REFERAT Beskæftigelses- og Socialudvalget 2022-2025 d. 21-02-2023\n\n" if header else ""
    return referat.parse(top + HEAD + decision, plugins=[plugin])


def _decision(doc: referat.Referat, number: int = 1) -> Decision:
    item = doc.item(number)
    assert item is not None
    decision = item.get(DECISION)
    assert decision is not None
    return decision


def _fixture(stem: str) -> referat.Referat:
    (path,) = FIXTURES.glob(f"{stem}_*.txt")
    return referat.parse_file(path, plugins=[plugin])


def test_spans_point_at_the_values() -> None:
    doc = _doc(
        "Udvalgsmedlem Reza Javid (Ø) stemmer imod indstillingen.\n\n"
        "Rådmand Christoffer Lilleholt (V) og udvalgsmedlemmerne Mads Thomsen (A) stemmer for "
        "indstillingen.\n\n"
        "Beskæftigelses- og Socialudvalget anbefaler indstillingen.\n\n"
        "Udvalgsmedlem Cæcilie Crawley deltog ikke i behandlingen af dette punkt."
    )
    decision = _decision(doc)
    against, in_favour = decision.votes
    assert doc.source_text(against.voters[0].span) == "Reza Javid (Ø)"
    assert doc.source_text(in_favour.voters[1].span) == "Mads Thomsen (A)"
    assert doc.source_text(against.span) == (
        "Udvalgsmedlem Reza Javid (Ø) stemmer imod indstillingen."
    )
    (outcome,) = decision.outcomes
    assert outcome.span is not None
    assert doc.source_text(outcome.span) == (
        "Beskæftigelses- og Socialudvalget anbefaler indstillingen."
    )
    (absence,) = decision.absences
    assert doc.source_text(absence.person.span) == "Cæcilie Crawley"
    assert doc.source_text(decision.span).startswith("Beslutning")
    assert summarize(decision) == (
        "RECOMMENDED (Beskæftigelses- og Socialudvalget); votes: AGAINST 1, FOR 2; "
        "absent: Cæcilie Crawley (item)"
    )


def test_wrapped_name_spans_two_lines() -> None:  # 003:29-30
    decision = _decision(_fixture("003"))
    (vote,) = decision.votes
    steen_lund = vote.voters[4]
    assert steen_lund.name == "Steen Lund"
    assert (steen_lund.span.start_line, steen_lund.span.end_line) == (29, 30)


def test_elevation_then_approval() -> None:  # 000:309, 000:311
    decision = _decision(_fixture("000"), 3)
    assert [o.kind for o in decision.outcomes] == [OutcomeKind.ELEVATED, OutcomeKind.APPROVED]
    approval = decision.outcomes[1]
    assert approval.committee == "Beskæftigelses og Socialudvalget"  # as written, no "**"
    assert approval.text is not None
    assert approval.text.endswith("der således vil gå fra det nuværende arbejde med inddrivelse.")


def test_meeting_absence_is_not_copied() -> None:  # 003:222 only in item 2
    doc = _fixture("003")
    with_absences = [i.number for i in doc.items if i.get(DECISION) and i.get(DECISION).absences]
    assert with_absences == [2]


def test_amendment_result_is_not_an_outcome() -> None:  # 003:26-34
    decision = _decision(_fixture("003"))
    (amendment,) = decision.amendments
    assert amendment.result is AmendmentResult.FELL
    assert amendment.result_span is not None
    assert amendment.result_span.start_line == 32
    assert [o.kind for o in decision.outcomes] == [OutcomeKind.RECOMMENDED]


def test_no_people_from_goals_or_al_capone() -> None:  # 001:367, 001:373, 000:339
    names = set()
    for stem in ("000", "001"):
        for item in _fixture(stem).items:
            decision = item.get(DECISION)
            if decision is None:
                continue
            names |= {p.name for v in decision.votes for p in v.voters}
            names |= {a.person.name for a in decision.absences}
    assert not any("Capone" in n or "unge" in n or "medlem" in n.lower() for n in names)


def test_headerless_document_uses_the_committee_of_other_outcomes() -> None:
    doc = referat.parse(
        HEAD + "Beskæftigelses- og Socialudvalget anbefaler indstillingen.\n\n"
        "Punkt 2: Et andet punkt\n\n00.01.00-A00-2-24\n\nBeslutning\n\nOrientering givet.",
        plugins=[plugin],
    )
    assert doc.meeting is None or doc.meeting.committee is None
    (outcome,) = _decision(doc, 2).outcomes
    assert (outcome.kind, outcome.committee, outcome.committee_inferred) == (
        OutcomeKind.NOTED,
        "Beskæftigelses- og Socialudvalget",
        True,
    )


def test_headerless_without_any_committee() -> None:
    (outcome,) = _decision(_doc("Orientering givet.", header=False)).outcomes
    assert outcome.committee is None
    assert outcome.committee_inferred


def test_votes_without_outcome_infer_it() -> None:
    decision = _decision(
        _doc(
            "Udvalgsmedlemmerne Anna Ørsted (A) og Bo Ågård (V) stemmer for sagen.\n\n"
            "Udvalgsmedlem Reza Javid (Ø) stemmer imod sagen."
        )
    )
    (outcome,) = decision.outcomes
    assert (outcome.kind, outcome.inferred, outcome.span) == (OutcomeKind.APPROVED, True, None)


def test_tie_is_reported_not_guessed() -> None:
    doc = _doc(
        "Udvalgsmedlem Anna Ørsted (A) stemmer for sagen.\n\n"
        "Udvalgsmedlem Reza Javid (Ø) stemmer imod sagen."
    )
    assert _decision(doc).outcomes == ()
    assert [d.code for d in doc.diagnostics if d.plugin == "decisions"] == [
        "decision-outcome-undetermined"
    ]


def test_unparsed_vote_is_a_warning() -> None:
    doc = _doc(
        "Beskæftigelses- og Socialudvalget godkender indstillingen.\n\n"
        "Udvalgsmedlem Reza Javid (Enhedslisten) stemmer imod."
    )
    decision = _decision(doc)
    assert decision.votes == ()
    (diagnostic,) = [d for d in doc.diagnostics if d.plugin == "decisions"]
    assert (diagnostic.severity, diagnostic.code) == (
        Severity.WARNING,
        "decision-unparsed-sentence",
    )
    assert diagnostic.span is not None
    assert diagnostic.span.start_line == 11  # header, Punkt, case number, Beslutning, outcome


def test_unclassified_text_is_reported_as_info() -> None:
    doc = _doc("Sagen sendes i høring hos Handicaprådet.")
    assert _decision(doc).outcomes == ()
    codes = [(d.severity, d.code) for d in doc.diagnostics if d.plugin == "decisions"]
    assert codes == [(Severity.INFO, "decision-unclassified-sentence")]


def test_continuation_and_several_outcomes_in_one_paragraph() -> None:
    decision = _decision(
        _doc(
            "Beskæftigelses- og Socialudvalget anbefaler indstillingen. Børn- og Ungeudvalget "
            "anbefaler indstillingen. Udvalget ønsker at følge sagen. Det sker i 2024."
        )
    )
    assert [(o.kind, o.committee) for o in decision.outcomes] == [
        (OutcomeKind.RECOMMENDED, "Beskæftigelses- og Socialudvalget"),
        (OutcomeKind.RECOMMENDED, "Børn- og Ungeudvalget"),
    ]
    assert decision.outcomes[1].text == (
        "Børn- og Ungeudvalget anbefaler indstillingen. Udvalget ønsker at følge sagen. "
        "Det sker i 2024."
    )


def test_absence_outside_the_decision_section() -> None:
    doc = referat.parse(
        "Punkt 1: Et punkt\n\n00.01.00-A00-1-24\n\nResume\n\nEn orientering.\n\n"
        "Udvalgsmedlem Cæcilie Crawley deltog ikke i behandlingen af dette punkt.",
        plugins=[plugin],
    )
    decision = _decision(doc)
    assert decision.outcomes == ()
    (absence,) = decision.absences
    assert (absence.person.name, absence.scope) == ("Cæcilie Crawley", AbsenceScope.ITEM)
    assert doc.source_text(decision.span) == (
        "Udvalgsmedlem Cæcilie Crawley deltog ikke i behandlingen af dette punkt."
    )


def test_item_without_decision_has_no_result() -> None:
    doc = referat.parse(
        "Punkt 1: Et punkt\n\n00.01.00-A00-1-24\n\nResume\n\nDer deltog ikke mange.",
        plugins=[plugin],
    )
    item = doc.item(1)
    assert item is not None
    assert item.get(DECISION) is None


def test_roles_and_positions_as_enums() -> None:
    (vote,) = _decision(_doc("De øvrige rådmand Brian Dybro (F) stemmer imod.")).votes
    assert (vote.position, vote.others, vote.voters[0].role) == (
        Position.AGAINST,
        True,
        Role.CHAIR,
    )


def test_json_round_trip() -> None:
    doc = _fixture("001")
    assert referat.loads(referat.dumps(doc)) == doc


def test_plugin_rejects_options() -> None:
    with pytest.raises(TypeError):
        referat.Parser().use(plugin, verbose=True)


def test_missing_addition_is_a_warning() -> None:
    doc = _doc("Beskæftigelses- og Socialudvalget godkender indstillingen med følgende tilføjelse:")
    (outcome,) = _decision(doc).outcomes
    assert (outcome.kind, outcome.object, outcome.addition) == (
        OutcomeKind.APPROVED,
        "indstillingen",
        None,
    )
    codes = [d.code for d in doc.diagnostics if d.plugin == "decisions"]
    assert codes == ["decision-addition-missing"]


def test_addition_as_a_list() -> None:
    doc = _doc(
        "Beskæftigelses- og Socialudvalget godkender indstillingen med følgende tilføjelser:\n\n"
        "- At sagen evalueres efter seks måneder.\n"
        "- At udvalget orienteres løbende.\n\n"
        "Udvalgsmedlem Reza Javid deltog ikke i mødet."
    )
    decision = _decision(doc)
    (outcome,) = decision.outcomes
    assert outcome.addition is not None
    assert "evalueres efter seks måneder" in outcome.addition
    assert "orienteres løbende" in outcome.addition
    assert outcome.addition_span is not None
    assert [a.scope for a in decision.absences] == [AbsenceScope.MEETING]
