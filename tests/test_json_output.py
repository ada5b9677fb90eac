"""``referat.dumps`` writes the same JSON text with orjson and with the standard library.

orjson is optional (``referat[fast]``); the test extras install it, so both paths run here:
the standard-library one by switching orjson off for one test.
"""

from __future__ import annotations

import gc
import json
import math
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import referat
from conftest import FIXTURES, SEEDS
from referat import convert

PARSER = referat.Parser()
DOCS = {seed: PARSER.parse_file(FIXTURES / f"{seed}.txt") for seed in SEEDS}


@pytest.fixture
def without_orjson(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(convert, "_orjson", lambda: None)
    yield


def test_orjson_is_installed_with_the_test_extras() -> None:
    assert convert._orjson() is not None


@pytest.mark.parametrize("seed", SEEDS)
def test_both_writers_write_the_same_text(seed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = DOCS[seed]
    fast = referat.dumps(doc, registry=PARSER.registry)
    monkeypatch.setattr(convert, "_orjson", lambda: None)
    slow = referat.dumps(doc, registry=PARSER.registry)
    assert fast == slow
    assert referat.loads(fast, registry=PARSER.registry) == doc


def test_compact_separators() -> None:
    text = referat.dumps(DOCS[SEEDS[4]], registry=PARSER.registry)
    assert text.startswith('{"text":"')
    compact = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    assert text == compact


def test_indent_goes_through_the_standard_library() -> None:
    text = referat.dumps(DOCS[SEEDS[4]], indent=2, registry=PARSER.registry)
    assert text.startswith('{\n  "text": ')
    assert json.loads(text) == json.loads(referat.dumps(DOCS[SEEDS[4]], registry=PARSER.registry))


@pytest.mark.usefixtures("without_orjson")
def test_nan_is_refused_by_the_standard_library_too() -> None:
    bad = attrs.evolve(DOCS[SEEDS[4]], layout_score=math.inf)
    with pytest.raises(referat.ReferatDumpError, match="not a JSON number"):
        referat.dumps(bad)


def test_nan_is_refused_with_orjson() -> None:
    # orjson alone would write null: the converter refuses non-finite floats first
    bad = attrs.evolve(DOCS[SEEDS[4]], layout_score=math.nan)
    with pytest.raises(referat.ReferatDumpError, match="not a JSON number"):
        referat.dumps(bad)


@settings(max_examples=60, deadline=None)
@given(extra=st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=30))
def test_any_text_round_trips_and_both_writers_agree(extra: str) -> None:
    # lone surrogates (orjson refuses them) fall back to the standard library
    doc = attrs.evolve(DOCS[SEEDS[4]], text=DOCS[SEEDS[4]].text + extra)
    fast = referat.dumps(doc, registry=PARSER.registry)
    assert referat.loads(fast, registry=PARSER.registry) == doc
    assert fast == convert._stdlib_dumps(convert.to_json_value(doc, registry=PARSER.registry), None)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_as_it_was_after_writing(enabled: bool) -> None:
    # dumps pauses it while it writes (the tree it builds has no cycles)
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        referat.dumps(DOCS[SEEDS[4]], registry=PARSER.registry)
        assert gc.isenabled() is enabled
        with pytest.raises(referat.ReferatDumpError):
            referat.dumps(attrs.evolve(DOCS[SEEDS[4]], layout_score=math.nan))
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
