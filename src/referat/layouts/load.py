"""Layouts from TOML: the shipped layouts are data files, and so can a plugin's be.

A file names the layout, may extend another (``extends = "danish"``: its forms come first,
the base's after; tables are merged), and lists its forms as regular expressions. Unknown
keys, bad regular expressions and unknown section kinds are errors that name the file and
the key (:class:`LayoutError`), never a silent default. See ``docs/layouts.md``.

The shipped layouts are read at the start of every parse, so their TOML is also kept read, as
JSON, in ``data/shipped.json`` (:func:`write_cache` writes it): each entry is
used only for the very text it was read from (its SHA-256), so an edited file is never read
from a stale entry but parsed as TOML (correct, only slower), and
``tests/test_layouts_cache.py`` fails until the file is written again. JSON and not a pickle:
reading it runs no code.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from referat.errors import ReferatError
from referat.layouts.spec import Layout, Marker, RenderSpec, deferred, pattern_sources
from referat.models import AttendanceStatus, CaseScheme, HeaderField, SectionKind
from referat.vocabulary import HEADER_LABELS, SECTION_ALIASES

E = TypeVar("E", SectionKind, HeaderField)


class LayoutError(ReferatError):
    """A layout file that cannot be read: the message names the file and the key."""


#: Named parts of the shared vocabulary a layout can draw on (``vocabulary = [...]``).
VOCABULARIES: Mapping[str, tuple[str, Mapping[str, Any]]] = {
    "sections": ("section_names", SECTION_ALIASES),
    "headers": ("header_labels", HEADER_LABELS),
}

_KEYS = {
    "name", "extends", "description", "generic", "wrapped", "markdown", "wrap_width",
    "title_wraps", "vocabulary", "items", "cases", "headers", "titles", "furniture",
    "toc_headings", "access", "sections", "header_labels", "markers", "trusted_headings", "render",
}  # fmt: skip
#: The keys of a ``[render]`` table (see :class:`~referat.layouts.spec.RenderSpec`).
_RENDER_STRINGS = {"item", "case", "section"}
_RENDER_OPTIONAL = {"case_open", "case_closed", "decision_heading"}
_RENDER_LINES = {"start", "preamble", "page_break", "glued_headings", "tables"}
_RENDER_KEYS = _RENDER_STRINGS | _RENDER_OPTIONAL | _RENDER_LINES | {
    "headings", "header", "attendance", "separator", "glued", "wrap", "schemes", "case_required",
}  # fmt: skip
_LISTS = {
    "items": "item_forms",
    "cases": "case_forms",
    "headers": "header_forms",
    "titles": "title_forms",
    "furniture": "furniture",
}


def load_layout(
    source: str | Path, *, resolve: Callable[[str], Layout] | None = None, origin: str = ""
) -> Layout:
    """A :class:`Layout` from TOML text or a ``.toml`` file.

    ``resolve`` finds the layout named by ``extends`` (default: the shipped layouts).
    """
    if isinstance(source, Path):
        origin = origin or str(source)
        source = source.read_text(encoding="utf-8")
    where = origin or "<layout>"
    return _layout(_toml(source, where), where, resolve)


def _toml(text: str, where: str) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 - the shipped layouts are read from JSON (shipped.json)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LayoutError(f"{where}: not valid TOML: {error}") from error


def _layout(
    data: Mapping[str, Any],
    where: str,
    resolve: Callable[[str], Layout] | None,
    *,
    defer: bool = False,
) -> Layout:
    """The layout that the TOML ``data`` (of the file ``where``) declares. ``defer``: its forms
    are compiled when first read (:func:`~referat.layouts.spec.deferred`; for the shipped
    layouts read from :data:`CACHE`, whose patterns the tests compile), else at once, so that a
    bad pattern is an error that names the file and the key."""
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise LayoutError(f"{where}: unknown keys {unknown} (known: {sorted(_KEYS)})")
    name = _string(data, "name", where)
    base = Layout(name, generic=False)
    if "extends" in data:
        base = (resolve or shipped)(_string(data, "extends", where))
    changes: dict[str, Any] = {"name": name, "detect": None}
    for key in ("description",):
        if key in data:
            changes[key] = _string(data, key, where)
    for key in ("generic", "wrapped", "markdown", "title_wraps", "trusted_headings"):
        if key in data:
            changes[key] = _bool(data, key, where)
    if "wrap_width" in data:
        changes["wrap_width"] = int(data["wrap_width"])
    for key, attribute in _LISTS.items():
        inherited = pattern_sources(base, attribute) if "extends" in data else ()
        if key in data:
            own = _sources(data, key, where) if defer else tuple(_patterns(data, key, where))
            changes[attribute] = deferred(own + inherited) if defer else own + inherited
        elif defer and "extends" in data:  # the base's forms, still uncompiled
            changes[attribute] = deferred(inherited)
    sections = dict(base.section_names) if "extends" in data else {}
    labels = dict(base.header_labels) if "extends" in data else {}
    for vocabulary in data.get("vocabulary", ()):
        if vocabulary not in VOCABULARIES:
            msg = f"{where}: vocabulary {vocabulary!r} is unknown (known: {sorted(VOCABULARIES)})"
            raise LayoutError(msg)
        attribute, table = VOCABULARIES[vocabulary]
        (sections if attribute == "section_names" else labels).update(table)
    sections.update(_enum_table(data.get("sections", {}), SectionKind, "sections", where))
    labels.update(_enum_table(data.get("header_labels", {}), HeaderField, "header_labels", where))
    changes["section_names"] = sections or base.section_names
    changes["header_labels"] = labels or base.header_labels
    if "toc_headings" in data:
        own_tocs = {str(h).casefold() for h in data["toc_headings"]}
        changes["toc_headings"] = frozenset(
            own_tocs | (base.toc_headings if "extends" in data else set())
        )
    if "access" in data:
        access = dict(base.access_markers) if "extends" in data else {}
        access.update({str(k).casefold(): bool(v) for k, v in data["access"].items()})
        changes["access_markers"] = access
    markers = tuple(_marker(m, where) for m in data.get("markers", ()))
    changes["markers"] = markers
    changes["render"] = _render_of(data, base, where)
    return attrs.evolve(base, **changes)


def _render_of(data: Mapping[str, Any], base: Layout, where: str) -> RenderSpec | None:
    """The layout's render templates: its own ``[render]`` over those of the layout it
    extends (no ``[render]`` and no base: it cannot be rendered)."""
    inherited = base.render if "extends" in data else None
    return _render(data["render"], inherited, where) if "render" in data else inherited


def _render(table: Any, base: RenderSpec | None, where: str) -> RenderSpec:
    """A :class:`RenderSpec` from a ``[render]`` table; keys it leaves out come from the
    layout it extends (``headings`` and ``attendance`` are merged), else the defaults."""
    if not isinstance(table, Mapping):
        raise LayoutError(f"{where}: 'render' must be a table")
    unknown = sorted(set(table) - _RENDER_KEYS)
    if unknown:
        known = sorted(_RENDER_KEYS)
        raise LayoutError(f"{where}: unknown keys in [render] {unknown} (known: {known})")
    changes: dict[str, Any] = {}
    for key in _RENDER_STRINGS | _RENDER_OPTIONAL:
        if key in _RENDER_OPTIONAL and table.get(key) is False:
            changes[key] = None  # ``decision_heading = false``: the layout has none
        elif key in table:
            changes[key] = _string(table, key, f"{where}: [render]")
    for key in _RENDER_LINES:
        if key in table:
            changes[key] = tuple(_lines(table, key, where))
    if "header" in table:
        header = table["header"]
        if not isinstance(header, list):
            raise LayoutError(f"{where}: [render] header must be a list of templates")
        changes["header"] = tuple(
            (value,) if isinstance(value, str) else tuple(_lines({"h": value}, "h", where))
            for value in header
        )
    if "separator" in table:
        separator = table["separator"]
        if separator is not False and not isinstance(separator, str):
            raise LayoutError(f"{where}: [render] separator must be a string or false")
        changes["separator"] = separator if isinstance(separator, str) else None
    for key in ("glued", "case_required"):
        if key in table:
            changes[key] = _bool(table, key, f"{where}: [render]")
    if "wrap" in table:
        wrap = table["wrap"]
        if wrap is not False and (not isinstance(wrap, int) or isinstance(wrap, bool) or wrap < 20):
            raise LayoutError(f"{where}: [render] wrap must be a width of at least 20, or false")
        changes["wrap"] = wrap if wrap is not False else None
    if "schemes" in table:
        names = table["schemes"]
        try:
            changes["schemes"] = frozenset(CaseScheme[str(name)] for name in names)
        except KeyError as error:
            schemes = ", ".join(member.name for member in CaseScheme)
            msg = f"{where}: [render] schemes: {error} is not one of {schemes}"
            raise LayoutError(msg) from None
    if "headings" in table:
        inherited = base.headings if base is not None else None
        headings = _by_name(table["headings"], SectionKind, "render.headings", where, inherited)
        changes["headings"] = headings
    if "attendance" in table:
        present = base.attendance if base is not None else None
        statuses = table["attendance"]
        changes["attendance"] = _by_name(
            statuses, AttendanceStatus, "render.attendance", where, present
        )
    try:
        return attrs.evolve(base, **changes) if base is not None else RenderSpec(**changes)
    except ValueError as error:
        raise LayoutError(f"{where}: [render]: {error}") from error


N = TypeVar("N", SectionKind, AttendanceStatus)


def _by_name(
    table: Any, enum: type[N], key: str, where: str, base: Mapping[N, str] | None = None
) -> dict[N, str]:
    """``{KIND = "template"}`` keyed by enum member names, over ``base``; ``KIND = false``
    removes a kind the base has (the layout has no such section)."""
    if not isinstance(table, Mapping):
        raise LayoutError(f"{where}: {key} must be a table")
    out: dict[N, str] = dict(base or {})
    for name, value in table.items():
        try:
            member = enum[str(name)]
        except KeyError:
            known = ", ".join(m.name for m in enum)
            raise LayoutError(f"{where}: {key}.{name!r} is not one of {known}") from None
        if value is False:
            out.pop(member, None)
            continue
        if not isinstance(value, str) or not value:
            raise LayoutError(f"{where}: {key}.{name} must be a non-empty string or false")
        out[member] = value
    return out


def _lines(data: Mapping[str, Any], key: str, where: str) -> list[str]:
    values = data[key]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise LayoutError(f"{where}: [render] {key} must be a list of strings")
    return list(values)


def _string(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value:
        raise LayoutError(f"{where}: {key!r} must be a non-empty string, not {value!r}")
    return value


def _bool(data: Mapping[str, Any], key: str, where: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise LayoutError(f"{where}: {key!r} must be true or false, not {value!r}")
    return value


def _sources(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = data[key]
    if not isinstance(values, list):
        raise LayoutError(f"{where}: {key!r} must be a list of regular expressions")
    return tuple(str(value) for value in values)


def _patterns(data: Mapping[str, Any], key: str, where: str) -> list[re.Pattern[str]]:
    values = data[key]
    if not isinstance(values, list):
        raise LayoutError(f"{where}: {key!r} must be a list of regular expressions")
    compiled = []
    for position, value in enumerate(values):
        try:
            compiled.append(re.compile(str(value)))
        except re.error as error:
            msg = f"{where}: {key}[{position}] is not a valid regular expression: {error}"
            raise LayoutError(msg) from error
    return compiled


def _enum_table(table: Mapping[str, Any], enum: type[E], key: str, where: str) -> dict[str, E]:
    out: dict[str, E] = {}
    for alias, kind in table.items():
        try:
            out[str(alias).casefold()] = enum[str(kind)]
        except KeyError:
            known = ", ".join(member.name for member in enum)
            msg = f"{where}: {key}.{alias!r} = {kind!r} is not one of {known}"
            raise LayoutError(msg) from None
    return out


def _marker(data: Any, where: str) -> Marker:
    if not isinstance(data, Mapping) or "pattern" not in data:
        raise LayoutError(f"{where}: every [[markers]] needs a pattern")
    try:
        return Marker(
            str(data["pattern"]), float(data.get("weight", 0.1)), bool(data.get("per_line"))
        )
    except re.error as error:
        raise LayoutError(f"{where}: marker {data['pattern']!r}: {error}") from error


_DATA = Path(__file__).resolve().parent / "data"
_SHIPPED_ORDER = ("danish", "odense-web", "sbsys", "first-agenda", "edoc", "pdf-transcript")
#: The shipped layouts' TOML, read (see the module's documentation).
CACHE = _DATA / "shipped.json"
#: The layout of :data:`CACHE` (a cache of another layout is not read).
CACHE_FORMAT = 1


@functools.cache
def shipped(name: str) -> Layout:
    """The shipped data layout called ``name`` (``danish``, ``sbsys`` …)."""
    path = _DATA / f"{name}.toml"  # a file of the package (importlib.resources costs ~5 ms)
    if not path.is_file():
        raise LayoutError(f"no shipped layout called {name!r} (shipped: {list(_SHIPPED_ORDER)})")
    where = f"referat/layouts/data/{name}.toml"
    text = path.read_text(encoding="utf-8")
    cached = _cached().get(name)
    if cached is not None and cached.get("sha256") == _key(text):
        return _layout(cached["data"], where, None, defer=True)
    return _layout(_toml(text, where), where, None)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _cached() -> dict[str, dict[str, Any]]:
    """The entries of :data:`CACHE` by layout name (none when it is missing or unreadable:
    the layouts are then parsed from their TOML)."""
    try:
        cache = json.loads(CACHE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(cache, dict) or cache.get("format") != CACHE_FORMAT:
        return {}
    layouts = cache.get("layouts")
    return layouts if isinstance(layouts, dict) else {}


def cache_text() -> str:
    """What :data:`CACHE` should hold: every shipped ``.toml`` file read, with its key."""
    layouts = {}
    for path in sorted(_DATA.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        data = _toml(text, str(path))
        layouts[path.stem] = {"sha256": _key(text), "data": data}
    # json refuses what TOML has and JSON has not (dates, times): such a layout is not cached
    return json.dumps({"format": CACHE_FORMAT, "layouts": layouts}, ensure_ascii=False) + "\n"


def write_cache() -> Path:
    """Write :data:`CACHE` (after editing a shipped layout; the tests say when)."""
    CACHE.write_text(cache_text(), encoding="utf-8")
    return CACHE


def shipped_layouts() -> tuple[Layout, ...]:
    """Every shipped data layout, the generic ``danish`` one first."""
    return tuple(shipped(name) for name in _SHIPPED_ORDER)
