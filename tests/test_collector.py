"""The collector pause (referat.collector): on while a parse runs, and always undone."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

import referat
import referat.corpus
from referat.collector import collector_paused
from referat.corpus import rows, store, worker


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


def test_a_corpus_build_stores_each_document_with_the_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows are made and written with the collector off (it would walk the document
    and its rows otherwise), and it is on again when the build returns."""
    seen: list[tuple[str, bool]] = []
    make_rows, write = rows.document_rows, store.Store.write

    def rows_probe(*args: Any, **kwargs: Any) -> Any:
        seen.append(("rows", gc.isenabled()))
        return make_rows(*args, **kwargs)

    def write_probe(self: store.Store, result: worker.FileResult) -> None:
        seen.append(("write", gc.isenabled()))
        write(self, result)

    monkeypatch.setattr(worker, "document_rows", rows_probe)
    monkeypatch.setattr(store.Store, "write", write_probe)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(2):
        (folder / f"{n}.txt").write_text(f"Punkt {n + 1}: Sag\n\nBeslutning\n\nGodkendt.\n")
    summary = referat.corpus.build([folder], tmp_path / "c.db", jobs=1, show_progress=False)
    assert summary.parsed == 2
    assert sorted(seen) == [("rows", False)] * 2 + [("write", False)] * 2
    assert gc.isenabled()
