"""Decision blocks along the chain, and the new forms in context.

The items are built by hand (a Section carries the body and date its heading names, as the
lexer fills them), from passages of the training excerpts (../shared/corpus/train, file and
line given). Expected values come from reading those passages.
"""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given
from hypothesis import strategies as st

from referat.lines import LineIndex
from referat.models import (
    AgendaItem,
    AttendanceStatus,
    Heading,
    ListBlock,
    ListItem,
    Meeting,
    Paragraph,
    Referat,
    Section,
    SectionKind,
    Severity,
    SourceInfo,
    TextPiece,
)
from referat.runner import Context
from referat_decisions.extract import extract_decision
from referat_decisions.models import (
    AbsenceScope,
    Decision,
    OutcomeKind,
    Position,
    Stance,
)
from referat_decisions.summary import summarize

Part = str | tuple[str, str]  # a paragraph, or ("heading" | "list", text)
Chain = list[tuple[str, str | None, dt.date | None, list[Part]]]


def build(
    chain: Chain,
    *,
    number: int | None = 1,
    committee: str | None = None,
    date: dt.date | None = None,
    other: list[tuple[SectionKind, str, list[Part]]] | None = None,
    after: list[tuple[SectionKind, str, list[Part]]] | None = None,
) -> tuple[Decision | None, Context, str]:
    """An item whose sections are ``other``, the decision ``chain`` (heading, body, date,
    blocks), then ``after``, in a document whose meeting has ``committee`` and ``date``."""
    text = "Punkt 1: X\n"
    index_parts: list[
        tuple[SectionKind, str, str | None, dt.date | None, list[tuple[Part, int, int]]]
    ] = []
    plan = [(kind, heading, None, None, parts) for kind, heading, parts in other or []]
    plan += [(SectionKind.DECISION, h, b, d, parts) for h, b, d, parts in chain]
    plan += [(kind, heading, None, None, parts) for kind, heading, parts in after or []]
    for kind, heading, body, day, parts in plan:
        text += "\n"
        heading_at = len(text)
        text += heading
        placed = []
        for part in parts:
            raw = part if isinstance(part, str) else part[1]
            text += "\n\n"
            placed.append((part, len(text), len(text) + len(raw)))
            text += raw
        index_parts.append((kind, heading, body, day, [(heading_at, 0, 0), *placed]))  # type: ignore[list-item]
    index = LineIndex(text)
    sections = []
    for kind, heading, body, day, placed in index_parts:
        (heading_at, _, _), *rest = placed
        head = Heading(heading, index.span(heading_at, heading_at + len(heading)))
        blocks = []
        end = heading_at + len(heading)
        for part, start, stop in rest:
            span = index.span(start, stop)
            piece = (TextPiece(0, start, stop),)
            end = stop
            if isinstance(part, str):
                blocks.append(Paragraph(part, span, piece))
            elif part[0] == "heading":
                blocks.append(Heading(part[1], span))
            else:
                blocks.append(ListBlock((ListItem(part[1], span, "1.", piece),), span))
        sections.append(
            Section(kind, head, tuple(blocks), index.span(heading_at, end), body=body, date=day)
        )
    item = AgendaItem(
        number, "X", Heading("Punkt 1: X", index.span(0, 10)), index.span(0, len(text)),
        sections=tuple(sections),
    )  # fmt: skip
    meeting = Meeting((), index.span(0, 0), committee=committee, date=date)
    doc = Referat(text, SourceInfo(None, "", len(text)), "plain", items=(item,), meeting=meeting)
    ctx = Context(doc, index)
    return extract_decision(item, ctx), ctx, text


def decided(chain: Chain, **kw: object) -> Decision:
    decision, _, _ = build(chain, **kw)  # type: ignore[arg-type]
    assert decision is not None
    return decision


def source(ctx: Context, span: object) -> str:
    return ctx.source_text(span)  # type: ignore[arg-type]


# -- the chain ---------------------------------------------------------------------------------


def test_three_blocks_along_the_chain() -> None:  # syddjurs-byraadet-2018-06-20:57-67
    decision = decided(
        [
            ("Beslutning i Direktionsmøde den 12-06-2018", "Direktionsmøde", dt.date(2018, 6, 12),
             ["Indstilles til Økonomiudvalgets og Byrådets godkendelse."]),
            ("Beslutning i Økonomiudvalget (ØK) den 13-06-2018", "Økonomiudvalget (ØK)",
             dt.date(2018, 6, 13), ["Indstilles til Byrådets godkendelse."]),
            ("Beslutning i Byrådet den 20-06-2018", "Byrådet", dt.date(2018, 6, 20), ["Godkendt."]),
        ],
        committee="Byrådet",
        date=dt.date(2018, 6, 20),
    )  # fmt: skip
    blocks = decision.blocks
    assert [(b.body, b.date) for b in blocks] == [
        ("Direktionsmøde", dt.date(2018, 6, 12)),
        ("Økonomiudvalget (ØK)", dt.date(2018, 6, 13)),
        ("Byrådet", dt.date(2018, 6, 20)),
    ]
    assert [[o.kind for o in b.outcomes] for b in blocks] == [
        [OutcomeKind.RECOMMENDED],
        [OutcomeKind.RECOMMENDED],
        [OutcomeKind.APPROVED],
    ]
    # A result without a committee belongs to the body of its block.
    assert [b.outcomes[0].committee for b in blocks] == [
        "Direktionsmøde",
        "Økonomiudvalget (ØK)",
        "Byrådet",
    ]
    assert blocks[0].outcomes[0].object == "til Økonomiudvalgets og Byrådets godkendelse"
    assert not any(b.body_inferred or b.date_inferred for b in blocks)
    assert blocks[0].heading == "Beslutning i Direktionsmøde den 12-06-2018"
    # The aggregate keeps working: every outcome, in order.
    assert [o.kind for o in decision.outcomes] == [
        OutcomeKind.RECOMMENDED,
        OutcomeKind.RECOMMENDED,
        OutcomeKind.APPROVED,
    ]


def test_last_block_takes_the_meeting_body_and_date() -> None:  # aalborg-2023-05-15:18-22
    decision = decided(
        [("Beslutning", None, None, ["Godkendt.", "Jane Østergaard og Vibeke Gamst var fraværende."])],
        committee="Byrådet",
        date=dt.date(2023, 5, 15),
    )  # fmt: skip
    (block,) = decision.blocks
    assert (block.body, block.date, block.body_inferred, block.date_inferred) == (
        "Byrådet",
        dt.date(2023, 5, 15),
        True,
        True,
    )
    assert [o.kind for o in block.outcomes] == [OutcomeKind.APPROVED]
    assert [(a.person.name, a.scope) for a in decision.absences] == [
        ("Jane Østergaard", AbsenceScope.ITEM),
        ("Vibeke Gamst", AbsenceScope.ITEM),
    ]


def test_body_and_date_lines_inside_one_section() -> None:  # naestved-byraadet-2016-11-22:11-13
    decision, ctx, _ = build(
        [
            ("Beslutning", None, None, [
                "Plan- og Ejendomsudvalget, 24.10.2016 Anbefales",
                "Økonomiudvalget, 31.10.2016 Jette Leth Buhl var fraværende. Anbefales.",
                "Byrådet, 22.11.2016 Githa Nelander var fraværende. Godkendt.",
            ])
        ],
        number=172,
    )  # fmt: skip
    assert decision is not None
    assert [(b.body, b.date) for b in decision.blocks] == [
        ("Plan- og Ejendomsudvalget", dt.date(2016, 10, 24)),
        ("Økonomiudvalget", dt.date(2016, 10, 31)),
        ("Byrådet", dt.date(2016, 11, 22)),
    ]
    assert [[o.kind for o in b.outcomes] for b in decision.blocks] == [
        [OutcomeKind.RECOMMENDED],
        [OutcomeKind.RECOMMENDED],
        [OutcomeKind.APPROVED],
    ]
    assert [[a.person.name for a in b.absences] for b in decision.blocks] == [
        [],
        ["Jette Leth Buhl"],
        ["Githa Nelander"],
    ]
    absent = decision.blocks[1].absences[0]
    assert source(ctx, absent.person.span) == "Jette Leth Buhl"


def test_body_heading_line_then_the_decision() -> None:  # naestved-kultur-2018-09-03:36-40
    decision = decided(
        [("Beslutning", None, None, [("heading", "Kultur- og Demokratiudvalget, 03.09.2018"), "Godkendt."])]
    )  # fmt: skip
    (block,) = decision.blocks
    assert (block.body, block.date) == ("Kultur- og Demokratiudvalget", dt.date(2018, 9, 3))
    assert [(o.kind, o.committee) for o in block.outcomes] == [
        (OutcomeKind.APPROVED, "Kultur- og Demokratiudvalget")
    ]


# -- attendance in a decision ------------------------------------------------------------------


def test_absences_and_a_substitute_in_the_decision() -> None:  # svendborg-2023-09-12:8-11
    decision = decided(
        [("Beslutning i Økonomiudvalget den 12-09-2023", "Økonomiudvalget", dt.date(2023, 9, 12), [
            "Afbud fra Jørgen Lundsgaard (B). Som suppleant er indkaldt Hanne Ringgaard Møller (B).",
            "Der var afbud fra Dorthe Ullemose (O).",
            "Dagsorden godkendt., i det man behandlede punkterne 2 og 3 til sidst.",
        ])]
    )  # fmt: skip
    (block,) = decision.blocks
    assert [(a.name, a.status, a.party, a.substitute_for) for a in block.attendance] == [
        ("Jørgen Lundsgaard", AttendanceStatus.ABSENT, "B", None),
        ("Hanne Ringgaard Møller", AttendanceStatus.SUBSTITUTE, "B", "Jørgen Lundsgaard"),
        ("Dorthe Ullemose", AttendanceStatus.ABSENT, "O", None),
    ]
    assert [(a.person.name, a.person.party) for a in decision.absences] == [
        ("Jørgen Lundsgaard", "B"),
        ("Dorthe Ullemose", "O"),
    ]
    (outcome,) = block.outcomes
    assert (outcome.kind, outcome.object, outcome.committee) == (
        OutcomeKind.APPROVED,
        "Dagsorden",
        "Økonomiudvalget",
    )


def test_label_paragraph_then_a_list() -> None:  # glostrup-2018-01-17:50-57
    decision = decided(
        [("Beslutning i Kommunalbestyrelsen den 17-01-2018", "Kommunalbestyrelsen",
          dt.date(2018, 1, 17), ["Dagsordenen blev herefter godkendt.", "Afbud:",
                                 ("list", "Robert Sørensen, Ø")])]
    )  # fmt: skip
    (block,) = decision.blocks
    assert [o.kind for o in block.outcomes] == [OutcomeKind.APPROVED]
    assert [(a.name, a.status, a.party) for a in block.attendance] == [
        ("Robert Sørensen", AttendanceStatus.ABSENT, "Ø")
    ]


def test_absence_limited_to_other_items_is_not_this_items() -> None:  # koege-klima:30-38
    decision = decided(
        [("Beslutning", None, None, [
            "Godkendt.", "Sag 3 udgår.", "Torben Haack (F) deltog ikke under punkterne 12-15.",
        ])],
        number=1,
    )  # fmt: skip
    (block,) = decision.blocks
    assert [o.kind for o in block.outcomes] == [OutcomeKind.APPROVED]  # "Sag 3 udgår." is not
    assert [(a.name, a.items) for a in block.attendance] == [("Torben Haack", (12, 13, 14, 15))]
    assert decision.absences == ()
    on_item_13 = decided(
        [("Beslutning", None, None, ["Torben Haack (F) deltog ikke under punkterne 12-15."])],
        number=13,
    )
    assert [a.person.name for a in on_item_13.absences] == ["Torben Haack"]


def test_deltog_ikke_paa_moedet_is_a_meeting_absence() -> None:  # hedensted-landdistrikt:16-19
    decision = decided(
        [("Beslutning", None, None, [
            "Godkendt Peter Andersen, Gert winther og Linda Peitersen deltog ikke på mødet. "
            "Kenneth Dahl og Morten Juhl deltog som suppleanter."
        ])]
    )  # fmt: skip
    assert [o.kind for o in decision.outcomes] == [OutcomeKind.APPROVED]
    assert [(a.person.name, a.scope) for a in decision.absences] == [
        ("Peter Andersen", AbsenceScope.MEETING),
        ("Gert winther", AbsenceScope.MEETING),
        ("Linda Peitersen", AbsenceScope.MEETING),
    ]
    substitutes = [a.name for a in decision.attendance if a.status is AttendanceStatus.SUBSTITUTE]
    assert substitutes == ["Kenneth Dahl", "Morten Juhl"]


def test_attendance_section_of_the_item() -> None:  # koege-byraad-2022-05-31:77-81
    decision, _, _ = build(
        [("Beslutning", None, None, ["Intet."])],
        other=[(SectionKind.ATTENDANCE, "Fraværende", ["Claus René Olesen (C)", "Martin Knudsen (D)"])],
        number=93,
    )  # fmt: skip
    assert decision is not None
    assert [(a.person.name, a.person.party) for a in decision.absences] == [
        ("Claus René Olesen", "C"),
        ("Martin Knudsen", "D"),
    ]


def test_attendance_section_after_the_decision_belongs_to_it() -> None:  # koege-byraad:77-81
    decision = decided(
        [("Beslutning", None, None, ["Intet."])],
        after=[(SectionKind.ATTENDANCE, "Fraværende", ["Claus René Olesen (C) Martin Knudsen (D)"])],
        number=93,
    )  # fmt: skip
    (block,) = decision.blocks
    assert [(a.name, a.party, a.status) for a in block.attendance] == [
        ("Claus René Olesen", "C", AttendanceStatus.ABSENT),
        ("Martin Knudsen", "D", AttendanceStatus.ABSENT),
    ]
    assert [a.person.name for a in decision.absences] == ["Claus René Olesen", "Martin Knudsen"]


def test_decision_text_under_an_empty_attendance_label() -> None:  # slagelse:20-22
    decision = decided(
        [("Beslutning i Økonomiudvalget den 1. oktober 2018:", "Økonomiudvalget",
          dt.date(2018, 10, 1), [])],
        after=[(SectionKind.ATTENDANCE, "Fraværende:", ["Godkendt."])],
    )  # fmt: skip
    (block,) = decision.blocks
    assert [(o.kind, o.committee) for o in block.outcomes] == [
        (OutcomeKind.APPROVED, "Økonomiudvalget")
    ]
    assert block.attendance == ()


def test_empty_label_then_the_decision_in_one_paragraph() -> None:  # slagelse:21-22, joined
    decision = decided(
        [("Beslutning i Økonomiudvalget den 1. oktober 2018:", "Økonomiudvalget",
          dt.date(2018, 10, 1), ["Fraværende: Godkendt."])]
    )  # fmt: skip
    assert [o.kind for o in decision.outcomes] == [OutcomeKind.APPROVED]
    assert decision.absences == ()


def test_no_sentence_is_dropped_silently() -> None:  # koege-byraad-2022-05-31:77-78
    _, ctx, _ = build([("Beslutning", None, None, ["Intet."])])
    notes = [d for d in ctx._diagnostics if d.code == "decision-unclassified-sentence"]
    assert [d.severity for d in notes] == [Severity.INFO]
    assert "Intet." in notes[0].message


# -- votes, positions, remarks in context --------------------------------------------------------


def test_party_votes_and_the_outcome() -> None:  # the brief's forms
    decision = decided(
        [("Beslutning", None, None, [
            "For stemte: A, B, F og Ø", "Imod stemte: V", "Undlod at stemme: O", "Godkendt.",
        ])],
        committee="Byrådet",
    )  # fmt: skip
    assert [(v.position, v.parties, v.voters) for v in decision.votes] == [
        (Position.FOR, ("A", "B", "F", "Ø"), ()),
        (Position.AGAINST, ("V",), ()),
        (Position.ABSTAIN, ("O",), ()),
    ]
    assert [o.kind for o in decision.outcomes] == [OutcomeKind.APPROVED]
    assert summarize(decision) == ("APPROVED (Byrådet); votes: FOR A/B/F/Ø, AGAINST V, ABSTAIN O")


def test_counted_votes() -> None:  # the brief's form
    decision = decided(
        [("Beslutning", None, None, ["Forslaget blev vedtaget med 34 stemmer imod 15. 1 undlod."])],
        committee="Byrådet",
    )  # fmt: skip
    assert [(v.position, v.count) for v in decision.votes] == [
        (Position.FOR, 34),
        (Position.AGAINST, 15),
        (Position.ABSTAIN, 1),
    ]
    (outcome,) = decision.outcomes
    assert (outcome.kind, outcome.object, outcome.committee) == (
        OutcomeKind.APPROVED,
        "Forslaget",
        "Byrådet",
    )
    assert summarize(decision) == "APPROVED (Byrådet); votes: FOR 34, AGAINST 15, ABSTAIN 1"


def test_positions_and_a_committee_that_could_agree() -> None:  # aarhus-byraad-2025-10-08 (src)
    decision = decided(
        [("Beslutning i Magistraten den 30-09-2025", "Magistraten", dt.date(2025, 9, 30), [
            "Magistraten kunne tiltræde indstillingen med en række tekniske ændringer til "
            "budgetforslaget. Radikale Venstre tog forbehold for budgetsagerne. Liberal Alliance "
            "kunne ikke tiltræde indstillingens beslutningspunkt 1."
        ])]
    )  # fmt: skip
    (outcome,) = decision.outcomes
    assert (outcome.kind, outcome.committee, outcome.verb) == (
        OutcomeKind.APPROVED,
        "Magistraten",
        "kunne tiltræde",
    )
    assert [(p.stance, [x.name for x in p.people], p.text) for p in decision.positions] == [
        (Stance.RESERVATION, ["Radikale Venstre"], "for budgetsagerne"),
        (Stance.OPPOSES, ["Liberal Alliance"], "indstillingens beslutningspunkt 1"),
    ]
    assert summarize(decision) == (
        "APPROVED (Magistraten); reservation: Radikale Venstre; opposes: Liberal Alliance"
    )


def test_protocol_remarks() -> None:  # the brief's forms
    decision = decided(
        [("Beslutning", None, None, [
            "Godkendt. Ø ønsker sin stemme ført til protokol. A bemærker, at sagen burde have "
            "været sendt i høring. Det er beklageligt."
        ])]
    )  # fmt: skip
    assert [(r.parties, r.text) for r in decision.remarks] == [
        (("Ø",), None),
        (("A",), "sagen burde have været sendt i høring. Det er beklageligt"),
    ]


def test_member_informed_is_noted() -> None:  # slagelse-oekonomiudvalget-2018-10-01:51-53
    decision = decided(
        [("Beslutning i Økonomiudvalget den 1. oktober 2018:", "Økonomiudvalget",
          dt.date(2018, 10, 1), ["Ole Kristensen orienterede om henvendelse fra Vestermose Skole "
                                 "og garantistillelse."])]
    )  # fmt: skip
    (outcome,) = decision.outcomes
    assert (outcome.kind, outcome.committee, outcome.object) == (
        OutcomeKind.NOTED,
        "Økonomiudvalget",
        "om henvendelse fra Vestermose Skole og garantistillelse",
    )


def test_per_clause_outcomes() -> None:  # the brief's forms
    decision = decided([("Beslutning", None, None, ["At 1: Godkendt.", "Ad 2) udsat."])])
    assert [(o.clause, o.kind) for o in decision.outcomes] == [
        ("1", OutcomeKind.APPROVED),
        ("2", OutcomeKind.POSTPONED),
    ]


# -- properties --------------------------------------------------------------------------------

PARTIES = ["A", "B", "C", "D", "F", "I", "K", "O", "V", "Ø", "Å", "SF", "LA", "DF"]


def _listed(parties: list[str]) -> str:
    return parties[0] if len(parties) == 1 else ", ".join(parties[:-1]) + " og " + parties[-1]


@given(
    st.lists(st.sampled_from(PARTIES), min_size=1, max_size=6, unique=True),
    st.sampled_from([("For stemte", Position.FOR), ("Imod stemte", Position.AGAINST),
                     ("Undlod at stemme", Position.ABSTAIN)]),
    st.booleans(),
)  # fmt: skip
def test_generated_party_votes_parse_back(
    parties: list[str], lead: tuple[str, Position], colon: bool
) -> None:
    words, position = lead
    sentence = f"{words}{':' if colon else ''} {_listed(parties)}"
    decision = decided([("Beslutning", None, None, [sentence])])
    (vote,) = decision.votes
    assert (vote.position, vote.parties, vote.voters) == (position, tuple(parties), ())


@given(
    st.integers(0, 999), st.integers(0, 999), st.one_of(st.none(), st.integers(0, 99)),
    st.sampled_from(["imod", "mod"]),
)  # fmt: skip
def test_generated_counts_parse_back(yes: int, no: int, blank: int | None, against: str) -> None:
    tail = f". {blank} undlod at stemme." if blank is not None else "."
    sentence = f"Indstillingen blev godkendt med {yes} stemmer {against} {no}{tail}"
    decision = decided([("Beslutning", None, None, [sentence])])
    want = [(Position.FOR, yes), (Position.AGAINST, no)]
    if blank is not None:
        want.append((Position.ABSTAIN, blank))
    assert [(v.position, v.count) for v in decision.votes] == want
    assert [o.kind for o in decision.outcomes] == [OutcomeKind.APPROVED]


# -- speed -----------------------------------------------------------------------------------

MIXED = (
    "Jane Østergaard og Vibeke Gamst var fraværende. Godkendt. For stemte: A og B. Afbud fra "
    "Ole Dam (A). Som suppleant er indkaldt Per Hansen (A). Godkendt Peter Andersen deltog ikke "
    "på mødet "
)


def _seconds(repeats: int, tries: int = 1) -> float:
    best = float("inf")
    for _ in range(tries):
        start = time.perf_counter()
        decided([("Beslutning", None, None, [MIXED * repeats])])
        best = min(best, time.perf_counter() - start)
    return best


def test_linear_in_the_number_of_statements_in_a_paragraph() -> None:
    # 100 times the text: linear measures about 100; with a quadratic overlap test between
    # sentences and attendance statements (as first written) it measured about 860.
    ratio = _seconds(3000) / _seconds(30, tries=3)
    assert ratio < 400, ratio
