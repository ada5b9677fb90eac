"""What a layout is: data that tells the line classifier what each kind of line looks like.

A :class:`Layout` holds no code of its own beyond an optional scoring function: item-heading
forms, case-number forms, header labels, section vocabulary, table-of-contents headings,
page furniture and a few switches. The classifier (:mod:`referat.classify`) and the item
selection (:mod:`referat.select`) read it; nothing else in the pipeline changes per layout.
Patterns are given as strings (or compiled patterns) and compiled once, when the layout is
made — except those of the shipped data layouts, whose forms are compiled when first read
(:func:`deferred`): a start reads every shipped layout, but only the one that reads the text
needs its forms. Every pattern is matched against one line at a time (``match``: anchored at
the start of the stripped line), so a layout cannot make the lexer slower than linear in the
text as long as its patterns avoid nested quantifiers.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast, final

from attrs import field, frozen

from referat.models import AttendanceStatus, CaseScheme, HeaderField, Model, SectionKind
from referat.vocabulary import ODENSE_SECTIONS

Pattern = re.Pattern[str]


@final
class Deferred:
    """Pattern sources a layout compiles when their field is first read (:func:`deferred`)."""

    __slots__ = ("sources",)

    def __init__(self, sources: Iterable[str | Pattern]) -> None:
        self.sources: tuple[str | Pattern, ...] = tuple(sources)

    def __repr__(self) -> str:
        return f"Deferred({self.sources!r})"


def deferred(sources: Iterable[str | Pattern]) -> tuple[Pattern, ...]:
    """A value for a form field of :class:`Layout` (``item_forms`` …) that is compiled when the
    field is first read, with the same result as compiling it at once. For patterns known to
    compile (the shipped layouts'; the tests compile them all): an invalid one raises
    :class:`re.error` when read, not when the layout is made."""
    return cast("tuple[Pattern, ...]", Deferred(sources))


def pattern_sources(layout: Layout, name: str) -> tuple[str | Pattern, ...]:
    """The patterns of the form field ``name`` of ``layout``, as given: not compiled if the
    field is deferred and not read yet (a layout that extends it takes them over as they are)."""
    try:
        return tuple(object.__getattribute__(layout, name))
    except AttributeError:  # the slot is empty: the field is deferred
        pending: dict[str, Deferred] = object.__getattribute__(layout, "_deferred")
        return pending[name].sources


def compile_patterns(values: Iterable[str | Pattern]) -> tuple[Pattern, ...]:
    """Compile pattern strings (compiled patterns pass through; :func:`deferred` patterns are
    kept to be compiled when read)."""
    if isinstance(values, Deferred):
        return cast("tuple[Pattern, ...]", values)
    return tuple(v if isinstance(v, re.Pattern) else re.compile(v) for v in values)


def _pattern(value: str | Pattern) -> Pattern:
    return value if isinstance(value, re.Pattern) else re.compile(value)


@frozen(repr=False, eq=False)
class Marker(Model):
    """A detection clue: ``weight`` is added to the score once when ``pattern`` matches
    (``search``) a line of the sample, or for every line it matches when ``per_line``."""

    pattern: Pattern = field(converter=_pattern)
    weight: float = 0.1
    per_line: bool = False


def _markers(values: Iterable[Marker | Mapping[str, Any]]) -> tuple[Marker, ...]:
    return tuple(v if isinstance(v, Marker) else Marker(**v) for v in values)


#: ``Punkt 3: Titel`` with ``#``/``**`` markup or up to three leading spaces (the Odense forms).
ODENSE_ITEM = r"\s{0,3}(?:#{1,6}\s+)?(?:\*\*)?Punkt\s+(?P<number>\d{1,3})\s*:\s*(?P<title>.*)"
#: ``15.20.00-Ø34-1-20``: KLE subject, handlingsfacet, serial, two-digit year, alone.
KLE_ALONE = r"\s*(?P<raw>\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]{1,2}\d{2}-\d{1,5}-\d{2})\s*$"
#: ``# **REFERAT …**``, ``**Mødedato** …``, ``Mødested …``.
ODENSE_HEADER = (
    r"(?:#{1,6}\s+)?(?:\*\*)?(?P<label>REFERAT|Mødedato|Mødested)(?:\*\*)?\s+(?P<value>\S.*)"
)
ODENSE_HEADER_LABELS: Mapping[str, HeaderField] = {
    "referat": HeaderField.TITLE,
    "mødedato": HeaderField.DATE,
    "mødested": HeaderField.PLACE,
}


#: The fields a render template may use (see :class:`RenderSpec`).
RENDER_FIELDS = frozenset(
    {
        "number", "title", "raw", "name", "body", "committee", "period", "location",
        "date", "date_dotted", "date_long", "date_long_padded", "day", "month", "year",
        "weekday", "weekday_lower", "time", "end_time", "people", "page", "pages",
    }
)  # fmt: skip


def _field_names(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _check_template(template: str) -> str:
    unknown = _field_names(template) - RENDER_FIELDS
    if unknown:
        msg = f"render template {template!r} uses unknown fields {sorted(unknown)}"
        raise ValueError(msg)
    return template


def _alternatives(values: Iterable[str | Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (_check_template(v),) if isinstance(v, str) else tuple(_check_template(t) for t in v)
        for v in values
    )


def _templates(values: Mapping[Any, str]) -> Mapping[Any, str]:
    return {key: _check_template(value) for key, value in values.items()}


#: The kinds of table a layout can write (:attr:`RenderSpec.tables`).
TABLE_KINDS = ("pipe", "tab")


def _table_kinds(values: Iterable[str]) -> tuple[str, ...]:
    kinds = tuple(values)
    unknown = sorted(set(kinds) - set(TABLE_KINDS))
    if unknown or len(set(kinds)) != len(kinds):
        msg = f"render tables {list(kinds)}: each one of {list(TABLE_KINDS)}, at most once"
        raise ValueError(msg)
    return kinds


#: The section headings the Odense exports print, by kind.
ODENSE_HEADINGS: Mapping[SectionKind, str] = {
    SectionKind.RESUME: "Resume",
    SectionKind.EFFECT: "Effekt",
    SectionKind.RECOMMENDATION: "Indstilling",
    SectionKind.DECISION: "Beslutning",
    SectionKind.CASE_PRESENTATION: "Sagsfremstilling",
    SectionKind.ECONOMY: "Økonomi",
    SectionKind.ATTACHMENTS: "Bilag",
    SectionKind.INITIATIVE_PROPOSAL: "Initiativretsforslag",
    SectionKind.PROPOSER_RECOMMENDATION: "Indstilling fra forslagsstiller",
    SectionKind.ADMINISTRATION_ASSESSMENT: "Forvaltningens belysning",
}


@frozen(repr=False, eq=False)
class RenderSpec(Model):
    """How :func:`referat.render` writes a document in a layout: templates, as data.

    Templates are :meth:`str.format` strings over the fields of :data:`RENDER_FIELDS`
    (``{number}``, ``{title}``, ``{raw}``, ``{name}``, ``{committee}``, ``{date_long}`` …).
    ``header`` lists the meeting's header lines; each entry is a tuple of alternatives, and
    the first alternative whose fields the meeting all has is written (none: the line is left
    out). ``attendance`` writes the meeting's attendance, one line per status (``{people}``).
    ``start`` are the lines the text begins with, ``preamble`` lines written before the header
    (site chrome), ``item`` an item heading, ``case`` a case-number line (``case_open`` /
    ``case_closed`` when the item says it is open or closed), ``section`` a section heading
    around ``{name}``, ``headings`` the heading name of each section kind, ``decision_heading``
    a decision heading that carries a body and a date. ``separator`` is the line written
    between blocks (``None``: none); ``glued`` writes a section's text right below its
    heading; ``wrap`` hard-wraps running text at that width; ``page_break`` are the lines a
    page break leaves inside a paragraph. ``schemes`` are the case-number schemes the
    layout's forms read; ``case_required``: every item of the layout has a case number (the
    Odense layouts are recognised by them). ``glued_headings`` are section headings an
    export may glue to the item heading above them (``1. TitelReferat``: noise that
    :func:`referat.testing.texts` adds). ``tables`` are the kinds of
    :class:`~referat.models.TableBlock` the export writes (``"pipe"``: ``| a | b |``;
    ``"tab"``: cells between TABs); a table of another kind is written in the first kind the
    layout has, and a layout with none writes each row as a line of text. What a layout cannot
    write is reported, never dropped silently (:func:`referat.render.render_with_diagnostics`).
    """

    item: str = field(default="Punkt {number}: {title}", converter=_check_template)
    case: str = field(default="{raw}", converter=_check_template)
    case_open: str | None = None
    case_closed: str | None = None
    section: str = field(default="{name}", converter=_check_template)
    headings: Mapping[SectionKind, str] = field(default=ODENSE_HEADINGS, eq=False)
    decision_heading: str | None = None
    header: tuple[tuple[str, ...], ...] = field(
        default=(
            ("REFERAT {committee} {period} d. {date}", "REFERAT {committee} d. {date}"),
            (
                "Mødedato {weekday} d. {date_long_padded} kl. {time}",
                "Mødedato {weekday} d. {date_long_padded}",
            ),
            ("Mødested {location}",),
        ),
        converter=_alternatives,
    )
    attendance: Mapping[AttendanceStatus, str] = field(factory=dict, converter=_templates, eq=False)
    start: tuple[str, ...] = ("", "")
    preamble: tuple[str, ...] = ()
    separator: str | None = ""
    glued: bool = False
    wrap: int | None = None
    page_break: tuple[str, ...] = ("",)
    schemes: frozenset[CaseScheme] = frozenset({CaseScheme.KLE})
    case_required: bool = True
    glued_headings: tuple[str, ...] = ()
    tables: tuple[str, ...] = field(default=("tab",), converter=_table_kinds)

    def __attrs_post_init__(self) -> None:
        for template in (self.case_open, self.case_closed, self.decision_heading):
            if template is not None:
                _check_template(template)
        for template in (*self.headings.values(), *self.page_break, *self.preamble):
            _check_template(template)


#: The fields of :class:`Layout` that :func:`deferred` may fill.
FORM_FIELDS = ("item_forms", "case_forms", "header_forms", "title_forms", "furniture")


class _DeferredForms(Model):
    """Keeps the :func:`deferred` forms of a :class:`Layout` outside its fields: the field's
    slot stays empty until it is first read, and :meth:`__getattr__` (asked only for an empty
    slot) then compiles the patterns and fills it, so later reads are plain slot reads."""

    __slots__ = ("_deferred",)

    def _defer_forms(self) -> None:
        pending = {}
        for name in FORM_FIELDS:
            value = object.__getattribute__(self, name)
            if isinstance(value, Deferred):
                pending[name] = value
                object.__delattr__(self, name)
        if pending:
            object.__setattr__(self, "_deferred", pending)

    if not TYPE_CHECKING:  # for mypy, a Layout has its fields and no others

        def __getattr__(self, name: str) -> Any:
            return self._compile_deferred(name)

    def _compile_deferred(self, name: str) -> Any:
        try:
            pending: dict[str, Deferred] = object.__getattribute__(self, "_deferred")
        except AttributeError:
            pending = {}
        if name not in pending:
            msg = f"{type(self).__name__!r} object has no attribute {name!r}"
            raise AttributeError(msg, name=name, obj=self)
        value = compile_patterns(pending[name].sources)
        object.__setattr__(self, name, value)
        return value


@frozen(repr=False, eq=False)
class Layout(_DeferredForms):
    """A layout family, as data.

    ``detect`` (optional) scores the first lines of a document from 0 (not this family) to 1;
    without it the score is the sum of the weights of the ``markers`` seen, at most 1. The
    best score wins. ``section_names`` maps case-folded headings to section kinds.

    ``item_forms`` match an item heading (groups ``number`` and ``title``, both optional);
    ``case_forms`` a case-number line (group ``raw``, optional ``label``); ``header_forms``
    a header line (groups ``label`` and ``value``), whose label ``header_labels`` must know;
    ``title_forms`` a document title line (``Referat``, ``X - referat - 1. juni 2019``);
    ``furniture`` whole lines of page furniture; ``access_markers`` lines such as ``Åben`` or
    ``Lukket punkt`` (value: is the item closed?); ``toc_headings`` the table-of-contents
    headings, case-folded.

    ``generic`` switches the lexer to the rules of the generic Danish reader: items are chosen
    by evidence (ascending numbers with a case number, section or marker nearby) rather than by
    strict sequence, section headings need no blank line before them, items without titles open
    at a case number, an access marker or a repeated section, a text line that ends a sentence
    ends its paragraph, and headings may carry a body and a date. ``wrapped`` layouts join
    hard-wrapped lines inside a block; ``wrap_width`` is the length from which a line counts as
    running on into the next. ``title_wraps``: an item title continues on the following text
    lines up to a blank line. ``render`` says how :func:`referat.render` writes a document in
    this layout (``None``: it cannot be written in it). ``trusted_headings``: every heading of a
    keyword form (``Punkt N:``) opens an item, evidence or not (text that referat's front ends
    wrote from a source's structure).
    """

    name: str
    detect: Callable[[Sequence[str]], float] | None = field(default=None, eq=False)
    section_names: Mapping[str, SectionKind] = field(default=ODENSE_SECTIONS, eq=False)
    wrapped: bool = False
    markdown: bool = False
    wrap_width: int = 75
    description: str = ""
    markers: tuple[Marker, ...] = field(default=(), converter=_markers)
    item_forms: tuple[Pattern, ...] = field(default=(ODENSE_ITEM,), converter=compile_patterns)
    case_forms: tuple[Pattern, ...] = field(default=(KLE_ALONE,), converter=compile_patterns)
    header_forms: tuple[Pattern, ...] = field(default=(ODENSE_HEADER,), converter=compile_patterns)
    header_labels: Mapping[str, HeaderField] = field(default=ODENSE_HEADER_LABELS, eq=False)
    title_forms: tuple[Pattern, ...] = field(default=(), converter=compile_patterns)
    furniture: tuple[Pattern, ...] = field(default=(), converter=compile_patterns)
    access_markers: Mapping[str, bool] = field(factory=dict, eq=False)
    toc_headings: frozenset[str] = frozenset({"indholdsfortegnelse"})
    generic: bool = False
    title_wraps: bool = True
    render: RenderSpec | None = None
    trusted_headings: bool = False

    def __attrs_post_init__(self) -> None:
        self._defer_forms()

    def section_kind(self, name: str) -> SectionKind | None:
        """The section a heading names exactly (case-insensitive), else ``None``."""
        return self.section_names.get(name.casefold())

    def score(self, lines: Sequence[str]) -> float:
        """How well the sample ``lines`` fit this layout, from 0 to 1."""
        if self.detect is not None:
            return self.detect(lines)
        total = 0.0
        distinct: Iterable[str] | None = None
        for marker in self.markers:
            if marker.per_line:
                found = filter(None, map(marker.pattern.search, lines))  # the loop runs in C
                total += marker.weight * sum(1 for _ in found)
                continue
            if distinct is None:  # a line found twice (blank lines, furniture) is asked once
                distinct = dict.fromkeys(lines)
            if next(filter(None, map(marker.pattern.search, distinct)), None) is not None:
                total += marker.weight
            if total >= 1:
                return 1.0
        return max(0.0, total)
