"""The registry's check of an extractor's signature reads a compiled function's text signature
itself when it is two plain names, and otherwise asks ``inspect.signature``: the same verdict."""

from __future__ import annotations

import builtins
import inspect
import math
import operator
from collections.abc import Callable
from types import BuiltinFunctionType
from typing import Any

import pytest

from referat.errors import PluginError
from referat.registry import Registry, _two_plain_parameters
from referat_decisions import extract_decision
from referat_economics import extract_economy
from referat_tables import extract_tables


def _inspect_accepts(function: Callable[..., Any]) -> bool:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return True
    try:
        signature.bind(None, None)
    except TypeError:
        return False
    return True


BUILTINS: list[Any] = [
    value
    for module in (builtins, math, operator)
    for value in vars(module).values()
    if isinstance(value, BuiltinFunctionType) and getattr(value, "__text_signature__", None)
]
#: The built-in plugins' extractors: compiled functions in a compiled build.
EXTRACTORS: list[Any] = [extract_decision, extract_tables, extract_economy]


def test_the_text_signatures_read_as_two_plain_names_bind_two_arguments() -> None:
    assert len(BUILTINS) > 50
    read = 0
    for function in BUILTINS + EXTRACTORS:
        text = getattr(function, "__text_signature__", None)
        if isinstance(function, BuiltinFunctionType) and _two_plain_parameters(text):
            assert _inspect_accepts(function), function
            read += 1
    compiled = all(isinstance(f, BuiltinFunctionType) for f in EXTRACTORS)
    assert read == (len(EXTRACTORS) if compiled else 0)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("(item, context)", True),
        ("(item_or_section, ctx)", True),
        ("($module, a, b, /)", False),
        ("(a, b, /)", False),
        ("(a, b=None)", False),
        ("(a, *, b)", False),
        ("(a)", False),
        ("(a, b, c)", False),
        ("(*args, **kwargs)", False),
        ("a, b", False),
        (None, False),
    ],
)
def test_only_two_plain_names_are_read_without_inspect(text: str | None, plain: bool) -> None:
    assert _two_plain_parameters(text) is plain


def test_a_builtin_that_takes_one_argument_is_still_refused() -> None:
    registry = Registry()
    with pytest.raises(PluginError, match="must accept"):
        registry.add_extractor("bad", abs)  # type: ignore[arg-type]
    registry.add_extractor("good", operator.add)  # (a, b, /): binds two positionals
