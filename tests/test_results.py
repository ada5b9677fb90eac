"""The check of a plugin result against its declared type (``referat.results``)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Literal

import pytest
from attrs import frozen

from referat import ResultKey, SectionKind
from referat.results import MAX_DEPTH, result_problem


@frozen
class Node:
    name: str
    children: tuple[Node, ...] = ()
    weight: float | None = None


@frozen
class Leaf(Node):
    colour: str = "green"


class Money:
    """Not attrs: a plugin gives it a converter hook."""


@pytest.mark.parametrize(
    ("value", "declared"),
    [
        (Node("a", (Node("b", weight=1.5), Node("c"))), Node),
        (Leaf("a", weight=2), Node),  # a subclass; an int is an acceptable float
        (3, int),
        (3, float),
        ("x", str | None),
        (None, str | None),
        ((1, "a"), tuple[int, str]),
        ((), tuple[()]),
        ({"a": [1, 2]}, dict[str, list[int]]),
        (frozenset({1, 2}), frozenset[int]),
        ("b", Literal["a", "b"]),
        (Decimal("1.5"), Decimal),
        (dt.date(2023, 2, 21), dt.date),
        (SectionKind.RESUME, SectionKind),
        ({"a": (1, 2.5, None, "x", SectionKind.RESUME)}, None),  # undeclared: JSON-able
    ],
)
def test_what_fits_passes(value: object, declared: object) -> None:
    assert result_problem(value, declared) is None


@pytest.mark.parametrize(
    ("value", "declared", "problem"),
    [
        (Node("a", (Node("b", weight=math.nan),)), Node, "result.children[0].weight is nan"),
        (Leaf("a", colour=3), Node, "result.colour is a int, not str"),  # type: ignore[arg-type]
        (True, int, "result is a bool, not int"),
        (1.0, int, "result is a float, not int"),
        (math.inf, float, "result is inf, which JSON cannot hold"),
        (3, str | None, "result is a int, not str | None"),
        ((1,), tuple[int, str], "result has 1 members, 2 declared"),
        ({1: [1]}, dict[str, list[int]], "result has a key 1 that is a int, not str"),
        ({"a": [1, "2"]}, dict[str, list[int]], "result['a'][1] is a str, not int"),
        ({1, 2}, frozenset[int], "result is a set, not frozenset[int]"),
        ("c", Literal["a", "b"], "result is a str, not Literal['a', 'b']"),
        (Decimal("NaN"), Decimal, "result is Decimal('NaN'), not a number"),
        ({"a": object()}, None, "result['a'] is a object, which JSON cannot hold"),
        ({1: "a"}, None, "result has a key 1 that is not a string"),
        ({1, 2}, None, "result is a set, which JSON cannot hold"),
        (Money(), None, "result is a Money, which JSON cannot hold"),
    ],
)
def test_what_does_not_fit_is_named_with_its_place(
    value: object, declared: object, problem: str
) -> None:
    found = result_problem(value, declared)
    assert found is not None and found.startswith(problem)


def test_opaque_classes_pass_as_they_are() -> None:
    assert result_problem(Money(), Money, opaque=(Money,)) is None
    assert result_problem([Money()], None, opaque=(Money,)) is None
    assert result_problem(Money(), Money) is None  # a plain class: isinstance is the check


def test_depth_is_bounded() -> None:
    deep: object = 1
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    assert "nested more than" in (result_problem(deep, None) or "")
    node = Node("leaf")
    for _ in range(MAX_DEPTH + 5):
        node = Node("n", (node,))
    assert "nested more than" in (result_problem(node, Node) or "")


def test_a_key_accepts_by_top_level_type() -> None:
    key = ResultKey("nodes", tuple[Node, ...])
    assert key.accepts((Node("a"),)) and key.accepts(())
    assert not key.accepts([Node("a")])
    assert ResultKey("maybe", int | None).accepts(None)
    assert str(key) == "nodes"
