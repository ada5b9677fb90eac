"""referat.corpus.store: how a document is written (multi-row inserts, NULLs, indices made
at the end of a new database's first build). The rows stored are compared with what the
plain one-row ``executemany`` of the same rows stores."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

import referat.corpus
from corpus_support import FIXTURES, dump
from referat.corpus import schema, store, worker
from referat.corpus.rows import Row, Rows


def _result(doc_id: int, cells: int) -> worker.FileResult:
    """A made-up parsed document with one item, one table and ``cells`` cells, about every
    third value NULL."""
    document: Row = (doc_id, f"{doc_id:064x}", f"doc-{doc_id}.txt", 10, "utf-8", "x", 1.0)
    document += ("1", "", "parsed")
    rows: Rows = {
        "items": [(doc_id, 0, 1, None, "Punkt", None, None, 1, 2, 0, 5)],
        "tables": [(doc_id, 0, 0, "money", None, None, None, None, 1, 1, 2, 1, 2)],
        "cells": [
            (doc_id, 0, 0, n // 2, n % 2, 0, 0, f"c{n}", n if n % 3 else None, None, None)
            for n in range(cells)
        ],
    }
    return worker.FileResult("parsed", document[2], document[1], 10, doc_id, document, rows)


@pytest.mark.parametrize("cells", [1, 3, 4, 5, 16, 21, 64, 64 + 16 + 4 + 3, 200])
def test_chunked_inserts_store_every_row_as_executemany_does(tmp_path: Path, cells: int) -> None:
    result = _result(7, cells)
    with contextlib.closing(store.Store(tmp_path / "chunked.sqlite")) as chunked:
        chunked.write(result)
    plain = store.connect(tmp_path / "plain.sqlite")
    plain.execute("BEGIN")
    plain.execute(schema.insert_sql("documents"), (*(result.document or ()), "now"))
    plain.execute(schema.insert_sql("document_paths"), (result.doc_id, result.path))
    for table in ("items", "tables", "cells"):
        plain.executemany(schema.insert_sql(table), (result.rows or {})[table])
    plain.execute("COMMIT")
    plain.close()
    stored = dump(tmp_path / "chunked.sqlite")
    assert stored == dump(tmp_path / "plain.sqlite")
    assert len(stored["cells"]) == cells
    assert sum(1 for row in stored["cells"] if row[8] is None) == len(range(0, cells, 3))


def test_the_null_adapter_is_gone_after_a_write(tmp_path: Path) -> None:
    key = (type(None), sqlite3.PrepareProtocol)
    assert key not in sqlite3.adapters
    with contextlib.closing(store.Store(tmp_path / "c.sqlite")) as writer:
        writer.write(_result(1, 5))
    assert key not in sqlite3.adapters


def test_a_users_null_adapter_is_left_alone(tmp_path: Path) -> None:
    key = (type(None), sqlite3.PrepareProtocol)
    mine = lambda value: value  # noqa: E731 - a stand-in for the user's own
    sqlite3.adapters[key] = mine
    try:
        with contextlib.closing(store.Store(tmp_path / "c.sqlite")) as writer:
            writer.write(_result(1, 5))
        assert sqlite3.adapters[key] is mine
    finally:
        del sqlite3.adapters[key]


def _indices(db: Path) -> set[str]:
    connection = sqlite3.connect(db)
    try:
        return {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }
    finally:
        connection.close()


ALL = {schema.index_name(sql) for sql in schema.INDICES}


def test_a_new_database_gets_its_indices_when_the_build_ends(tmp_path: Path) -> None:
    db = tmp_path / "corpus.sqlite"
    with contextlib.closing(store.Store(db, bulk=True)) as bulk:
        assert _indices(db) == set()  # a bulk load keeps no index up to date
        bulk.write(_result(1, 5))
    referat.corpus.build([str(p) for p in FIXTURES], db, jobs=1)
    assert _indices(db) == ALL
    assert len(ALL) == len(schema.INDICES) == 12  # one name each


def test_a_database_left_without_indices_gets_them_from_the_next_writer(tmp_path: Path) -> None:
    db = tmp_path / "corpus.sqlite"
    with contextlib.closing(store.Store(db, bulk=True)) as bulk:  # a first build, killed
        bulk.write(_result(1, 5))
    assert _indices(db) == set()
    with contextlib.closing(store.Store(db, bulk=True)):
        pass
    assert _indices(db) == set()  # another bulk writer (a worker) leaves them to the end
    store.Store(db).close()
    assert _indices(db) == ALL


def test_indices_and_views_are_those_of_the_ddl(tmp_path: Path) -> None:
    db = tmp_path / "corpus.sqlite"
    referat.corpus.build([str(FIXTURES[0])], db, jobs=1)
    reference = sqlite3.connect(":memory:")
    reference.executescript(schema.DDL)
    query = "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    connection = sqlite3.connect(db)
    try:
        assert connection.execute(query).fetchall() == reference.execute(query).fetchall()
    finally:
        connection.close()
        reference.close()
