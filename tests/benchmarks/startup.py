"""Start-up time of the ``referat`` command against ``python -c "import json"``, same run.

    python tests/benchmarks/startup.py [--rounds 15] [--python PATH] [--root DIR]

Each round runs every command once, in rotating order, as a fresh process, so that machine
noise hits both alike; the minimum over the rounds is reported for each, and the ratio of the
two minimums. The target (issue 10): ``referat parse <the smallest seed> --format json`` at most
8× ``python -c "import json"``.

``--root`` measures another checkout (an older commit in a temporary clone, say): the command
runs as ``python -m referat`` with that checkout's ``src`` and ``plugins`` first on
``PYTHONPATH``, and reads that checkout's grammars. Without it, the installed ``referat`` console
script runs (what a user types).

The CPU time of each run (user + system, of the child process) is printed too: on a machine
other processes keep busy, the wall time of a run includes waiting for a core, its CPU time
much less so; the target is stated on the wall time.

This is a script, not a test: timings on a shared machine are too noisy to assert on.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
FIXTURES = HERE.parents[1] / "fixtures"
SEED = "004_4c6f98074157975d.txt"
TARGET = 8.0


def _time(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The wall time and the CPU time (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=15, help="runs of each command (min)")
    options.add_argument("--python", default=sys.executable, help="the interpreter to time")
    options.add_argument("--root", type=Path, default=None, help="a checkout to measure")
    options.add_argument(
        "--compile-every-run",
        action="store_true",
        help="do not write bytecode first (with PYTHONDONTWRITEBYTECODE=1: sources compiled each run)",
    )
    args = options.parse_args()

    env = dict(os.environ)
    seed = str(FIXTURES / SEED)
    if args.root is None:
        script = shutil.which("referat", path=str(Path(args.python).parent)) or shutil.which(
            "referat"
        )
        if script is None:
            print("no referat console script found (pip install -e .)", file=sys.stderr)
            return 2
        referat = [script, "parse", seed, "--format", "json"]
    else:
        root = args.root.resolve()
        paths = [str(root / "src"), str(root / "plugins"), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        referat = [args.python, "-m", "referat", "parse", seed, "--format", "json"]
    commands = {"python -c 'import json'": [args.python, "-c", "import json"], "referat": referat}

    # The first run writes the bytecode (.pyc) of every module it imports, as pip does when it
    # installs a wheel: compiling referat's sources on every start is not what a user waits for
    # (PYTHONDONTWRITEBYTECODE=1 in this workplace would make every run compile them).
    warm = dict(env)
    if not args.compile_every_run:
        warm.pop("PYTHONDONTWRITEBYTECODE", None)
    _time(referat, warm)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(args.rounds):
        for name in names[round_ % 2 :] + names[: round_ % 2]:  # rotate the order
            wall, used = _time(commands[name], env)
            samples[name].append(wall)
            cpu[name].append(used)

    for name in names:
        best = min(samples[name])
        print(
            f"{name:28} min {best * 1000:7.1f} ms   (CPU min {min(cpu[name]) * 1000:6.1f} ms, "
            f"{len(samples[name])} runs)"
        )
    ratio = min(samples["referat"]) / min(samples[names[0]])
    cpu_ratio = min(cpu["referat"]) / min(cpu[names[0]])
    verdict = "ok" if ratio <= TARGET else "over the target"
    print(f"ratio referat / python: {ratio:.1f}x (target <= {TARGET:.0f}x: {verdict})")
    print(f"ratio of the CPU times: {cpu_ratio:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
