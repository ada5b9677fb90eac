"""The collector pause (referat.collector): on while a parse runs, and always undone."""

from __future__ import annotations

import gc
import os
import threading
import weakref
from collections.abc import Iterator
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


class _PausedThread:
    """A thread that holds a ``collector_paused`` block open from :meth:`start` to
    :meth:`stop`."""

    def __init__(self) -> None:
        self.inside = threading.Event()
        self.leave = threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        with collector_paused():
            self.inside.set()
            self.leave.wait(10)

    def start(self) -> None:
        self.thread.start()
        assert self.inside.wait(10)

    def stop(self) -> None:
        self.leave.set()
        self.thread.join(10)

    def __enter__(self) -> _PausedThread:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def test_a_pause_that_ends_while_another_thread_s_is_open_leaves_the_collector_off() -> None:
    other = _PausedThread()
    with collector_paused():
        other.start()  # its pause begins inside ours and outlasts it
    try:
        assert not gc.isenabled()
    finally:
        other.stop()
    assert gc.isenabled()


def test_a_pause_begun_inside_another_thread_s_turns_the_collector_on_when_it_ends() -> None:
    other = _PausedThread()
    other.start()
    try:
        with collector_paused():  # begins while the collector is off (the other's pause)
            other.stop()  # the other thread's pause ends first
            assert not gc.isenabled()
    finally:
        other.stop()
    assert gc.isenabled()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
# the fork beside a running thread is the point (Python 3.12 and later warn about it)
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_child_forked_while_a_thread_pauses_the_collector_has_it_on() -> None:
    with _PausedThread():
        child = os.fork()
        if child == 0:  # pragma: no cover - the child reports through its exit status
            with collector_paused():
                inside = gc.isenabled()
            os._exit(0 if gc.isenabled() and not inside else 1)
        _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gc.isenabled()


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


def _documents(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n}.txt").write_text(f"Punkt {n + 1}: Sag\n\nBeslutning\n\nGodkendt.\n")
    return folder


def test_process_file_runs_with_the_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-document function of the Dask recipe pauses the collector itself."""
    seen: list[bool] = []
    make_rows = rows.document_rows

    def rows_probe(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return make_rows(*args, **kwargs)

    monkeypatch.setattr(worker, "document_rows", rows_probe)
    path = _documents(tmp_path / "in", 1) / "0.txt"
    result = worker.process_file(str(path), worker.Settings())
    assert (result.status, seen, gc.isenabled()) == ("parsed", [False], True)


class _Rows(dict[str, list[Any]]):
    """A document's rows, which a weak reference can follow."""


@pytest.fixture
def collections_watched() -> Iterator[list[str]]:
    """Collect at every allocation; each collection records the names of the rows it finds
    alive (in :data:`_ALIVE`) in the list this fixture yields."""
    found: list[str] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            found.extend(name for name, ref in _ALIVE.items() if ref() is not None)

    threshold = gc.get_threshold()
    gc.set_threshold(1)
    gc.callbacks.append(watch)
    try:
        yield found
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*threshold)
        _ALIVE.clear()


_ALIVE: dict[str, weakref.ref[_Rows]] = {}


def test_a_build_drops_each_document_s_rows_before_the_collector_runs_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collections_watched: list[str]
) -> None:
    """No collection starts while a document's rows are alive: the collector never walks
    them (nor the document, which is dropped before its rows)."""
    make_rows = rows.document_rows

    def rows_kept(doc: Any, doc_id: int, *args: Any, **kwargs: Any) -> _Rows:
        made = _Rows(make_rows(doc, doc_id, *args, **kwargs))
        _ALIVE[f"{doc_id:x}"] = weakref.ref(made)
        return made

    monkeypatch.setattr(worker, "document_rows", rows_kept)
    folder = _documents(tmp_path / "in", 3)
    summary = referat.corpus.build([folder], tmp_path / "c.db", jobs=1, show_progress=False)
    assert summary.parsed == 3
    assert len(_ALIVE) == 3
    assert collections_watched == []
