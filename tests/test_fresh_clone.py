"""A fresh clone installs: the committed HEAD, cloned into a new directory with another
absolute path, passes both README commands (the test command in a minimal variant: it
installs the test extras and runs one quick test file instead of the whole suite).

Also: nothing generated is tracked, and ``.ci/run`` runs what the README promises.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The command lines of the README's first ``sh`` block (comments dropped)."""
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block is not None, "the README has no sh block"
    return [
        line.strip()
        for line in block.group(1).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def test_the_readme_has_an_install_and_a_test_command() -> None:
    install, test = readme_commands()
    assert "pip install ." in install and "referat parse" in install
    assert 'pip install -e ".[test]"' in test and test.endswith(".venv/bin/python -m pytest")


def test_ci_runs_the_readme_test_command_and_the_checkers_before_the_tests() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines()]
    install, _, tests = readme_commands()[1].rpartition(" && ")
    for part in install.split(" && "):
        assert part in lines, part
    ruff = lines.index(".venv/bin/ruff check src plugins tests")
    mypy = lines.index(".venv/bin/mypy")
    pytest_line = next(i for i, line in enumerate(lines) if line.startswith(tests))
    assert ruff < pytest_line and mypy < pytest_line


def _tracked() -> list[str]:
    result = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return result.stdout.splitlines()


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="no git")
def test_no_generated_file_is_tracked() -> None:
    generated = re.compile(
        r"(^|/)(\.venv|venv|__pycache__|\.mypy_cache|\.ruff_cache|\.pytest_cache|\.hypothesis"
        r"|build|dist|[^/]*\.egg-info)(/|$)|\.py[co]$"
    )
    assert [path for path in _tracked() if generated.search(path)] == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="no git")
def test_a_fresh_clone_passes_both_readme_commands(tmp_path: Path) -> None:
    clone = tmp_path / "elsewhere" / "referat-clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)],
        check=True,
        capture_output=True,
    )
    assert clone.resolve() != ROOT
    assert not (clone / ".venv").exists()  # nothing generated comes with the clone
    install, test = readme_commands()
    done = subprocess.run(
        ["bash", "-c", install], cwd=clone, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # the shipped Odense example, read by hand: the committee and date of its header
    # (after pip's own output)
    summary = done.stdout[done.stdout.index("\nMeeting: ") + 1 :]
    assert summary.startswith("Meeting: Beskæftigelses- og Socialudvalget · 2022-2025 · 2023-02-21")
    assert "Punkt 5: D-sag: Temabesøg: Midlertidige indkvarteringssteder" in done.stdout
    # the clone's own interpreter runs the clone's code, not this checkout's
    where = subprocess.run(
        [str(clone / ".venv" / "bin" / "python"), "-c", "import referat; print(referat.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(clone))
    # the install command is a regular install: the lexer runs compiled (docs/performance.md)
    lexer = subprocess.run(
        [
            str(clone / ".venv" / "bin" / "python"),
            "-c",
            "import referat.blocks as b; print(b.__file__)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert lexer.endswith(".so") or shutil.which("cc") is None, lexer
    quick = test + " -q -p no:cacheprovider tests/test_architecture.py"
    done = subprocess.run(
        ["bash", "-c", quick], cwd=clone, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", done.stdout)
