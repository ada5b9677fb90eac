"""Worker processes that die (killed by the system, say) cost their own file, never the run."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, TypeVar

import pytest

import referat
import referat.corpus
from referat.api import Parser
from referat.cli import main
from referat.corpus import builder, processes, store, worker

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or "fork" not in multiprocessing.get_all_start_methods(),
    reason="POSIX signals and forked workers",
)


#: How the library starts workers (the fixture below replaces it in every test).
_START_CONTEXT = processes.start_context
#: The platform's way of starting processes (the first of the methods).
_DEFAULT_METHOD = multiprocessing.get_all_start_methods()[0]


@pytest.fixture(autouse=True)
def _forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers must inherit this process's patches and environment: forked, whatever
    the platform's default (a test of the start method puts :func:`_START_CONTEXT` back)."""
    monkeypatch.setattr(processes, "start_context", lambda: multiprocessing.get_context("fork"))


@contextlib.contextmanager
def _another_thread() -> Iterator[None]:
    """Another thread runs (waiting) for the ``with`` block."""
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        yield
    finally:
        release.set()
        other.join()


_T = TypeVar("_T")


def _within(seconds: float, call: Callable[[], _T]) -> _T:
    """``call()``, failing the test instead of hanging it if it takes over ``seconds``.

    The alarm interrupts ``call`` in this thread, so the workers are forked from a process
    with one thread (a fork beside another thread can deadlock the child; Python 3.12 and
    later warn about every such fork).
    """

    def expired(signum: int, frame: object) -> None:
        for child in multiprocessing.active_children():  # else the pool's shutdown waits
            child.kill()
        msg = f"still running after {seconds} s (a worker's task lost?)"
        raise TimeoutError(msg)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def _run(
    items: list[int],
    function: Callable[[int], int] = _square_or_die,
    initializer: Callable[[], None] = _nothing,
) -> dict[int, object]:
    """``{item: result}`` of ``function`` over ``items`` in two worker processes, three
    items a task."""

    def run() -> dict[int, object]:
        found = processes.map_unordered(
            function,
            items,
            jobs=2,
            chunksize=3,
            initializer=initializer,
            make_initargs=lambda context: (),
        )
        return {items[index]: result for index, result in found}

    return _within(60, run)


def test_a_task_whose_worker_dies_every_time_is_lost_and_the_others_finish() -> None:
    items = list(range(12))
    found = _run(items)
    assert found == {n: processes.LOST if n == 3 else n * n for n in items}


def _die_on_0(n: int) -> int:
    if n == 0:
        _die()
    return n


def test_the_first_task_killing_its_worker_every_time_is_lost_not_a_start_failure() -> None:
    """The largest file goes first: when it kills its worker before anything has finished,
    the others still show that the workers can start."""
    items = list(range(8))
    assert _run(items, function=_die_on_0) == {n: processes.LOST if n == 0 else n for n in items}


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


def _build_within(seconds: float, folder: Path, db: Path) -> referat.corpus.BuildSummary:
    """A build of ``folder`` into ``db`` by two workers, failing after ``seconds``."""
    return _within(seconds, lambda: referat.corpus.build([folder], db, jobs=2, show_progress=False))


def _dying_on(name: str, real: Callable[..., object]) -> Callable[..., object]:
    """``real``, but its process dies when the path (the last positional argument) ends
    with ``name``."""

    def call(*args: str | os.PathLike[str], **kwargs: object) -> object:
        if os.fspath(args[-1]).endswith(name):
            _die()
        return real(*args, **kwargs)

    return call


def test_a_build_stores_a_file_whose_worker_dies_as_failed_and_tries_it_again_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["a.txt", "b.txt", "bad.txt", "c.txt", "d.txt"]
    _documents(tmp_path / "in", names)
    db = tmp_path / "c.db"

    def build() -> referat.corpus.BuildSummary:
        return _build_within(120, tmp_path / "in", db)

    def stored() -> tuple[dict[str, str], list[str]]:
        with sqlite3.connect(db) as connection:
            status = dict(connection.execute("SELECT path, status FROM documents"))
            reasons = connection.execute(
                "SELECT message FROM diagnostics WHERE code = 'file-failed'"
            ).fetchall()
        return {Path(p).name: s for p, s in status.items()}, [r for (r,) in reasons]

    # the workers are forked from this process: they run the patched function
    monkeypatch.setattr(worker, "work", _dying_on("bad.txt", worker.work))
    summary = build()
    assert (summary.parsed, summary.failed) == (4, 1)
    assert summary.failures[0][0].endswith("bad.txt")
    assert "worker process" in summary.failures[0][1]
    status, reasons = stored()
    assert status == {name: "failed" if name == "bad.txt" else "parsed" for name in names}
    assert len(reasons) == 1
    assert "worker process" in reasons[0]

    monkeypatch.undo()  # the file no longer kills its worker: the next run parses it
    summary = build()
    assert (summary.parsed, summary.skipped, summary.failed) == (1, 4, 0)
    assert stored() == (dict.fromkeys(names, "parsed"), [])


def test_parse_many_reports_a_file_whose_worker_dies_and_yields_the_rest_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _documents(tmp_path / "in", ["a.txt", "b.txt", "bad.txt", "c.txt"])
    monkeypatch.setattr(Parser, "parse_file", _dying_on("bad.txt", Parser.parse_file))
    with pytest.warns(UserWarning, match=r"bad\.txt: the worker process"):
        docs = _within(60, lambda: list(referat.parse_many(files, jobs=2, errors="warn")))
    assert [doc.items[0].title for doc in docs] == ["Sag 0", "Sag 1", "Sag 3"]
    with pytest.raises(referat.ReferatError, match=r"bad\.txt: the worker process"):
        _within(60, lambda: list(referat.parse_many(files, jobs=2)))


def _fail_to_start() -> None:
    msg = "no database here"
    raise OSError(msg)


def _die_at_start() -> None:
    _die()


def test_workers_whose_initializer_fails_stop_the_run_with_its_cause() -> None:
    with pytest.raises(processes.WorkerStartError, match="OSError: no database here"):
        _run(list(range(6)), initializer=_fail_to_start)


def test_workers_that_die_before_finishing_anything_stop_the_run() -> None:
    with pytest.raises(processes.WorkerStartError, match="before finishing any task"):
        _run(list(range(6)), initializer=_die_at_start)


def _raise_on_4(n: int) -> int:
    if n == 4:
        msg = "a bug in the task"
        raise ValueError(msg)
    return n


def test_an_exception_of_the_task_itself_stops_the_run() -> None:
    with pytest.raises(ValueError, match="a bug in the task"):
        _run(list(range(12)), function=_raise_on_4)


def _no_store(*args: object) -> None:
    msg = "the database is on a disk the workers cannot reach"
    raise PermissionError(msg)


def test_the_command_exits_3_with_the_cause_when_its_workers_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _documents(tmp_path / "in", ["a.txt", "b.txt"])
    monkeypatch.setattr(builder, "_init_writer", _no_store)  # forked workers inherit it
    command = ["corpus", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"), "-j", "2"]
    assert _within(60, lambda: main(command)) == 3
    assert "PermissionError: the database is on a disk" in capsys.readouterr().err


def test_a_worker_that_dies_holding_the_write_lock_does_not_hold_up_the_next_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each pool has a lock of its own: a worker killed while writing (the lock held) would
    otherwise make every later write wait for the lock's timeout."""
    names = [f"{n}.txt" for n in range(6)] + ["bad.txt"]
    _documents(tmp_path / "in", names)
    write = store.Store.write
    this_process = os.getpid()

    def write_or_die(self: store.Store, result: worker.FileResult) -> None:
        # a worker dies inside the lock (the pool task holds it while writing); this
        # process, which stores the file as failed in the end, does not
        if result.path.endswith("bad.txt") and os.getpid() != this_process:
            _die()
        write(self, result)

    monkeypatch.setattr(store.Store, "write", write_or_die)
    monkeypatch.setattr(builder, "_LOCK_WAIT", 30.0)
    summary = _build_within(20, tmp_path / "in", tmp_path / "c.db")
    assert (summary.parsed, summary.failed) == (6, 1)


@pytest.mark.parametrize("refusal", [BrokenProcessPool, RuntimeError])
def test_a_pool_that_refuses_a_task_is_replaced_and_no_item_is_lost(
    monkeypatch: pytest.MonkeyPatch, refusal: type[Exception]
) -> None:
    """``submit`` raises ``BrokenProcessPool`` when a worker died since the last task, and
    ``RuntimeError`` when the pool was shut down as it broke: the task it refused, and every
    task after it, go to a new pool."""
    pools: list[ProcessPoolExecutor] = []

    class RefusingThirdTask(ProcessPoolExecutor):
        submitted = 0

        def submit(self, *args: Any, **kwargs: Any) -> Future[Any]:
            if self is pools[0]:
                RefusingThirdTask.submitted += 1
                if RefusingThirdTask.submitted == 3:
                    raise refusal
            return super().submit(*args, **kwargs)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(processes, "ProcessPoolExecutor", RefusingThirdTask)
    items = [n for n in range(12) if n != 3]
    assert _run(items) == {n: n * n for n in items}
    assert RefusingThirdTask.submitted == 3  # the first pool took two tasks, refused the third
    # a new pool ran the refused task and the rest (and one more ran the two taken ones
    # again first if shutting the broken pool down cancelled them before they started)
    assert len(pools) in {2, 3}


def test_a_process_running_other_threads_starts_its_workers_by_the_fork_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not forked: a lock that another thread holds at the fork stays held in the child.
    Another way the program chose is kept."""
    default = _DEFAULT_METHOD
    for chosen in (None, "fork", "spawn"):
        monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none: chosen)
        assert _START_CONTEXT().get_start_method() == (chosen or default)
        with _another_thread():
            method = _START_CONTEXT().get_start_method()
        assert method == ("forkserver" if (chosen or default) == "fork" else chosen or default)


def test_a_build_and_parse_many_in_a_process_running_other_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their workers come from the fork server, and run the tasks and the per-pool lock."""
    files = _documents(tmp_path / "in", ["a.txt", "b.txt", "c.txt"])
    methods: list[str] = []

    class Recorded(ProcessPoolExecutor):
        def __init__(self, *args: Any, mp_context: BaseContext, **kwargs: Any) -> None:
            methods.append(mp_context.get_start_method())
            super().__init__(*args, mp_context=mp_context, **kwargs)

    monkeypatch.setattr(processes, "ProcessPoolExecutor", Recorded)
    monkeypatch.setattr(processes, "start_context", _START_CONTEXT)
    with _another_thread():
        summary = _build_within(120, tmp_path / "in", tmp_path / "c.db")
        docs = _within(60, lambda: list(referat.parse_many(files, jobs=2)))
        items = [n for n in range(12) if n != 3]
        assert _run(items) == {n: n * n for n in items}  # the workers import what they run
    method = multiprocessing.get_start_method(allow_none=True) or _DEFAULT_METHOD
    assert methods == ["forkserver" if method == "fork" else method] * 3  # macOS: spawn
    assert (summary.parsed, summary.failed) == (3, 0)
    assert [doc.items[0].title for doc in docs] == ["Sag 0", "Sag 1", "Sag 2"]


def _holders(path: Path) -> set[int]:
    """The processes that have ``path`` open (Linux)."""
    found = set()
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        with contextlib.suppress(OSError):
            if os.readlink(fd).startswith(str(path)):
                found.add(int(fd.parts[2]))
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux /proc")
@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_the_workers_end_when_the_build_is_killed(tmp_path: Path, method: str) -> None:
    """A fork server's workers are its children, not the build's: they watch the build."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        for seed in sorted((Path(__file__).parent / "fixtures").glob("*.txt")):
            (folder / f"{n}-{seed.name}").write_text(seed.read_text() + f"\nkopi {n}\n")
    db = tmp_path / "c.db"
    script = tmp_path / "build.py"
    script.write_text(
        "import multiprocessing, sys, referat.corpus\n"
        "if __name__ == '__main__':\n"
        "    multiprocessing.set_start_method(sys.argv[1])\n"
        "    referat.corpus.build([sys.argv[2]], sys.argv[3], jobs=2, show_progress=False)\n"
    )
    build = subprocess.Popen([sys.executable, str(script), method, str(folder), str(db)])
    try:
        deadline = time.monotonic() + 60
        while len(_holders(db) - {build.pid}) < 2:  # both workers have the database open
            assert build.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline, "the workers did not open the database"
            time.sleep(0.05)
        workers = _holders(db) - {build.pid}
        build.kill()
        build.wait()
        deadline = time.monotonic() + 20
        while _holders(db) & workers and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _holders(db) & workers, "workers outlived the build"
    finally:
        build.kill()
        for pid in _holders(db):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
