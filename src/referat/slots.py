"""Frozen model objects made by setting their slots: the lexer's hot constructors.

A frozen attrs class's generated ``__init__`` is a Python function that binds
``object.__setattr__`` and calls it once per field. The lexer makes several hundred spans,
paragraphs, table cells, headings and list items a document, and that call was a tenth of a
structure parse. :class:`SlotMaker` makes the same object without it: a new instance, then each
slot set through its descriptor (converters applied, as attrs applies them). It refuses a class
it would make differently from its ``__init__``: a field with a validator or an ``on_setattr``
hook, a ``__attrs_post_init__``, or fields other than the ones named (every field is passed,
in order: defaults are not filled in). ``tests/test_slots.py`` holds the two equal.
"""

from __future__ import annotations

from typing import Any, Final, Generic, TypeVar

import attrs

_new: Final[Any] = object.__new__
_T = TypeVar("_T")


class SlotMaker(Generic[_T]):
    """Makes instances of the frozen, slotted attrs class ``cls`` from all its fields' values."""

    def __init__(self, cls: type[_T], names: tuple[str, ...]) -> None:
        fields = attrs.fields(cls)  # type: ignore[arg-type]  # an attrs class (checked by fields)
        if tuple(f.name for f in fields) != names:
            msg = f"{cls.__name__} has the fields {[f.name for f in fields]}, not {list(names)}"
            raise TypeError(msg)
        for f in fields:
            if f.validator is not None or f.on_setattr not in (None, attrs.setters.NO_OP):
                msg = f"{cls.__name__}.{f.name} has a validator or a setattr hook"
                raise TypeError(msg)
        if hasattr(cls, "__attrs_post_init__") or "__slots__" not in vars(cls):
            msg = f"{cls.__name__} is not a plain slotted attrs class"
            raise TypeError(msg)
        self.cls = cls
        self.setters: list[Any] = [getattr(cls, name).__set__ for name in names]
        self.converters: list[Any] = [f.converter for f in fields]

    def make(self, *values: object) -> _T:
        """``cls(*values)``, made without the generated ``__init__``."""
        made: _T = _new(self.cls)
        converters = self.converters
        for k, setter in enumerate(self.setters):
            converter = converters[k]
            setter(made, values[k] if converter is None else converter(values[k]))
        return made
