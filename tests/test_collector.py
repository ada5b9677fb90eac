"""The collector pause (referat.collector): on for a large input only, and always undone."""

from __future__ import annotations

import gc

import pytest

import referat
from referat.collector import LARGE_INPUT, collector_paused, paused_for


def test_a_large_input_pauses_the_collector_a_small_one_does_not() -> None:
    assert gc.isenabled()
    with paused_for("x" * LARGE_INPUT):
        assert not gc.isenabled()
    assert gc.isenabled()
    with paused_for("Punkt 1: Godkendelse\n"):
        assert gc.isenabled()


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


def test_parsing_a_large_document_leaves_the_collector_on() -> None:
    text = "Punkt 1: Godkendelse af dagsorden\n\nResume\n\n" + "Tekst. " * (LARGE_INPUT // 7 + 1)
    doc = referat.parse(text, plugins=[])
    assert len(doc.items) == 1
    assert gc.isenabled()
