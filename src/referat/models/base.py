"""The base of the model classes: one ``__repr__``, ``__eq__`` and ``__hash__`` for them all.

attrs writes and compiles these three methods for each class it makes, and compiling them was
most of the cost of making a model class — paid at every start, for about fifty classes (the
core's and the built-in plugins'), though a parse and its JSON never call them. A model class
is therefore declared ``@frozen(repr=False, eq=False)`` on :class:`Model` and inherits these,
which do what attrs' would:

* ``repr``: the class name, then each field that is not ``repr=False`` as ``name=value!r``
  (or ``name=`` and the text of the field's own repr function), and ``...`` for an object met
  again inside its own repr — character for character (``tests/test_model_base.py``);
* ``==``: objects of the same class whose fields (those with ``eq``, through their
  ``eq_key``) are equal field by field, with ``==`` (a NaN is not equal to itself), the first
  unequal field ending the comparison; another class: ``NotImplemented``;
* ``hash``: the hash of the class and those fields, so that equal objects hash alike.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import attrs

#: A field as the repr writes it: its name, its repr function (``None``: :func:`repr`), and
#: whether ``__init__`` sets it (a field it does not set may be missing).
_Shown = tuple[str, Callable[[Any], str] | None, bool]
#: A field as ``==`` and ``hash`` read it: its name and its ``eq_key`` (``None``: the value).
_Compared = tuple[str, Callable[[Any], Any] | None]

_shown: dict[type, tuple[_Shown, ...]] = {}
_compared: dict[type, tuple[_Compared, ...]] = {}
_hashed: dict[type, tuple[_Compared, ...]] = {}
_active = threading.local()  # the ids of the objects whose repr is being written, per thread


def _shown_fields(cls: type) -> tuple[_Shown, ...]:
    found = _shown.get(cls)
    if found is None:
        found = _shown[cls] = tuple(
            (field.name, None if field.repr is True else field.repr, field.init)
            for field in attrs.fields(cls)
            if field.repr is not False
        )
    return found


def _compared_fields(cls: type) -> tuple[_Compared, ...]:
    found = _compared.get(cls)
    if found is None:
        found = _compared[cls] = tuple(
            (field.name, field.eq_key) for field in attrs.fields(cls) if field.eq
        )
    return found


def _hashed_fields(cls: type) -> tuple[_Compared, ...]:
    found = _hashed.get(cls)
    if found is None:
        found = _hashed[cls] = tuple(
            (field.name, field.eq_key)
            for field in attrs.fields(cls)
            if field.hash is True or (field.hash is None and field.eq is True)
        )
    return found


def model_repr(self: object) -> str:
    """``ClassName(field=value, …)`` exactly as attrs writes it."""
    try:
        active: set[int] = _active.ids
    except AttributeError:
        active = _active.ids = set()
    key = id(self)
    if key in active:
        return "..."
    active.add(key)
    try:
        parts = []
        for name, write, init in _shown_fields(self.__class__):
            value = getattr(self, name) if init else getattr(self, name, attrs.NOTHING)
            parts.append(f"{name}={value!r}" if write is None else f"{name}={write(value)}")
        return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
    finally:
        active.discard(key)


def model_eq(self: object, other: object) -> bool:
    """Equal when ``other`` is of the same class and every compared field is equal."""
    if other.__class__ is not self.__class__:
        result: bool = NotImplemented  # Python then asks ``other``, as for attrs' ``==``
        return result
    for name, key in _compared_fields(self.__class__):
        mine, theirs = getattr(self, name), getattr(other, name)
        if key is not None:
            mine, theirs = key(mine), key(theirs)
        if not mine == theirs:  # noqa: SIM201 - attrs asks ==, and so do we
            return False
    return True


def model_hash(self: object) -> int:
    """The hash of the class and the compared fields (equal objects hash alike)."""
    values: list[object] = [self.__class__]
    for name, key in _hashed_fields(self.__class__):
        value = getattr(self, name)
        values.append(value if key is None else key(value))
    return hash(tuple(values))


class Model:
    """The base of the frozen model classes: declare one ``@frozen(repr=False, eq=False)``."""

    __slots__ = ()
    __repr__ = model_repr
    __eq__ = model_eq
    __hash__ = model_hash
