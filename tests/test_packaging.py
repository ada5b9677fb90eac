"""A wheel built from the repository, installed in a fresh venv, parses a seed with all
built-in plugins (grammars and KLE data ship inside it; entry points are registered)."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import FIXTURES, SEEDS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("referat-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    seed = FIXTURES / f"{SEEDS[1]}.txt"
    result = subprocess.run(
        [str(env_dir / "bin" / "referat"), "parse", str(seed)],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    data = json.loads(result.stdout)
    assert len(data["items"]) == 14
    names = {e["name"] for item in data["items"] for e in item["extracts"]}
    assert names == {"tables", "decisions", "economics"}
    listing = subprocess.run(
        [str(env_dir / "bin" / "referat"), "plugins"], check=True, capture_output=True, text=True
    ).stdout
    assert "decisions  referat_decisions:plugin" in listing
    # the grammar files came from the wheel, not from this checkout
    where = subprocess.run(
        [str(python), "-c", "import referat.grammar as g; print(g.grammar_dir())"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert where.startswith(str(env_dir))
