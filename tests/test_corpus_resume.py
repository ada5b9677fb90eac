"""A build killed with SIGKILL resumes to the same database; readers query during a build."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import referat.corpus
from corpus_support import copies, count, dump

COPIES = 8  # 40 documents: a few seconds of parsing, so the kill lands in the middle


def _start(folder: Path, db: Path, jobs: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "referat",
        "corpus",
        str(folder),
        "--db",
        str(db),
        "-j",
        str(jobs),
        "--no-progress",
    ]
    return subprocess.Popen(  # its own process group: the kill takes the workers too
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def _documents(db: Path) -> int:
    """Documents committed so far, as a reader sees them (0 before the schema exists)."""
    if not db.exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.OperationalError:  # the schema is not created yet
        return 0


def _wait_for(db: Path, at_least: int, process: subprocess.Popen[bytes], limit: float) -> int:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = _documents(db)
        if found >= at_least:
            return found
        if process.poll() is not None:
            pytest.fail(f"the build ended early: {process.stderr.read().decode()}")  # type: ignore[union-attr]
        time.sleep(0.005)
    pytest.fail(f"no {at_least} documents after {limit} s")


def test_killed_build_resumes_to_the_same_database(tmp_path: Path) -> None:
    files = copies(tmp_path / "in", COPIES)
    killed = tmp_path / "killed.sqlite"
    process = _start(tmp_path / "in", killed, jobs=2)
    try:
        seen = _wait_for(killed, 3, process, limit=120)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    stored = count(killed, "documents")
    assert seen <= stored < len(files), "the kill must land in the middle of the build"
    # no partial document: every stored document has all its items
    connection = sqlite3.connect(killed)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    summary = referat.corpus.build([tmp_path / "in"], killed, jobs=2)
    assert summary.skipped == stored
    assert summary.parsed == len(files) - stored
    whole = tmp_path / "whole.sqlite"
    referat.corpus.build([tmp_path / "in"], whole, jobs=1)
    assert count(whole, "documents") == len(files)
    assert dump(killed) == dump(whole)


def test_readers_query_while_a_build_writes(tmp_path: Path) -> None:
    files = copies(tmp_path / "in", COPIES)
    db = tmp_path / "c.sqlite"
    process = _start(tmp_path / "in", db, jobs=1)
    try:
        _wait_for(db, 1, process, limit=120)
        reader = referat.corpus.open(db)
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        reader.execute("BEGIN")  # a read transaction stays open while the writer commits
        first = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
        items = reader.execute("SELECT count(*) FROM items").fetchone()[0]
        assert first >= 1
        later = _wait_for(db, first + 2, process, limit=120)  # the writer was not blocked
        assert later > first
        # the open transaction still sees its snapshot: whole documents, nothing new
        assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == first
        assert reader.execute("SELECT count(*) FROM items").fetchone()[0] == items
        reader.execute("COMMIT")
        assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] >= later
        reader.close()
    finally:
        stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr.decode()
    assert f"{len(files)} files: {len(files)} parsed" in stdout.decode()
    assert count(db, "documents") == len(files)


def test_ctrl_c_stops_cleanly_and_the_rerun_completes(tmp_path: Path) -> None:
    files = copies(tmp_path / "in", COPIES)
    db = tmp_path / "c.sqlite"
    process = _start(tmp_path / "in", db, jobs=2)
    try:
        _wait_for(db, 2, process, limit=120)
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130
    assert "interrupted" in stderr.decode()
    stored = count(db, "documents")
    assert 2 <= stored < len(files)
    summary = referat.corpus.build([tmp_path / "in"], db, jobs=2)
    assert (summary.skipped, summary.parsed) == (stored, len(files) - stored)
