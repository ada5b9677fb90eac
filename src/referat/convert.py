"""JSON in and out: the one cattrs converter, at the edge of the library.

* enums by name (``"RESUME"``), dates and times in ISO 8601, ``Decimal`` as a string;
* blocks as a tagged union with a ``"type"`` key (``"Paragraph"``, ``"TableBlock"`` …);
* spans as ``[start_line, start_col, end_line, end_col, start, end]`` and text pieces as
  ``[offset, start, end]``: they are the most numerous objects, and arrays make the output
  about a quarter smaller;
* plugin results (``item.extracts``) as ``{"name": …, "value": …}``, structured back with the
  result type the extractor declared when it registered.

``dumps`` writes compact JSON through `orjson <https://github.com/ijl/orjson>`_ when it is
installed (``pip install referat[fast]``; about six times faster than the standard library)
and through :mod:`json` otherwise, with the same separators, so the output is the same text
either way (numbers aside: both write the shortest form that reads back to the same value).
A string with a lone surrogate, an integer over 64 bits or ``indent=`` go through :mod:`json`.

``loads(dumps(doc)) == doc`` holds for every document (tested with hypothesis). Neither
needs a plugin that the document does not use; :func:`loads` of a document holding the
result of a plugin that is not loaded raises :class:`~referat.errors.ReferatLoadError` naming
it. Every failure of :func:`loads` is a ``ReferatLoadError`` (cause chained), every failure of
:func:`dumps` a :class:`~referat.errors.ReferatDumpError`; ``dumps`` never writes ``NaN``.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import math
import weakref
from decimal import Decimal
from types import ModuleType
from typing import Any

import cattrs
from cattrs.preconf.json import JsonConverter, make_converter
from cattrs.strategies import configure_tagged_union

from referat.errors import ReferatDumpError, ReferatLoadError
from referat.models import Block, Extract, PieceMap, Referat, Span, TextPiece
from referat.registry import Registry
from referat.sources.sourcemap import Segment, SegmentMap


def make(registry: Registry | None = None) -> JsonConverter:
    """A converter that knows the result types of ``registry``'s extractors."""
    converter = make_converter()
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(float, _finite)
    converter.register_structure_hook(Decimal, lambda v, _: Decimal(str(v)))
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    converter.register_unstructure_hook(dt.time, _time_text)
    converter.register_structure_hook(dt.time, lambda v, _: dt.time.fromisoformat(v))
    converter.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda _: _enum_name
    )
    converter.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_from_name
    )
    # Spans and text pieces are the most numerous objects: written as compact arrays
    # ([start_line, start_col, end_line, end_col, start, end] and [offset, start, end]).
    converter.register_unstructure_hook(Span, _span_array)
    converter.register_structure_hook(Span, lambda v, _: Span(*v))
    converter.register_unstructure_hook(TextPiece, _piece_array)
    converter.register_structure_hook(TextPiece, lambda v, _: TextPiece(*v))
    converter.register_unstructure_hook(PieceMap, PieceMap.triples)
    converter.register_structure_hook(PieceMap, _structure_pieces)
    # A source map's segments are packed too: written as the list of Segment objects they were.
    converter.register_unstructure_hook(
        SegmentMap, lambda m: converter.unstructure(tuple(m), tuple[Segment, ...])
    )
    converter.register_structure_hook(
        SegmentMap, lambda v, _: SegmentMap(converter.structure(v, tuple[Segment, ...]))
    )
    configure_tagged_union(Block, converter, tag_name="type")
    if registry is not None:
        for hook in registry.hooks:
            converter.register_unstructure_hook(hook.cls, hook.unstructure)
            converter.register_structure_hook(hook.cls, hook.structure)

    def unstructure_extract(extract: Extract) -> dict[str, Any]:
        spec = registry.extractor(extract.name) if registry else None
        declared = spec.result if spec is not None and spec.result is not None else None
        value = (
            converter.unstructure(extract.value, declared)
            if declared
            else (converter.unstructure(extract.value))
        )
        return {"name": extract.name, "value": value}

    def structure_extract(data: dict[str, Any], _: type) -> Extract:
        name = data["name"]
        spec = registry.extractor(name) if registry else None
        if spec is None:
            raise ReferatLoadError(_unknown_extract(name, registry))
        value = data["value"]
        if spec.result is not None:
            value = converter.structure(value, spec.result)
        return Extract(name, value)

    converter.register_unstructure_hook(Extract, unstructure_extract)
    converter.register_structure_hook(Extract, structure_extract)
    return converter


def _unknown_extract(name: object, registry: Registry | None) -> str:
    message = f"the document holds a result of extractor {name!r}, which no loaded plugin registers"
    if registry is not None and registry.failures:
        failed = "; ".join(f"{f.plugin}: {f.message}" for f in registry.failures)
        message += f" (plugins that failed to load: {failed})"
    return message + "; load it with the registry of a parser that has the plugin"


def _finite(value: float) -> float:
    """A float as JSON knows it: ``NaN`` and the infinities are refused, wherever they are
    (orjson would write them as ``null``)."""
    if not math.isfinite(value):
        msg = f"{value!r} is not a JSON number"
        raise ValueError(msg)
    return value


def _span_array(span: Span) -> list[int]:
    return [span.start_line, span.start_col, span.end_line, span.end_col, span.start, span.end]


def _piece_array(piece: TextPiece) -> list[int]:
    return [piece.offset, piece.start, piece.end]


def _structure_pieces(value: Any, _: type) -> PieceMap:
    """``[[offset, start, end], …]`` → a piece map (each triple checked as a TextPiece is)."""
    if not isinstance(value, list):
        msg = f"text pieces are a list of [offset, start, end], not {type(value).__name__}"
        raise TypeError(msg)
    return PieceMap(TextPiece(*_triple(v)) for v in value)


def _triple(value: Any) -> list[int]:
    if not (isinstance(value, list) and len(value) == 3 and all(type(i) is int for i in value)):
        msg = f"a text piece is [offset, start, end], not {value!r}"
        raise TypeError(msg)
    return value


def _time_text(value: dt.time) -> str:
    """``08:30`` for a whole minute (as referater write it), full ISO form otherwise."""
    if value.second or value.microsecond or value.tzinfo:
        return value.isoformat()
    return value.isoformat(timespec="minutes")


def _enum_name(value: enum.Enum) -> str:
    return value.name


def _enum_from_name(cls: type[enum.Enum]) -> Any:
    return lambda value, _: cls[value]


_CONVERTERS: weakref.WeakKeyDictionary[Registry, JsonConverter] = weakref.WeakKeyDictionary()


def converter_for(registry: Registry | None = None) -> JsonConverter:
    """The converter for ``registry`` (default: the default parser's, all installed plugins).

    Converters are cached per registry object.
    """
    if registry is None:
        from referat.api import default_parser  # noqa: PLC0415 - avoids an import cycle

        registry = default_parser().registry
    converter = _CONVERTERS.get(registry)
    if converter is None:
        converter = _CONVERTERS[registry] = make(registry)
    return converter


def to_json_value(doc: Referat, *, registry: Registry | None = None) -> Any:
    """``doc`` as plain JSON values (dicts, lists, strings, numbers)."""
    return converter_for(registry).unstructure(doc)


def dumps(doc: Referat, *, indent: int | None = None, registry: Registry | None = None) -> str:
    """``doc`` as a JSON string (the source text included, so it is self-contained)."""
    try:
        value = to_json_value(doc, registry=registry)
        fast = _orjson() if indent is None else None
        if fast is not None:
            try:
                return fast.dumps(value, option=fast.OPT_NON_STR_KEYS).decode()  # type: ignore[no-any-return]
            except (fast.JSONEncodeError, TypeError):
                # a lone surrogate or an integer over 64 bits: the standard library writes them
                return _stdlib_dumps(value, indent)
        return _stdlib_dumps(value, indent)
    except Exception as error:  # cattrs and json raise several kinds; the caller gets ours
        msg = f"the document cannot be written as JSON: {type(error).__name__}: {error}"
        raise ReferatDumpError(msg) from error


def _stdlib_dumps(value: Any, indent: int | None) -> str:
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(
        value, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False
    )


@functools.cache
def _orjson() -> ModuleType | None:
    """orjson when installed (imported on first use: start-up does not pay for it)."""
    try:
        import orjson  # noqa: PLC0415
    except ImportError:
        return None
    return orjson


def loads(data: str | bytes, *, registry: Registry | None = None) -> Referat:
    """A :class:`~referat.models.Referat` from :func:`dumps`' output.

    Raises :class:`~referat.errors.ReferatLoadError` (never a ``json`` or ``cattrs`` error)
    when ``data`` is not JSON, not a dumped referat, or holds the result of a plugin that
    is not loaded.
    """
    try:
        value = json.loads(data)
    except (ValueError, TypeError, RecursionError) as error:
        msg = f"not JSON: {type(error).__name__}: {error}"
        raise ReferatLoadError(msg) from error
    converter = converter_for(registry)
    try:
        return converter.structure(value, Referat)
    except Exception as error:
        raise _load_error(error) from error


def _load_error(error: BaseException) -> ReferatLoadError:
    """One readable error for whatever structuring raised."""
    own = _find_own(error)
    if own is not None:
        return ReferatLoadError(str(own))
    if isinstance(error, cattrs.BaseValidationError):
        where = "; ".join(cattrs.transform_error(error, path="$")[:3])
    else:
        where = f"{type(error).__name__}: {error}"
    return ReferatLoadError(f"not a dumped referat: {where}")


def _find_own(error: BaseException) -> ReferatLoadError | None:
    if isinstance(error, ReferatLoadError):
        return error
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            found = _find_own(inner)
            if found is not None:
                return found
    return None
