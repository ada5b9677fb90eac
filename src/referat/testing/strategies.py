"""Hypothesis strategies of Danish referater, their parts, and the answers they must give.

Building blocks (each value knows what it says): :func:`amounts`, :func:`dates`,
:func:`case_numbers`, :func:`item_headings`, :func:`vote_sentences`, :func:`outcome_sentences`,
:func:`absence_sentences`, :func:`titles`, :func:`people`. Whole documents:
:func:`documents` (models), :func:`examples` (a model, its outline and its layout) and
:func:`texts` (text in a layout, with the noise real exports have, and what it must parse to).

Every strategy is built from ``sampled_from`` over lists ordered plainest first, small integer
ranges and short lists, so a failing example shrinks to a short document with ordinary words.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from attrs import evolve, frozen
from hypothesis import strategies as st

from referat.danish import format_number
from referat.layouts import Layout, builtin_layouts
from referat.layouts.spec import RenderSpec
from referat.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CaseNumber,
    CaseScheme,
    Heading,
    Meeting,
    Paragraph,
    Referat,
    Section,
    SectionKind,
    SourceInfo,
    Span,
    TableBlock,
    TableCell,
    TableRow,
)
from referat.render import (
    WEEKDAY_NAMES,
    access_marker,
    fields_of,
    opens_untitled,
    render_with_diagnostics,
)
from referat.testing import words
from referat.testing.outline import (
    DecisionOutline,
    ItemOutline,
    Outline,
    SectionOutline,
    VoteOutline,
    meeting_outline,
    table_outline,
)

#: The span of every node of a generated model: it has no source text until it is rendered.
NO_SPAN = Span(1, 1, 1, 1, 0, 0)
_EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
NBSP = "\u00a0"

SearchStrategy = st.SearchStrategy


# -- values that know what they say ------------------------------------------------------------


@frozen
class DanishAmount:
    """An amount as Danish minutes write it, and its exact value in kroner.

    ``form`` is how it is written: ``"kr"`` (``12.500 kr.``), ``"decimals"`` (``3.729.051,50
    kr.``), ``"negative"`` (``-250.000 kr.``), ``"scaled"`` (``1,5 mio. kr.``, ``450 t. kr.``,
    ``2 mia. kr.``), ``"kroner"`` (``450.000 kroner``) or ``"unit-first"`` (``kr. 12.500``).
    """

    text: str
    value: Decimal
    form: str


@frozen
class DanishDate:
    """A date (and maybe a time) as Danish minutes write it, with its value.

    ``form``: ``"long"`` (``den 9. februar 2016 kl. 08:30``), ``"weekday"`` (``Tirsdag den 9.
    februar 2016``), ``"numeric"`` (``09-02-2016``), ``"dotted"`` (``13.09.2007, kl. 17:30``),
    ``"comma"`` (``Mandag, 11 januar, 2021 - 19:00``), ``"abbreviated"`` (``30. aug. 2022``),
    ``"iso"`` (``2016-02-09 08:30``), ``"english"`` (``February 9, 2016``) or ``"slash"``
    (``9/2 2016``).
    """

    text: str
    date: dt.date
    time: dt.time | None
    form: str


@frozen
class Person:
    """A committee member: ``role`` is ``"Rådmand"``, ``"Udvalgsmedlem"`` or ``None``."""

    name: str
    party: str | None
    role: str | None = None

    @property
    def written(self) -> str:
        """``Name (P)`` or ``Name``."""
        return f"{self.name} ({self.party})" if self.party else self.name


@frozen
class Sentence:
    """A sentence of a decision and what the ``decisions`` plugin must read from it.

    ``outcomes`` are outcome kinds (``"godkendt"`` …); ``votes`` and ``absences`` as in
    :class:`~referat.testing.outline.DecisionOutline`.
    """

    text: str
    outcomes: tuple[str, ...] = ()
    votes: tuple[VoteOutline, ...] = ()
    absences: tuple[tuple[str, str | None], ...] = ()


@frozen
class ItemHeading:
    """An item heading line in a layout, with the number and title it states."""

    text: str
    number: int
    title: str
    layout: str


@frozen
class GeneratedTable:
    """A table as the minutes print one (a header row, rows of Danish numbers, maybe an
    ``I alt`` row that sums them), and what the ``tables`` plugin must read from it.

    ``block`` is the core's :class:`~referat.models.TableBlock` (``kind`` ``"pipe"`` with a
    ``| --- |`` rule below the header, or ``"tab"``); ``header`` and ``body`` the cell texts;
    ``numbers`` the value of every body cell (``None`` for the row labels); ``unit`` the unit
    the header states (the plugin's canonical name: ``"1.000 kr."``, ``"Mio. kr."``, ``"kr."``,
    or ``None``); ``totals`` whether each body row is a totals row; ``section`` the kind of
    the section the table is in (set when a document places it).
    """

    block: TableBlock
    header: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]
    numbers: tuple[tuple[Decimal | None, ...], ...]
    unit: str | None
    totals: tuple[bool, ...]
    section: SectionKind | None = None


@frozen
class Expected:
    """What a generated text must parse to: the model it was rendered from, its
    :class:`~referat.testing.outline.Outline` (decisions and tables included), the layout's
    name, and each item's tables with what the ``tables`` plugin must read from them
    (``tables[k]`` for ``document.items[k]``)."""

    document: Referat
    outline: Outline
    layout: str
    tables: tuple[tuple[GeneratedTable, ...], ...] = ()


# -- small parts -------------------------------------------------------------------------------

_MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
_ENGLISH = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ABBREVIATED = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

AMOUNT_FORMS = ("kr", "decimals", "negative", "scaled", "kroner", "unit-first")
#: The forms the economics plugin reads: all of them (a unit before the number too, ``kr. 12.500``).
READ_AMOUNT_FORMS = AMOUNT_FORMS
DATE_FORMS = (
    "long", "weekday", "numeric", "dotted", "comma", "abbreviated", "iso", "english", "slash",
)  # fmt: skip
_SCALES = (("mio. kr.", 1_000_000), ("t. kr.", 1_000), ("mia. kr.", 1_000_000_000))


@functools.cache
def meeting_dates() -> SearchStrategy[dt.date]:
    """Meeting dates, 2006–2025 (shrinks towards 1 January 2006)."""
    return st.dates(dt.date(2006, 1, 1), dt.date(2025, 12, 31)).map(lambda d: d)


@functools.cache
def times() -> SearchStrategy[dt.time]:
    """Meeting times on the quarter hour, 08:00–20:45 (shrinks towards 08:00)."""
    return st.builds(lambda h, q: dt.time(h, q * 15), st.integers(8, 20), st.integers(0, 3))


def danish_amount(form: str, whole: int, cents: int = 0, scale: int = 0) -> DanishAmount:
    """The amount :func:`amounts` draws: ``whole`` kroner and ``cents`` øre written in
    ``form`` (``"scaled"``: ``whole % 1000`` and one decimal of ``cents`` in millions,
    thousands or billions, by ``scale`` 0, 1, 2).

    >>> danish_amount("scaled", 1, 5)
    DanishAmount(text='1,5 mio. kr.', value=Decimal('1500000'), form='scaled')
    >>> danish_amount("negative", 250000).text, danish_amount("unit-first", 12500).text
    ('-250.000 kr.', 'kr. 12.500')
    """
    if form == "scaled":
        unit, factor = _SCALES[scale]
        number = Decimal(whole % 1000) + Decimal(cents % 10) / 10
        written = format_number(number)
        value = number * factor
        return DanishAmount(f"{written} {unit}", value.quantize(Decimal(1)), form)
    value = Decimal(whole)
    if form == "decimals":
        value += Decimal(cents) / 100
        written = format_number(value, decimals=2)
    else:
        written = format_number(value)
    if form == "negative":
        return DanishAmount(f"-{written} kr.", -value, form)
    if form == "kroner":
        return DanishAmount(f"{written} kroner", value, form)
    if form == "unit-first":
        return DanishAmount(f"kr. {written}", value, form)
    return DanishAmount(f"{written} kr.", value, form)


def amounts(forms: Iterable[str] | None = None) -> SearchStrategy[DanishAmount]:
    """Danish money amounts with their exact values in kroner.

    >>> from referat.testing import amounts
    >>> amounts(["scaled"]).example().text.endswith("kr.")  # doctest: +SKIP
    True
    """
    chosen = tuple(forms) if forms is not None else AMOUNT_FORMS
    unknown = set(chosen) - set(AMOUNT_FORMS)
    if unknown or not chosen:
        msg = f"unknown amount forms {sorted(unknown)} (known: {AMOUNT_FORMS})"
        raise ValueError(msg)
    return _amounts(chosen)


@functools.cache
def _amounts(chosen: tuple[str, ...]) -> SearchStrategy[DanishAmount]:
    return st.builds(
        danish_amount,
        st.sampled_from(chosen),
        st.integers(1, 999_999_999),
        st.integers(0, 99),
        st.integers(0, len(_SCALES) - 1),
    )


def danish_date(form: str, date: dt.date, time: dt.time | None = None) -> DanishDate:
    """The date :func:`dates` draws: ``date`` (and ``time``) written in ``form``.

    >>> danish_date("comma", dt.date(2021, 1, 11), dt.time(19, 0)).text
    'Mandag, 11 januar, 2021 - 19:00'
    >>> danish_date("dotted", dt.date(2007, 9, 13), dt.time(17, 30)).text
    '13.09.2007, kl. 17:30'
    """
    day, month, year = date.day, date.month, date.year
    weekday = WEEKDAY_NAMES[date.weekday()]
    clock = time.strftime("%H:%M") if time is not None else None
    if form == "long":
        text = f"den {day}. {_MONTHS[month - 1]} {year}"
        text += f" kl. {clock}" if clock else ""
    elif form == "weekday":
        text = f"{weekday.capitalize()} den {day}. {_MONTHS[month - 1]} {year}"
        text += f" kl. {clock}" if clock else ""
    elif form == "numeric":
        text = date.strftime("%d-%m-%Y") + (f" kl. {clock}" if clock else "")
    elif form == "dotted":
        text = date.strftime("%d.%m.%Y") + (f", kl. {clock}" if clock else "")
    elif form == "comma":
        text = f"{weekday.capitalize()}, {day} {_MONTHS[month - 1]}, {year}"
        text += f" - {clock}" if clock else ""
    elif form == "abbreviated":
        text = f"{day}. {_ABBREVIATED[month - 1]}. {year}"
        text += f" kl. {clock}" if clock else ""
    elif form == "iso":
        text = date.isoformat() + (f" {clock}" if clock else "")
    elif form == "english":
        text = f"{_ENGLISH[month - 1]} {day}, {year}" + (f" - {clock}" if clock else "")
    else:  # slash
        text = f"{day}/{month} {year}" + (f" kl. {clock}" if clock else "")
    return DanishDate(text, date, time, form)


def dates(forms: Iterable[str] | None = None) -> SearchStrategy[DanishDate]:
    """Dates in every form Danish minutes write them, with their values (and times)."""
    chosen = tuple(forms) if forms is not None else DATE_FORMS
    unknown = set(chosen) - set(DATE_FORMS)
    if unknown or not chosen:
        msg = f"unknown date forms {sorted(unknown)} (known: {DATE_FORMS})"
        raise ValueError(msg)
    return _dates(chosen)


@functools.cache
def _dates(chosen: tuple[str, ...]) -> SearchStrategy[DanishDate]:
    return st.builds(
        danish_date, st.sampled_from(chosen), meeting_dates(), st.one_of(st.none(), times())
    )


def _kle(subject: str, facet: str, serial: int, year: int) -> CaseNumber:
    raw = f"{subject}-{facet}-{serial}-{year % 100:02d}"
    return CaseNumber(raw, NO_SPAN, CaseScheme.KLE, subject, facet, serial, 2000 + year % 100)


def _journal(shape: int, year: int, serial: int) -> CaseNumber:
    if shape == 0:
        raw = f"{year}/{serial:06d}"
    elif shape == 1:
        raw = f"{year % 100:02d}/{serial % 100000:04d}"
    elif shape == 2:
        raw = f"{year}-{serial:06d}"
    else:
        raw = f"EMN-{year}-{serial:06d}"
    return CaseNumber(raw, NO_SPAN, CaseScheme.JOURNAL, serial=None, year=year)


def _local(first: int, year: int, serial: int) -> CaseNumber:
    return CaseNumber(f"{first:03d}-{year}-{serial}", NO_SPAN, CaseScheme.LOCAL)


def case_numbers(schemes: Iterable[CaseScheme] | None = None) -> SearchStrategy[CaseNumber]:
    """Case numbers as printed (``85.02.02-P35-25-23``, ``2012/012799``, ``20/8545``,
    ``2014-001192``, ``EMN-2025-009242``, ``330-2020-164``): models with ``raw`` and
    ``scheme`` (the other parts are left for the parser to fill; compare ``raw``)."""
    return _case_numbers(frozenset(schemes) if schemes is not None else frozenset(CaseScheme))


@functools.cache
def _case_numbers(chosen: frozenset[CaseScheme]) -> SearchStrategy[CaseNumber]:
    options: list[SearchStrategy[CaseNumber]] = []
    if CaseScheme.KLE in chosen:
        options.append(
            st.builds(
                _kle,
                st.sampled_from(words.KLE_SUBJECTS),
                st.sampled_from(words.KLE_FACETS),
                st.integers(1, 999),
                st.integers(2006, 2025),
            )
        )
    if CaseScheme.JOURNAL in chosen:
        options.append(
            st.builds(
                _journal, st.integers(0, 3), st.integers(2006, 2025), st.integers(100, 999_999)
            )
        )
    if CaseScheme.LOCAL in chosen:
        options.append(
            st.builds(_local, st.integers(100, 999), st.integers(2006, 2025), st.integers(1, 999))
        )
    if not options:
        raise ValueError("no case-number scheme chosen")
    return st.one_of(options)


@functools.cache
def titles() -> SearchStrategy[str]:
    """Realistic Danish item titles."""
    return st.builds(
        lambda template, year, thing, place, n: template.format(
            year=year, thing=thing, place=place, n=n
        ),
        st.sampled_from(words.TITLE_TEMPLATES),
        st.integers(2006, 2025),
        st.sampled_from(words.THINGS),
        st.sampled_from(words.PLACES),
        st.integers(1, 1200),
    ).map(lambda title: title[0].upper() + title[1:])


@functools.cache
def people(*, roles: bool = True, parties: bool = True) -> SearchStrategy[Person]:
    """Members: a first name, one or two surnames, maybe a party letter and a role."""
    return st.builds(
        lambda first, last, middle, party, role: Person(
            f"{first} {middle + ' ' if middle and middle != last else ''}{last}", party, role
        ),
        st.sampled_from(words.FIRST_NAMES),
        st.sampled_from(words.SURNAMES),
        st.one_of(st.just(""), st.sampled_from(words.SURNAMES)),
        st.sampled_from(words.PARTIES) if parties else st.none(),
        st.sampled_from(("Udvalgsmedlem", "Rådmand")) if roles else st.none(),
    )


def _listed(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} og {names[-1]}"


def _vote(position: int, voters: list[Person], subject: str, party_vote: bool) -> Sentence:
    written = ("stemmer for", "stemmer imod", "undlader at stemme")[position]
    value = ("for", "imod", "undlader at stemme")[position]
    if party_vote:
        letters = tuple(dict.fromkeys(p.party or "A" for p in voters))
        lead = ("For stemte", "Imod stemte", "Undlod at stemme")[position]
        return Sentence(f"{lead}: {_listed(letters)}.", votes=(VoteOutline(value, (), letters),))
    if len(voters) == 1:
        person = voters[0]
        who = f"{person.role} {person.written}" if person.role else person.written
    else:
        who = "Udvalgsmedlemmerne " + _listed([p.written for p in voters])
    tail = f" {subject}" if position < 2 else ""
    outline = VoteOutline(value, tuple((p.name, p.party) for p in voters))
    return Sentence(f"{who} {written}{tail}.", votes=(outline,))


@functools.cache
def vote_sentences() -> SearchStrategy[Sentence]:
    """Vote sentences with their voters: ``Udvalgsmedlem Hans Jensen (A) stemmer imod
    indstillingen.``, ``Udvalgsmedlemmerne … og … stemmer for forslaget.``, ``For stemte: A, V
    og Ø.``"""
    return st.builds(
        _vote,
        st.integers(0, 2),
        st.lists(people(), min_size=1, max_size=3, unique_by=lambda p: p.name),
        st.sampled_from(words.VOTE_SUBJECTS),
        st.booleans(),
    )


def outcome_sentences(committee: str | None = None) -> SearchStrategy[Sentence]:
    """Outcome sentences with their outcome kind: ``Økonomiudvalget godkender
    indstillingen.``, ``Orientering givet.``"""
    return _outcomes(committee)


def _led(body: str, outcome: tuple[str, str]) -> Sentence:
    return Sentence(f"{body} {outcome[0]}.", outcomes=(outcome[1],))


@functools.cache
def _outcomes(committee: str | None) -> SearchStrategy[Sentence]:
    committees = st.just(committee) if committee else st.sampled_from(words.COMMITTEES)
    led = st.builds(_led, committees, st.sampled_from(words.OUTCOMES))
    bare = st.sampled_from(words.RESULTS).map(lambda r: Sentence(r[0], outcomes=(r[1],)))
    return st.one_of(led, bare)


def _absence(voters: list[Person], meeting: bool) -> Sentence:
    scope = "i mødet" if meeting else "i behandlingen af dette punkt"
    if len(voters) == 1:
        who = f"Udvalgsmedlem {voters[0].written}"
    else:
        who = "Udvalgsmedlemmerne " + _listed([p.written for p in voters])
    absent = tuple((p.name, p.party) for p in voters)
    return Sentence(f"{who} deltog ikke {scope}.", absences=absent)


@functools.cache
def absence_sentences() -> SearchStrategy[Sentence]:
    """Absences with the members named: ``Udvalgsmedlem Anne Jensen (A) deltog ikke i
    behandlingen af dette punkt.``"""
    return st.builds(
        _absence,
        st.lists(people(roles=False), min_size=1, max_size=2, unique_by=lambda p: p.name),
        st.booleans(),
    )


@functools.cache
def prose() -> SearchStrategy[str]:
    """A sentence of running text: plain, or stating an amount or a date."""
    plain = st.sampled_from(words.SENTENCES)
    money = st.builds(
        lambda lead, amount: f"{lead} {amount.text}.",
        st.sampled_from(words.AMOUNT_LEADS),
        amounts(READ_AMOUNT_FORMS),
    )
    dated = st.builds(
        lambda sentence, date: (
            f"Sagen blev behandlet {date.text}, og {sentence[0].lower()}{sentence[1:]}"
        ),
        st.sampled_from(words.SENTENCES),
        dates(("long", "numeric")),
    )
    return st.one_of(plain, money, dated)


@functools.cache
def paragraphs(max_sentences: int = 3) -> SearchStrategy[str]:
    """A paragraph of one to ``max_sentences`` sentences."""
    return st.lists(prose(), min_size=1, max_size=max_sentences).map(" ".join)


def danish_table(
    kind: str,
    unit: int,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    total: bool = False,
) -> GeneratedTable:
    """The table :func:`tables` draws: header ``words.TABLE_UNITS[unit]`` and ``columns``, a
    row per ``(label, values)`` (values in whole units; tenths for ``Mio. kr.``), and an
    ``I alt`` row of the column sums when ``total``.

    >>> table = danish_table("tab", 0, ["2024", "2025"], [("Drift", [1250, -30])], total=True)
    >>> table.header, table.unit
    (('Beløb i 1.000 kr.', '2024', '2025'), '1.000 kr.')
    >>> table.body
    (('Drift', '1.250', '-30'), ('I alt', '1.250', '-30'))
    >>> danish_table("pipe", 1, ["Budget"], [("Anlæg", [125])]).block.rows[2].cells[1].raw
    ' 12,5 '
    """
    label, name = words.TABLE_UNITS[unit]
    tenths = name == "Mio. kr."

    def value(n: int) -> Decimal:
        return Decimal(n) / 10 if tenths else Decimal(n)

    header = (label, *columns)
    body: list[tuple[str, ...]] = []
    numbers: list[tuple[Decimal | None, ...]] = []
    for row_label, raw_values in rows:
        values = [value(n) for n in raw_values]
        body.append((row_label, *(format_number(v) for v in values)))
        numbers.append((None, *values))
    if total:
        columns_of = range(1, len(header))
        sums = [sum((row[k] or Decimal(0) for row in numbers), Decimal(0)) for k in columns_of]
        body.append((words.TABLE_TOTAL, *(format_number(v) for v in sums)))
        numbers.append((None, *sums))

    def row(cells: Sequence[str]) -> TableRow:
        raws = [f" {c} " for c in cells] if kind == "pipe" else list(cells)
        return TableRow(tuple(TableCell(raw, NO_SPAN) for raw in raws), NO_SPAN)

    lines = [row(header)]
    if kind == "pipe":
        lines.append(row(["---"] * len(header)))
    lines.extend(map(row, body))
    block = TableBlock(tuple(lines), NO_SPAN, kind)
    totals = tuple(total and k == len(body) - 1 for k in range(len(body)))
    return GeneratedTable(block, header, tuple(body), tuple(numbers), name, totals)


def tables(kinds: Iterable[str] = ("pipe", "tab")) -> SearchStrategy[GeneratedTable]:
    """Tables of amounts as the minutes print them (see :class:`GeneratedTable`), of the
    given kinds: a header naming the unit and one to three columns (years, or ``Budget``,
    ``Forbrug``, ``Afvigelse``), one to three rows, maybe an ``I alt`` row that sums them."""
    chosen = tuple(kinds)
    unknown = set(chosen) - {"pipe", "tab"}
    if unknown or not chosen:
        msg = f"unknown table kinds {sorted(unknown)} (known: ['pipe', 'tab'])"
        raise ValueError(msg)
    return _tables(chosen)


@functools.cache
def _tables(chosen: tuple[str, ...]) -> SearchStrategy[GeneratedTable]:
    @st.composite
    def draw_table(draw: st.DrawFn) -> GeneratedTable:
        kind = draw(st.sampled_from(chosen))
        unit = draw(st.integers(0, len(words.TABLE_UNITS) - 1))
        width = draw(st.integers(1, 3))
        if draw(st.booleans()):
            start = draw(st.integers(2006, 2025))
            columns: Sequence[str] = [str(start + k) for k in range(width)]
        else:
            columns = draw(st.sampled_from(words.TABLE_COLUMNS))[:width]
        labels = draw(
            st.lists(st.sampled_from(words.TABLE_ROWS), min_size=1, max_size=3, unique=True)
        )
        values = st.lists(st.integers(-9_999, 999_999), min_size=width, max_size=width)
        rows = [(label, draw(values)) for label in labels]
        total = len(rows) > 1 and draw(st.booleans())
        return danish_table(kind, unit, columns, rows, total=total)

    return draw_table()


# -- layouts ------------------------------------------------------------------------------------


def renderable_layouts() -> tuple[Layout, ...]:
    """The shipped layouts that can be rendered (all of them)."""
    return tuple(layout for layout in builtin_layouts() if layout.render is not None)


def _layouts(layouts: Iterable[str | Layout] | None) -> tuple[Layout, ...]:
    known = {layout.name: layout for layout in renderable_layouts()}
    if layouts is None:
        return tuple(known.values())
    chosen = []
    for layout in layouts:
        if isinstance(layout, Layout):
            if layout.render is None:
                raise ValueError(f"layout {layout.name!r} has no render templates")
            chosen.append(layout)
        elif layout in known:
            chosen.append(known[layout])
        else:
            raise ValueError(f"no renderable layout {layout!r} (known: {sorted(known)})")
    if not chosen:
        raise ValueError("no layout chosen")
    return tuple(chosen)


def _spec(layout: Layout) -> RenderSpec:
    assert layout.render is not None  # checked by _layouts
    return layout.render


def item_headings(layout: str | Layout = "plain") -> SearchStrategy[ItemHeading]:
    """Item heading lines of a layout, with the number and title they state."""
    (chosen,) = _layouts([layout])
    template = _spec(chosen).item
    return st.builds(
        lambda number, title: ItemHeading(
            template.format(number=number, title=title), number, title, chosen.name
        ),
        st.integers(1, 400),
        titles(),
    )


def _aliases(layout: Layout, kind: SectionKind) -> list[str]:
    """The headings a layout reads as ``kind``: the layout's own name first."""
    spec = _spec(layout)
    own = spec.headings.get(kind)
    names = [own] if own and layout.section_kind(own) is kind else []
    names += sorted(
        (alias for alias, k in layout.section_names.items() if k is kind),
        key=lambda a: (len(a), a),
    )
    out: list[str] = []
    for name in names:
        written = name[0].upper() + name[1:]
        if layout.section_kind(written) is kind and written not in out:
            out.append(written)
    return out


def _section_kinds(layout: Layout) -> list[SectionKind]:
    return [k for k in words.SECTION_ORDER if _aliases(layout, k) and k in _spec(layout).headings]


def _meeting_fields(spec: RenderSpec) -> set[str]:
    return {name for alternatives in spec.header for t in alternatives for name in fields_of(t)}


@st.composite
def meetings(draw: st.DrawFn, layout: str | Layout = "plain") -> Meeting | None:
    """A meeting header the layout can write (``None`` for a layout without a header)."""
    (chosen,) = _layouts([layout])
    spec = _spec(chosen)
    writable = _meeting_fields(spec)
    if not {"committee", "date"} <= writable and "date_long" not in writable:
        return None
    committee = draw(st.sampled_from(words.COMMITTEES))
    date = draw(meeting_dates())

    def maybe(name: str, values: SearchStrategy[object]) -> object:
        return draw(st.one_of(st.none(), values)) if name in writable else None

    period = maybe("period", st.sampled_from(words.PERIODS))
    start = maybe("time", times())
    location = maybe("location", st.sampled_from(words.LOCATIONS))
    end = maybe("end_time", times())
    attendance: list[Attendance] = []
    named: set[str] = set()
    for status in (AttendanceStatus.ABSENT, AttendanceStatus.PRESENT):
        if status not in spec.attendance:
            continue
        listed = draw(st.lists(people(roles=False), max_size=2, unique_by=lambda p: p.name))
        for person in listed:
            if person.name not in named:
                named.add(person.name)
                attendance.append(Attendance(person.name, status, NO_SPAN, person.party))
    return Meeting(
        lines=(),
        span=NO_SPAN,
        committee=committee,
        period=period,  # type: ignore[arg-type]
        date=date,
        start_time=start,  # type: ignore[arg-type]
        location=location,  # type: ignore[arg-type]
        end_time=end,  # type: ignore[arg-type]
        attendance=tuple(attendance),
    )


def _paragraph(text: str) -> Paragraph:
    return Paragraph(text, NO_SPAN)


class _Plan:
    """The strategies of one layout, built once (building strategies is the slow part)."""

    def __init__(self, layout: Layout) -> None:
        spec = _spec(layout)
        self.spec = spec
        self.layout = layout
        self.kinds = _section_kinds(layout)
        self.kind_lists = st.lists(
            st.sampled_from(self.kinds), min_size=1, max_size=4, unique=True
        ).map(lambda kinds: sorted(kinds, key=self.kinds.index))
        self.headings = {k: st.sampled_from(_aliases(layout, k)) for k in self.kinds}
        cases = case_numbers(spec.schemes)
        self.cases: SearchStrategy[CaseNumber | None] = (
            cases if spec.case_required else st.one_of(st.none(), cases)
        )
        self.chain = st.integers(0, 2) if spec.decision_heading and layout.generic else st.just(0)
        marked = spec.case_open is not None and spec.case_closed is not None
        self.closed: SearchStrategy[bool | None] = (
            st.sampled_from([None, False, True]) if marked else st.none()
        )
        self.texts = st.lists(paragraphs(), min_size=1, max_size=2)
        self.tables: SearchStrategy[GeneratedTable | None] = (
            st.one_of(st.none(), tables(spec.tables)) if spec.tables else st.none()
        )
        # An untitled document (no item headings) opens each item at its access marker or its
        # labelled case-number line: generated where the generic reader does so.
        example = spec.case.format(raw="2012/012799")
        self.labelled = layout.generic and opens_untitled(layout, example)
        self.markers = layout.generic and all(
            access_marker(layout, closed) is not None for closed in (False, True)
        )
        self.untitled = st.booleans() if self.labelled or self.markers else st.just(False)
        self.required_cases = cases


@functools.cache
def _plan(layout: Layout) -> _Plan:
    return _Plan(layout)


_MORE = st.lists(st.one_of(vote_sentences(), absence_sentences()), max_size=2)
_COMMITTEES = st.sampled_from(words.COMMITTEES)


def _decision(draw: st.DrawFn, committee: str) -> tuple[tuple[Paragraph, ...], list[Sentence]]:
    """The paragraphs of a decision section: an outcome, then votes and absences."""
    outcome = draw(outcome_sentences(committee))
    sentences = [outcome, *draw(_MORE)]
    return tuple(_paragraph(s.text) for s in sentences), sentences


def _opener(draw: st.DrawFn, plan: _Plan) -> tuple[CaseNumber | None, bool | None]:
    """The case number and open/closed state of an untitled item: what opens it."""
    if plan.labelled:
        case = draw(plan.required_cases)
        return case, draw(st.sampled_from([None, False, True])) if plan.markers else None
    return draw(st.one_of(st.none(), plan.required_cases)), draw(st.booleans())


def _item(
    draw: st.DrawFn,
    layout: Layout,
    number: int | None,
    committee: str,
    meeting_date: dt.date,
) -> tuple[AgendaItem, ItemOutline, tuple[GeneratedTable, ...]]:
    plan = _plan(layout)
    spec = plan.spec
    title: str | None
    if number is None:
        title = None
        case, closed = _opener(draw, plan)
    else:
        title = draw(titles())
        case = draw(plan.cases)
        closed = draw(plan.closed) if case is not None else None
    placed: list[GeneratedTable] = []
    sections: list[Section] = []
    outlines: list[SectionOutline] = []
    sentences: list[Sentence] = []
    for kind in draw(plan.kind_lists):
        heading = draw(plan.headings[kind])
        if kind is SectionKind.DECISION:
            chain = draw(plan.chain)
            bodies = [draw(_COMMITTEES) for _ in range(chain - 1)] + [committee]
            for position, body in enumerate(bodies):
                blocks, said = _decision(draw, body)
                sentences.extend(said)
                days = 7 * (len(bodies) - 1 - position)
                section = Section(
                    kind,
                    Heading(heading, NO_SPAN),
                    blocks,
                    NO_SPAN,
                    body if chain else None,
                    meeting_date - dt.timedelta(days=days) if chain else None,
                )
                sections.append(section)
                outlines.append(SectionOutline(kind, section.body, section.date))
            continue
        texts = draw(plan.texts)
        content: list[Paragraph | TableBlock] = [_paragraph(text) for text in texts]
        table = draw(plan.tables)
        if table is not None:
            placed.append(evolve(table, section=kind))
            content.append(table.block)
        sections.append(Section(kind, Heading(heading, NO_SPAN), tuple(content), NO_SPAN))
        shown = (table_outline(table.block),) if table is not None else ()
        outlines.append(SectionOutline(kind, tables=shown))
    decided = any(s.kind is SectionKind.DECISION for s in sections)
    decision = (
        DecisionOutline(
            outcomes=tuple(o for s in sentences for o in s.outcomes),
            votes=tuple(v for s in sentences for v in s.votes),
            absences=tuple(a for s in sentences for a in s.absences),
        )
        if decided
        else None
    )
    written = spec.item.format(number=number, title=title).strip("# ")
    item = AgendaItem(
        number=number,
        title=title,
        heading=Heading(written, NO_SPAN) if number is not None else None,
        span=NO_SPAN,
        case_number=case,
        sections=tuple(sections),
        closed=closed,
    )
    shape = ItemOutline(
        number,
        title,
        case.raw if case else None,
        case.scheme if case else None,
        tuple(outlines),
        decision,
        closed,
    )
    return item, shape, tuple(placed)


@st.composite
def examples(
    draw: st.DrawFn, layouts: Iterable[str | Layout] | None = None, *, max_items: int = 4
) -> Expected:
    """A document model for one of ``layouts`` (default: every shipped layout), the outline
    its text must parse to, the layout's name, and the tables of each item with what the
    ``tables`` plugin must read from them. In the generic layouts a document may be
    *untitled*: no item has a number or a title, each opens at its access marker (``Åben``)
    or its labelled case number (``Sagsnr.: …``)."""
    layout = draw(st.sampled_from(_layouts(layouts)))
    meeting = draw(meetings(layout))
    committee = meeting.committee if meeting and meeting.committee else words.COMMITTEES[0]
    date = meeting.date if meeting and meeting.date else dt.date(2016, 1, 1)
    first = draw(st.integers(1, 300))
    count = draw(st.integers(1, max_items))
    untitled = draw(_plan(layout).untitled)
    items = [
        _item(draw, layout, None if untitled else first + k, committee, date) for k in range(count)
    ]
    document = Referat(
        text="",
        source=SourceInfo(None, _EMPTY_SHA, 0),
        layout=layout.name,
        items=tuple(item for item, _, _ in items),
        meeting=meeting,
    )
    meeting_shape = meeting_outline(meeting)
    shape = Outline(meeting_shape, tuple(outline for _, outline, _ in items))
    return Expected(document, shape, layout.name, tuple(placed for _, _, placed in items))


def documents(
    layouts: Iterable[str | Layout] | None = None, *, max_items: int = 4
) -> SearchStrategy[Referat]:
    """Valid :class:`~referat.models.Referat` models that one of ``layouts`` can write
    (default: every shipped layout; ``doc.layout`` names it): a meeting, numbered items with
    titles (or, in the generic layouts, an untitled document) and KLE, journal or local case
    numbers, sections with Danish prose that states amounts and dates, tables of amounts in
    the kinds the layout writes (pipe tables in ``markdown``, TAB tables elsewhere, none in
    ``wrapped``), decisions with outcomes, votes with party letters, and absences.
    Spans are empty: a generated model has no text until :func:`referat.render` writes it."""
    return examples(layouts, max_items=max_items).map(lambda example: example.document)


# -- texts with noise ---------------------------------------------------------------------------

_BREAKABLE = re.compile(r" (?=[a-zæøå])")
_AMOUNT_SPACE = re.compile(r"(\d) (?=(?:kr\.|mio\. kr\.|t\. kr\.|mia\. kr\.|kroner)(?!\w))")
_SENTENCE_END = '.!?:;”")»'


def _pages(spec: RenderSpec, page: int) -> list[str]:
    return [line.format(page=page, pages=99) for line in spec.page_break]


def _glue(out: list[str], line: str) -> bool:
    """Glue a section heading to the item heading above it (``1. TitelReferat``)."""
    above = len(out) - 1
    while above >= 0 and not out[above].strip():
        above -= 1
    if above < 0 or not out[above][:1].isdigit():
        return False
    out[above] += line
    del out[above + 1 :]
    return True


@st.composite
def _noisy(draw: st.DrawFn, text: str, layout: Layout) -> str:
    """The noise real exports of the layout have: page breaks (inside a long line where the
    export cuts lines at the page end, between two hard-wrapped lines, between two rows of a
    TAB table, or between blocks where a page leaves furniture), NBSP between an amount and
    its unit, NBSP-only lines for blank ones, NBSP after ``kl.``, trailing spaces, and section
    headings glued to the item heading."""
    spec = _spec(layout)
    out: list[str] = []
    page = 1
    previous = ""
    items = False  # page breaks come after the first page's header
    openers = (*layout.item_forms, *layout.case_forms)  # the first item (or untitled item)
    for written in text.split("\n"):
        line = written
        items = items or any(form.match(line) for form in openers)
        noise = draw(st.integers(0, 9))
        breaks = items and noise == 0
        if spec.glued_headings and line in spec.glued_headings and noise < 5 and _glue(out, line):
            previous = line
            continue
        tab_row = "\t" in line
        if not layout.generic and spec.wrap is None and len(line) > 60 and breaks and not tab_row:
            cuts = [m.start() for m in _BREAKABLE.finditer(line) if m.start() > 10]
            if cuts and not line.lstrip().startswith(("#", "Punkt", "|")):
                at = cuts[draw(st.integers(0, len(cuts) - 1))]
                page += 1
                out.extend([line[:at], *_pages(spec, page)])
                line = line[at + 1 :]
        elif breaks and (
            (layout.generic and not line.strip())
            or (not layout.generic and tab_row and "\t" in previous)
            or (
                spec.wrap is not None
                and len(previous) >= layout.wrap_width
                and previous[-1] not in _SENTENCE_END
                and line.strip()
            )
        ):
            page += 1
            out.extend(_pages(spec, page))
        if noise in (1, 2):
            line = _AMOUNT_SPACE.sub("\\1" + NBSP, line).replace("kl. ", "kl." + NBSP)
        if noise == 3 and not line.strip():
            line = NBSP
        elif noise == 4 and line.strip() and layout.generic:
            line += " "
        out.append(line)
        previous = line
    return "\n".join(out)


@st.composite
def texts(
    draw: st.DrawFn, layouts: Iterable[str | Layout] | None = None, *, max_items: int = 4
) -> tuple[str, Expected]:
    """``(text, expected)``: a generated document rendered in one of ``layouts`` with the
    noise real exports of that layout have (page breaks inside paragraphs, hard wraps where
    the layout wraps, NBSP, headings glued to their text where the layout glues them), and
    what ``referat.parse(text)`` must give (``expected.outline``; compare it with
    :func:`referat.testing.outline`)."""
    example = draw(examples(layouts, max_items=max_items))
    (layout,) = _layouts([example.layout])
    spec = _spec(layout)
    if spec.wrap is not None:
        spec = evolve(spec, wrap=draw(st.integers(spec.wrap - 15, spec.wrap + 5)))
        layout = evolve(layout, render=spec)
    text, diagnostics = render_with_diagnostics(example.document, layout)
    if diagnostics:  # pragma: no cover - the generator only makes what the layout can write
        problems = "; ".join(d.message for d in diagnostics)
        raise AssertionError(f"generated a document {layout.name!r} cannot write: {problems}")
    return draw(_noisy(text, layout)), example


def rendered(layouts: Iterable[str | Layout] | None = None) -> SearchStrategy[tuple[str, Expected]]:
    """``(text, expected)`` like :func:`texts`, without the noise: the plain rendering."""

    def write(example: Expected) -> tuple[str, Expected]:
        return render_with_diagnostics(example.document, example.layout)[0], example

    return examples(layouts).map(write)


__all__ = [
    "AMOUNT_FORMS",
    "DATE_FORMS",
    "NO_SPAN",
    "READ_AMOUNT_FORMS",
    "DanishAmount",
    "DanishDate",
    "Expected",
    "GeneratedTable",
    "ItemHeading",
    "Person",
    "Sentence",
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
