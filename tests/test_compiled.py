"""The compiled build (hatch_build.py, docs/performance.md) reads documents exactly as the
pure-Python modules do.

A wheel built with ``REFERAT_BUILD=compiled`` is installed with the test extras in a fresh venv;
there it must pass the structure and plugin tests (every hand-written expectation about items,
sub-items, sections, paragraphs, diagnostics, decisions, tables and amounts, and the generated
documents of every layout), and write,
for every seed and every document of the shared corpus, the JSON this process writes with the
pure-Python modules. mypyc changes the meaning of some code (a value typed ``int`` is a machine
integer, so an ``ItemNumber`` loses its path): this is the test that catches it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

import referat
import referat.blocks
from conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: The modules the build hook compiles (``referat/blocks.py`` → ``referat.blocks``).
COMPILED = tuple(
    path.removesuffix(".py").replace("/", ".")
    for path in PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["custom"][
        "compile"
    ]
)
#: The tests of the compiled modules' work: structure, the LALR loop, spans, layouts,
#: paragraphs, generated documents, attendance and the built-in plugins.
STRUCTURE_TESTS = (
    "tests/plugins",
    "tests/test_lalr.py",
    "tests/test_slots.py",
    "tests/test_textlalr.py",
    "tests/test_model_base.py",
    "tests/test_attendance.py",
    "tests/test_layouts.py",
    "tests/test_structure_golden.py",
    "tests/test_hard_cases.py",
    "tests/test_edge_cases.py",
    "tests/test_paragraphs.py",
    "tests/test_generated.py",
    "tests/test_invariants.py",
)
_DUMP = """
import json, sys
import referat
for path in sys.argv[1:]:
    print(json.dumps([path, referat.dumps(referat.parse_file(path))]))
"""


def _documents() -> list[Path]:
    found = sorted(FIXTURES.glob("*.txt"))
    found += sorted((SHARED / "train").glob("*.txt"))
    found += sorted(p for p in (SHARED / "src").glob("*") if p.suffix in (".pdf", ".html", ".xml"))
    return found


@pytest.fixture(scope="module")
def compiled_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a fresh venv with the compiled wheel and the test extras."""
    work = tmp_path_factory.mktemp("compiled")
    dist = work / "dist"
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)]
    done = subprocess.run(
        [*build, str(ROOT)],
        env={**os.environ, "REFERAT_BUILD": "compiled"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (wheel,) = dist.glob("referat-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"{wheel}[test]"],
        check=True,
        capture_output=True,
    )
    return python


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_the_wheel_carries_the_compiled_modules(compiled_python: Path) -> None:
    assert referat.blocks.__file__.endswith(".py")  # this process: pure Python (editable)
    code = "import importlib; print(*(importlib.import_module(m).__file__ for m in "
    code += f"{COMPILED!r}))"
    files = subprocess.run(
        [str(compiled_python), "-c", code], check=True, capture_output=True, text=True, cwd="/"
    ).stdout.split()
    assert len(files) == len(COMPILED)
    assert all(path.endswith(".so") for path in files), files


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_the_compiled_build_passes_the_structure_and_plugin_tests(compiled_python: Path) -> None:
    done = subprocess.run(
        [str(compiled_python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *STRUCTURE_TESTS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_the_compiled_build_writes_the_same_json_for_every_document(
    compiled_python: Path,
) -> None:
    paths = [str(p) for p in _documents()]
    done = subprocess.run(
        [str(compiled_python), "-c", _DUMP, *paths],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    compiled = dict(json.loads(line) for line in done.stdout.splitlines())
    assert sorted(compiled) == sorted(paths)
    differing = [p for p in paths if compiled[p] != referat.dumps(referat.parse_file(p))]
    assert differing == []
