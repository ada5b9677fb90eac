"""What the packed sequences of the model share: a sequence of frozen model objects stored as
columns of integers (:class:`~referat.models.PieceMap`, :class:`~referat.sources.SegmentMap`)
behaves like the tuple of those objects — equal to it, hashed like it, shown as a list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


class TupleLike(Sequence[T]):
    """Equality, hash and ``repr`` of a packed sequence, as the tuple of its items has them.
    A subclass gives its columns (:meth:`_columns`): two of its kind are equal when those are."""

    __slots__ = ()

    def _columns(self) -> tuple[object, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TupleLike) and type(other) is type(self):
            return self._columns() == other._columns()
        if isinstance(other, tuple):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __add__(self, other: object) -> tuple[T, ...]:
        """``pieces + (piece,)`` as with the tuple it stands for (a tuple, not a packed map)."""
        if isinstance(other, tuple | TupleLike):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[object, ...]:
        if isinstance(other, tuple):
            return (*other, *self)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))  # equal to the tuple of its items, so hashed like it

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"
