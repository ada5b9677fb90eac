"""``build``: files → parsed in parallel worker processes → one SQLite database.

The parent process expands the paths, asks the database which contents are stored already
(same SHA-256, same referat version, same plugins), hands the paths to a pool of worker
processes (largest first, for an even finish) and writes each result as it arrives, one
transaction per document. Workers return compact row tuples, never documents.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from typing import TextIO

from attrs import frozen

from referat.corpus import paths as paths_
from referat.corpus import worker
from referat.corpus.progress import Progress, progress
from referat.corpus.store import Store
from referat.corpus.worker import FileResult, Settings


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
    """
    start = time.perf_counter()
    files = paths_.expand(paths)
    settings = Settings(
        plugins=None if plugins is None else tuple(plugins),
        exclude=tuple(exclude),
        all_json=all_json,
    )
    parser = worker.make_parser(settings)  # fails early on an unknown plugin
    store = Store(db)
    try:
        known = store.current(worker.referat_version(), worker.plugin_names(parser))
        settings = settings._replace(known=known)
        sizes = {path: _size(path) for path in files}
        files.sort(key=lambda p: (-sizes[p], p))
        bar = progress(len(files), sum(sizes.values()), enabled=show_progress)
        try:
            counts = _run(files, settings, jobs or worker.default_jobs(), store, bar)
        finally:
            bar.close()
        if counts.replaced:
            store.prune_cases()
    finally:
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


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


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


def _run(files: list[str], settings: Settings, jobs: int, store: Store, bar: Progress) -> _Counts:
    counts = _Counts()
    for result in results(files, settings, jobs):
        if result.status != "skipped":
            counts.replaced = True
        store.write(result)
        counts.add(result)
        bar.update(result.size)
    return counts


def results(files: list[str], settings: Settings, jobs: int) -> Iterator[FileResult]:
    """:func:`~referat.corpus.worker.process_file` over ``files``, in ``jobs`` processes,
    in the order they finish (in order, in this process, when ``jobs`` is 1)."""
    parser = worker.make_parser(settings)
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield worker.process_file(path, settings, parser)
        return
    worker.warm(parser)  # forked workers inherit the built grammars
    jobs = min(jobs, len(files))
    chunksize = max(1, min(8, len(files) // (jobs * 16)))
    with multiprocessing.get_context().Pool(
        jobs, initializer=worker.init_worker, initargs=(settings,)
    ) as pool:
        yield from pool.imap_unordered(worker.work, files, chunksize=chunksize)


def write_summary(summary: BuildSummary, out: TextIO) -> None:
    """Print :meth:`BuildSummary.describe` to ``out``."""
    out.write(summary.describe() + "\n")
