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

The converter defines the format; ``dumps`` and :func:`to_json_value` get the converter's
value from a writer that compiles one function per model class (see ``_Writer`` below;
``tests/test_convert_writer.py`` holds it equal to the converter with hypothesis), so that
writing a document neither imports cattrs nor pays for its generic dispatch.

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
import operator
import pathlib
import types
import typing
import weakref
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from referat.codegen import Compiled, Source
from referat.collector import collector_paused
from referat.errors import ReferatDumpError, ReferatLoadError
from referat.models import Block, Extract, PieceMap, Referat, Span, TextPiece
from referat.models.document import NO_PIECES
from referat.registry import Registry
from referat.sources.sourcemap import Segment, SegmentMap

if TYPE_CHECKING:
    from cattrs.preconf.json import JsonConverter


def make(registry: Registry | None = None) -> JsonConverter:
    """A converter that knows the result types of ``registry``'s extractors."""
    from cattrs.preconf.json import make_converter  # noqa: PLC0415 - dumps does without it
    from cattrs.strategies import configure_tagged_union  # noqa: PLC0415

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


def _or_default(registry: Registry | None) -> Registry:
    """``registry``, or the default parser's (all installed plugins) for ``None``."""
    if registry is None:
        from referat.api import default_parser  # noqa: PLC0415 - avoids an import cycle

        return default_parser().registry
    return registry


def converter_for(registry: Registry | None = None) -> JsonConverter:
    """The converter for ``registry`` (default: the default parser's, all installed plugins).

    Converters are cached per registry object.
    """
    registry = _or_default(registry)
    converter = _CONVERTERS.get(registry)
    if converter is None:
        converter = _CONVERTERS[registry] = make(registry)
    return converter


def to_json_value(doc: Referat, *, registry: Registry | None = None) -> Any:
    """``doc`` as plain JSON values (dicts, lists, strings, numbers): what the converter's
    ``unstructure`` gives, through the writer compiled for ``registry``."""
    return _writer_for(registry).write(doc)


_WRITERS: weakref.WeakKeyDictionary[Registry, _Writer] = weakref.WeakKeyDictionary()


def _writer_for(registry: Registry | None) -> _Writer:
    """The writer for ``registry`` (default: the default parser's), cached per registry."""
    registry = _or_default(registry)
    writer = _WRITERS.get(registry)
    if writer is None:
        writer = _WRITERS[registry] = _Writer(registry)
    return writer


# --- the writer: the converter's unstructuring, compiled for the types a document holds ---
#
# cattrs builds one function per class, but reaches a field's value through a function per
# optional field, a generator per tuple and three calls per block of the tagged union. The
# writer compiles, per attrs class, one function whose dictionary display inlines what
# needs no call (a string, an optional string, an enum's name, a span's six integers, the
# block union's dispatch by exact class) and calls the other classes' functions directly.
# It handles the forms the models use (attrs classes, ``X | None``, ``tuple[X, ...]``,
# fixed tuples, enums, the scalar hooks of :func:`make` and the plugins' hooks); any other
# form is unstructured by the converter itself, built on its first use: so a document that
# holds only those forms is written without importing cattrs. The output is the converter's,
# value for value and key for key (``tests/test_convert_writer.py`` checks it with hypothesis).

Hook = Callable[[Any], Any]

_BLOCKS: tuple[type, ...] = typing.get_args(Block)

#: A span's fields in the order :func:`_span_array` writes them.
_SPAN_FIELDS = ("start_line", "start_col", "end_line", "end_col", "start", "end")


def _identity(value: Any) -> Any:
    return value


def _optional_parts(tp: Any) -> Any:
    """``X`` of ``X | None`` (``None``: ``tp`` is not such a union of two)."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    args = typing.get_args(tp)
    if len(args) != 2 or type(None) not in args:
        return None
    return args[0] if args[1] is type(None) else args[1]


def _homogeneous_item(tp: Any) -> Any:
    """``X`` of ``tuple[X, ...]`` or ``list[X]`` (``None``: ``tp`` is neither)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    if origin is list and len(args) == 1:
        return args[0]
    return None


def _fixed_items(tp: Any) -> tuple[Any, ...] | None:
    """``(A, B)`` of ``tuple[A, B]`` (``None``: ``tp`` is no fixed tuple of members)."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) is not tuple or not args or Ellipsis in args or args == ((),):
        return None
    return args


def _overridden(hint: Any) -> bool:
    """A field type cattrs reads apart (``Annotated`` overrides, ``Final``)."""
    return hint is typing.Final or typing.get_origin(hint) in (typing.Annotated, typing.Final)


def _name(tp: Any) -> str:
    return str(getattr(tp, "__name__", "form"))


def _plain_enum(tp: Any) -> bool:
    """An enum with no data type mixed in (the converter writes a ``str`` enum as itself)."""
    return (
        isinstance(tp, type)
        and issubclass(tp, enum.Enum)
        and all(base is tp or issubclass(base, enum.Enum) or base is object for base in tp.__mro__)
    )


class _Writer:
    """Unstructures as the converter of ``registry`` does, with functions compiled per type."""

    def __init__(self, registry: Registry) -> None:
        self._registry = weakref.ref(registry)
        self._fixed: dict[Any, Hook] = {
            str: _identity,
            int: _identity,
            bool: _identity,
            type(None): _identity,
            float: _finite,
            Decimal: str,
            dt.date: dt.date.isoformat,
            dt.time: _time_text,
            Span: _span_array,
            TextPiece: _piece_array,
            PieceMap: PieceMap.triples,
            SegmentMap: self._segments,
            Extract: self._extract,
        }
        for hook in registry.hooks:  # registered after the others, as make() does
            self._fixed[hook.cls] = hook.unstructure
        self._hooks: Compiled[Hook] = Compiled(self._compile, self._stand_in)
        self._hooks.done.update({**self._fixed, Block: self._block})
        self._classes = tuple(tp for tp in self._fixed if isinstance(tp, type))
        self._members: dict[type, Hook] = {}

    # -- dispatch -------------------------------------------------------------------------
    def write(self, value: Any) -> Any:
        """``value`` unstructured by its class (``converter.unstructure(value)``)."""
        return self.hook(value.__class__)(value)

    def hook(self, tp: Any) -> Hook:
        """The function that unstructures a value declared ``tp``."""
        try:
            return self._hooks.get(tp)
        except TypeError:  # an unhashable typing form
            return self._converters(tp)

    def _stand_in(self, tp: Any) -> Hook:
        def unstructure(value: Any) -> Any:
            return self._hooks.get(tp)(value)

        return unstructure

    def _compile(self, tp: Any) -> Hook:
        inner = _optional_parts(tp)
        if inner is not None:
            return self._function(tp, lambda source, value: self._optional(source, inner, value))
        item = _homogeneous_item(tp)
        if item is not None:
            return self._function(tp, lambda source, value: self._sequence(source, item, value))
        members = _fixed_items(tp)
        if members is not None:
            return self._function(tp, lambda source, value: self._fixed_tuple(source, members))
        if _plain_enum(tp):
            return self._function(tp, lambda source, value: self.expression(source, tp, value))
        if self._plain_attrs(tp):
            return self._attrs_class(tp, tag=None)
        return self._converters(tp)

    def _plain_attrs(self, tp: Any) -> bool:
        """An attrs class the converter writes field by field: not generic, and no class
        in its MRO has a hook of its own (``Span``) or is a builtin (``int``, ``tuple``)."""
        if not (isinstance(tp, type) and attrs.has(tp)) or getattr(tp, "__parameters__", None):
            return False
        if issubclass(tp, (pathlib.Path, dt.date, dt.time, Decimal, *self._classes)):
            return False
        return all(base is object or base.__module__ != "builtins" for base in tp.__mro__)

    def _converters(self, tp: Any) -> Hook:
        """The converter's own function for ``tp``, looked up (and cattrs imported) at its
        first call."""
        resolved: list[Hook] = []

        def unstructure(value: Any) -> Any:
            if not resolved:
                registry = self._registry()
                if registry is None:
                    msg = "the registry of this writer is gone"
                    raise ReferenceError(msg)
                resolved.append(converter_for(registry).get_unstructure_hook(tp))
            return resolved[0](value)

        return unstructure

    # -- source code ----------------------------------------------------------------------
    def _function(self, tp: Any, body: Callable[[Source, str], str]) -> Hook:
        source = Source()
        expression = body(source, "instance")
        if expression == "instance":
            return _identity
        return source.function(f"unstructure_{_name(tp)}", "instance", expression, "writer")

    def _attrs_class(self, cls: type, tag: str | None) -> Hook:
        fields = [f for f in attrs.fields(cls) if f.init]
        try:
            hints = typing.get_type_hints(cls, include_extras=True)
        except Exception:  # noqa: BLE001 - a forward reference that does not resolve
            return self._converters(cls)
        if any(f.name not in hints or _overridden(hints[f.name]) for f in fields):
            return self._converters(cls)  # an untyped field, or one cattrs treats apart
        source = Source()
        parts = [
            f"{f.name!r}: {self.expression(source, hints[f.name], f'instance.{f.name}')}"
            for f in fields
        ]
        if tag is not None:  # the tagged union adds its key last
            parts.append(f"'type': {tag!r}")
        body = "{" + ", ".join(parts) + "}"
        return source.function(f"unstructure_{cls.__name__}", "instance", body, "writer")

    def expression(self, source: Source, tp: Any, value: str) -> str:
        """Python source that unstructures ``value`` (an expression) declared ``tp``."""
        if tp in (str, int, bool, type(None)) and self._fixed.get(tp) is _identity:
            return value
        if tp is Span and self._fixed[Span] is _span_array:
            span = source.fresh()
            rest = ", ".join(f"{span}.{name}" for name in _SPAN_FIELDS[1:])
            return f"[({span} := {value}).{_SPAN_FIELDS[0]}, {rest}]"
        if _plain_enum(tp) and tp not in self._fixed:
            return f"{value}._name_"  # what .name gives, without the descriptor's call
        if tp is PieceMap and self._fixed[PieceMap] is PieceMap.triples:
            # Most texts are one source line: no pieces. Otherwise what PieceMap.triples
            # gives, read from its packed integers by C iterators alone (no Python frame).
            pieces, ints = source.fresh(), source.fresh()
            empty = source.bind(NO_PIECES)
            triples = f"list(map(list, zip({ints} := iter({pieces}._ints), {ints}, {ints})))"
            return f"([] if ({pieces} := {value}) is {empty} else {triples})"
        inner = _optional_parts(tp)
        if inner is not None:
            return self._optional(source, inner, value)
        item = _homogeneous_item(tp)
        if item is not None:
            return self._sequence(source, item, value)
        hook = self.hook(tp)
        return value if hook is _identity else f"{source.bind(hook)}({value})"

    def _optional(self, source: Source, inner: Any, value: str) -> str:
        present = source.fresh()
        expression = self.expression(source, inner, present)
        if expression == present:
            return value
        return f"(None if ({present} := {value}) is None else {expression})"

    def _fixed_tuple(self, source: Source, members: tuple[Any, ...]) -> str:
        """``(h0(instance[0]), h1(instance[1]), …)``: as cattrs writes a fixed tuple."""
        parts = [self._called(source, member, f"instance[{i}]") for i, member in enumerate(members)]
        return f"({', '.join(parts)},)"

    def _called(self, source: Source, tp: Any, value: str) -> str:
        hook = self.hook(tp)
        return value if hook is _identity else f"{source.bind(hook)}({value})"

    def _sequence(self, source: Source, item: Any, value: str) -> str:
        if item is Block and self._hooks.done[Block] == self._block:
            # each block by its class's function: [members[type(b)](b) for b in blocks],
            # iterated in C (no comprehension frame)
            members = source.bind(self._block_members().__getitem__)
            call, blocks = source.bind(operator.call), source.fresh()
            return f"list(map({call}, map({members}, map(type, {blocks} := {value})), {blocks}))"
        hook = self.hook(item)
        if hook is _identity:
            return f"list({value})"
        return f"list(map({source.bind(hook)}, {value}))"

    # -- the hooks of make() that are not plain functions -----------------------------------
    def _block_members(self) -> dict[type, Hook]:
        """Each block class's function, with the tag key ``"type"`` (the tagged union's)."""
        if not self._members:
            with self._hooks.lock:
                members = {cls: self._attrs_class(cls, tag=cls.__name__) for cls in _BLOCKS}
                self._members.update(members)
        return self._members

    def _block(self, block: Any) -> Any:
        return self._block_members()[block.__class__](block)

    def _segments(self, segments: SegmentMap) -> Any:
        return self.hook(tuple[Segment, ...])(tuple(segments))

    def _extract(self, extract: Extract) -> dict[str, Any]:
        registry = self._registry()
        spec = registry.extractor(extract.name) if registry is not None else None
        declared = spec.result if spec is not None and spec.result is not None else None
        value = extract.value
        hook = self.hook(declared) if declared else self.hook(value.__class__)
        return {"name": extract.name, "value": hook(value)}


def dumps(doc: Referat, *, indent: int | None = None, registry: Registry | None = None) -> str:
    """``doc`` as a JSON string (the source text included, so it is self-contained)."""
    try:
        with collector_paused():
            return _written(doc, indent, registry)
    except Exception as error:  # cattrs and json raise several kinds; the caller gets ours
        msg = f"the document cannot be written as JSON: {type(error).__name__}: {error}"
        raise ReferatDumpError(msg) from error


def _written(doc: Referat, indent: int | None, registry: Registry | None) -> str:
    """:func:`dumps` with the collector paused. The JSON values are freed when this returns,
    while the collector still pauses: freeing them takes back what building them added to the
    collector's count of new objects, so none of them starts a collection (which would walk
    every young object) once the collector runs again."""
    value = to_json_value(doc, registry=registry)
    fast = _orjson() if indent is None else None
    if fast is not None:
        text = _orjson_dumps(fast, value)
        if text is not None:
            return text
    return _stdlib_dumps(value, indent)


def _orjson_dumps(fast: ModuleType, value: Any) -> str | None:
    """``value`` as orjson writes it (``None``: orjson cannot; the standard library can).

    Keys that are not strings (a plugin's ``dict[int, …]``) need an option that makes every
    document slower, so it is tried only when the plain call refused the value.
    """
    for option in (None, fast.OPT_NON_STR_KEYS):
        try:
            return fast.dumps(value, option=option).decode()  # type: ignore[no-any-return]
        except (fast.JSONEncodeError, TypeError):
            continue  # a key, or a lone surrogate or an integer over 64 bits
    return None


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
    import cattrs  # noqa: PLC0415 - loaded with the converter that raised

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
