"""The compiled acceptance test of plugin results never lets a bad result through.

``result_problem`` first runs a test compiled per declared type and returns ``None`` when it
passes; only a value it does not pass gets the full check, which names the problem. So the
test must pass a value only when the full check finds nothing: checked here with the
built-in plugins' results on the seeds, each with one member somewhere replaced by a value
of another kind (a wrong type, ``NaN``, a subclass, a set, an object JSON cannot hold …).
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen
from hypothesis import given, settings
from hypothesis import strategies as st

import referat
from conftest import FIXTURES, SEEDS
from referat import SectionKind, Span
from referat.results import _Checkers, result_problem

PARSER = referat.Parser()
RESULTS = [
    (extract.value, spec.result)
    for seed in SEEDS
    for item in PARSER.parse_file(FIXTURES / f"{seed}.txt").items
    for extract in item.extracts
    if (spec := PARSER.registry.extractor(extract.name)) is not None
]


class Count(int):
    """An int subclass: what a check of ``int`` accepts, a test of the exact type does not."""


class Label(str):
    """A str subclass."""


class Opaque:
    """Neither attrs nor JSON."""


@frozen
class Other:
    n: int


REPLACEMENTS = st.sampled_from(
    [
        None,
        True,
        3,
        Count(3),
        -1.5,
        math.nan,
        math.inf,
        "x",
        Label("x"),
        Decimal("2.5"),
        Decimal("NaN"),
        dt.date(2020, 1, 2),
        dt.datetime(2020, 1, 2, 3, 4),
        SectionKind.RESUME,
        (),
        (1, "a"),
        [1],
        {"a": 1},
        {1, 2},
        Opaque(),
        Other(1),
        Span(0, 0, 0, 1, 0, 1),
    ]
)


def replaced(value: Any, path: list[int], new: Any) -> Any:
    """``value`` with the member that ``path`` leads to (each step an index into the
    members of an attrs instance or a tuple, modulo their number) replaced by ``new``."""
    if not path:
        return new
    step, rest = path[0], path[1:]
    if isinstance(value, tuple) and value:
        k = step % len(value)
        return (*value[:k], replaced(value[k], rest, new), *value[k + 1 :])
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        field = fields[step % len(fields)]
        member = replaced(getattr(value, field.name), rest, new)
        return attrs.evolve(value, **{field.alias: member})
    return new


def full_check(value: object, declared: Any) -> str | None:
    """``result_problem`` as it was before the acceptance test: the full check alone."""
    problem = _Checkers.of(()).check(declared)(value, 0)
    return None if problem is None else f"result{problem[0]} {problem[1]}"


def test_every_result_on_the_seeds_passes_the_acceptance_test() -> None:
    assert RESULTS
    for value, declared in RESULTS:
        assert _Checkers.of(()).accept(declared)(value, 0), declared


@settings(max_examples=400, deadline=None)
@given(
    index=st.integers(min_value=0),
    path=st.lists(st.integers(min_value=0, max_value=50), max_size=6),
    new=REPLACEMENTS,
)
def test_a_changed_result_is_judged_as_by_the_full_check(
    index: int, path: list[int], new: Any
) -> None:
    value, declared = RESULTS[index % len(RESULTS)]
    try:
        changed = replaced(value, path, new)
    except (TypeError, ValueError):  # a field whose attrs converter refuses the new value
        return
    accepted = _Checkers.of(()).accept(declared)(changed, 0)
    expected = full_check(changed, declared)
    assert not (accepted and expected is not None), expected
    assert result_problem(changed, declared) == expected


def test_threads_compiling_the_tests_at_once_agree() -> None:
    checkers = _Checkers(())  # nothing compiled yet
    barrier = threading.Barrier(6)

    def accept_all() -> list[bool]:
        barrier.wait()
        return [checkers.accept(declared)(value, 0) for value, declared in RESULTS]

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: accept_all(), range(6)))
    assert answers == [[True] * len(RESULTS)] * 6
