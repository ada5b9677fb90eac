"""referat.corpus: a real SQLite file built from the shipped fixtures.

The expected counts come from the parsed model (``referat.parse_file``), walked here
independently of the corpus code; the expected values (names, dates, amounts) from reading
the fixtures.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import referat
import referat.corpus
from corpus_support import FIXTURES, count, dump
from referat.cli import main
from referat.corpus.paths import PathError, expand
from referat.corpus.progress import LineProgress
from referat.models import SectionKind


def _expected(path: Path) -> dict[str, int]:
    """What the database must hold for one fixture, counted on the model."""
    doc = referat.parse_file(path)
    counts = dict.fromkeys(
        [
            "items",
            "sections",
            "decisions",
            "case_numbers",
            "outcomes",
            "votes",
            "voters",
            "amendments",
            "absences",
            "amounts",
            "budget_rows",
            "tables",
            "cells",
            "diagnostics",
            "attendance",
        ],
        0,
    )
    counts["items"] = len(doc.items)
    counts["diagnostics"] = len(doc.diagnostics)
    counts["attendance"] = len(doc.meeting.attendance) if doc.meeting else 0
    for item in doc.items:
        counts["sections"] += len(item.sections)
        counts["decisions"] += sum(1 for s in item.sections if s.kind is SectionKind.DECISION)
        counts["case_numbers"] += item.case_number is not None
        decision = item.extract("decisions")
        if decision is not None:
            counts["outcomes"] += len(decision.outcomes)
            counts["votes"] += len(decision.votes)
            counts["voters"] += sum(len(v.voters) for v in decision.votes)
            counts["amendments"] += len(decision.amendments)
            counts["absences"] += len(decision.absences)
        economy = item.extract("economics")
        if economy is not None:
            counts["amounts"] += len(economy.amounts)
            counts["budget_rows"] += len(economy.budget_rows)
        for table in item.extract("tables") or ():
            counts["tables"] += 1
            counts["cells"] += sum(len(row.cells) for row in table.rows)
    return counts


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, referat.corpus.BuildSummary]:
    db = tmp_path_factory.mktemp("corpus") / "corpus.sqlite"
    summary = referat.corpus.build([str(p) for p in FIXTURES], db, jobs=2)
    return db, summary


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_counts_equal_the_parsed_model(built, fixture: Path) -> None:
    db, _ = built
    expected = _expected(fixture)
    connection = sqlite3.connect(db)
    (doc_id,) = connection.execute(
        "SELECT id FROM documents WHERE path = ?", (os.path.normpath(fixture),)
    ).fetchone()
    for table, number in expected.items():
        found = connection.execute(
            f"SELECT count(*) FROM {table} WHERE document_id = ?", (doc_id,)
        ).fetchone()[0]
        assert found == number, table
    assert expected["items"] > 0


def test_summary_and_document_rows(built) -> None:
    db, summary = built
    assert (summary.files, summary.parsed, summary.skipped, summary.failed) == (5, 5, 0, 0)
    assert summary.items == sum(_expected(p)["items"] for p in FIXTURES)
    assert summary.decisions == count(db, "decisions")
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "SELECT sha256, size, layout, referat_version, status, parsed_at FROM documents "
        "ORDER BY path"
    ).fetchall()
    import hashlib

    for fixture, (sha, size, layout, version, status, parsed_at) in zip(
        FIXTURES, rows, strict=True
    ):
        data = fixture.read_bytes()
        assert sha == hashlib.sha256(data).hexdigest()
        assert size == len(data)
        assert layout == referat.parse_file(fixture).layout
        assert (version, status) == (referat.__version__, "parsed")
        assert parsed_at.endswith("+00:00")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_values_read_from_the_fixtures(built) -> None:
    db, _ = built
    connection = sqlite3.connect(db)
    # 000, item 3: "ophævede sagen til en beslutningssag" then "godkender"; Cæcilie Crawley
    # took no part (the README's example).
    kinds = connection.execute(
        "SELECT o.kind FROM outcomes o JOIN items i USING (document_id, item_index) "
        "JOIN meetings m USING (document_id) WHERE m.date = '2020-09-01' AND i.number = 3 "
        "ORDER BY o.outcome_index"
    ).fetchall()
    assert [k for (k,) in kinds] == ["ELEVATED", "APPROVED"]
    names = connection.execute(
        "SELECT name, scope FROM member_absences WHERE date = '2020-09-01' AND item_number = 3"
    ).fetchall()
    assert names == [("Cæcilie Crawley", "item")]
    # 003 line 50 ff.: "6,3 mio. kr." is 6 300 000 DKK, stored as a whole number.
    value = connection.execute(
        "SELECT dkk, typeof(dkk) FROM amounts WHERE raw = '6,3 mio. kr.' LIMIT 1"
    ).fetchone()
    assert value == (6300000, "integer")
    # 00.01.00-A00-6-21 is item 2 on 2 March 2021 (001:122) and item 4 on 9 April 2024
    # (002:440): one case, two meetings.
    history = connection.execute(
        "SELECT date, item_number FROM case_history WHERE case_key = '00.01.00-A00-6-21' "
        "ORDER BY date"
    ).fetchall()
    assert history == [("2021-03-02", 2), ("2024-04-09", 4)]
    assert connection.execute(
        "SELECT count(*) FROM cases WHERE case_key = '00.01.00-A00-6-21'"
    ).fetchone() == (1,)
    # the votes of 001 item 12: six for, Reza Javid against
    tallies = connection.execute(
        "SELECT v.position, v.tally FROM votes v JOIN meetings m USING (document_id) "
        "JOIN items i USING (document_id, item_index) "
        "WHERE m.date = '2021-03-02' AND i.number = 12 ORDER BY v.vote_index"
    ).fetchall()
    assert tallies == [("FOR", 6), ("AGAINST", 1)]


def test_rerun_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    referat.corpus.build(FIXTURES, db, jobs=1)
    before = dump(db, exclude=())
    summary = referat.corpus.build(FIXTURES, db, jobs=2)
    assert (summary.parsed, summary.skipped, summary.failed) == (0, 5, 0)
    assert dump(db, exclude=()) == before


def test_new_version_reparses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.sqlite"
    referat.corpus.build(FIXTURES, db, jobs=1)
    before = dump(db, exclude=("parsed_at", "referat_version"))
    monkeypatch.setattr(referat._version, "__version__", "99.0.0")
    summary = referat.corpus.build(FIXTURES, db, jobs=2)  # the workers replace the rows
    assert summary.parsed == 5
    assert count(db, "documents", "referat_version = '99.0.0'") == 5
    assert dump(db, exclude=("parsed_at", "referat_version")) == before
    assert sqlite3.connect(db).execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_bad_file_is_reported_and_the_rest_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(FIXTURES[4].read_bytes())
    (folder / "b.txt").symlink_to(tmp_path / "missing.txt")  # unreadable
    # not UTF-8: read as cp1252, with a warning
    (folder / "c.txt").write_bytes("Punkt 1: Bøger\n\n00.01.00-A00-1-24\n".encode("cp1252"))
    (folder / "d.txt").write_bytes(FIXTURES[2].read_bytes())
    db = tmp_path / "c.sqlite"
    summary = referat.corpus.build([folder], db, jobs=2)
    assert (summary.files, summary.parsed, summary.failed) == (4, 3, 1)
    assert summary.failures[0][0].endswith("b.txt")
    assert "FileNotFoundError" in summary.failures[0][1]
    connection = sqlite3.connect(db)
    failed = connection.execute(
        "SELECT d.path, d.status, d.sha256, g.code FROM documents d "
        "JOIN diagnostics g ON g.document_id = d.id WHERE d.status = 'failed'"
    ).fetchall()
    assert failed == [(str(folder / "b.txt"), "failed", None, "file-failed")]
    assert connection.execute(
        "SELECT count(*) FROM diagnostics g JOIN documents d ON d.id = g.document_id "
        "WHERE d.path LIKE '%c.txt' AND g.code = 'not-utf8'"
    ).fetchone() == (1,)
    stored = _expected(FIXTURES[4])["items"] + _expected(FIXTURES[2])["items"] + 1  # c.txt: 1
    assert count(db, "items") == stored
    # the link is mended: the rerun parses the file and drops the failure
    (folder / "b.txt").unlink()
    (folder / "b.txt").write_bytes(FIXTURES[0].read_bytes())
    summary = referat.corpus.build([folder], db, jobs=1)
    assert (summary.parsed, summary.skipped, summary.failed) == (1, 3, 0)
    assert count(db, "documents", "status = 'failed'") == 0


def test_a_parser_crash_is_a_failure_and_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = os.path.normpath(FIXTURES[1])
    real = referat.Parser.parse_bytes

    def crash(self: referat.Parser, data: bytes, **kwargs: Any) -> referat.Referat:
        if kwargs.get("source") == target:  # the worker parses the bytes it hashed
            raise RuntimeError("boom")
        return real(self, data, **kwargs)

    monkeypatch.setattr(referat.Parser, "parse_bytes", crash)
    db = tmp_path / "c.sqlite"
    summary = referat.corpus.build(FIXTURES, db, jobs=1)
    assert (summary.parsed, summary.failed) == (4, 1)
    assert summary.failures == ((target, "RuntimeError: boom"),)
    message = (
        sqlite3.connect(db)
        .execute(
            "SELECT g.message FROM diagnostics g JOIN documents d ON d.id = g.document_id "
            "WHERE d.status = 'failed' AND d.sha256 IS NOT NULL"
        )
        .fetchall()
    )
    assert message == [("RuntimeError: boom",)]
    # the same content with the same version fails the same way: skipped on the rerun
    assert referat.corpus.build(FIXTURES, db, jobs=1).skipped == 5


def test_duplicate_content_is_one_document_with_two_paths(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    first = tmp_path / "x" / "one.txt"
    second = tmp_path / "x" / "two.txt"
    first.write_bytes(FIXTURES[4].read_bytes())
    second.write_bytes(FIXTURES[4].read_bytes())
    db = tmp_path / "c.sqlite"
    referat.corpus.build([tmp_path / "x"], db, jobs=2)
    assert count(db, "documents") == 1
    assert count(db, "document_paths") == 2
    path = sqlite3.connect(db).execute("SELECT path FROM documents").fetchone()[0]
    assert path == str(first)  # the smallest path, whatever order the workers finished in


def test_the_database_must_be_a_corpus(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    sqlite3.connect(db).execute("CREATE TABLE x (y)")
    with pytest.raises(referat.corpus.CorpusError, match="not a referat corpus"):
        referat.corpus.build(FIXTURES[:1], db, jobs=1)
    newer = tmp_path / "newer.sqlite"
    referat.corpus.build(FIXTURES[:1], newer, jobs=1)
    sqlite3.connect(newer).execute("PRAGMA user_version = 999")
    with pytest.raises(referat.corpus.CorpusError, match="schema version 999"):
        referat.corpus.build(FIXTURES[:1], newer, jobs=1)


def test_open_is_read_only(built) -> None:
    db, _ = built
    connection = referat.corpus.open(db)
    row = connection.execute("SELECT count(*) AS n FROM items").fetchone()
    assert row["n"] == count(db, "items")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connection.execute("DELETE FROM items")
    with pytest.raises(FileNotFoundError):
        referat.corpus.open(db.parent / "nothing.sqlite")


def test_paths_directories_globs_and_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".hidden").mkdir()
    for name in ["a/1.txt", "a/b/2.md", "a/b/3.pdf", "a/b/4.jpg", "a/.hidden/5.txt", "a/.6.txt"]:
        (tmp_path / name).write_text("x")
    monkeypatch.chdir(tmp_path)
    assert expand(["a"]) == ["a/1.txt", "a/b/2.md", "a/b/3.pdf"]
    assert expand(["a/**/*.md", "a/1.txt", "./a/1.txt"]) == ["a/1.txt", "a/b/2.md"]
    (tmp_path / "list.txt").write_text("# files\na/b/4.jpg\n\na/b\n")
    assert expand(["@list.txt"]) == ["a/b/2.md", "a/b/3.pdf", "a/b/4.jpg"]
    with pytest.raises(PathError, match="no such file"):
        expand(["nothing.txt"])
    with pytest.raises(PathError, match="matches no file"):
        expand(["a/*.xml"])


def test_parse_many_in_order_and_in_parallel() -> None:
    docs = list(referat.parse_many(FIXTURES, jobs=2))
    assert [d.source.name for d in docs] == [os.path.normpath(p) for p in FIXTURES]
    assert docs == [referat.parse_file(os.path.normpath(p)) for p in FIXTURES]


def test_parse_many_errors(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(FIXTURES[4].read_bytes())
    (tmp_path / "b.txt").symlink_to(tmp_path / "missing")
    with pytest.raises(referat.ReferatError, match=r"b\.txt: FileNotFoundError"):
        list(referat.parse_many([tmp_path], jobs=1))
    with pytest.warns(UserWarning, match=r"b\.txt"):
        docs = list(referat.parse_many([tmp_path], jobs=2, errors="warn"))
    assert len(docs) == 1


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite"
    out = tmp_path / "jsonl"
    code = main(["corpus", *map(str, FIXTURES), "--db", str(db), "-j", "2", "--jsonl", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "5 files: 5 parsed, 0 already stored, 0 failed" in printed
    assert f"{count(db, 'items')} items, {count(db, 'decisions')} decisions" in printed
    lines = (out / "items.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == count(db, "items")
    (tmp_path / "bad.txt").symlink_to(tmp_path / "missing")
    assert main(["corpus", str(tmp_path / "bad.txt"), "--db", str(db)]) == 1
    assert "failed: " in capsys.readouterr().out
    assert main(["corpus", "--db", str(db)]) == 2
    assert main(["corpus", str(tmp_path / "none.txt"), "--db", str(db)]) == 2


def test_tqdm_progress(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    from referat.corpus.progress import NoProgress, progress

    assert isinstance(progress(3, 30, enabled=False), NoProgress)
    bar = progress(3, 3_000_000, enabled=True)
    for _ in range(3):
        bar.update(1_000_000)
    bar.close()
    shown = capsys.readouterr().err
    assert "3/3" in shown
    assert "MB/s" in shown


def test_the_progress_bar_starts_no_thread_for_the_workers_to_fork_beside(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """tqdm's bars start a monitor thread; a build forks its workers while its bar is shown
    (a child forked beside another thread can deadlock on a lock that thread held)."""
    tqdm = pytest.importorskip("tqdm")
    from referat.corpus.progress import progress

    monitors: list[object] = []
    monkeypatch.setattr(tqdm.std, "TMonitor", lambda *args: monitors.append(args))
    monkeypatch.setattr(tqdm.std.tqdm, "monitor", None)  # as if no bar had been shown yet
    bar = progress(3, 3_000, enabled=True)
    bar.update(1_000)
    bar.close()
    assert monitors == []


def test_line_progress() -> None:
    out = io.StringIO()
    bar = LineProgress(2, 3_000_000, out)
    bar.update(1_000_000)
    bar.update(2_000_000)
    bar.close()
    text = out.getvalue()
    assert text.startswith("\r1/2 docs  ")
    assert "\r2/2 docs  " in text
    assert text.endswith(" MB/s\n")


def test_a_decision_reported_in_a_routing_remark_is_stored_with_its_date(tmp_path: Path) -> None:
    source = tmp_path / "routing.txt"
    source.write_text(
        "Punkt 1: Udpegning til sundhedsråd\n\n00.01.00-A00-1-25\n\nBeslutning\n\n"
        "Fremsendes til Aarhus Byråd med bemærkning, at Magistraten i mødet den 23. september "
        "2025 anbefaler, at byrådet tiltræder Borgmesterens Afdelings indstilling.\n",
        encoding="utf-8",
    )
    db = tmp_path / "corpus.db"
    referat.corpus.build([source], db, jobs=1)
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT kind, committee, embedded, date FROM outcomes ORDER BY outcome_index"
        ).fetchall()
    assert ("RECOMMENDED", "Magistraten", 1, "2025-09-23") in rows
    assert any(kind == "FORWARDED" and embedded == 0 for kind, _, embedded, _ in rows)


def test_sub_items_keep_their_number_path(tmp_path: Path) -> None:
    source = tmp_path / "sub.txt"
    source.write_text(
        "Punkt 1: Meddelelser\n\nResume\n\nx\n\nPunkt 1.1: Status\n\nResume\n\ny\n\n"
        "Punkt 1.2: Økonomi\n\nResume\n\nz\n\nPunkt 2: Eventuelt\n\nResume\n\nw\n",
        encoding="utf-8",
    )
    db = tmp_path / "corpus.db"
    referat.corpus.build([source], db, jobs=1)
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT number, sub_number, title FROM items ORDER BY item_index"
        ).fetchall()
    assert rows == [
        (1, None, "Meddelelser"),
        (1, "1", "Status"),
        (1, "2", "Økonomi"),
        (2, None, "Eventuelt"),
    ]


@pytest.mark.parametrize(
    "method", [m for m in ("spawn", "forkserver") if m in multiprocessing.get_all_start_methods()]
)
def test_a_parallel_build_whose_workers_are_not_forked(tmp_path: Path, method: str) -> None:
    """macOS and Windows spawn worker processes, Python 3.14 on Linux uses a fork server:
    the workers inherit nothing, they import what they run and open the database anew."""
    db = tmp_path / "c.db"
    script = (
        "import multiprocessing, sys, referat.corpus\n"
        "if __name__ == '__main__':\n"
        f"    multiprocessing.set_start_method({method!r})\n"
        "    summary = referat.corpus.build(sys.argv[1:-1], sys.argv[-1], jobs=2)\n"
        "    sys.exit(summary.failed)\n"
    )
    seeds = FIXTURES[:3]
    main_file = tmp_path / "build.py"
    main_file.write_text(script)
    subprocess.run(
        [sys.executable, str(main_file), *map(str, seeds), str(db)], check=True, timeout=300
    )
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*), min(status) FROM documents").fetchone()
        items = connection.execute("SELECT count(*) FROM items").fetchone()[0]
    assert stored == (3, "parsed")
    assert items == sum(len(referat.parse_file(seed).items) for seed in seeds)


@pytest.mark.skipif("spawn" not in multiprocessing.get_all_start_methods(), reason="spawn")
def test_a_script_without_a_main_guard_is_told_why_its_workers_die(tmp_path: Path) -> None:
    """Spawned workers run the script's top level again: each starts a build of its own,
    which a worker may not (it cannot start processes), and dies; the script's build stops
    with an error that names the guard."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import multiprocessing, sys, referat.corpus\n"
        "multiprocessing.set_start_method('spawn', force=True)\n"
        "try:\n"
        "    referat.corpus.build(sys.argv[1:-1], sys.argv[-1], jobs=2, show_progress=False)\n"
        "except referat.corpus.WorkerStartError as error:\n"
        "    if __name__ == '__main__':  # the script, not a worker running it again\n"
        "        sys.exit(f'the build stopped: {error}')\n"
        "    raise\n"
    )
    seeds = [str(seed) for seed in FIXTURES[:2]]
    run = subprocess.run(
        [sys.executable, str(script), *seeds, str(tmp_path / "c.db")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 1
    stopped = [line for line in run.stderr.splitlines() if line.startswith("the build stopped:")]
    assert len(stopped) == 1
    assert "the worker processes die before finishing any task" in stopped[0]
    assert "if __name__ == '__main__'" in stopped[0]
