"""Time each plugin alone against the structure parse, measured in the same run.

    python tests/benchmarks/plugins_bench.py [--rounds 15] [--plugin decisions ...]

For every plugin, ``referat.Parser(plugins=[name])`` and ``referat.Parser(plugins=[])`` parse the
seeds (``tests/fixtures/*.txt``); candidates run interleaved (each round runs every candidate
once, in rotating order) so that machine noise hits all alike, and a sample repeats until it
lasts 50 ms. Reported: ms per seed corpus from the minimum sample, and each plugin's own cost
(its parser's time minus the structure parse) as a ratio of the structure parse. Compare two
versions by that ratio, not by milliseconds: the structure parse is the yardstick.

This is a script, not a test: timings on a shared machine are too noisy to assert on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from bench import interleaved  # this folder is on sys.path when the script runs

import referat
from referat import discovery

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STRUCTURE = "structure (no plugin)"


def _parse_all(parser: referat.Parser, texts: list[str]) -> Callable[[], object]:
    return lambda: [parser.parse(t) for t in texts]


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=15)
    options.add_argument("--minimum", type=float, default=0.05, help="seconds per sample")
    options.add_argument(
        "--plugin", action="append", default=None, help="a plugin to time (default: all)"
    )
    args = options.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    names = args.plugin or sorted(discovery.available())
    parsers = {STRUCTURE: referat.Parser(plugins=[])}
    parsers.update({name: referat.Parser(plugins=[name]) for name in names})
    for parser in parsers.values():
        parser.parse(texts[0])  # load grammars and fill caches once
    candidates = {name: _parse_all(parser, texts) for name, parser in parsers.items()}
    best = interleaved(candidates, args.rounds, args.minimum)
    structure = best[STRUCTURE]
    print(
        f"corpus: {len(texts)} seeds; {args.rounds} interleaved rounds; "
        f"Python {sys.version.split()[0]}"
    )
    print(f"{'candidate':24} {'ms/corpus':>10} {'plugin ms':>10} {'plugin / structure':>19}")
    for name, seconds in best.items():
        own = seconds - structure
        print(f"{name:24} {seconds * 1000:10.2f} {own * 1000:10.2f} {own / structure:19.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
