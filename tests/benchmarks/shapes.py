"""Issue 8's reproducer shapes at full size: time of ``referat.parse`` (all plugins) at n and
4n bytes, and the ratio (linear: about 4; the suite's checks fail above 6 at small sizes).

    python tests/benchmarks/shapes.py [--megabytes 0.5] [--only NAME]

The shapes are the suite's own (tests/test_layouts.py and tests/test_linear_plugins.py),
sized here by bytes. CPU time of this process, the best of two runs at each size.
A script, not a test: full-size timings take minutes and vary with the machine.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

import referat  # noqa: E402
import test_linear_plugins as plugin_shapes  # noqa: E402
from conftest import cpu_seconds  # noqa: E402
from test_layouts import SHAPES as LEXER_SHAPES  # noqa: E402

PLUGIN_SHAPES: dict[str, Callable[[int], str]] = {
    name.replace("_", " "): getattr(plugin_shapes, name)
    for name in (
        "amount_lines",
        "spaced_kr",
        "numbers_with_kr",
        "unreadable_money",
        "long_digit_runs",
        "one_number_per_line",
        "wide_tab_rows",
        "tiny_tables",
        "tall_table",
        "broken_rows",
        "broken_text_rows",
    )
}


def sized(make: Callable[[int], str], size: int) -> str:
    """``make(k)`` with k chosen so that the text has about ``size`` bytes."""
    per_unit = max(1, len(make(100).encode("utf-8")) // 100)
    return make(max(1, size // per_unit))


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--megabytes", type=float, default=0.5)
    options.add_argument("--only", default=None, help="run only shapes whose name has this")
    args = options.parse_args()
    parser = referat.Parser()
    size = int(args.megabytes * 1e6)
    print(f"{'shape':30} {'MB':>6} {'s':>8} {'4× MB':>6} {'s':>8} {'ratio':>6}")
    for name, make in {**LEXER_SHAPES, **PLUGIN_SHAPES}.items():
        if args.only and args.only not in name:
            continue
        small, large = sized(make, size), sized(make, 4 * size)
        t_small = cpu_seconds(lambda text=small: parser.parse(text), rounds=2)
        t_large = cpu_seconds(lambda text=large: parser.parse(text), rounds=2)
        print(
            f"{name:30} {len(small.encode()) / 1e6:6.2f} {t_small:8.3f} "
            f"{len(large.encode()) / 1e6:6.2f} {t_large:8.3f} {t_large / t_small:6.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
