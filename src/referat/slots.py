"""Frozen model objects made by setting their slots: the lexer's hot constructors.

A frozen attrs class's generated ``__init__`` is a Python function that binds
``object.__setattr__`` and calls it once per field. The lexer makes several hundred spans,
paragraphs, table cells, headings and list items a document, and that call was a tenth of a
structure parse. :class:`SlotMaker` makes the same object without it: a new instance, then each
slot set through its descriptor (converters applied, as attrs applies them). It refuses a class
it would make differently from its ``__init__``: a field with a validator, an ``on_setattr``
hook, a converter that takes the instance or the field, or no ``__init__`` argument; a pre- or
post-init hook, a cached hash, an ``__init__`` of its own; or fields other than the ones
named (every field is passed, in order: defaults are not filled in). ``tests/test_slots.py``
holds the two equal.
"""

from __future__ import annotations

from typing import Any, Final, Generic, TypeVar

import attrs

_new: Final[Any] = object.__new__
_T = TypeVar("_T")
#: attrs' converter that may take the instance or the field (attrs 24.1 and later).
_CONVERTER: Final[Any] = getattr(attrs, "Converter", ())


def _plain_attrs_init(cls: type) -> bool:
    """Slotted, its ``__init__`` the one attrs generated, no init hooks, no cached hash."""
    code = getattr(getattr(cls, "__init__", None), "__code__", None)
    return (
        "__slots__" in vars(cls)
        and code is not None
        and code.co_filename.startswith("<attrs generated")
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
        and "_attrs_cached_hash" not in getattr(cls, "__slots__", ())
    )


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
            if not f.init or isinstance(f.converter, _CONVERTER):
                msg = f"{cls.__name__}.{f.name} is not set from its argument as given"
                raise TypeError(msg)
        if not _plain_attrs_init(cls):
            msg = f"{cls.__name__} is not a plain slotted attrs class"
            raise TypeError(msg)
        self.cls = cls
        self.size = len(names)
        self.setters: list[Any] = [getattr(cls, name).__set__ for name in names]
        self.converters: list[Any] = [f.converter for f in fields]

    def make(self, *values: object) -> _T:
        """``cls(*values)``, made without the generated ``__init__``."""
        if len(values) != self.size:
            msg = f"{self.cls.__name__} takes {self.size} values, not {len(values)}"
            raise TypeError(msg)
        made: _T = _new(self.cls)
        converters = self.converters
        for k, setter in enumerate(self.setters):
            converter = converters[k]
            setter(made, values[k] if converter is None else converter(values[k]))
        return made
