"""The structure of a referat: meeting header, table of contents, agenda items, sections, blocks.

Every node is a frozen attrs class with a :class:`~referat.models.span.Span` into the original
text. Leaf nodes (marked ``LEAF = True``) cover whole source lines; together with the blank
lines and line terminators between them they tile the input exactly (see
:func:`referat.leaves`). Nothing here imports lark or cattrs.
"""

import datetime as dt
import enum
from array import array
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar, TypeVar, overload

from attrs import field, frozen

from referat.models.base import Model
from referat.models.span import Diagnostic, Severity, Span
from referat.packed import TupleLike
from referat.sources.sourcemap import SourceMap

if TYPE_CHECKING:
    from referat.results import ResultKey

T = TypeVar("T")


class SectionKind(enum.Enum):
    """The sections of an agenda item, recognised by their exact heading name."""

    RESUME = "Resume"
    EFFECT = "Effekt"  # "Text" in the 2016 layout
    RECOMMENDATION = "Indstilling"
    DECISION = "Beslutning"
    CASE_PRESENTATION = "Sagsfremstilling"
    ECONOMY = "Økonomi"
    ATTACHMENTS = "Bilag"
    INITIATIVE_PROPOSAL = "Initiativretsforslag"
    PROPOSER_RECOMMENDATION = "Indstilling fra forslagsstiller"
    ADMINISTRATION_ASSESSMENT = "Forvaltningens belysning"
    DECISION_THEME = "Beslutningstema"  # "Sagstema", "Emne", "Formål"
    LEGAL_BASIS = "Lovgrundlag"  # "Retsgrundlag", "Lovgivning", "Hjemmel"
    COMPETENCE = "Kompetence"  # "Beslutningskompetence", "Kompetencefordeling"
    CASE_HISTORY = "Tidligere beslutninger"  # "Historik", "Tidligere behandling"
    HEARING = "Høring"  # "Høring og sagsgang", "Høringssvar"
    CONSEQUENCES = "Konsekvenser"  # "Andre konsekvenser", "Konsekvensvurdering"
    ATTENDANCE = "Fraværende"  # "Afbud", "Fravær", "Deltagere" inside an item
    BACKGROUND = "Baggrund"  # "Indledning", "Sagsbeskrivelse"
    COMMUNICATION = "Kommunikation"  # "Information og kommunikation"
    OTHER = "other"


class CaseType(enum.Enum):
    """The case-type prefix of an agenda item title."""

    DECISION = "B-sag"  # beslutningssag
    ORIENTATION = "D-sag"  # orienteringssag (also written "D-Sag")
    INITIATIVE = "Initiativretssag"  # a council group's right of initiative


class HeaderField(enum.Enum):
    """Which line of the meeting header a :class:`HeaderLine` is."""

    TITLE = "title"  # REFERAT <committee> <period> d. <date>
    DATE = "date"  # Mødedato <weekday> d. <day>. <month> <year> kl. <time>
    PLACE = "place"  # Mødested <place>
    BODY = "body"  # Udvalg: <body>
    TIME = "time"  # Mødetidspunkt: 17:00, Tid: 17:00 - 19:10
    END = "end"  # Mødet hævet kl. 11.17, Sluttidspunkt:
    ATTENDANCE = "attendance"  # Afbud:, Fraværende:, Deltagere:, Medlemmer:, Tilstede:
    OTHER = "other"  # Bemærkninger:, Referent:, and other labelled lines


class DocumentKind(enum.Enum):
    """What the document says it is."""

    REFERAT = "referat"  # minutes (also "Godkendt referat", "Dagsorden med vedtagelser")
    AGENDA = "dagsorden"  # an agenda: items, no decisions yet
    DECISION_PROTOCOL = "beslutningsprotokol"  # the decisions only


class CaseScheme(enum.Enum):
    """How a case number is built."""

    KLE = "kle"  # 00.01.00-A00-17-15: KLE subject, handlingsfacet, serial, year
    JOURNAL = "journal"  # 2009/049528, 20/8545, 2014-001192, EMN-2025-009242
    LOCAL = "local"  # anything else a case system prints (330-2020-164, 1-51-71-3321-08)


class AttendanceStatus(enum.Enum):
    """What a statement of attendance says about a person."""

    PRESENT = "tilstede"  # Tilstede:, Deltagere:, ": Deltog"
    ABSENT = "fraværende"  # Afbud:, Fraværende:, "deltog ikke i mødet"
    SUBSTITUTE = "stedfortræder"  # "deltog i stedet for", "stedfortræder", "suppleant"
    LEFT = "forlod mødet"  # "forlod mødet kl. 18.30 under behandling af pkt. 5"
    ARRIVED = "ankom"  # "ankom under behandlingen af punkt 6"
    CONFLICT = "inhabil"  # "erklærede sig inhabil"


@frozen(repr=False, eq=False)
class TextPiece(Model):
    """``text[offset:offset + (end - start)]`` of a joined text is ``source[start:end]``."""

    offset: int
    start: int
    end: int


class PieceMap(TupleLike[TextPiece]):
    """The :class:`TextPiece`\\ s of a joined text, stored as packed integers.

    A sequence of ``TextPiece`` (index it, iterate it, ``len``, compare it with another
    piece map or with a tuple of pieces); held as one array of 64-bit offsets, 24 bytes a
    piece instead of an object and three integers: a paragraph of thousands of short lines
    (a flattened table in PDF text) costs a few bytes a line. Immutable like the models.

    >>> pieces = PieceMap([TextPiece(0, 10, 14), TextPiece(5, 15, 19)])
    >>> len(pieces), pieces[1], pieces.source_offset(6)
    (2, TextPiece(offset=5, start=15, end=19), 16)
    >>> pieces == (TextPiece(0, 10, 14), TextPiece(5, 15, 19))
    True
    """

    __slots__ = ("_ints",)
    _ints: "array[int]"

    def __init__(
        self, pieces: Iterable[TextPiece] = (), *, packed: "array[int] | None" = None
    ) -> None:
        if packed is not None:  # see packed()
            if len(packed) % 3:
                msg = f"a piece map needs offset, start and end for each piece: {len(packed)}"
                raise ValueError(msg)
            self._ints = packed
            return
        ints = array("q")
        for piece in pieces:
            ints.extend((piece.offset, piece.start, piece.end))
        self._ints = ints

    @classmethod
    def of(cls, pieces: "PieceMap | Iterable[TextPiece]") -> "PieceMap":
        """``pieces`` as a piece map (itself when it is one)."""
        return pieces if isinstance(pieces, PieceMap) else cls(pieces)

    @classmethod
    def packed(cls, ints: "array[int]") -> "PieceMap":
        """A piece map over ``ints`` (offset, start, end, offset, …), taken as it is: the
        caller hands it over and never changes it."""
        return cls(packed=ints)

    def __len__(self) -> int:
        return len(self._ints) // 3

    @overload
    def __getitem__(self, index: int) -> TextPiece: ...
    @overload
    def __getitem__(self, index: slice) -> "PieceMap": ...
    def __getitem__(self, index: int | slice) -> "TextPiece | PieceMap":
        if isinstance(index, slice):
            return PieceMap(self[k] for k in range(*index.indices(len(self))))
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            msg = "piece index out of range"
            raise IndexError(msg)
        ints = self._ints
        return TextPiece(ints[3 * index], ints[3 * index + 1], ints[3 * index + 2])

    def __iter__(self) -> Iterator[TextPiece]:
        ints = self._ints
        for k in range(0, len(ints), 3):
            yield TextPiece(ints[k], ints[k + 1], ints[k + 2])

    def _columns(self) -> tuple[object, ...]:
        return (self._ints,)

    def __reduce__(self) -> tuple[object, ...]:
        return (_unpickle_pieces, (self._ints.tolist(),))

    def triples(self) -> list[list[int]]:
        """``[[offset, start, end], …]``: the pieces as JSON writes them."""
        ints = self._ints.tolist()
        return [ints[k : k + 3] for k in range(0, len(ints), 3)]

    def source_offset(self, index: int) -> int:
        """The source offset of character ``index`` of the joined text (a character between
        two pieces, such as the space that joined two lines, maps to the next piece's start;
        past the end, the last piece's end). Found by bisection: any paragraph, any size."""
        ints = self._ints
        count = len(self)
        if not count:
            msg = "an empty piece map has no offsets"
            raise ValueError(msg)
        # the first piece whose text ends after ``index``
        low, high = 0, count
        while low < high:
            middle = (low + high) // 2
            k = 3 * middle
            if index < ints[k] + ints[k + 2] - ints[k + 1]:
                high = middle
            else:
                low = middle + 1
        if low == count:
            return ints[3 * count - 1]
        k = 3 * low
        return ints[k + 1] + max(0, index - ints[k])


def _unpickle_pieces(ints: list[int]) -> PieceMap:
    return PieceMap.packed(array("q", ints))


def _piece_map(pieces: PieceMap | Iterable[TextPiece]) -> PieceMap:
    return PieceMap.of(pieces)


#: No pieces: the text is the source line itself.
NO_PIECES = PieceMap()


@frozen(repr=False, eq=False)
class Heading(Model):
    """A heading line (or, for a wrapped item title, several lines).

    ``text`` has markup removed; ``level`` is the number of ``#`` (``None`` for a plain
    heading); ``bold`` tells whether the text was wrapped in ``**``.
    """

    LEAF: ClassVar[bool] = True
    text: str
    span: Span
    level: int | None = None
    bold: bool = False


class _JoinedText(Model):
    """Text joined from source lines; ``pieces`` map it back (empty: the text is the line)."""

    __slots__ = ()
    span: Span
    pieces: PieceMap

    def source_offset(self, index: int) -> int:
        """The source offset of character ``index`` of the text."""
        return self.pieces.source_offset(index) if self.pieces else self.span.start + index


@frozen(repr=False, eq=False)
class Paragraph(_JoinedText):
    """Running text: source lines joined (wrapped lines, page breaks, kept hyphens)."""

    LEAF: ClassVar[bool] = True
    text: str
    span: Span
    pieces: PieceMap = field(default=NO_PIECES, converter=_piece_map)


@frozen(repr=False, eq=False)
class ListItem(_JoinedText):
    """One item of a list; ``marker`` is ``"-"``, ``"1."``, ``"A."`` … or ``None`` (unmarked)."""

    LEAF: ClassVar[bool] = True
    text: str
    span: Span
    marker: str | None = None
    pieces: PieceMap = field(default=NO_PIECES, converter=_piece_map)


@frozen(repr=False, eq=False)
class ListBlock(Model):
    """Consecutive list items. ``ordered`` when the markers are numbers or letters."""

    items: tuple[ListItem, ...]
    span: Span
    ordered: bool = False


@frozen(repr=False, eq=False)
class TableCell(Model):
    """One raw cell: the text between separators, exactly as in the source (HTML and all)."""

    raw: str
    span: Span


@frozen(repr=False, eq=False)
class TableRow(Model):
    """One source line of a table, split into raw cells."""

    LEAF: ClassVar[bool] = True
    cells: tuple[TableCell, ...]
    span: Span

    @property
    def is_separator(self) -> bool:
        """A markdown ``|--|--|`` or TAB ``--⇥---`` rule line."""
        return all(set(c.raw.strip()) <= {"-", ":"} for c in self.cells) and any(
            c.raw.strip() for c in self.cells
        )


@frozen(repr=False, eq=False)
class TableBlock(Model):
    """A pipe table (``kind="pipe"``) or TAB-separated table (``kind="tab"``), rows as written.

    The tables plugin types it (header rows, numbers, units, totals).
    """

    rows: tuple[TableRow, ...]
    span: Span
    kind: str = "tab"


@frozen(repr=False, eq=False)
class Unparsed(Model):
    """Text the grammar could not place; there is always a diagnostic next to it."""

    LEAF: ClassVar[bool] = True
    text: str
    span: Span
    reason: str = ""


@frozen(repr=False, eq=False)
class Furniture(Model):
    """Page furniture: site chrome, ``Til toppen``, ``Side N``, print links, running headers.

    Kept as a leaf of its own so it is never mistaken for content and never lost.
    """

    LEAF: ClassVar[bool] = True
    text: str
    span: Span
    kind: str = "chrome"


Block = Heading | Paragraph | ListBlock | TableBlock | Unparsed | Furniture


@frozen(repr=False, eq=False)
class Section(Model):
    """A section of an agenda item (Resume, Indstilling, Beslutning …) and its blocks.

    ``body`` and ``date`` are read from a heading that carries them
    (``Beslutning i Økonomiudvalget den 12-09-2023``); ``None`` otherwise.
    """

    kind: SectionKind
    heading: Heading
    blocks: tuple[Block, ...]
    span: Span
    body: str | None = None
    date: dt.date | None = None

    @property
    def name(self) -> str:
        """The heading as written, without markup (``"INDSTILLING"``, ``"Text"`` …)."""
        return self.heading.text

    def paragraphs(self) -> Iterator[Paragraph | ListItem]:
        """Every run of text in the section: paragraphs and list items, in order."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block
            elif isinstance(block, ListBlock):
                yield from block.items


@frozen(repr=False, eq=False)
class CaseNumber(Model):
    """A case number as printed: ``15.20.00-Ø34-1-20``, ``2009/049528``, ``EMN-2025-009242``.

    ``raw`` is the number exactly as written (without its label). ``scheme`` says how it is
    built; the parts a scheme has are filled, the others are ``None``: for KLE ``kle`` is the
    subject, ``facet`` the handlingsfacet, ``serial`` the running number and ``year`` the
    four-digit year, ``kle_title`` comes from the shipped KLE table (OS2KLE); a journal number
    has ``year`` and ``serial``. ``label`` is the label as written (``Sagsnr.``), if any.
    """

    LEAF: ClassVar[bool] = True
    raw: str
    span: Span
    scheme: CaseScheme = CaseScheme.KLE
    kle: str | None = None
    facet: str | None = None
    serial: int | None = None
    year: int | None = None
    kle_title: str | None = None
    label: str | None = None


@frozen(repr=False, eq=False)
class Extract(Model):
    """A plugin result attached to an agenda item by the runner: the extractor's name and
    its value (read it typed with :meth:`AgendaItem.get`)."""

    name: str
    value: object


class ItemNumber(int):
    """The number of a sub-item (``1.1``, ``2.3.1``): an ``int``, the number of the item it
    belongs to, that also holds the rest of its number path (``sub``) and prints as written.

    Code that reads item numbers as integers keeps working (``int(n)``, ``n + 1``, ``n == 1``:
    a sub-item compares equal to, and hashes like, its item's number); ``str(n)`` and
    ``f"{n}"`` give ``"1.1"``, :attr:`path` gives ``(1, 1)``. Sort sub-items by ``path``
    (``1.2`` and ``1.1`` are equal as ints) and key dicts by ``str(n)``. :class:`AgendaItem`
    mirrors ``sub`` in its ``sub_numbers`` field, which is what JSON holds.

    >>> number = ItemNumber(1, (2,))
    >>> number, str(number), number.path, int(number), number == 1
    (ItemNumber('1.2'), '1.2', (1, 2), 1, True)
    >>> ItemNumber.parse("2.3.1").path
    (2, 3, 1)
    """

    sub: tuple[int, ...]

    def __new__(cls, number: int, sub: tuple[int, ...]) -> "ItemNumber":
        if not sub:
            msg = "an ItemNumber has a sub-number (a plain item number is an int)"
            raise ValueError(msg)
        value = super().__new__(cls, number)
        value.sub = tuple(sub)
        return value

    @classmethod
    def parse(cls, text: str) -> "ItemNumber":
        """``"1.1"`` → ``ItemNumber(1, (1,))``."""
        first, *rest = (int(part) for part in text.split("."))
        return cls(first, tuple(rest))

    @property
    def path(self) -> tuple[int, ...]:
        """The whole number path: ``(1, 1)`` for ``1.1``."""
        return (int(self), *self.sub)

    def __str__(self) -> str:
        return ".".join(str(part) for part in self.path)

    def __repr__(self) -> str:
        return f"ItemNumber({str(self)!r})"

    def __format__(self, spec: str) -> str:
        if spec and spec[-1] in "bcdoxXneEfFgG%":
            return int.__format__(self, spec)  # a number format: the item's own number
        return format(str(self), spec)

    def __getnewargs__(self) -> tuple[int, tuple[int, ...]]:  # type: ignore[override]
        return int(self), self.sub


@frozen(repr=False, eq=False)
class AgendaItem(Model):
    """An agenda item (``Punkt N: title``, ``3. Titel``, or an untitled block of a case).

    ``number`` and ``title`` are ``None`` when the document gives none (a diagnostic says
    so); ``heading`` is ``None`` for an item that opens with its case number or a section.
    ``closed`` is ``True`` for ``Lukket punkt``, ``False`` for ``Åbent punkt``, ``None`` when
    not stated.

    A sub-item (``1.1 Status siden sidst`` below ``1 First Agenda``) is an item of its own,
    in order among the others: its ``number`` is an :class:`ItemNumber` (an ``int``, ``1``,
    that prints as ``1.1``) and ``sub_numbers`` the rest of its number path (``(1,)``;
    empty for an item that is no sub-item). Either may be given: each is made to agree with
    the other (the ``number`` wins when it is an ``ItemNumber``).
    """

    number: int | None
    title: str | None
    heading: Heading | None
    span: Span
    case_number: CaseNumber | None = None
    case_type: CaseType | None = None
    case_type_raw: str | None = None
    preamble: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    extracts: tuple[Extract, ...] = ()
    closed: bool | None = None
    sub_numbers: tuple[int, ...] = ()

    def __attrs_post_init__(self) -> None:
        number = self.number
        if type(number) is ItemNumber:
            if self.sub_numbers != number.sub:
                object.__setattr__(self, "sub_numbers", number.sub)
        elif self.sub_numbers and number is not None:
            object.__setattr__(self, "number", ItemNumber(number, self.sub_numbers))

    def section(self, kind: SectionKind) -> Section | None:
        """The first section of this kind, or ``None``."""
        for section in self.sections:
            if section.kind is kind:
                return section
        return None

    def sections_of(self, kind: SectionKind) -> tuple[Section, ...]:
        """Every section of this kind, in order (a decision chain has several)."""
        return tuple(section for section in self.sections if section.kind is kind)

    def get(self, key: "ResultKey[T]") -> T | None:
        """The result a plugin attached under ``key``, typed (``None`` when it did not run,
        found nothing, or attached a value of another type).

        Each plugin exports its keys: ``item.get(referat_decisions.DECISION)`` is a
        ``Decision | None``, ``item.get(referat_tables.TABLES)`` a ``tuple[Table, ...] | None``.
        """
        value = self.extract(key.name)
        return value if value is not None and key.accepts(value) else None  # type: ignore[return-value]

    def extract(self, name: str) -> object | None:
        """The result of the extractor called ``name`` (untyped), or ``None``."""
        for extract in self.extracts:
            if extract.name == name:
                return extract.value
        return None


@frozen(repr=False, eq=False)
class HeaderLine(Model):
    """One line of the meeting header: ``text`` is its value (``label`` the label as written,
    when the line has one: ``Mødedato``)."""

    LEAF: ClassVar[bool] = True
    field: HeaderField
    text: str
    span: Span
    label: str | None = None


@frozen(repr=False, eq=False)
class Attendance(Model):
    """One statement of who attended, was absent, substituted, left or arrived.

    ``name`` is the person as written (without party); ``party`` the party letter or name in
    parentheses or after a comma; ``substitute_for`` the member a substitute replaced;
    ``items`` the item numbers the statement is limited to (empty: the whole meeting or item);
    ``span`` covers the statement's text.
    """

    name: str
    status: AttendanceStatus
    span: Span
    party: str | None = None
    substitute_for: str | None = None
    items: tuple[int, ...] = ()


@frozen(repr=False, eq=False)
class Meeting(Model):
    """The meeting header. Fields are ``None`` when the document does not state them.

    ``committee`` is the body (``Økonomiudvalget``, ``Byrådet``); ``kind`` what the document
    says it is; ``attendance`` the meeting-level statements (``Afbud:``, ``Fraværende:`` …).
    """

    lines: tuple[HeaderLine, ...]
    span: Span
    committee: str | None = None
    period: str | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    location: str | None = None
    kind: DocumentKind | None = None
    end_time: dt.time | None = None
    attendance: tuple[Attendance, ...] = ()


@frozen(repr=False, eq=False)
class TocEntry(Model):
    """A line of the table of contents: the title as printed (maybe cut) and its page.

    ``number`` is the item number as printed (``None`` when the line shows none);
    ``item_number`` the number of the item the entry was matched to.
    """

    LEAF: ClassVar[bool] = True
    title: str
    span: Span
    page: int | None = None
    item_number: int | None = None
    number: int | None = None


@frozen(repr=False, eq=False)
class Toc(Model):
    """The table of contents (``Indholdsfortegnelse``).

    ``rows`` keeps the lines of a pipe-table TOC that are not entries (its empty header row and
    separator).
    """

    heading: Heading | None
    entries: tuple[TocEntry, ...]
    span: Span
    rows: tuple[TableRow, ...] = ()


@frozen(repr=False, eq=False)
class SourceInfo(Model):
    """Where the text came from: a name (path or ``None``), its SHA-256 and size."""

    name: str | None
    sha256: str
    length: int
    encoding: str = "utf-8"


@frozen(repr=False, eq=False)
class Referat(Model):
    """A parsed referat: the root of the model."""

    text: str = field(repr=False)
    source: SourceInfo
    layout: str
    items: tuple[AgendaItem, ...] = ()
    layout_score: float = 0.0
    meeting: Meeting | None = None
    toc: Toc | None = None
    front: tuple[Block, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    source_map: SourceMap | None = None  # PDF, HTML, XML: where the text came from

    def source_text(self, span: Span) -> str:
        """The exact slice of the original text that ``span`` covers."""
        return self.text[span.start : span.end]

    def item(self, number: int) -> AgendaItem | None:
        """The agenda item with this number, or ``None``."""
        for item in self.items:
            if item.number == number:
                return item
        return None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity error."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)
