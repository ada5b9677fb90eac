"""The base of the model classes: one ``__repr__`` for them all.

attrs writes and compiles a ``__repr__`` for each class it makes, and compiling it was a third
of the cost of making a model class — paid at every start, for about fifty classes (the core's
and the built-in plugins'), though few programs ever print a model. A model class is therefore
declared ``@frozen(repr=False)`` on :class:`Model`, and inherits this one, which writes what
attrs' would, character for character (``tests/test_model_repr.py``): the class name, then
each field that is not ``repr=False`` as ``name=value!r`` (or ``name=`` and the field's own
repr function's text), and ``...`` for an object met again inside its own repr.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import attrs

#: A field as the repr writes it: its name, its repr function (``None``: :func:`repr`), and
#: whether ``__init__`` sets it (a field it does not set may be missing).
_Field = tuple[str, Callable[[object], str] | None, bool]

_fields: dict[type, tuple[_Field, ...]] = {}
_active = threading.local()  # the ids of the objects being written, per thread


def _repr_fields(cls: type) -> tuple[_Field, ...]:
    found = _fields.get(cls)
    if found is None:
        found = tuple(
            (field.name, None if field.repr is True else field.repr, field.init)
            for field in attrs.fields(cls)
            if field.repr is not False
        )
        _fields[cls] = found
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
        for name, write, init in _repr_fields(type(self)):
            value = getattr(self, name) if init else getattr(self, name, attrs.NOTHING)
            parts.append(f"{name}={value!r}" if write is None else f"{name}={write(value)}")
        return f"{type(self).__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
    finally:
        active.discard(key)


class Model:
    """The base of the frozen model classes: declare one ``@frozen(repr=False)`` on it."""

    __slots__ = ()
    __repr__ = model_repr
