"""Routing sentences whose remark reports a decision, passive notings and dated entries (issue 9).

Danish minutes route a case with a passive verb (``Fremsendes``, ``Oversendes``,
``Tilbagesendes``, ``Videresendes``) and, often, a remark: ``med bemærkning, at Magistraten i
mødet den 19. august 2025 anbefaler, at …``. The routing is a ``FORWARDED`` outcome; the remark
is the decision of the body it names, an outcome of its own (``embedded``) with that body and
the meeting's date. The texts are passages of real documents, shortened: the Aarhus byråd
referat of 27 August 2025 (../shared/corpus/src/aarhus-byraad-2025-08-27.pdf, items 5 and 20),
the Aarhus agenda of 8 October 2025 (…-dagsorden.html, items 3 and 15) and Region
Hovedstaden's Forretningsudvalg of 25 September 2012 (…-sbsys.xml, item 1). Expected values
come from reading them.

Also here, from the same documents: a majority of the body as the subject (``Et flertal i
udvalget kunne tiltræde …``), ``Henvist til budgetforhandlingerne.`` (forwarded), an adverb
between a modal and its verb (``kunne enstemmigt tiltræde``) and the decision in a later
``hvorefter udvalget …`` clause.
"""

from __future__ import annotations

import datetime as dt

import pytest

import referat
from referat_decisions import DECISION, plugin
from referat_decisions.extract import read_reported
from referat_decisions.models import Decision, DecisionBlock, Outcome, OutcomeKind

K = OutcomeKind

# Aarhus byråd 27-08-2025, item 5: the byråd's decision, then Magistraten's step.
AARHUS_ITEM_5 = """REFERAT Aarhus Byråd d. 27-08-2025

Mødedato Onsdag d. 27. august 2025 kl. 16:00

Punkt 5: Revisionspåtegning og endelig godkendelse af regnskab 2024

EMN-2025-008579

Beslutninger

Tilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet i sit møde den 27. august \
2025 har vedtaget Magistratens foranstående indstilling af 19. august 2025.

Sagsforløb

Udvalg: Magistraten
Dato: 19-08-2025
Punktnummer: 2
Fremsendes til Aarhus Byråd med bemærkning, at Magistraten i mødet den 19. august 2025 \
anbefaler, at byrådet tiltræder Borgmesterens Afdelings indstilling af 8. august 2025.
Jesper Kjeldsen deltog ikke i sagens behandling.
"""

# Item 20: a proposal sent on for a recommendation; the remark-less routing only routes.
AARHUS_ITEM_20 = """Punkt 20: Forslag fra SF og ALT om Østjysk Marin Naturnationalpark

EMN-2025-008912

Beslutninger

Fremsendes til Magistratsafdelingen for Teknik med henblik på udarbejdelse af en indstilling, \
jf. byrådets vedtagelse i mødet den 27. august 2025 om magistratsbehandling af forslaget.
"""

# The agenda of 8 October 2025, item 3: Magistraten was informed.
AARHUS_AGENDA_ITEM_3 = """Punkt 3: Materiale til Magistratens 1. tekniske behandling af budget 2026

EMN-2025-008308

Sagsforløb:

Udvalg: Magistraten

Dato: 16-09-2025

Punktnummer: 3

Magistraten blev orienteret om de tekniske ændringer.
"""

# Region Hovedstaden, Forretningsudvalget 25-09-2012, item 1: one dated entry per meeting, the
# entry of the day itself not written yet.
REGION_ITEM_1 = """Punkt 1: 2. behandling af forslag til styrelsesvedtægt – nedsættelse af stående udvalg

FORRETNINGSUDVALGETS BESLUTNING

18. september 2012: Sagen udsat til behandling på ekstraordinært forretningsudvalgsmøde den \
25. september, såfremt godkendelse fra Økonomi- og Indenrigsministeriet foreligger forinden.

Julie Herdal Molbech (F) deltog ikke i sagens behandling.

25. september 2012:
"""


def _decision(text: str) -> Decision:
    doc = referat.parse(text, plugins=[plugin])
    assert doc.items, doc.diagnostics
    decision = doc.items[0].get(DECISION)
    assert decision is not None
    return decision


def _kinds(block: DecisionBlock) -> list[OutcomeKind]:
    return [o.kind for o in block.outcomes]


def _source(text: str, outcome: Outcome) -> str:
    assert outcome.span is not None
    return text[outcome.span.start : outcome.span.end]


def test_a_forwarding_with_a_remark_carries_the_bodys_recommendation() -> None:
    magistraten = _decision(AARHUS_ITEM_5).blocks[1]
    assert magistraten.body == "Magistraten"
    assert _kinds(magistraten) == [K.FORWARDED, K.RECOMMENDED]
    routing, reported = magistraten.outcomes
    assert not routing.embedded
    assert routing.verb == "Fremsendes"
    assert routing.object == "til Aarhus Byråd"
    assert routing.addition is not None
    assert routing.addition.startswith("Magistraten i mødet den 19. august 2025 anbefaler")
    assert reported.embedded
    assert (reported.committee, reported.date) == ("Magistraten", dt.date(2025, 8, 19))
    assert reported.verb == "anbefaler"
    assert reported.object is not None
    assert reported.object.startswith("at byrådet tiltræder Borgmesterens Afdelings indstilling")
    assert _source(AARHUS_ITEM_5, reported).startswith("Magistraten i mødet den 19. august")


def test_a_case_sent_back_carries_the_councils_approval() -> None:
    byraad = _decision(AARHUS_ITEM_5).blocks[0]
    assert byraad.heading == "Beslutninger"
    assert _kinds(byraad) == [K.FORWARDED, K.APPROVED]
    routing, reported = byraad.outcomes
    assert routing.verb == "Tilbagesendes"
    assert routing.object == "Borgmesterens Afdeling"
    assert reported.embedded
    assert (reported.committee, reported.date) == ("byrådet", dt.date(2025, 8, 27))
    assert reported.verb == "har vedtaget"
    assert reported.object == "Magistratens foranstående indstilling af 19. august 2025"


def test_a_routing_without_a_remark_stays_forwarded() -> None:
    (block,) = _decision(AARHUS_ITEM_20).blocks
    assert _kinds(block) == [K.FORWARDED]
    assert block.outcomes[0].addition is None
    assert not block.outcomes[0].embedded


@pytest.mark.parametrize(
    ("sentence", "kinds", "committee"),
    [
        # the remark names no body: the routing's addition, no decision of its own
        (
            "Oversendes til Byrådet med bemærkning, at sagen genoptages i foråret.",
            [K.FORWARDED],
            None,
        ),
        # a body and a decision the plugin does not know: the routing only
        (
            "Fremsendes til Byrådet med bemærkning, at Magistraten ønsker en ny høring.",
            [K.FORWARDED],
            None,
        ),
        # a remark with "bemærkningen" and no meeting
        (
            "Videresendes til Kommunalbestyrelsen med bemærkningen, at Økonomiudvalget godkender "
            "indstillingen.",
            [K.FORWARDED, K.APPROVED],
            "Økonomiudvalget",
        ),
        # a committee sentence that routes, with a remark
        (
            "Økonomiudvalget oversender sagen til Byrådet med bemærkning, at Teknik- og "
            "Miljøudvalget den 3. maj 2021 anbefalede indstillingen.",
            [K.FORWARDED, K.RECOMMENDED],
            "Teknik- og Miljøudvalget",
        ),
    ],
)
def test_routing_remarks(sentence: str, kinds: list[OutcomeKind], committee: str | None) -> None:
    text = f"Punkt 1: Sag\n\nBeslutning\n\n{sentence}\n"
    (block,) = _decision(text).blocks
    assert _kinds(block) == kinds
    assert block.outcomes[0].addition is not None
    reported = [o for o in block.outcomes if o.embedded]
    assert [o.committee for o in reported] == ([committee] if committee else [])


@pytest.mark.parametrize(
    ("remark", "expected"),
    [
        (
            "Magistraten i mødet den 19. august 2025 anbefaler, at",
            ("Magistraten", dt.date(2025, 8, 19), "anbefaler"),
        ),
        (
            "byrådet i sit møde den 27. august 2025 har vedtaget",
            ("byrådet", dt.date(2025, 8, 27), "har vedtaget"),
        ),
        (
            "Aarhus Byråd den 09-04-2025 godkendte",
            ("Aarhus Byråd", dt.date(2025, 4, 9), "godkendte"),
        ),
        (
            "Økonomi- og Erhvervsudvalget anbefaler",
            ("Økonomi- og Erhvervsudvalget", None, "anbefaler"),
        ),
        ("sagen genoptages", None),
        ("Magistratens indstilling følges", None),
        ("Borgmesterens Afdeling udarbejder en ny indstilling", None),
    ],
)
def test_the_body_and_meeting_a_remark_opens_with(
    remark: str, expected: tuple[str, dt.date | None, str] | None
) -> None:
    got = read_reported(remark)
    if expected is None:
        assert got is None
        return
    assert got is not None
    body, date, start = got
    assert (body, date, remark[start:].split(",", maxsplit=1)[0]) == expected


def test_a_body_informed_has_noted() -> None:
    (block,) = _decision(AARHUS_AGENDA_ITEM_3).blocks
    assert (block.body, block.date) == ("Magistraten", dt.date(2025, 9, 16))
    assert _kinds(block) == [K.NOTED]
    assert block.outcomes[0].verb == "blev orienteret"
    assert block.outcomes[0].object == "om de tekniske ændringer"


def test_dated_entries_of_a_bodys_decision_are_blocks() -> None:
    decision = _decision(REGION_ITEM_1)
    assert [(b.body, b.date, b.date_inferred) for b in decision.blocks] == [
        ("Forretningsudvalget", dt.date(2012, 9, 18), False),
        ("Forretningsudvalget", dt.date(2012, 9, 25), False),
    ]
    first, today = decision.blocks
    assert _kinds(first) == [K.POSTPONED]
    assert first.outcomes[0].text is not None
    assert first.outcomes[0].text.startswith("Sagen udsat til behandling")
    assert [a.person.name for a in first.absences] == ["Julie Herdal Molbech"]
    assert today.heading == "25. september 2012:"
    assert not today.outcomes and not today.absences


def test_a_date_in_a_decision_sentence_opens_no_entry() -> None:
    text = (
        "Punkt 1: Sag\n\nBeslutning\n\n18. september 2012 blev sagen udsat.\n\n"
        "Den 3. maj 2021: se bilag.\n"
    )
    (block,) = _decision(text).blocks
    assert block.heading == "Beslutning"


# Aarhus byråd 27-08-2025, items 20 and 21 (page 28 of the PDF, as its text reads): the closed
# item 21 has no "Beslutninger" heading, its decision follows the case number.
AARHUS_ITEMS_20_21 = """REFERAT Aarhus Byråd d. 27-08-2025

Mødedato Onsdag d. 27. august 2025 kl. 16:00

Punkt 20: Forslag fra SF og ALT om Østjysk Marin Naturnationalpark

EMN-2025-008912

Beslutninger

Fremsendes til Magistratsafdelingen for Teknik med henblik på udarbejdelse af en indstilling.

Punkt 21: Lukket: Køb af landbrugsejendom

EMN-2025-007940
Tilbagesendes Magistratsafdelingen for Teknik og Miljø med bemærkning, at byrådet i sit møde \
den 27. august 2025 har vedtaget Magistratens foranstående indstilling af 19. august 2025.
"""


def test_an_unheaded_decision_in_the_preamble_is_read() -> None:
    doc = referat.parse(AARHUS_ITEMS_20_21, plugins=[plugin])
    item = doc.items[-1]
    assert (item.number, item.title) == (21, "Køb af landbrugsejendom")
    assert not item.sections
    decision = item.get(DECISION)
    assert decision is not None
    (block,) = decision.blocks
    assert (block.body, block.date, block.heading) == ("Aarhus Byråd", dt.date(2025, 8, 27), None)
    assert block.body_inferred and block.date_inferred
    assert _kinds(block) == [K.FORWARDED, K.APPROVED]
    assert (block.outcomes[1].committee, block.outcomes[1].date) == (
        "byrådet",
        dt.date(2025, 8, 27),
    )
    assert AARHUS_ITEMS_20_21[decision.span.start :].startswith("Tilbagesendes Magistrats")


@pytest.mark.parametrize(
    "preamble",
    [
        # a routing that reports no decision
        "Fremsendes til Magistratsafdelingen for Teknik med henblik på udarbejdelse af en "
        "indstilling.",
        # a remark without a body
        "Oversendes til Byrådet med bemærkning, at sagen genoptages.",
        # a decision sentence, but not in the routing form
        "Byrådet har vedtaget Magistratens indstilling af 19. august 2025.",
        # the routing form inside a sentence, not opening it
        "Sagen blev i 2024 oversendt. Fremsendes til Byrådet med bemærkning, at Magistraten "
        "anbefaler indstillingen.",
    ],
)
def test_other_preamble_text_is_no_decision(preamble: str) -> None:
    text = f"Punkt 1: Sag\n\nEMN-2025-000001\n{preamble}\n\nSagsfremstilling\n\nTekst.\n"
    doc = referat.parse(text, plugins=[plugin])
    assert doc.items[0].get(DECISION) is None


def test_the_preamble_is_not_read_when_the_item_has_a_decision_section() -> None:
    text = (
        "Punkt 1: Sag\n\nTilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet har "
        "vedtaget indstillingen.\n\nBeslutning\n\nGodkendt.\n"
    )
    decision = _decision(text)
    assert [_kinds(b) for b in decision.blocks] == [[K.APPROVED]]


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        # aarhus-byraad-2025-10-08-dagsorden.html, item 22 (Teknisk Udvalg, 1 October 2025)
        (
            "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med "
            "Magistratens anbefaling.",
            [K.APPROVED],
        ),
        ("Et enigt udvalg anbefaler indstillingen.", [K.RECOMMENDED]),
        ("Et flertal kunne ikke tiltræde indstillingen.", [K.REJECTED]),
        # a majority, but of nothing decided here: no outcome
        ("Et flertal bag budgetforliget indgik aftalen i 2019.", []),
        # item 5 (Magistraten, 2 September 2025)
        ("Henvist til budgetforhandlingerne.", [K.FORWARDED]),
        ("Sagen blev henvist til Økonomiudvalget.", [K.FORWARDED]),
        # item 17 (Kulturudvalget, 1 October 2025)
        (
            "Udvalget kunne enstemmigt tiltræde indstillingen i overensstemmelse med "
            "Magistratens anbefaling.",
            [K.APPROVED],
        ),
        # not unanimous is no rejection
        ("Udvalget kunne ikke enstemmigt tiltræde indstillingen.", [K.OTHER]),
        # item 22 (Teknisk Udvalg, 22 September 2025)
        (
            "Udvalget stillede spørgsmål til dem, der havde foretræde, og til udviklertemaet, "
            "hvorefter udvalget besluttede at udsætte sagens behandling med henblik på "
            "gennemgang af økonomien.",
            [K.POSTPONED],
        ),
    ],
)
def test_committee_sentences_of_the_aarhus_chains(sentence: str, kinds: list[OutcomeKind]) -> None:
    text = f"Punkt 1: Sag\n\nBeslutning\n\n{sentence}\n"
    (block,) = _decision(text).blocks
    assert _kinds(block) == kinds


def test_the_decision_of_a_later_clause_keeps_its_verb_and_object() -> None:
    text = (
        "Punkt 1: Sag\n\nBeslutning\n\nUdvalget stillede spørgsmål, hvorefter udvalget "
        "besluttede at udsætte sagens behandling.\n"
    )
    (outcome,) = _decision(text).blocks[0].outcomes
    assert (outcome.verb, outcome.object) == ("besluttede at udsætte", "sagens behandling")
