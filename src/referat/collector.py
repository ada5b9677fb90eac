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
from collections.abc import Iterator


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
