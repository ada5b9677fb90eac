"""The collector pause (referat.collector): on while a parse runs, and always undone."""

from __future__ import annotations

import gc

import pytest

import referat
from referat.collector import collector_paused


def test_the_collector_is_on_again_after_an_error_and_stays_off_if_it_was() -> None:
    with pytest.raises(ValueError, match="boom"), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_parse_runs_with_the_collector_paused_and_leaves_it_on() -> None:
    seen: list[bool] = []

    def extract(item: object, context: object) -> None:  # runs inside the parse
        seen.append(gc.isenabled())

    parser = referat.Parser(plugins=[])
    parser.registry.add_extractor("probe", extract)
    doc = parser.parse("Punkt 1: Godkendelse af dagsorden\n\nResume\n\n" + "Tekst. " * 1000)
    assert len(doc.items) == 1
    assert seen == [False]
    assert gc.isenabled()


def test_a_parse_that_fails_leaves_the_collector_on() -> None:
    with pytest.raises(referat.ReferatSyntaxError):
        referat.parse("Punkt 1: Godkendelse\n\x00\n", strict=True, plugins=[])
    assert gc.isenabled()
