"""The ``referat`` command: formats, exit codes, diagnostics on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, SEEDS
from referat.cli import main


def test_parse_summary_lists_meeting_items_and_sections(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(FIXTURES / f"{SEEDS[4]}.txt"), "--format", "summary"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Meeting: Beskæftigelses- og Socialudvalget · 2022-2025 · 2023-02-21")
    assert "Punkt 5: D-sag: Temabesøg: Midlertidige indkvarteringssteder" in out
    assert "case 00.22.04-P35-33-22" in out
    assert out.count("sections: Resume, Beslutning") == 5


def test_parse_json_is_the_dumped_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(FIXTURES / f"{SEEDS[0]}.txt"), "--no-plugins"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["layout"] == "markdown"
    assert [i["number"] for i in data["items"]] == list(range(1, 9))
    assert data["items"][0]["sections"][0]["kind"] == "RESUME"


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(b"Punkt 1: Fra stdin\n\n00.01.00-A00-1-24"))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["parse", "-", "--format", "summary", "--no-plugins"]) == 0
    assert "Punkt 1: Fra stdin" in capsys.readouterr().out


def test_strict_errors_exit_1_with_file_line_col(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.txt"
    bad.write_text("Forord\n\nBeslutning\n\nGodkendt.\n", encoding="utf-8")
    assert main(["parse", str(bad), "--strict", "--no-plugins"]) == 1
    err = capsys.readouterr().err
    line = f"{bad}:3:1: error section-outside-item: a section heading before the first item"
    assert err.splitlines()[0] == line
    assert "^" in err
    # lenient: exit 0, the same line on stderr (one format, strict or not)
    assert main(["parse", str(bad), "--no-plugins"]) == 0
    assert line in capsys.readouterr().err.splitlines()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["parse"]) == 2
    assert main(["parse", "x.txt", "--format", "xml"]) == 2
    assert (
        main(["parse", str(FIXTURES / f"{SEEDS[0]}.txt"), "--exclude", "nope", "--no-plugins"]) == 0
    )


def test_missing_file_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "/nonexistent/referat.txt"]) == 1
    assert "/nonexistent/referat.txt" in capsys.readouterr().err


def test_plugins_lists_the_first_party_plugins(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    for name in ("tables", "decisions", "economics"):
        assert f"{name}  referat_{name}:plugin" in out


def test_summary_of_an_untitled_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "untitled.txt"
    source.write_text("Åben\n\nSagsnr.: 2006/000100\n\nBeslutning\n\nGodkendt.\n", "utf-8")
    assert main(["parse", str(source), "--format", "summary"]) == 0
    out = capsys.readouterr().out
    assert "Punkt (no number): (no title; line 1)" in out
    assert "case 2006/000100" in out
