"""Layouts from TOML: the shipped layouts are data files, and so can a plugin's be.

A file names the layout, may extend another (``extends = "danish"``: its forms come first,
the base's after; tables are merged), and lists its forms as regular expressions. Unknown
keys, bad regular expressions and unknown section kinds are errors that name the file and
the key (:class:`LayoutError`), never a silent default. See ``docs/layouts.md``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs

from referat.errors import ReferatError
from referat.layouts.spec import Layout, Marker
from referat.models import HeaderField, SectionKind
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
    "toc_headings", "access", "sections", "header_labels", "markers",
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
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise LayoutError(f"{where}: not valid TOML: {error}") from error
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
    for key in ("generic", "wrapped", "markdown", "title_wraps"):
        if key in data:
            changes[key] = _bool(data, key, where)
    if "wrap_width" in data:
        changes["wrap_width"] = int(data["wrap_width"])
    for key, attribute in _LISTS.items():
        if key in data:
            own = tuple(_patterns(data, key, where))
            inherited = getattr(base, attribute) if "extends" in data else ()
            changes[attribute] = own + tuple(inherited)
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
        changes["toc_headings"] = frozenset(own_tocs | (base.toc_headings if "extends" in data else set()))
    if "access" in data:
        access = dict(base.access_markers) if "extends" in data else {}
        access.update({str(k).casefold(): bool(v) for k, v in data["access"].items()})
        changes["access_markers"] = access
    markers = tuple(_marker(m, where) for m in data.get("markers", ()))
    changes["markers"] = markers
    return attrs.evolve(base, **changes)


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


def _enum_table(
    table: Mapping[str, Any], enum: type[E], key: str, where: str
) -> dict[str, E]:
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


_SHIPPED_ORDER = ("danish", "odense-web", "sbsys", "first-agenda", "edoc", "pdf-transcript")


@functools.cache
def shipped(name: str) -> Layout:
    """The shipped data layout called ``name`` (``danish``, ``sbsys`` …)."""
    folder = resources.files("referat.layouts").joinpath("data")
    path = folder.joinpath(f"{name}.toml")
    if not path.is_file():
        raise LayoutError(f"no shipped layout called {name!r} (shipped: {list(_SHIPPED_ORDER)})")
    return load_layout(path.read_text(encoding="utf-8"), origin=f"referat/layouts/data/{name}.toml")


def shipped_layouts() -> tuple[Layout, ...]:
    """Every shipped data layout, the generic ``danish`` one first."""
    return tuple(shipped(name) for name in _SHIPPED_ORDER)
