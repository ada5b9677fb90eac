"""Peak memory per input byte of ``referat.parse`` (all plugins) on the shapes that cost most.

    python tests/benchmarks/memory.py [--lines 100000]

Measured with :mod:`tracemalloc` (Python allocations, deterministic: the same numbers on
any machine with the same Python). ``peak``: the most memory held at once while parsing;
``kept``: what the finished document holds. Issue 8's bound: at most 60 bytes per input
byte on the one-number-a-line shape (a flattened table from PDF text).
"""

from __future__ import annotations

import argparse
import gc
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import referat

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEAD = "Punkt 1: Tabel\n\n"

SHAPES: dict[str, Callable[[int], str]] = {
    "one number a line": lambda n: HEAD + "".join(f"{i}\n" for i in range(n)),
    "one amount a line (1.234.567)": lambda n: HEAD
    + "".join(f"{i * 37:,}".replace(",", ".") + "\n" for i in range(n)),
    "two characters a line": lambda n: HEAD + "ab\n" * n,
    "one digit a line": lambda n: HEAD + "1\n" * n,
    "the seeds": lambda n: "\n\n".join(p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.txt"))),
}


def measure(parser: referat.Parser, text: str) -> tuple[float, float]:
    """(peak, kept) bytes per input byte."""
    gc.collect()
    tracemalloc.start()
    try:
        doc = parser.parse(text)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del doc
    size = len(text.encode("utf-8"))
    return peak / size, kept / size


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--lines", type=int, default=100_000)
    args = options.parse_args()
    parser = referat.Parser()
    parser.parse(HEAD + "1\n")  # grammars, layouts and caches built before measuring
    print(f"{'shape':32} {'MB':>6} {'peak B/byte':>12} {'kept B/byte':>12}")
    for name, make in SHAPES.items():
        text = make(args.lines)
        peak, kept = measure(parser, text)
        print(f"{name:32} {len(text.encode()) / 1e6:6.2f} {peak:12.1f} {kept:12.1f}")
    print("bound (issue 8): one number a line ≤ 60 B/byte peak")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
