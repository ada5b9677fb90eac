"""Write a document back as text: :func:`render` (and :func:`render_with_diagnostics`).

``render(doc, layout="plain")`` writes a :class:`~referat.models.Referat` — a parsed one, or a
model built by hand — as the text of a registered layout, so that :func:`referat.parse` of
the result gives the same structure: the meeting's committee, period, date, time and place,
the items' numbers, titles, case numbers and open/closed state, the sections and their
kinds (with the body and date of a dated decision heading), and every block's text, from
which the plugins read decisions, votes, absences and amounts again.

How a layout is written is data: the layout's :class:`~referat.layouts.spec.RenderSpec`
(``layout.render``; ``[render]`` in a TOML layout) holds the templates. What a layout cannot
write is never dropped silently: the text is written as well as the layout allows, and a
:class:`~referat.models.Diagnostic` (code ``render-…``) says what was lost —
:func:`render_with_diagnostics` returns them, :func:`render` issues each as a
:class:`RenderWarning`. What no layout writes:

* plugin results (``item.extracts``): they are read from the text, which is written;
* the table of contents: it is made of the item titles (code ``render-toc``, info);
* the meeting's attendance in a layout without an attendance template (the Odense ones).

Tables are written in the kinds the layout's export has (``RenderSpec.tables``: pipe rows in
``markdown``, TAB rows in the others); a table of another kind is written in the layout's kind
(info ``render-table-kind``), and in a layout without tables (the 2016 export) each row is
written as a line of text (``render-table``). Items without number and title (a document
read as *untitled*) are written in the generic layouts as the reader opens them: at the
item's labelled case-number line (``Sagsnr.: …``) or its access marker (``Åben``/``Lukket``).

>>> import referat
>>> doc = referat.parse("Punkt 1: Budget\\n\\n00.30.00-S00-1-21\\n\\nBeslutning\\n\\n"
...                     "Godkendt.\\n", plugins=[])
>>> print(referat.render(doc, layout="markdown"), end="")
<BLANKLINE>
<BLANKLINE>
# Punkt 1: Budget
<BLANKLINE>
00.30.00-S00-1-21
<BLANKLINE>
## Beslutning
<BLANKLINE>
Godkendt.
>>> print(referat.render(doc, layout="first-agenda"), end="")
1. Budget
Sagsnr.: 00.30.00-S00-1-21
Beslutning
Godkendt.
"""

from __future__ import annotations

import datetime as dt
import string
import warnings
from collections.abc import Iterable, Mapping

from referat.layouts import Layout, builtin_layouts
from referat.layouts.spec import RenderSpec
from referat.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Block,
    CaseNumber,
    Diagnostic,
    Furniture,
    Heading,
    ListBlock,
    Meeting,
    Paragraph,
    Referat,
    Section,
    SectionKind,
    Severity,
    TableBlock,
    Unparsed,
)
from referat.registry import Registry

__all__ = [
    "RenderWarning",
    "access_marker",
    "layout_named",
    "opens_untitled",
    "render",
    "render_with_diagnostics",
]

#: Danish month and weekday names as the header lines print them.
MONTH_NAMES = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAY_NAMES = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

#: Which meeting attribute each header field writes (a field left out is reported).
_MEETING_FIELDS: Mapping[str, str] = {
    "committee": "committee",
    "period": "period",
    "location": "location",
    "date": "date",
    "date_dotted": "date",
    "date_long": "date",
    "date_long_padded": "date",
    "day": "date",
    "month": "date",
    "year": "date",
    "weekday": "date",
    "weekday_lower": "date",
    "time": "start_time",
    "end_time": "end_time",
}


class RenderWarning(UserWarning):
    """Something of the document the layout cannot write (see :func:`render`)."""


def layout_named(name: str, registry: Registry | None = None) -> Layout:
    """The registered layout called ``name`` (a plugin's first, then the shipped ones)."""
    layouts = (registry.layouts if registry else ()) + builtin_layouts()
    for layout in layouts:
        if layout.name == name:
            return layout
    known = sorted({layout.name for layout in layouts})
    msg = f"no layout called {name!r} (known: {', '.join(known)})"
    raise ValueError(msg)


def render(
    doc: Referat, layout: str | Layout | None = None, *, registry: Registry | None = None
) -> str:
    """``doc`` written as the text of ``layout`` (a name or a :class:`Layout`; default: the
    layout ``doc`` was read in). What the layout cannot write is issued as a
    :class:`RenderWarning` each (see :func:`render_with_diagnostics`)."""
    text, diagnostics = render_with_diagnostics(doc, layout, registry=registry)
    for diagnostic in diagnostics:
        if diagnostic.severity is not Severity.INFO:
            warnings.warn(RenderWarning(f"{diagnostic.code}: {diagnostic.message}"), stacklevel=2)
    return text


def render_with_diagnostics(
    doc: Referat, layout: str | Layout | None = None, *, registry: Registry | None = None
) -> tuple[str, tuple[Diagnostic, ...]]:
    """:func:`render`, returning the text and a diagnostic for each thing not written."""
    chosen = layout if isinstance(layout, Layout) else layout_named(layout or doc.layout, registry)
    if chosen.render is None:
        msg = f"layout {chosen.name!r} has no render templates (Layout.render is None)"
        raise ValueError(msg)
    writer = _Writer(chosen, chosen.render)
    writer.document(doc)
    return writer.text(), tuple(writer.diagnostics)


# -- formatting helpers --------------------------------------------------------------------------


def fields_of(template: str) -> frozenset[str]:
    """The names of the fields a template uses."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def meeting_fields(meeting: Meeting) -> dict[str, str]:
    """The template fields a meeting gives (only those it has)."""
    values: dict[str, str] = {}
    if meeting.committee:
        values["committee"] = meeting.committee
    if meeting.period:
        values["period"] = meeting.period
    if meeting.location:
        values["location"] = meeting.location
    if meeting.date is not None:
        values.update(date_fields(meeting.date))
    if meeting.start_time is not None:
        values["time"] = meeting.start_time.strftime("%H:%M")
    if meeting.end_time is not None:
        values["end_time"] = meeting.end_time.strftime("%H:%M")
    return values


def date_fields(date: dt.date) -> dict[str, str]:
    """``date``, ``date_dotted``, ``date_long`` … of a date (see :data:`RENDER_FIELDS`)."""
    month = MONTH_NAMES[date.month - 1]
    weekday = WEEKDAY_NAMES[date.weekday()]
    return {
        "date": date.strftime("%d-%m-%Y"),
        "date_dotted": date.strftime("%d.%m.%Y"),
        "date_long": f"{date.day}. {month} {date.year}",
        "date_long_padded": f"{date.day:02d}. {month} {date.year}",
        "day": str(date.day),
        "month": month,
        "year": str(date.year),
        "weekday": weekday.capitalize(),
        "weekday_lower": weekday,
    }


def people(entries: Iterable[Attendance]) -> str:
    """``Name (P), Name og Name (Q)``: people as an attendance line lists them."""
    names = [f"{a.name} ({a.party})" if a.party else a.name for a in entries]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def block_lines(block: Block, spec: RenderSpec) -> list[str]:
    """The lines a block is written as."""
    if isinstance(block, Paragraph):
        return wrap(block.text, spec.wrap)
    if isinstance(block, ListBlock):
        out = []
        for number, item in enumerate(block.items, start=1):
            marker = item.marker or (f"{number}." if block.ordered else "-")
            out.extend(wrap(f"{marker} {item.text}", spec.wrap))
        return out
    if isinstance(block, TableBlock):
        return table_lines(block, block.kind)
    if isinstance(block, Heading | Furniture | Unparsed):
        return block.text.splitlines() or [""]
    raise TypeError(f"not a block: {block!r}")  # pragma: no cover - Block is a closed union


def table_lines(block: TableBlock, kind: str) -> list[str]:
    """The rows of a table as ``kind`` (``"pipe"`` or ``"tab"``) rows: as written when the
    kind is the table's own, else the cells stripped and joined in the other kind's way."""
    if kind == block.kind:
        if kind == "pipe":
            return ["|" + "|".join(c.raw for c in row.cells) + "|" for row in block.rows]
        return ["\t".join(c.raw for c in row.cells) for row in block.rows]
    if kind == "pipe":
        return ["| " + " | ".join(c.raw.strip() for c in row.cells) + " |" for row in block.rows]
    return ["\t".join(c.raw.strip() for c in row.cells) for row in block.rows]


def table_text(block: TableBlock) -> list[str]:
    """The rows of a table as lines of text (for a layout without tables): the cells of each
    row that is not a separator, stripped, two spaces apart."""
    out = []
    for row in block.rows:
        if row.is_separator:
            continue
        cells = [" ".join(c.raw.split()) for c in row.cells]
        line = "  ".join(cell for cell in cells if cell)
        if line:
            out.append(line)
    return out


def wrap(text: str, width: int | None) -> list[str]:
    """``text`` as one line, or hard-wrapped at ``width`` (at spaces only, words kept)."""
    if width is None or len(text) <= width:
        return [text]
    import textwrap  # noqa: PLC0415 - its patterns are compiled at import; few layouts wrap

    return textwrap.wrap(
        text, width, break_long_words=False, break_on_hyphens=False, expand_tabs=False,
        replace_whitespace=False, drop_whitespace=True,
    )  # fmt: skip


def opens_untitled(layout: Layout, line: str) -> bool:
    """Does the generic reader open an untitled item at this case-number line? Only at a
    labelled one (``Sagsnr.: …``), not at a bare number (``2012/012799``, ``Åbent - …``)."""
    for form in layout.case_forms:
        match = form.match(line)
        if match is not None:
            return match.groupdict().get("label") is not None
    return False


def access_marker(layout: Layout, closed: bool) -> str | None:
    """The shortest access marker ``layout`` reads as ``closed`` (``Åben``, ``Lukket``)."""
    markers = sorted(
        (m for m, value in layout.access_markers.items() if value is closed),
        key=lambda m: (len(m), m),
    )
    return markers[0][:1].upper() + markers[0][1:] if markers else None


class _Writer:
    """Collects the lines of one rendered document, and what could not be written."""

    def __init__(self, layout: Layout, spec: RenderSpec) -> None:
        self.layout = layout
        self.spec = spec
        self.lines: list[str] = list(spec.start)
        self.diagnostics: list[Diagnostic] = []
        self._started = False

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def lost(self, code: str, message: str, item: int | None = None) -> None:
        text = f"layout {self.layout.name!r} cannot write {message}"
        diagnostic = Diagnostic(Severity.WARNING, f"render-{code}", text, None, item=item)
        self.diagnostics.append(diagnostic)

    def block(self, lines: Iterable[str], *, glued: bool = False) -> None:
        """Write one block; the separator line goes before it (not at the start)."""
        if self._started and not glued and self.spec.separator is not None:
            self.lines.append(self.spec.separator)
        self.lines.extend(lines)
        self._started = True

    def text_block(self, block: Block, *, glued: bool = False, item: int | None = None) -> None:
        """Write a block of text; a line the layout would read as a section heading
        (``Baggrund`` as a sub-heading, written in a layout where it names a section) is
        written, and reported: the parse will make a section of it."""
        if isinstance(block, TableBlock):
            lines = self.table(block, item)
        else:
            lines = block_lines(block, self.spec)
        for line in lines:
            bare = line.strip().strip("#*").strip().rstrip(":").rstrip()
            if bare and self.layout.section_kind(bare) is not None:
                self.lost("ambiguous", f"the line {bare!r} as text (it reads as a section)", item)
        self.block(lines, glued=glued)

    def table(self, block: TableBlock, item: int | None) -> list[str]:
        """The lines of a table in a kind the layout writes, and what that loses."""
        kinds = self.spec.tables
        if block.kind in kinds:
            return table_lines(block, block.kind)
        if kinds:
            self.diagnostics.append(
                Diagnostic(
                    Severity.INFO,
                    "render-table-kind",
                    f"layout {self.layout.name!r} writes a {block.kind} table as a "
                    f"{kinds[0]} table (rows and cells kept)",
                    None,
                    item=item,
                )
            )
            return table_lines(block, kinds[0])
        rows = sum(1 for row in block.rows if not row.is_separator)
        self.lost("table", f"a table ({rows} rows, written as lines of text)", item)
        return table_text(block)

    # -- the document ------------------------------------------------------------------------
    def document(self, doc: Referat) -> None:
        if self.spec.preamble:
            self.block(self.spec.preamble)
        if doc.meeting is not None:
            self.meeting(doc.meeting)
        if doc.toc is not None and doc.toc.entries:
            self.diagnostics.append(
                Diagnostic(
                    Severity.INFO,
                    "render-toc",
                    "the table of contents is not written (it is made of the item titles)",
                    None,
                )
            )
        for block in doc.front:
            self.text_block(block)
        untitled = bool(doc.items) and all(i.number is None and i.title is None for i in doc.items)
        for position, item in enumerate(doc.items, start=1):
            if untitled and self.untitled_item(item, position):
                continue
            self.item(item, position)

    def meeting(self, meeting: Meeting) -> None:
        values = meeting_fields(meeting)
        written: set[str] = set()
        for alternatives in self.spec.header:
            for template in alternatives:
                names = fields_of(template)
                if names <= values.keys():
                    self.block([template.format_map(values)])
                    written.update(_MEETING_FIELDS[n] for n in names if n in _MEETING_FIELDS)
                    break
        for attribute in ("committee", "period", "date", "start_time", "location", "end_time"):
            if getattr(meeting, attribute) and attribute not in written:
                self.lost("meeting", f"the meeting's {attribute} ({getattr(meeting, attribute)})")
        by_status: dict[AttendanceStatus, list[Attendance]] = {}
        for entry in meeting.attendance:
            by_status.setdefault(entry.status, []).append(entry)
        for status, entries in by_status.items():
            line = self.spec.attendance.get(status)
            if line is None:
                listed = f"{status.value}: {people(entries)}"
                self.lost("attendance", f"the meeting's attendance ({listed})")
                continue
            if any(e.items or e.substitute_for for e in entries):
                what = "the items or the member replaced of an attendance statement"
                self.lost("attendance", what)
            self.block([line.format(people=people(entries))])

    # -- items -------------------------------------------------------------------------------
    def item(self, item: AgendaItem, position: int) -> None:
        spec = self.spec
        number = item.number
        if number is None:
            self.lost("item-number", f"an item without a number (written as {position})", None)
            number = position
        title = item.title
        if title is None:
            self.lost("item-title", f"item {number} without a title (written with an empty one)")
            title = ""
        self.block([spec.item.format(number=number, title=title).rstrip()])
        if item.case_number is not None:
            case = item.case_number
            template = spec.case
            if item.closed is True and spec.case_closed is not None:
                template = spec.case_closed
            elif item.closed is False and spec.case_open is not None:
                template = spec.case_open
            elif item.closed is not None:
                self.lost("closed", f"whether item {number} is open or closed", number)
            if case.scheme not in spec.schemes:
                self.lost("case-scheme", f"a {case.scheme.value} case number ({case.raw})", number)
            self.block([template.format(raw=case.raw)])
        elif item.closed is not None:
            self.lost("closed", f"whether item {number} is open or closed (no case number)", number)
        self.item_body(item, number)

    def item_body(self, item: AgendaItem, number: int) -> None:
        """An item's preamble and sections (below its heading and case number)."""
        spec = self.spec
        for block in item.preamble:
            extra: object = block  # the builder keeps a second case number in the preamble
            if isinstance(extra, CaseNumber):
                self.block([spec.case.format(raw=extra.raw)])
                continue
            self.text_block(block, item=number)
        for section in item.sections:
            self.section(section, number)

    def untitled_item(self, item: AgendaItem, position: int) -> bool:
        """Write an item of an untitled document as the generic reader opens one: its access
        marker (when it says open or closed), then its labelled case-number line. ``False``
        (nothing written) when the layout cannot open it so."""
        if not self.layout.generic:
            return False
        spec = self.spec
        case = item.case_number
        marker = access_marker(self.layout, item.closed) if item.closed is not None else None
        case_line = spec.case.format(raw=case.raw) if case is not None else None
        labelled = case_line is not None and opens_untitled(self.layout, case_line)
        if marker is None and (item.closed is not None or not labelled):
            return False
        if marker is not None:
            self.block([marker])
        if case is not None and case_line is not None:
            if case.scheme not in spec.schemes:
                what = f"a {case.scheme.value} case number ({case.raw})"
                self.lost("case-scheme", what, position)
            self.block([case_line])
        self.item_body(item, position)
        return True

    def section(self, section: Section, number: int) -> None:
        spec = self.spec
        name = self.heading_name(section, number)
        template = spec.decision_heading
        if section.body is not None or section.date is not None:
            if section.kind is SectionKind.DECISION and template is not None:
                values = date_fields(section.date) if section.date else {}
                if section.body:
                    values["body"] = section.body
                if fields_of(template) <= values.keys():
                    name = template.format_map(values)
                else:
                    self.lost("heading", f"the decision heading {section.name!r} in full", number)
            else:
                self.lost("heading", f"the body and date of the heading {section.name!r}", number)
        self.block([spec.section.format(name=name)])
        glued = spec.glued
        for block in section.blocks:
            self.text_block(block, glued=glued, item=number)
            glued = False

    def heading_name(self, section: Section, number: int) -> str:
        """The heading as written when the layout reads it as the same kind, else the
        layout's name for the kind."""
        written = section.heading.text
        if self.layout.section_kind(written) is section.kind and not (section.body or section.date):
            return written
        name = self.spec.headings.get(section.kind)
        if name is None:
            self.lost("section", f"a section of kind {section.kind.name} ({written!r})", number)
            return written
        return name
