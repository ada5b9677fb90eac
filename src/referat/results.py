"""Typed plugin results: the extension slot of an agenda item.

A plugin declares what it attaches to items with a :class:`ResultKey` — a name and the type
of the value — and exports it, so that users (and other plugins) read the result typed:
``item.get(DECISION)`` gives a ``Decision`` or ``None``, ``DECISION`` being the key the
decisions plugin exports.

The built-in plugins use exactly this slot (``referat_tables.TABLES``,
``referat_decisions.DECISION``, ``referat_economics.ECONOMY``); the core never imports them.

:func:`result_problem` checks a value against the declared type (deeply, through attrs
fields, tuples and unions) and against what JSON can hold (no ``NaN``, no sets, no arbitrary
objects); the runner leaves out a result that fails it, with a diagnostic.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

import attrs
from attrs import frozen

from referat.codegen import Compiled, Source

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


def _first_member_problem(
    members: Iterable[tuple[Any, Callable[[Any, int], tuple[str, str] | None]]], depth: int
) -> tuple[str, str] | None:
    """The first problem among the (member, check) pairs of a sequence, with its index."""
    for index, (member, check) in enumerate(members):
        problem = check(member, depth + 1)
        if problem is not None:
            return f"[{index}]{problem[0]}", problem[1]
    return None


def _plain_class(tp: Any) -> bool:
    return isinstance(tp, type) and typing.get_origin(tp) is None


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

    >>> result_problem({"n": 3}, int)
    'result is a dict, not int'
    >>> result_problem((1, float("nan")), tuple[float, ...])
    'result[1] is nan, which JSON cannot hold'
    """
    checkers = _Checkers.of(opaque)
    if _accepted_at_once(checkers, tp, value):
        return None
    try:
        problem = checkers.check(tp)(value, 0)
    except RecursionError:
        return "the result is nested too deeply"
    return None if problem is None else f"result{problem[0]} {problem[1]}"


def _accepted_at_once(checkers: _Checkers, tp: Any, value: object) -> bool:
    """Whether the compiled acceptance test passes ``value`` (then the full check would find
    no problem); ``False`` sends it to the full check, which names the problem."""
    try:
        return checkers.accept(tp)(value, 0)
    except Exception:  # noqa: BLE001 - a value that breaks the test gets the full check
        return False


#: A problem: the path below the checked value (``.count``, ``[2]``) and what is wrong.
Problem = tuple[str, str]
#: A compiled check of one declared type: ``(value, depth) -> Problem | None``.
Check = Callable[[Any, int], Problem | None]

_JSON_LEAVES = (str, int, dt.date, dt.time, enum.Enum)


class _Checkers:
    """Checks compiled once per declared type (and set of opaque classes): a result is
    checked on every item of every document, so the typing forms are read only once."""

    _by_opaque: ClassVar[dict[tuple[type, ...], _Checkers]] = {}

    @classmethod
    def of(cls, opaque: tuple[type, ...]) -> _Checkers:
        found = cls._by_opaque.get(opaque)
        if found is None:
            found = cls._by_opaque[opaque] = cls(opaque)
        return found

    def __init__(self, opaque: tuple[type, ...]) -> None:
        self.opaque = opaque
        self.cache: dict[Any, Check] = {}
        self.acceptors = _Acceptors(self)

    def accept(self, tp: Any) -> Accept:
        """The compiled acceptance test of ``tp`` (see :class:`_Acceptors`)."""
        return self.acceptors.get(tp)

    def check(self, tp: Any) -> Check:
        try:
            found = self.cache.get(tp)
        except TypeError:  # an unhashable typing form: compiled each time
            return self.compile(tp)
        if found is None:
            found = self.cache[tp] = self.compile(tp)
        return found

    def compile(self, tp: Any) -> Check:
        if tp is None or tp is Any or tp is object:
            return self.json
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            return self.union(tp, args)
        if origin is typing.Literal:
            return lambda value, depth: None if value in args else _mismatch(value, tp)
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return self.sequence(tp, tuple, args[0])
            return self.fixed(tp, () if args == ((),) else args)
        if origin in (list, set, frozenset):
            return self.sequence(tp, origin, args[0] if args else None)
        if origin in (dict, Mapping):
            key_type, value_type = args or (str, None)
            return self.mapping(tp, key_type, value_type)
        if origin is not None or not isinstance(tp, type):
            return lambda value, depth: _mismatch(value, tp)  # no JSON mapping known
        return self.cls(tp)

    def cls(self, tp: type) -> Check:
        if tp is type(None):
            return lambda value, depth: None if value is None else _mismatch(value, tp)
        if tp is float:
            return _float
        if tp in (int, str, bool):
            return lambda value, depth: (
                None
                if type(value) is tp or (isinstance(value, tp) and not isinstance(value, bool))
                else _mismatch(value, tp)
            )
        if self.opaque and issubclass(tp, self.opaque):
            return lambda value, depth: None if isinstance(value, tp) else _mismatch(value, tp)
        if attrs.has(tp):
            return self.attrs_class(tp)

        def instance(value: Any, depth: int) -> Problem | None:
            if not isinstance(value, tp):
                return _mismatch(value, tp)
            return None if type(value) is tp and tp is not Decimal else self.own(value, depth)

        return instance

    def own(self, value: Any, depth: int) -> Problem | None:
        """The checks a value's own type asks for (a subclass of the declared one)."""
        if isinstance(value, float | Decimal):
            return _finite(value)
        if isinstance(value, self.opaque):
            return None
        if attrs.has(type(value)):
            return self.check(type(value))(value, depth)
        return None

    def attrs_class(self, tp: type) -> Check:
        # Fields declared int, str or bool whose value has exactly that type pass without a
        # call (spans, cells and offsets are most of a result); the rest get their check.
        leaves: list[tuple[str, type]] = []
        fields: list[tuple[str, Check]] = []
        others: list[tuple[str, Check]] = []  # the fields that are not leaves
        ready = False

        def check(value: Any, depth: int) -> Problem | None:
            nonlocal ready
            if type(value) is not tp:
                if not isinstance(value, tp):
                    return _mismatch(value, tp)
                return self.check(type(value))(value, depth)  # a subclass: its own fields
            if depth > MAX_DEPTH:
                return _too_deep()
            if not ready:  # compiled at first use: a class may refer to itself
                hints = _hints(tp)
                for f in attrs.fields(tp):
                    declared = hints.get(f.name) if hints is not None else None
                    field_check = self.check(declared)
                    fields.append((f.name, field_check))
                    if declared in (int, str, bool):
                        leaves.append((f.name, declared))
                    else:
                        others.append((f.name, field_check))
                ready = True
            for name, leaf in leaves:
                if type(getattr(value, name)) is not leaf:
                    break  # not exactly the declared type: every field gets its full check
            else:
                return self._fields(value, depth, others)
            return self._fields(value, depth, fields)

        return check

    @staticmethod
    def _fields(value: Any, depth: int, fields: list[tuple[str, Check]]) -> Problem | None:
        for name, field_check in fields:
            problem = field_check(getattr(value, name), depth + 1)
            if problem is not None:
                return f".{name}{problem[0]}", problem[1]
        return None

    def union(self, tp: Any, args: tuple[Any, ...]) -> Check:
        # An arm that is a plain class (``Span``, ``None``) cannot take a value that is no
        # instance of it: skipped without building its message (``float`` takes ints too).
        arms = [(arg, self.check(arg), _plain_class(arg) and arg is not float) for arg in args]

        def check(value: Any, depth: int) -> Problem | None:
            fitting = None
            for arg, arm, plain in arms:
                if plain and not isinstance(value, arg):
                    continue
                problem = arm(value, depth)
                if problem is None:
                    return None
                if fitting is None and _top_level(value, arg):
                    fitting = problem
            return fitting or _mismatch(value, tp)

        return check

    def sequence(self, tp: Any, kind: type[Iterable[Any]], item: Any) -> Check:
        item_check = self.check(item)

        def check(value: Any, depth: int) -> Problem | None:
            if not isinstance(value, kind):
                return _mismatch(value, tp)
            if depth > MAX_DEPTH:
                return _too_deep()
            return _first_member_problem(((m, item_check) for m in value), depth)

        return check

    def fixed(self, tp: Any, args: tuple[Any, ...]) -> Check:
        checks = [self.check(arg) for arg in args]

        def check(value: Any, depth: int) -> Problem | None:
            if not isinstance(value, tuple):
                return _mismatch(value, tp)
            if len(value) != len(checks):
                return "", f"has {len(value)} members, {len(checks)} declared"
            return _first_member_problem(zip(value, checks, strict=True), depth)

        return check

    def mapping(self, tp: Any, key_type: Any, value_type: Any) -> Check:
        key_check = self.check(key_type)
        value_check = self.check(value_type)

        def check(value: Any, depth: int) -> Problem | None:
            if not isinstance(value, dict):
                return _mismatch(value, tp)
            if depth > MAX_DEPTH:
                return _too_deep()
            for key, member in value.items():
                problem = key_check(key, depth + 1)
                if problem is not None:
                    return "", f"has a key {key!r} that {problem[1]}"
                problem = value_check(member, depth + 1)
                if problem is not None:
                    return f"[{key!r}]{problem[0]}", problem[1]
            return None

        return check

    def json(self, value: Any, depth: int) -> Problem | None:
        """Anything JSON can hold and give back (nothing declared)."""
        if value is None or isinstance(value, _JSON_LEAVES):
            return None
        if isinstance(value, float | Decimal):
            return _finite(value)
        if isinstance(value, self.opaque):
            return None
        if attrs.has(type(value)):
            return self.check(type(value))(value, depth)
        if depth > MAX_DEPTH:
            return _too_deep()
        if isinstance(value, tuple | list):
            for index, member in enumerate(value):
                problem = self.json(member, depth + 1)
                if problem is not None:
                    return f"[{index}]{problem[0]}", problem[1]
            return None
        if isinstance(value, dict):
            for key, member in value.items():
                if not isinstance(key, str):
                    return "", f"has a key {key!r} that is not a string"
                problem = self.json(member, depth + 1)
                if problem is not None:
                    return f"[{key!r}]{problem[0]}", problem[1]
            return None
        return "", f"is a {type(value).__name__}, which JSON cannot hold"


#: An acceptance test: ``(value, depth) -> True`` only when the check finds no problem.
Accept = Callable[[Any, int], bool]


def _refuse(value: Any, depth: int) -> bool:
    return False


class _Acceptors:
    """Acceptance tests compiled per declared type, one Python function per attrs class.

    A result is checked on every item of every document, and nearly every result is fine;
    the checks above walk it with a call per field and build the path of a problem as they
    return. The acceptance test of a class is one boolean expression: a field declared
    ``str``, ``int``, ``bool``, an enum or a union of those is a test of its exact type,
    a sequence of them one set of types, a span (a class of such fields) is inlined, a
    float or ``Decimal`` is tested for being finite, another attrs class is its own test,
    and any other form is its full check. The test passes a value only when the full check
    would find no problem at the same depth; when it fails (a subclass, a field of another
    type, a value too deep), the full check runs and reports as it always has.
    """

    def __init__(self, checkers: _Checkers) -> None:
        self.checkers = checkers
        self.compiled: Compiled[Accept] = Compiled(self._compile, self._stand_in)

    def get(self, tp: Any) -> Accept:
        try:
            return self.compiled.get(tp)
        except TypeError:  # an unhashable typing form: the full check alone
            return _refuse

    def _stand_in(self, tp: Any) -> Accept:
        def accept(value: Any, depth: int) -> bool:
            return self.compiled.get(tp)(value, depth)

        return accept

    def _compile(self, tp: Any) -> Accept:
        code = Source()
        if _plain_class(tp) and attrs.has(tp) and self.leaves(tp) is None:
            test = self.attrs_class(code, tp)
        else:
            test = self.test(code, tp, "value", 0)
        name = f"accept_{getattr(tp, '__name__', 'form')}"
        return code.function(name, "value, depth", f"bool({test})", "check")

    # -- what the checks above do with each kind of type ------------------------------------
    def leaves(self, tp: Any) -> frozenset[type] | None:
        """The types whose every instance passes ``tp``'s check (``None``: its values need
        more than their type)."""
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            found: set[type] = set()
            for arg in typing.get_args(tp):
                arm = self.leaves(arg)
                if arm is None:
                    return None
                found |= arm
            return frozenset(found)
        if not _plain_class(tp) or tp in (object, Any, float, Decimal):
            return None
        opaque = bool(self.checkers.opaque) and issubclass(tp, self.checkers.opaque)
        return None if attrs.has(tp) and not opaque else frozenset({tp})

    def test(self, code: Source, tp: Any, value: str, depth: int) -> str:
        """Python source that is true only when the check of ``value`` (a name or an
        attribute, read once) declared ``tp`` at ``depth`` below the result finds nothing."""
        leaves = self.leaves(tp)
        if leaves is not None:
            if len(leaves) == 1:
                return f"type({value}) is {code.bind(next(iter(leaves)))}"
            return f"type({value}) in {code.bind(leaves)}"
        if tp is float:
            name = code.fresh()
            isfinite = code.bind(math.isfinite)
            return (
                f"(type({name} := {value}) is float and {isfinite}({name}) or type({name}) is int)"
            )
        if tp is Decimal:
            name = code.fresh()
            return f"(type({name} := {value}) is {code.bind(Decimal)} and {name}.is_finite())"
        item = _sequence_item(tp)
        if item is not None:
            return self.sequence(code, typing.get_origin(tp), item, value, depth)
        inner = _optional_part(tp)
        if inner is not None:
            name = code.fresh()
            return f"(({name} := {value}) is None or {self.test(code, inner, name, depth)})"
        if _plain_class(tp) and attrs.has(tp):  # not opaque: that is a leaf
            if self._flat(tp):
                return self.flat(code, tp, value, depth)
            return f"{code.bind(self.get(tp))}({value}, depth + {depth})"
        return f"{code.bind(self.checkers.check(tp))}({value}, depth + {depth}) is None"

    def sequence(self, code: Source, kind: Any, item: Any, value: str, depth: int) -> str:
        """``tuple[X, ...]`` or ``list[X]``: the members one level deeper."""
        name = code.fresh()
        head = f"type({name} := {value}) is {kind.__name__} and depth <= {MAX_DEPTH - depth}"
        leaves = self.leaves(item)
        if leaves is not None:
            return f"({head} and {{*map(type, {name})}} <= {code.bind(leaves)})"
        accept, repeat = code.bind(self.get(item)), code.bind(itertools.repeat)
        return f"({head} and all(map({accept}, {name}, {repeat}(depth + {depth + 1}))))"

    def _flat(self, tp: type) -> bool:
        """An attrs class of a few fields that are all tested by type (a span, a text piece)."""
        hints = _hints(tp)
        fields = attrs.fields(tp)
        return (
            hints is not None
            and len(fields) <= 8
            and all(self.leaves(hints.get(f.name)) is not None for f in fields)
        )

    def flat(self, code: Source, tp: type, value: str, depth: int) -> str:
        hints = _hints(tp) or {}
        name = code.fresh()
        tests = [
            self.test(code, hints.get(f.name), f"{name}.{f.name}", depth + 1)
            for f in attrs.fields(tp)
        ]
        head = f"type({name} := {value}) is {code.bind(tp)} and depth <= {MAX_DEPTH - depth}"
        return "(" + " and ".join([head, *tests]) + ")"

    def attrs_class(self, code: Source, tp: type) -> str:
        hints = _hints(tp)
        tests = [f"type(value) is {code.bind(tp)}", f"depth <= {MAX_DEPTH}"]
        for f in attrs.fields(tp):
            declared = hints.get(f.name) if hints is not None else None
            tests.append(self.test(code, declared, f"value.{f.name}", 1))
        return " and ".join(tests)


def _optional_part(tp: Any) -> Any:
    """``X`` of ``X | None`` (``None``: ``tp`` is no union of two with ``None``)."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) not in (typing.Union, types.UnionType) or len(args) != 2:
        return None
    if type(None) not in args:
        return None
    return args[0] if args[1] is type(None) else args[1]


def _sequence_item(tp: Any) -> Any:
    """``X`` of ``tuple[X, ...]`` or ``list[X]`` (``None``: neither)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    if origin is list and len(args) == 1:
        return args[0]
    return None


def _float(value: Any, depth: int) -> Problem | None:
    if type(value) is float:
        return None if math.isfinite(value) else ("", f"is {value!r}, which JSON cannot hold")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _mismatch(value, float)
    return _finite(value) if isinstance(value, float) else None  # JSON reads 2 back as 2.0


def _finite(value: float | Decimal) -> Problem | None:
    if isinstance(value, Decimal):
        return None if value.is_finite() else ("", f"is Decimal({str(value)!r}), not a number")
    return None if math.isfinite(value) else ("", f"is {value!r}, which JSON cannot hold")


def _too_deep() -> Problem:
    return "", f"is nested more than {MAX_DEPTH} levels deep"


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


def _mismatch(value: object, tp: Any) -> Problem:
    return "", f"is a {type(value).__name__}, not {type_name(tp)}"


def type_name(tp: Any) -> str:
    """A readable name of a type or typing form (``tuple[Table, ...]``)."""
    if isinstance(tp, type) and typing.get_origin(tp) is None:
        return tp.__qualname__
    return repr(tp).replace("typing.", "")


__all__ = ["ResultKey", "result_problem", "type_name"]
