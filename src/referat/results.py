"""Typed plugin results: the extension slot of an agenda item.

A plugin declares what it attaches to items with a :class:`ResultKey` — a name and the type
of the value — and exports it, so that users (and other plugins) read the result typed::

    from referat_decisions import DECISION

    decision = item.get(DECISION)  # Decision | None

The built-in plugins use exactly this slot (``referat_tables.TABLES``,
``referat_decisions.DECISION``, ``referat_economics.ECONOMY``); the core never imports them.

:func:`result_problem` checks a value against the declared type (deeply, through attrs
fields, tuples and unions) and against what JSON can hold (no ``NaN``, no sets, no arbitrary
objects); the runner leaves out a result that fails it, with a diagnostic.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Generic, TypeVar

import attrs
from attrs import frozen

T = TypeVar("T")

#: Deeper results than this are refused (the JSON writer would overflow the stack).
MAX_DEPTH = 200


@frozen
class ResultKey(Generic[T]):
    """The name under which an extractor attaches its result, and the result's type.

    ``result`` is a class (``Decision``) or a typing form (``tuple[Table, ...]``); it drives
    JSON structuring, the JSON Schema and the check of every value the extractor returns.

    >>> from attrs import frozen
    >>> @frozen
    ... class Count:
    ...     n: int
    >>> COUNT = ResultKey("count", Count)
    >>> COUNT.accepts(Count(3)), COUNT.accepts({"n": 3})
    (True, False)
    """

    name: str
    result: Any

    def accepts(self, value: object) -> bool:
        """Whether ``value`` has the declared type at its top level (cheap; see
        :func:`result_problem` for the deep check)."""
        return _top_level(value, self.result)

    def __str__(self) -> str:
        return self.name


def _top_level(value: object, tp: Any) -> bool:
    if tp is None or tp is Any or tp is object:
        return True
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return any(_top_level(value, arg) for arg in typing.get_args(tp))
    if origin is typing.Literal:
        return value in typing.get_args(tp)
    if origin is not None:
        return isinstance(origin, type) and isinstance(value, origin)
    if tp is type(None):
        return value is None
    return isinstance(tp, type) and isinstance(value, tp)


def result_problem(value: object, tp: Any, opaque: tuple[type, ...] = ()) -> str | None:
    """Why ``value`` is not a valid result of declared type ``tp`` (``None``: it is).

    ``tp=None`` (nothing declared) accepts any value JSON can hold and give back: strings,
    finite numbers, booleans, ``None``, tuples and lists, dicts with string keys, enums,
    dates, times, finite ``Decimal``\\ s and attrs instances made of those. ``opaque``
    classes (those with a converter hook) are accepted as they are.
    """
    try:
        return _problem(value, tp, opaque, "result", 0)
    except RecursionError:
        return "the result is nested too deeply"


def _problem(
    value: object, tp: Any, opaque: tuple[type, ...], where: str, depth: int
) -> str | None:
    if depth > MAX_DEPTH:
        return f"{where} is nested more than {MAX_DEPTH} levels deep"
    if tp is None or tp is Any or tp is object:
        return _json_problem(value, opaque, where, depth)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        problems = [_problem(value, arg, opaque, where, depth) for arg in args]
        if all(problems):
            fitting = [p for p, arg in zip(problems, args, strict=True) if _top_level(value, arg)]
            return fitting[0] if fitting else _mismatch(value, tp, where)
        return None
    if origin is typing.Literal:
        return None if value in args else _mismatch(value, tp, where)
    if origin is tuple:
        if not isinstance(value, tuple):
            return _mismatch(value, tp, where)
        if len(args) == 2 and args[1] is Ellipsis:
            return _first(
                _problem(v, args[0], opaque, f"{where}[{i}]", depth + 1)
                for i, v in enumerate(value)
            )
        if args == ((),):  # tuple[()]
            args = ()
        if len(args) != len(value):
            return f"{where} has {len(value)} members, {len(args)} declared"
        return _first(
            _problem(v, a, opaque, f"{where}[{i}]", depth + 1)
            for i, (v, a) in enumerate(zip(value, args, strict=True))
        )
    if origin in (list, frozenset, set):
        if not isinstance(value, origin):
            return _mismatch(value, tp, where)
        item = args[0] if args else None
        return _first(
            _problem(v, item, opaque, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)
        )
    if origin in (dict, Mapping):
        if not isinstance(value, dict):
            return _mismatch(value, tp, where)
        key_type, value_type = args or (str, None)
        for key, member in value.items():
            problem = _problem(key, key_type, opaque, f"{where} key", depth + 1) or _problem(
                member, value_type, opaque, f"{where}[{key!r}]", depth + 1
            )
            if problem:
                return problem
        return None
    if origin is not None:
        return _mismatch(value, tp, where)  # another generic form: no JSON mapping known
    if tp is type(None):
        return None if value is None else _mismatch(value, tp, where)
    if not isinstance(tp, type) or not isinstance(value, tp):
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            return None  # JSON reads 2.0 back as a float; an int is an acceptable float
        return _mismatch(value, tp, where)
    if tp is not bool and isinstance(value, bool) and tp in (int, float):
        return _mismatch(value, tp, where)
    return _leaf_problem(value, opaque, where, depth)


def _leaf_problem(value: object, opaque: tuple[type, ...], where: str, depth: int) -> str | None:
    """The checks of a value whose type matched: finite numbers, attrs fields."""
    if isinstance(value, opaque):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{where} is {value!r}, which JSON cannot hold"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"{where} is Decimal({str(value)!r}), not a finite number"
    if attrs.has(type(value)):
        return _fields_problem(value, opaque, where, depth)
    return None


def _fields_problem(value: object, opaque: tuple[type, ...], where: str, depth: int) -> str | None:
    cls: Any = type(value)
    hints = _hints(cls)
    for field in attrs.fields(cls):
        member = getattr(value, field.name)
        declared = hints.get(field.name) if hints is not None else None
        problem = _problem(member, declared, opaque, f"{where}.{field.name}", depth + 1)
        if problem:
            return problem
    return None


_HINTS: dict[type, dict[str, Any] | None] = {}


def _hints(cls: type) -> dict[str, Any] | None:
    """The resolved field types of an attrs class (``None`` when they cannot be resolved:
    then each field is only checked for what JSON can hold)."""
    if cls not in _HINTS:
        try:
            _HINTS[cls] = typing.get_type_hints(cls)
        except Exception:  # noqa: BLE001 - a forward reference that does not resolve
            _HINTS[cls] = None
    return _HINTS[cls]


_JSON_LEAVES = (str, int, float, Decimal, dt.date, dt.time, enum.Enum, type(None))


def _json_problem(value: object, opaque: tuple[type, ...], where: str, depth: int) -> str | None:
    if isinstance(value, (*_JSON_LEAVES, *opaque)) or attrs.has(type(value)):
        return _leaf_problem(value, opaque, where, depth)
    if isinstance(value, tuple | list):
        return _first(
            _json_problem(v, opaque, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)
        )
    if isinstance(value, dict):
        for key, member in value.items():
            if not isinstance(key, str):
                return f"{where} has a key {key!r} that is not a string"
            problem = _json_problem(member, opaque, f"{where}[{key!r}]", depth + 1)
            if problem:
                return problem
        return None
    return f"{where} is a {type(value).__name__}, which JSON cannot hold"


def _first(problems: typing.Iterable[str | None]) -> str | None:
    return next((p for p in problems if p), None)


def _mismatch(value: object, tp: Any, where: str) -> str:
    return f"{where} is a {type(value).__name__}, not {type_name(tp)}"


def type_name(tp: Any) -> str:
    """A readable name of a type or typing form (``tuple[Table, ...]``)."""
    if isinstance(tp, type) and typing.get_origin(tp) is None:
        return tp.__qualname__
    return repr(tp).replace("typing.", "")


__all__ = ["ResultKey", "result_problem", "type_name"]
