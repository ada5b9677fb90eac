"""Worker processes that die (killed by the system, say) cost their own file, never the run."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import referat
import referat.corpus
from referat.api import Parser
from referat.corpus import processes, worker

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _square_or_die(n: int) -> int:
    """Dies on 3; on 5 too while ``DIE_ONCE`` names a file that does not exist yet (the
    first time 5 runs, which leaves the file)."""
    if n == 3:
        _die()
    if n == 5 and os.environ.get("DIE_ONCE"):
        marker = Path(os.environ["DIE_ONCE"])
        if not marker.exists():
            marker.touch()
            _die()
    return n * n


def _nothing() -> None:
    return None


def _run(items: list[int]) -> dict[int, object]:
    """``{item: result}`` of ``_square_or_die`` over ``items`` in two worker processes."""
    found = processes.map_unordered(
        _square_or_die, items, jobs=2, initializer=_nothing, initargs=lambda: ()
    )
    return {items[index]: result for index, result in found}


def test_a_task_whose_worker_dies_every_time_is_lost_and_the_others_finish() -> None:
    items = list(range(12))
    found = _run(items)
    assert found == {n: processes.LOST if n == 3 else n * n for n in items}


def test_a_task_whose_worker_died_once_is_run_again_and_so_are_the_others_in_flight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIE_ONCE", str(tmp_path / "died-once"))
    items = [n for n in range(12) if n != 3]
    found = _run(items)
    assert (tmp_path / "died-once").exists()  # 5 did kill its worker
    assert found == {n: n * n for n in items}


def _documents(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir()
    made = []
    for n, name in enumerate(names):
        path = folder / name
        path.write_text(f"Punkt {n + 1}: Sag {n}\n\nBeslutning\n\nGodkendt.\n")
        made.append(path)
    return made


def _dying_on(name: str, real: Callable[..., object]) -> Callable[..., object]:
    """``real``, but its process dies when the path (the last positional argument) ends
    with ``name``."""

    def call(*args: str | os.PathLike[str], **kwargs: object) -> object:
        if os.fspath(args[-1]).endswith(name):
            _die()
        return real(*args, **kwargs)

    return call


def test_a_build_stores_a_file_whose_worker_dies_as_failed_and_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["a.txt", "b.txt", "bad.txt", "c.txt", "d.txt"]
    _documents(tmp_path / "in", names)
    # the workers are forked from this process: they run the patched function
    monkeypatch.setattr(worker, "work", _dying_on("bad.txt", worker.work))
    db = tmp_path / "c.db"
    summary = referat.corpus.build([tmp_path / "in"], db, jobs=2, show_progress=False)
    assert (summary.parsed, summary.failed) == (4, 1)
    assert summary.failures[0][0].endswith("bad.txt")
    assert "worker process" in summary.failures[0][1]
    with sqlite3.connect(db) as connection:
        stored = dict(connection.execute("SELECT path, status FROM documents"))
        reason = connection.execute(
            "SELECT message FROM diagnostics WHERE code = 'file-failed'"
        ).fetchall()
    assert {Path(p).name: s for p, s in stored.items()} == {
        "a.txt": "parsed",
        "b.txt": "parsed",
        "bad.txt": "failed",
        "c.txt": "parsed",
        "d.txt": "parsed",
    }
    assert len(reason) == 1
    assert "worker process" in reason[0][0]


def test_parse_many_reports_a_file_whose_worker_dies_and_yields_the_rest_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _documents(tmp_path / "in", ["a.txt", "b.txt", "bad.txt", "c.txt"])
    monkeypatch.setattr(Parser, "parse_file", _dying_on("bad.txt", Parser.parse_file))
    with pytest.warns(UserWarning, match=r"bad\.txt: the worker process"):
        docs = list(referat.parse_many(files, jobs=2, errors="warn"))
    assert [doc.items[0].title for doc in docs] == ["Sag 0", "Sag 1", "Sag 3"]
    with pytest.raises(referat.ReferatError, match=r"bad\.txt: the worker process"):
        list(referat.parse_many(files, jobs=2))
