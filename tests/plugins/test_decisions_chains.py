"""Decision chains (issue 9): the steps of a ``Sagsforløb`` and headings that name the body.

The texts are passages of real documents, shortened: the Aarhus byråd referat of 27 August
2025 (../shared/corpus/src/aarhus-byraad-2025-08-27.pdf, items 4 and 6, as its PDF text reads),
the Aarhus agenda of 8 October 2025 (…-dagsorden.html, item 4: each label a line of its own)
and København's Økonomiudvalg of 31 March 2020 (../shared/corpus/train/koebenhavn-
oekonomiudvalget-2020-03-31-edoc-punkt-1.txt). Expected values come from reading them.
"""

from __future__ import annotations

import datetime as dt

import pytest

import referat
from referat_decisions import DECISION, plugin
from referat_decisions.extract import _dated_heading, _step_labels
from referat_decisions.models import Decision, OutcomeKind

# Aarhus byråd 27-08-2025, item 4 (page 8-9 of the PDF), the Beslutninger and Sagsforløb parts.
AARHUS_ITEM_4 = """REFERAT Aarhus Byråd d. 27-08-2025

Mødedato Onsdag d. 27. august 2025 kl. 16:00

Punkt 4: Svar på forslag fra V om at farten skal ned på Grenåvej i Løgten & Skødstrup

EMN-2025-004084

Beslutninger

Tilbagesendes Magistratsafdelingen for Teknik og Miljø med bemærkning, at byrådet i sit møde \
den 27. august 2025 har vedtaget Magistratens foranstående indstilling af 19. august 2025.

Sagsforløb

Udvalg: Aarhus Byråd
Dato: 09-04-2025
Punktnummer: 18

Fremsendes til Magistratsafdelingen for Teknik og Miljø med henblik på udarbejdelse af en \
indstilling, jf. byrådets vedtagelse i mødet den 9. april 2025 om magistratsbehandling af \
forslaget.
Sagen bedes tilbagesendt byrådet via Magistraten.
Udvalg: Magistraten
Dato: 19-08-2025
Punktnummer: 6
Fremsendes til Aarhus Byråd med bemærkning, at Magistraten i mødet den 19. august 2025 \
anbefaler, at byrådet tiltræder Magistratsafdelingen for Teknik og Miljøs indstilling af 11. \
juli 2025.
Venstre tog forbehold.
Jesper Kjeldsen deltog ikke i sagens behandling.

Bilag

Bilag 1: Beslutningsforslag
"""

# Item 6: the PDF text glues the last step's "Udvalg:" line to the sentence before it.
AARHUS_ITEM_6 = """Punkt 6: Svar på forslag fra RV om politik og handlingsplan mod diskrimination i Aarhus

EMN-2025-000475

Sagsforløb

Udvalg: Aarhus Byråd
Dato: 25-06-2025
Punktnummer: 4
Fremsendes til Økonomi- og Erhvervsudvalget til behandling i henhold til beslutning i \
byrådets møde den 25. juni 2025. Udvalg: Økonomi- og Erhvervsudvalget
Dato: 20-08-2025
Punktnummer: 4
Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med Magistratens \
anbefaling.
"""

# The agenda of 8 October 2025, item 4: the labels stand on lines of their own, the text after.
AARHUS_AGENDA_ITEM_4 = """Punkt 4: Materiale til Magistratens 2. tekniske behandling af budget 2026

EMN-2025-008308

Sagsforløb:

Udvalg: Magistraten

Dato: 30-09-2025

Punktnummer: 4

Magistraten kunne tiltræde indstillingen med en række tekniske ændringer til \
budgetforslaget, samt valg af selvbudgettering for 2026.

Radikale Venstre tog forbehold for budgetsagerne.
"""

# København, Økonomiudvalget 31-03-2020, item 1: the body's dated heading inside "Beslutning".
KOEBENHAVN = """1. Godkendelse af dagsorden

Sagsfremstilling

.....

Beslutning

Økonomiudvalgets beslutning i mødet den 31. marts 2020

Dagsordenen blev godkendt.
"""


def _decision(text: str) -> Decision:
    doc = referat.parse(text, plugins=[plugin])
    assert doc.items, doc.diagnostics
    decision = doc.items[0].get(DECISION)
    assert decision is not None
    return decision


def test_the_steps_of_a_sagsforloeb_are_blocks_with_body_and_date() -> None:
    decision = _decision(AARHUS_ITEM_4)
    steps = decision.blocks[1:]
    assert [(b.body, b.date) for b in steps] == [
        ("Aarhus Byråd", dt.date(2025, 4, 9)),
        ("Magistraten", dt.date(2025, 8, 19)),
    ]
    assert [b.heading for b in steps] == [
        "Udvalg: Aarhus Byråd\nDato: 09-04-2025\nPunktnummer: 18",
        "Udvalg: Magistraten\nDato: 19-08-2025\nPunktnummer: 6",
    ]
    assert not any(b.body_inferred or b.date_inferred for b in steps)
    # "Fremsendes til Magistratsafdelingen …": the byråd sent the case on
    assert [o.kind for o in steps[0].outcomes] == [OutcomeKind.FORWARDED]
    # the absence is Magistraten's, stated in its step
    assert [a.person.name for a in steps[1].absences] == ["Jesper Kjeldsen"]
    assert not steps[0].absences


def test_the_meetings_decision_before_the_steps_is_the_meetings() -> None:
    first = _decision(AARHUS_ITEM_4).blocks[0]
    assert first.heading == "Beslutninger"
    assert (first.body, first.date) == ("Aarhus Byråd", dt.date(2025, 8, 27))
    assert first.body_inferred and first.date_inferred


def test_a_step_text_starts_after_its_labels() -> None:
    decision = _decision(AARHUS_ITEM_4)
    magistraten = decision.blocks[2]
    outcome = magistraten.outcomes[0]
    assert outcome.span is not None
    assert AARHUS_ITEM_4[outcome.span.start :].startswith("Fremsendes til Aarhus Byråd")


def test_a_body_label_glued_to_the_sentence_before_still_opens_its_step() -> None:
    decision = _decision(AARHUS_ITEM_6)
    assert [(b.body, b.date) for b in decision.blocks] == [
        ("Aarhus Byråd", dt.date(2025, 6, 25)),
        ("Økonomi- og Erhvervsudvalget", dt.date(2025, 8, 20)),
    ]
    assert decision.blocks[1].heading == (
        "Udvalg: Økonomi- og Erhvervsudvalget\nDato: 20-08-2025\nPunktnummer: 4"
    )


def test_labels_on_lines_of_their_own_make_one_step() -> None:
    decision = _decision(AARHUS_AGENDA_ITEM_4)
    assert [(b.body, b.date) for b in decision.blocks] == [("Magistraten", dt.date(2025, 9, 30))]
    block = decision.blocks[0]
    assert [o.kind for o in block.outcomes] == [OutcomeKind.APPROVED]  # kunne tiltræde
    assert [p.stance.name for p in block.positions] == ["RESERVATION"]


def test_a_dated_heading_naming_the_body_opens_a_block() -> None:
    decision = _decision(KOEBENHAVN)
    block = decision.blocks[-1]
    assert (block.body, block.date) == ("Økonomiudvalget", dt.date(2020, 3, 31))
    assert block.heading == "Økonomiudvalgets beslutning i mødet den 31. marts 2020"
    assert not block.body_inferred and not block.date_inferred
    assert [o.kind for o in block.outcomes] == [OutcomeKind.APPROVED]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Økonomiudvalgets beslutning i mødet den 31. marts 2020",
            ("Økonomiudvalget", 2020, 3, 31),
        ),
        ("Byrådets beslutning den 26.11.2014:", ("Byrådet", 2014, 11, 26)),
        ("Beslutning i Byrådet den 01-10-2018", ("Byrådet", 2018, 10, 1)),
        ("Beslutning i Magistraten den 2. september 2025", ("Magistraten", 2025, 9, 2)),
        ("Sagens beslutning den 3. maj 2020", None),  # "Sagen" is no body
        ("Økonomiudvalgets beslutning i mødet", None),  # no date
        ("Økonomiudvalgets beslutning i mødet den 31. marts", None),  # no year
    ],
)
def test_dated_headings(text: str, expected: tuple[str, int, int, int] | None) -> None:
    found = _dated_heading(text)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        body, date, _ = found
        assert (body, date) == (expected[0], dt.date(*expected[1:]))


@pytest.mark.parametrize(
    "text",
    [
        "Udvalg: Der blev drøftet en ny model for udvalgets arbejde.",  # a sentence, not a body
        "Dato: ikke fastsat",  # no date
        "Punktnummer: fire",  # no number
        "Udvalget godkender indstillingen.",  # no label
    ],
)
def test_what_is_no_step(text: str) -> None:
    from referat.models import Paragraph, Span

    span = Span(1, 1, 1, len(text) + 1, 0, len(text))
    assert _step_labels(Paragraph(text, span)) is None
