"""The CLI as a process: closed pipes, full disks, closed standard input, ``--version``,
``--indent`` — each a one-line message and a documented exit code, never a traceback.

The exit codes are those of ``docs/cli.md``: 0 ok (a reader that went away too), 1 strict
errors or unreadable input, 2 usage, 3 the output could not be written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import referat
from conftest import FIXTURES, SEEDS

SEED = str(FIXTURES / f"{SEEDS[4]}.txt")
COMMAND = [sys.executable, "-m", "referat"]


def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        COMMAND + args, capture_output=True, text=True, check=False, timeout=120, **kwargs
    )


def with_closed_reader(args: list[str]) -> tuple[int, str]:
    """Run with stdout a pipe whose reading end is already closed: the first write fails
    with EPIPE, as in ``referat … | head -1`` once ``head`` has exited."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            COMMAND + args,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write)
    return done.returncode, done.stderr


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A referat whose summary is far larger than a pipe buffer (3,000 items)."""
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_text(
        "".join(
            f"Punkt {n}: Punkt nummer {n}\n\n00.01.00-A00-{n}-24\n\nBeslutning\n\nGodkendt.\n\n"
            for n in range(1, 3001)
        ),
        encoding="utf-8",
    )
    return str(path)


def test_version() -> None:
    done = run(["--version"])
    assert (done.returncode, done.stdout, done.stderr) == (0, f"referat {referat.__version__}\n", "")


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "BIG", "--format", "summary", "--no-plugins"],
        ["parse", SEED],
        ["plugins"],
        ["schema"],
        ["--help"],
    ],
)
def test_a_closed_pipe_is_a_quiet_exit_0(args: list[str], big: str) -> None:
    code, err = with_closed_reader([big if a == "BIG" else a for a in args])
    assert (code, err) == (0, "")


def test_head_of_the_summary_in_a_shell_pipe(big: str) -> None:
    shell = " ".join([*COMMAND, "parse", big, "--format", "summary", "--no-plugins"])
    done = subprocess.run(
        ["bash", "-c", f"{shell} 2>err.txt | head -1; echo ${{PIPESTATUS[0]}}; cat err.txt"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=Path(big).parent,
    )
    assert done.stdout == "Meeting: (no header)\n0\n"


def test_a_full_disk_is_one_line_and_exit_3() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*COMMAND, "parse", SEED, "--no-plugins"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    assert done.returncode == 3
    assert done.stderr == "referat: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_exit_3() -> None:
    done = subprocess.run(
        ["bash", "-c", " ".join([*COMMAND, "schema"]) + " >&-"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("referat: cannot write")


def test_a_closed_stdin_is_one_line_and_exit_1() -> None:
    done = subprocess.run(
        ["bash", "-c", " ".join([*COMMAND, "parse", "-", "--no-plugins"]) + " <&-"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "referat: <stdin>: cannot read the input: standard input is closed\n"


def test_a_directory_is_unreadable_input() -> None:
    done = run(["parse", str(FIXTURES)])
    assert done.returncode == 1
    assert done.stderr == f"referat: {FIXTURES}: cannot read the input: Is a directory\n"


@pytest.mark.parametrize("indent", ["100000000", "-1", "17", "two"])
def test_indent_is_bounded(indent: str) -> None:
    done = run(["parse", SEED, "--indent", indent])
    assert (done.returncode, done.stdout) == (2, "")
    assert "--indent" in done.stderr and "Traceback" not in done.stderr


def test_indent_within_bounds() -> None:
    done = run(["parse", SEED, "--indent", "16", "--no-plugins"])
    assert done.returncode == 0
    assert '\n                "' in done.stdout  # the 16-space indent of a nested member
