"""The cyclic garbage collector paused around work that builds a large tree without cycles.

Parsing makes an object per line, block and span, writing a dict or a list per model object:
trees the collector cannot free, but each few hundred new objects start a collection that walks
the young objects, and every so often all of them (the documents already parsed too). That was
a tenth of the time of a parse of an ordinary document (py-spy), and on a large document it made
the time per megabyte grow with the input (1.4-1.7x at 64 times the seeds,
``tests/benchmarks/bench.py --scaling``). So every parse and every ``dumps`` runs with the
collector paused. Reference counting frees what is dropped as before; cycles, if any, are
collected once the collector runs again.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Iterator


class _Pauses:
    """How many ``collector_paused`` blocks are open in this process, and whether the
    collector was on when the first of them began (one count for every thread: the switch
    is the process's)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0
        self.was_enabled = False

    def begin(self) -> None:
        with self.lock:
            if self.open == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.open += 1

    def end(self) -> None:
        with self.lock:
            self.open -= 1
            if self.open == 0 and self.was_enabled:
                gc.enable()

    def after_fork(self) -> None:
        """In a forked child no thread of the parent's pauses goes on: start afresh."""
        self.lock = threading.Lock()
        if self.open and self.was_enabled:
            gc.enable()
        self.open = 0


_PAUSES = _Pauses()
if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_PAUSES.after_fork)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the ``with`` block.

    The switch is the process's, so the pauses of all threads are counted together: the
    collector goes off when the first begins and on again when the last ends, if it was on
    before the first (a caller who keeps the collector off keeps it off). While one thread
    parses, collections in the other threads wait until it is done.
    """
    _PAUSES.begin()
    try:
        yield
    finally:
        _PAUSES.end()
