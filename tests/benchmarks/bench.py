"""Throughput of referat against a plain regex line classifier measured in the same run.

    python tests/benchmarks/bench.py [--rounds 15] [--scaling]

Candidates run interleaved (each round runs every candidate once, in rotating order) so
machine noise hits all alike; a fast candidate repeats inside a sample until it lasts 20 ms.
Reported: MB/s and ms/document from the minimum sample, and the ratio of each candidate's
time to the baseline's. Targets (DESIGN §8): structure ≤ 6× the baseline time, full pipeline
(all plugins + JSON) ≤ 10×; ``--scaling``: time per MB at 8× and 64× the seeds (one
document, garbage collector on) ≈ the time per MB at 1× (linear).

The hot modules run compiled in a regular install (``pip install .``) and as Python in an
editable one (``pip install -e .``); the first line printed says which (docs/performance.md).

This is a script, not a test: timings on a shared machine are too noisy to assert on.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import referat
import referat.blocks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# --- the baseline: a pure-Python regex line classifier (F3a in the performance notes) ------
_ITEM = re.compile(r"\s?(?:#{1,6}\s+)?(?:\*\*)?Punkt \d+:")
_CASE = re.compile(r"\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,4}-\d{2}$")
_SECTION = re.compile(
    r"[#* ]*(Resume|Effekt|Text|INDSTILLING|Indstilling|Beslutning|"
    r"Sagsfremstilling|Økonomi|Bilag)[* ]*$"
)
_LIST = re.compile(r"\s*(?:-|\d{1,2}\.)\s")


def classify_lines(text: str) -> list[tuple[str, str]]:
    """splitlines + an if/elif chain of four compiled regexes and three string tests."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            kind = "blank"
        elif _ITEM.match(line):
            kind = "item"
        elif _CASE.match(line):
            kind = "case"
        elif _SECTION.match(line):
            kind = "section"
        elif line.startswith("|"):
            kind = "pipe"
        elif "\t" in line:
            kind = "tab"
        elif _LIST.match(line):
            kind = "list"
        else:
            kind = "text"
        out.append((kind, line))
    return out


def _sample(fn: Callable[[], object], minimum: float = 0.02) -> float:
    """Seconds per call, repeating until a sample lasts ``minimum`` seconds."""
    repeat = 1
    while True:
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= minimum:
            return elapsed / repeat
        repeat *= 2


def _once(fn: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    fn(text)
    return time.perf_counter() - start


def interleaved(
    candidates: dict[str, Callable[[], object]], rounds: int, minimum: float = 0.02
) -> dict[str, float]:
    """The minimum seconds per call of each candidate over ``rounds`` rotating rounds."""
    best = dict.fromkeys(candidates, float("inf"))
    names = list(candidates)
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            best[name] = min(best[name], _sample(candidates[name], minimum))
    return best


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=15)
    options.add_argument("--scaling", action="store_true", help="also run 1×/8×/64× scaling")
    args = options.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    size = sum(len(t.encode()) for t in texts)
    structure = referat.Parser(plugins=[])
    full = referat.Parser()
    structure.parse(texts[0])  # build grammars and caches once
    referat.dumps(full.parse(texts[0]), registry=full.registry)

    candidates = {
        "baseline: line classifier": lambda: [classify_lines(t) for t in texts],
        "referat structure": lambda: [structure.parse(t) for t in texts],
        "referat full + JSON": lambda: [
            referat.dumps(full.parse(t), registry=full.registry) for t in texts
        ],
    }
    best = interleaved(candidates, args.rounds)
    base = best["baseline: line classifier"]
    compiled = not referat.blocks.__file__.endswith(".py")
    print(
        "build: "
        + ("hot modules compiled by mypyc" if compiled else "pure Python (an editable install)")
        + f" ({Path(referat.blocks.__file__).parent})"
    )
    print(
        f"corpus: {len(texts)} seeds, {size:,} bytes; {args.rounds} interleaved rounds; "
        f"Python {sys.version.split()[0]}"
    )
    print(f"{'candidate':28} {'MB/s':>8} {'ms/doc':>8} {'× baseline time':>16}")
    for name, seconds in best.items():
        print(
            f"{name:28} {size / seconds / 1e6:8.1f} {seconds * 1000 / len(texts):8.2f} "
            f"{seconds / base:16.2f}"
        )
    print("targets: structure ≤ 6.0× (≥ 1/6 of baseline throughput), full ≤ 10.0×")

    if args.scaling:
        # One document of 1×, 8× and 64× the seeds, with the garbage collector on (as a user
        # runs it): time per MB must stay flat (issue 10: linear up to 64× the corpus).
        corpus = "\n\n".join(texts)
        for name, run in (
            ("structure", structure.parse),
            ("full + JSON", lambda t: referat.dumps(full.parse(t), registry=full.registry)),
        ):
            per_mb = {}
            for factor in (1, 8, 64):
                big = "\n\n".join([corpus] * factor)
                megabytes = len(big.encode()) / 1e6
                gc.collect()
                seconds = min(_once(run, big) for _ in range(3 if factor < 64 else 1))
                per_mb[factor] = seconds / megabytes
                print(
                    f"scaling {name:12} {factor:>3}×: {megabytes:7.2f} MB in {seconds:7.3f} s"
                    f"  time per MB / 1×: {per_mb[factor] / per_mb[1]:5.2f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
