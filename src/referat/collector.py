"""The cyclic garbage collector paused around work that builds a large tree without cycles.

Parsing makes an object per line, block and span, writing a dict or a list per model object:
trees the collector cannot free, but each few hundred new objects start a collection that walks
the young objects, and every so often all of them (the documents already parsed too). On a
large document that made the time per megabyte grow with the input (1.4-1.7x at 64 times the
seeds, ``tests/benchmarks/bench.py --scaling``). Reference counting frees what is dropped as
before; cycles, if any, are collected once the collector runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: From this many characters of input a parse runs with the collector paused: below it the
#: collector costs next to nothing, and the pause is a process-wide side effect.
LARGE_INPUT = 1_000_000


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the ``with`` block, on again afterwards if it was
    on before. The switch is the process's: while one thread is in the block, collections
    pause in the other threads too (they resume when the block ends); a caller who keeps the
    collector off keeps it off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def paused_for(text: str) -> contextlib.AbstractContextManager[None]:
    """:func:`collector_paused` for a large ``text`` (:data:`LARGE_INPUT`), else nothing."""
    return collector_paused() if len(text) >= LARGE_INPUT else contextlib.nullcontext()
