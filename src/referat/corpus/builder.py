"""``build``: files → parsed in parallel worker processes → one SQLite database.

The parent process expands the paths, asks the database which contents are stored already
(same SHA-256, same referat version, same plugins) and hands the paths to a pool of worker
processes (largest first, for an even finish). Each worker parses a file into compact row
tuples and writes them itself, one transaction per document, taking turns with the other
workers through a lock; it sends the parent a summary of a few numbers. So the rows are
never pickled, and the writing is spread over the workers instead of taking a share of the
cores from them in the parent. With ``jobs=1`` the same happens in this process. A new
database is filled without its indices, which the parent makes when the workers are done
(from the finished tables: cheaper than keeping them up to date row by row). A worker that
dies (killed for want of memory, say) costs the build only the file it was parsing, which
is stored as failed (:mod:`referat.corpus.processes`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing.util
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from attrs import frozen

from referat.collector import collector_paused
from referat.corpus import paths as paths_
from referat.corpus import processes, worker
from referat.corpus.progress import Progress, progress
from referat.corpus.store import Store
from referat.corpus.worker import FileResult, Settings

if TYPE_CHECKING:
    from multiprocessing.synchronize import Lock

    from referat.api import Parser


@frozen
class BuildSummary:
    """What a build did. ``files`` = ``parsed`` + ``skipped`` + ``failed``; ``items`` and
    ``decisions`` count what was parsed in this run; ``bytes`` is the input read."""

    files: int
    parsed: int
    skipped: int
    failed: int
    items: int
    decisions: int
    bytes: int
    seconds: float
    failures: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """A few lines for the end of ``referat corpus``."""
        rate = self.parsed / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.files} files: {self.parsed} parsed, {self.skipped} already stored, "
            f"{self.failed} failed",
            f"{self.items} items, {self.decisions} decisions",
            f"{self.seconds:.2f} s ({rate:.1f} docs/s, "
            f"{self.bytes / max(self.seconds, 1e-9) / 1e6:.2f} MB/s)",
        ]
        lines.extend(f"failed: {path}: {reason}" for path, reason in self.failures)
        return "\n".join(lines)


def build(
    paths: Iterable[str | os.PathLike[str]],
    db: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    plugins: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    all_json: bool = False,
    show_progress: bool | None = None,
) -> BuildSummary:
    """Parse every file ``paths`` name into the corpus database ``db`` (created if new).

    ``paths``: files, directories (recursed), glob patterns and ``@list`` files (see
    :mod:`referat.corpus.paths`). ``jobs``: worker processes (default: all cores; 1 parses
    in this process). Files whose content is stored already by this referat version with the
    same plugins are skipped; others replace their earlier version. ``plugin_results`` holds
    the JSON of every plugin result that has no table of its own (third-party plugins);
    ``all_json=True`` stores the built-in ones there too (about 10% more time).
    ``show_progress``: a progress bar on stderr (default: when it is a terminal).

    With ``jobs=1`` the cyclic garbage collector is paused while each document is parsed
    and written (:mod:`referat.collector`): the switch is the process's, so collections in
    this program's other threads wait until the document is done.
    """
    start = time.perf_counter()
    files = paths_.expand(paths)
    settings = Settings(
        plugins=None if plugins is None else tuple(plugins),
        exclude=tuple(exclude),
        all_json=all_json,
    )
    parser = worker.make_parser(settings)  # fails early on an unknown plugin
    jobs = jobs or worker.default_jobs()
    first = Store(db, bulk=True)  # a new database: no indices yet
    store: Store | None = first
    try:
        known = first.current(worker.referat_version(), worker.plugin_names(parser))
        settings = settings._replace(known=known)
        sizes = {path: worker.file_size(path) for path in files}
        files.sort(key=lambda p: (-sizes[p], p))
        if jobs > 1 and len(files) > 1:
            # no connection of this process is open while it forks (SQLite's locks and
            # shared-memory state must not cross a fork): each worker opens its own
            first.close()
            store = None
        bar = progress(len(files), sum(sizes.values()), enabled=show_progress)
        try:
            counts = _run(files, settings, jobs, db, bar, store=store)
        finally:
            bar.close()
        if store is None:
            store = Store(db, bulk=True)
        store.finish(prune=counts.replaced)
    finally:
        if store is not None:
            store.close()
    return BuildSummary(
        files=len(files),
        parsed=counts.parsed,
        skipped=counts.skipped,
        failed=len(counts.failures),
        items=counts.items,
        decisions=counts.decisions,
        bytes=counts.bytes,
        seconds=time.perf_counter() - start,
        failures=tuple(counts.failures),
    )


class _Counts:
    def __init__(self) -> None:
        self.parsed = self.skipped = self.items = self.decisions = self.bytes = 0
        self.replaced = False
        self.failures: list[tuple[str, str]] = []

    def add(self, result: FileResult) -> None:
        self.bytes += result.size
        if result.status == "parsed":
            self.parsed += 1
            self.items += result.items
            self.decisions += result.decisions
        elif result.status == "skipped":
            self.skipped += 1
        else:
            self.failures.append((result.path, result.error or ""))


def _run(
    files: list[str],
    settings: Settings,
    jobs: int,
    db: str | os.PathLike[str],
    bar: Progress,
    *,
    store: Store | None,
) -> _Counts:
    """Parse ``files`` and store them in the database ``db``."""
    counts = _Counts()
    for result in _parsed_and_stored(files, settings, jobs, db, store):
        if result.status != "skipped":
            counts.replaced = True
        counts.add(result)
        bar.update(result.size)
    return counts


def _parsed_and_stored(
    files: list[str],
    settings: Settings,
    jobs: int,
    db: str | os.PathLike[str],
    store: Store | None,
) -> Iterator[FileResult]:
    """Each file parsed and stored, as its :class:`FileResult` without rows, in the order
    they finish: in this process through ``store`` when there is one, else in ``jobs``
    worker processes that write the database ``db`` themselves.

    A file whose worker process dies while it runs alone (:mod:`referat.corpus.processes`)
    is stored as failed, by this process, and the build goes on.
    """
    parser = worker.make_parser(settings)
    if store is not None:
        process = functools.partial(worker.process_file, settings=settings, parser=parser)
        for path in files:
            yield _stored(path, store, process)
        return
    context = processes.start_context()
    forked = context.get_start_method() == "fork"
    if forked:
        worker.warm(parser)  # forked workers inherit the built grammars
    jobs = min(jobs, len(files))
    found = processes.map_unordered(
        _parse_and_write,
        files,
        jobs=jobs,
        initializer=_init_writer,
        make_initargs=lambda ctx: (settings, db, ctx.Lock()),
        context=context,
    )
    with _frozen_heap() if forked else contextlib.nullcontext(), contextlib.closing(found):
        for index, result in found:
            if isinstance(result, processes.Lost):
                yield _store_lost(files[index], parser, db, result.reason)
            else:
                yield result


def _store_lost(path: str, parser: Parser, db: str | os.PathLike[str], reason: str) -> FileResult:
    """Store ``path`` as failed for ``reason`` through a connection of this process's own,
    closed again before the next pool forks; return the summary."""
    result = worker.lost(path, parser, reason)
    store = Store(db, bulk=True)
    try:
        store.write(result)
    finally:
        store.close()
    return _summary(result)


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the garbage collector of forked workers off the objects they inherit (it would
    write to every page of them, copying the pages) while the pool runs; this process's
    objects are collectable again afterwards."""
    if gc.get_freeze_count():  # the application froze its heap itself: leave that as it is
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _summary(result: FileResult) -> FileResult:
    """``result`` without its rows: what the parent counts."""
    return result._replace(document=None, rows=None)


_STORE: Store | None = None
_LOCK: Lock | None = None
_LOCK_WAIT = 30.0  # seconds


def _init_writer(settings: Settings, db: str | os.PathLike[str], lock: Lock) -> None:
    """Pool initializer: the worker's parser (:func:`worker.init_worker`) and its store."""
    global _STORE, _LOCK  # noqa: PLW0603 - one worker process writes through one store
    worker.init_worker(settings)
    _STORE = Store(db, bulk=True)
    _LOCK = lock
    multiprocessing.util.Finalize(_STORE, _STORE.close, exitpriority=10)


def _parse_and_write(path: str) -> FileResult:
    """The pool task: parse ``path`` (:func:`worker.work`), store it, return the summary."""
    if _STORE is None or _LOCK is None:
        msg = "the worker was not initialised by _init_writer"
        raise RuntimeError(msg)
    return _stored(path, _STORE, worker.work, _LOCK)


def _stored(
    path: str, store: Store, process: Callable[[str], FileResult], lock: Lock | None = None
) -> FileResult:
    """Parse ``path`` with ``process``, write it through ``store`` (holding ``lock`` if one
    is given) and return the summary.

    The garbage collector stays paused throughout (:mod:`referat.collector`), so that it
    never walks the document or its rows: both are dropped before this returns.
    """
    with collector_paused():
        result = process(path)
        if lock is None:
            store.write(result)
        else:
            # The lock makes a waiting worker write the moment the other is done; SQLite's
            # own lock (BEGIN IMMEDIATE, 60 s) keeps the writes apart without it. A worker
            # that dies breaks its pool, and the next pool has a lock of its own.
            held = lock.acquire(timeout=_LOCK_WAIT)
            try:
                store.write(result)
            finally:
                if held:
                    lock.release()
        summary = _summary(result)
        del result  # the document's rows go before the collector runs again
    return summary


def write_summary(summary: BuildSummary, out: TextIO) -> None:
    """Print :meth:`BuildSummary.describe` to ``out``."""
    out.write(summary.describe() + "\n")
