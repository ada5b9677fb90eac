"""A progress bar on standard error: tqdm when it is installed, else one plain line.

Both show documents done of the total, documents per second and MB per second of input.
Neither starts a thread: a parallel build forks its worker processes while the bar is shown,
and a child forked while another thread runs can deadlock on a lock that thread held (Python
3.12 and later warn about every such fork).
"""

from __future__ import annotations

import functools
import sys
import time
from typing import Any, Protocol, TextIO


class Progress(Protocol):
    """What a build reports to: one call per document, then ``close``."""

    def update(self, size: int) -> None:
        """One more document of ``size`` bytes is done."""

    def close(self) -> None:
        """The build is over."""


class NoProgress:
    """Shows nothing."""

    def update(self, size: int) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to close."""


class LineProgress:
    """``123/4567 docs  41.2 docs/s  3.1 MB/s`` rewritten in place, at most 5 times a second."""

    def __init__(self, total: int, total_bytes: int, out: TextIO | None = None) -> None:
        self.total = total
        self.total_bytes = total_bytes
        self.out = out if out is not None else sys.stderr
        self.done = 0
        self.bytes = 0
        self.start = time.perf_counter()
        self._shown = 0.0

    def update(self, size: int) -> None:
        """Count a document; redraw when 0.2 s have passed (or at the last one)."""
        self.done += 1
        self.bytes += size
        now = time.perf_counter()
        if now - self._shown >= 0.2 or self.done == self.total:
            self._shown = now
            self.out.write("\r" + self.line(now))
            self.out.flush()

    def line(self, now: float | None = None) -> str:
        """The status line."""
        elapsed = max((now or time.perf_counter()) - self.start, 1e-9)
        return (
            f"{self.done}/{self.total} docs  {self.done / elapsed:.1f} docs/s  "
            f"{self.bytes / elapsed / 1e6:.2f} MB/s"
        )

    def close(self) -> None:
        """End the line."""
        if self.done:
            self.out.write("\n")
            self.out.flush()


class _Tqdm:
    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.bytes = 0
        self.start = time.perf_counter()

    def update(self, size: int) -> None:
        self.bytes += size
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        self.bar.set_postfix_str(f"{self.bytes / elapsed / 1e6:.2f} MB/s", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def progress(total: int, total_bytes: int, *, enabled: bool | None = None) -> Progress:
    """The progress display for a build of ``total`` files (``enabled=None``: when standard
    error is a terminal)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return NoProgress()
    bar = _tqdm_without_monitor()
    if bar is None:
        return LineProgress(total, total_bytes)
    return _Tqdm(bar(total=total, unit="doc", smoothing=0.1, file=sys.stderr))


@functools.cache
def _tqdm_without_monitor() -> Any:
    """tqdm's bar class without its monitor thread (``None``: tqdm is not installed).

    The monitor only redraws a bar that has not moved for ten seconds; it is a class
    attribute, so a subclass turns it off for referat's bars alone.
    """
    try:
        from tqdm import tqdm  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return None
    return type("ReferatBar", (tqdm,), {"monitor_interval": 0})
