"""Shared fixtures: the five seed documents and hypothesis profiles."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import referat

ROOT = Path(__file__).resolve().parent
FIXTURES = ROOT / "fixtures"
GOLDEN = ROOT / "golden"
SEEDS = sorted(p.stem for p in FIXTURES.glob("*.txt"))

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def cpu_seconds(run: Callable[[], object], rounds: int = 3) -> float:
    """The least CPU time of this process that ``run()`` took in ``rounds`` runs: the
    linear-time checks compare such times at n and 4n. CPU time, not wall time: other work
    on a busy machine delays a run but does not add to its CPU time. The garbage collector
    is off during a run: in a test process holding every earlier test's objects, its
    collections cost more for a larger input whatever the code does (the benchmarks measure
    with it on: tests/benchmarks/bench.py --scaling)."""
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        gc.disable()  # a collection's cost follows the test process's heap, not the input
        try:
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def growth(
    small: Callable[[], object],
    large: Callable[[], object],
    rounds: int = 5,
    floor: float = 1e-6,
) -> float:
    """How many times longer ``large()`` takes than ``small()``: the least CPU time of each,
    measured in turns (small, large, small, …) so that a busy moment of the machine hits both,
    after one warm-up run (compiled patterns, caches). ``floor``: the least time the small
    run counts as (a run faster than the clock's resolution would make any ratio)."""
    small()
    best_small = best_large = float("inf")
    for _ in range(rounds):
        best_small = min(best_small, cpu_seconds(small, rounds=1))
        best_large = min(best_large, cpu_seconds(large, rounds=1))
    return best_large / max(best_small, floor)


def seed_text(stem: str) -> str:
    return (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")


def golden(kind: str, stem: str) -> Any:
    return json.loads((GOLDEN / kind / f"{stem}.json").read_text(encoding="utf-8"))


_CACHE: dict[tuple[str, bool], referat.Referat] = {}


def parsed(stem: str, *, plugins: bool = False) -> referat.Referat:
    """A seed parsed once per test session (structure only, or with all plugins)."""
    key = (stem, plugins)
    if key not in _CACHE:
        path = FIXTURES / f"{stem}.txt"
        _CACHE[key] = referat.parse_file(path, plugins=None if plugins else [])
    return _CACHE[key]


@pytest.fixture(params=SEEDS)
def seed(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))
