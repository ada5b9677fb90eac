"""What the start of ``referat parse`` does without: the mechanisms that keep it short.

Start-up time itself is measured by ``tests/benchmarks/startup.py`` (timings on a shared
machine are too noisy to assert on); these tests check the mechanisms, which cannot be noisy:
the entry points read without :mod:`importlib.metadata` are the ones it finds, and the
modules a fresh interpreter has imported after a parse.
"""

from __future__ import annotations

import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from conftest import imported_after
from referat import discovery

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _dist(root: Path, folder: str, name: str, entry_points: str) -> None:
    info = root / folder
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n\nBody\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))


def test_the_entry_points_read_are_those_importlib_metadata_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(
        tmp_path,
        "thirdparty_words-1.0.dist-info",
        "thirdparty-words",
        """
        [console_scripts]
        words = thirdparty_words:main

        # a comment
        [referat.plugins]
        words = thirdparty_words:plugin
          counts=thirdparty_words.sub:make.plugin [extra]
        """,
    )
    # a second distribution of the same name further on: hidden, as importlib.metadata does
    later = tmp_path / "later"
    later.mkdir()
    _dist(
        later, "Thirdparty.Words-2.0.dist-info", "thirdparty-words", "[referat.plugins]\nx = y:z\n"
    )
    _dist(later, "other-1.0.dist-info", "other", "[other.group]\nwords = nothing:here\n")
    (later / "legacy-1.0.egg-info").write_text("a metadata file, not a folder")
    monkeypatch.syspath_prepend(str(later))
    monkeypatch.syspath_prepend(str(tmp_path))

    read = discovery._read_folders(list(sys.path))
    assert read is not None
    assert read == discovery._from_importlib()
    mine = [ep for ep in read if ep.distribution == "thirdparty-words"]
    assert [(ep.name, ep.value) for ep in mine] == [
        ("words", "thirdparty_words:plugin"),
        ("counts", "thirdparty_words.sub:make.plugin [extra]"),
    ]
    assert {ep.name for ep in read if ep.distribution == "referat"} >= {"tables", "decisions"}


def test_a_zip_file_on_the_path_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped_plugin-1.0.dist-info/METADATA", "Name: zipped-plugin\n")
        zipped.writestr(
            "zipped_plugin-1.0.dist-info/entry_points.txt",
            "[referat.plugins]\nzipped = zipped_plugin:plugin\n",
        )
    monkeypatch.syspath_prepend(str(archive))
    discovery.clear_cache()
    try:
        assert discovery._read_folders(list(sys.path)) is None
        assert discovery.available()["zipped"].distribution == "zipped-plugin"
    finally:
        discovery.clear_cache()


def test_an_entry_point_loads_its_attribute() -> None:
    point = discovery.EntryPoint("path", "os.path : join [extra]", None)
    assert point.load() is __import__("os").path.join
    assert (point.group, point.module, point.attr) == ("referat.plugins", "os.path", "join")


def test_the_amount_patterns_compile_on_first_use() -> None:
    code = (
        "import referat\n"
        f"referat.parse_file({str(FIXTURES / '004_4c6f98074157975d.txt')!r})\n"
        "from referat_economics import patterns\n"
        "assert not set(patterns._SOURCES) & set(vars(patterns)), 'compiled without money'\n"
        "doc = referat.parse('Punkt 1: Budget\\n\\nØkonomi\\n\\nDet koster 2,5 mio. kr. årligt.')\n"
        "assert {'AMOUNT', 'YEARS'} <= set(vars(patterns))\n"
        "assert patterns.AMOUNT is patterns.AMOUNT\n"
    )
    imported_after(code)  # raises CalledProcessError if an assertion fails


def test_an_unknown_pattern_is_an_attribute_error() -> None:
    from referat_economics import patterns

    with pytest.raises(AttributeError, match="no attribute 'PRICE'"):
        _ = patterns.PRICE


def test_the_table_patterns_compile_on_first_use() -> None:
    code = (
        "import sys, referat\n"
        f"referat.parse_file({str(FIXTURES / '004_4c6f98074157975d.txt')!r})\n"
        "from referat_tables import markup, quantities\n"
        "assert markup._pattern.cache_info().currsize == 0, 'markup without markup'\n"
        "assert quantities._unit_patterns.cache_info().currsize == 0, 'units without units'\n"
        "assert 'html' not in sys.modules\n"
        "assert markup.cell_text('<b>I alt</b> &amp; mere') == 'I alt & mere'\n"
        "assert quantities.header_unit('Beløb (1.000 kr.)').name == '1.000 kr.'\n"
        "assert markup.TAG is markup._pattern('TAG')\n"
        "assert quantities._WHOLE_UNIT is quantities._unit_patterns()[0]\n"
    )
    imported_after(code)  # raises CalledProcessError if an assertion fails


def test_the_command_leaves_its_objects_to_the_operating_system_at_exit() -> None:
    # script() is the command (the console script, python -m referat): the process ends after
    # it, so what is left is frozen out of the collector's pass at exit; main() is a call
    # inside a program that goes on: the collector is left as it was, with or without argv.
    seed = str(FIXTURES / "004_4c6f98074157975d.txt")
    code = (
        "import contextlib, gc, io, sys\n"
        "frozen = gc.get_freeze_count()\n"  # Python 3.12.1 starts with some frozen
        "from referat.cli import main, script\n"
        f"sys.argv = ['referat', 'parse', {seed!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    assert main(['parse', {seed!r}]) == 0\n"
        "    assert main() == 0\n"
        "assert gc.get_freeze_count() == frozen and gc.isenabled()\n"
        "assert out.getvalue().startswith('{')\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    assert script() == 0\n"
        "assert gc.get_freeze_count() > frozen and gc.isenabled()\n"
        "assert out.getvalue().startswith('{')\n"
    )
    imported_after(code)  # raises CalledProcessError if an assertion fails


def test_the_parse_command_runs_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from referat import cli
    from referat.api import Parser

    states: list[bool] = []
    parse_bytes = Parser.parse_bytes

    def watched(self: Parser, data: bytes, **options: object) -> object:
        states.append(gc.isenabled())
        return parse_bytes(self, data, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Parser, "parse_bytes", watched)
    assert gc.isenabled()
    assert cli.main(["parse", str(FIXTURES / "004_4c6f98074157975d.txt")]) == 0
    assert states == [False]
    assert gc.isenabled()
    assert capsys.readouterr().out.startswith("{")


def test_import_referat_imports_its_modules_with_the_collector_paused() -> None:
    code = (
        "import gc, sys\n"
        "paused = {}\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.startswith('referat.'):\n"
        "            paused[name] = not gc.isenabled()\n"
        "sys.meta_path.insert(0, Watch())\n"
        "import referat\n"
        "assert {'referat.models', 'referat.leaves', 'referat.render'} <= set(paused), paused\n"
        "assert all(paused.values()), paused\n"
        "assert gc.isenabled()\n"
    )
    imported_after(code)  # raises CalledProcessError if an assertion fails
    imported_after("import gc\ngc.disable()\nimport referat\nassert not gc.isenabled()")
