"""A JSON Schema (draft 2020-12) for :func:`referat.dumps` output, generated from the models.

It walks the attrs classes the way the converter writes them: enums by name, ``Decimal`` as
a string, dates and times in ISO form, blocks as a tagged union on ``"type"``, and each
plugin result under the type its extractor declared. An unsupported type raises, so the
schema can never silently drift from the models.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from referat.models import Block, Extract, PieceMap, Referat, Span, TextPiece
from referat.registry import Registry
from referat.sources.sourcemap import Segment, SegmentMap

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve: recursive types
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            properties[field.name] = self.type_(hints[field.name])
            if field.default is attrs.NOTHING:
                required.append(field.name)
        return {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def type_(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if tp is Block:
            return {"oneOf": [self.tagged(arg) for arg in typing.get_args(Block)]}
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [self.type_(arg) for arg in args]}
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.type_(args[0])}
            return {"type": "array", "prefixItems": [self.type_(a) for a in args], "items": False}
        if origin in (frozenset, set, list):
            return {
                "type": "array",
                "items": self.type_(args[0]),
                "uniqueItems": origin is not list,
            }
        if tp is type(None):
            return {"type": "null"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is str:
            return {"type": "string"}
        if tp is Decimal:
            return {"type": "string", "pattern": r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$"}
        if tp is dt.date:
            return {"type": "string", "format": "date"}
        if tp is dt.time:
            return {
                "type": "string",
                "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$",
            }
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [member.name for member in tp]}
        if tp is object or tp is Any:
            return {}
        if tp is Span or tp is TextPiece:  # written as compact integer arrays
            size = len(attrs.fields(tp))
            integers = {"type": "integer", "minimum": 0}
            return {"type": "array", "items": integers, "minItems": size, "maxItems": size}
        if tp is PieceMap:  # the pieces of a joined text, each a TextPiece array
            return {"type": "array", "items": self.type_(TextPiece)}
        if tp is SegmentMap:  # a source map's segments, written as Segment objects
            return {"type": "array", "items": self.type_(Segment)}
        if isinstance(tp, type) and attrs.has(tp):
            return self.ref(tp)
        msg = f"no JSON Schema for {tp!r}"
        raise TypeError(msg)

    def tagged(self, cls: type) -> dict[str, Any]:
        schema = dict(self.object(cls))
        schema["properties"] = {"type": {"const": cls.__name__}, **schema["properties"]}
        schema["required"] = ["type", *schema["required"]]
        return schema


def schema(registry: Registry | None = None) -> dict[str, Any]:
    """The JSON Schema of a dumped :class:`~referat.models.Referat` with ``registry``'s plugins."""
    builder = _Builder()
    root = builder.ref(Referat)
    extract_variants = []
    if registry is not None:
        for spec in registry.extractors():
            value = builder.type_(spec.result) if spec.result is not None else {}
            extract_variants.append(
                {
                    "type": "object",
                    "properties": {"name": {"const": spec.name}, "value": value},
                    "required": ["name", "value"],
                    "additionalProperties": False,
                }
            )
    known = [spec.name for spec in registry.extractors()] if registry is not None else []
    extract_variants.append(  # a result of a plugin this schema does not know
        {
            "type": "object",
            "properties": {"name": {"type": "string", "not": {"enum": known}}, "value": {}},
            "required": ["name", "value"],
            "additionalProperties": False,
        }
    )
    builder.defs[Extract.__name__] = {"anyOf": extract_variants}
    return {
        "$schema": _DIALECT,
        "$id": "https://referat.invalid/schema/referat.schema.json",
        "title": "referat",
        **root,
        "$defs": builder.defs,
    }
