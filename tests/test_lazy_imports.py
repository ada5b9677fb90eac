"""What ``import referat`` and the command import, and the public names imported on first use.

Start-up time itself is measured by ``tests/benchmarks/startup.py`` (a script: timings on a
shared machine are too noisy to assert on); these tests check what the start-up work depends
on, which cannot be noisy: the modules a fresh interpreter has imported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import referat
from conftest import imported_after

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_import_referat_loads_no_parser_serialiser_or_entry_points() -> None:
    modules = imported_after("import referat")
    for heavy in ("lark", "cattrs", "importlib.metadata", "sqlite3", "referat.api", "hypothesis"):
        assert heavy not in modules, heavy
    assert "referat.models" in modules  # the model is what every use needs


def test_the_version_command_loads_no_parser() -> None:
    code = (
        "from referat.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['--version']) == 0"
    )
    modules = imported_after(code)
    assert "lark" not in modules
    assert "referat.corpus.builder" not in modules


def test_parse_to_json_loads_no_corpus_source_library_metadata_reader_or_test_tool() -> None:
    seed = FIXTURES / "004_4c6f98074157975d.txt"
    code = (
        "from referat.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['parse', {str(seed)!r}, '--format', 'json']) == 0"
    )
    modules = imported_after(code)
    assert "referat.api" in modules  # it did parse
    assert "referat_decisions" in modules  # the installed plugins were found
    for unneeded in (
        "importlib.metadata",  # entry points are read from the dist-info folders
        "email",
        "email.message",
        "sqlite3",
        "referat.corpus.builder",
        "referat.schema",
        "tomllib",  # the shipped layouts are read from their JSON cache
        "hypothesis",
        "tqdm",
        "lxml",
        "pypdfium2",
    ):
        assert unneeded not in modules, unneeded


def test_every_public_name_resolves() -> None:
    for name in referat.__all__:
        assert getattr(referat, name) is not None, name
    assert set(referat.__all__) <= set(dir(referat))


def test_a_public_name_is_what_its_module_defines() -> None:
    from referat.api import parse_file
    from referat.convert import dumps
    from referat.errors import ReferatSyntaxError

    assert referat.parse_file is parse_file
    assert referat.dumps is dumps
    assert referat.ReferatSyntaxError is ReferatSyntaxError


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'parse_everything'"):
        _ = referat.parse_everything


def test_render_and_leaves_stay_functions_after_their_modules_are_imported() -> None:
    code = (
        "import referat, referat.render, referat.leaves, referat.testing\n"
        "assert callable(referat.render) and callable(referat.leaves)\n"
        "assert not hasattr(referat.render, '__path__')\n"
        "assert referat.render.__module__ == 'referat.render'\n"
        "assert referat.leaves.__module__ == 'referat.leaves'"
    )
    imported_after(code)  # raises CalledProcessError if an assertion fails


def test_submodules_are_reachable_as_attributes_without_their_own_import() -> None:
    # as when the package imported them eagerly: referat.api.default_parser(), referat.corpus
    code = (
        "import referat, sys; "
        "assert 'referat.corpus' not in sys.modules; "
        "assert callable(referat.api.default_parser) and callable(referat.corpus.build); "
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr
