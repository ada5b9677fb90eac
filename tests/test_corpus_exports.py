"""Exports (JSON Lines, Parquet) and the multi-machine recipe (Dask → Parquet → SQLite)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import referat.corpus
from corpus_support import FIXTURES, count, dump
from referat.corpus import schema


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exports") / "corpus.sqlite"
    referat.corpus.build(FIXTURES, path, jobs=1)
    return path


def test_jsonl_has_every_row_with_its_columns(db: Path, tmp_path: Path) -> None:
    counts = referat.corpus.export_jsonl(db, tmp_path)
    assert set(counts) == set(schema.DATA_TABLES)
    for table in schema.DATA_TABLES:
        lines = (tmp_path / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == counts[table] == count(db, table)
        if lines:
            assert list(json.loads(lines[0])) == list(schema.COLUMNS[table])
    meetings = [json.loads(line) for line in (tmp_path / "meetings.jsonl").open(encoding="utf-8")]
    assert {m["date"] for m in meetings} == {"2020-09-01", "2021-03-02", "2024-04-09", "2023-02-21"}


def test_parquet_round_trip(db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    counts = referat.corpus.export_parquet(db, tmp_path, tables=["amounts", "items"])
    assert set(counts) == {"amounts", "items"}
    amounts = pq.read_table(tmp_path / "amounts.parquet")
    assert amounts.num_rows == count(db, "amounts")
    assert amounts.schema.field("dkk").type == "double"
    assert amounts.schema.field("item_index").type == "int64"
    connection = sqlite3.connect(db)
    expected = connection.execute("SELECT raw, dkk FROM amounts ORDER BY rowid").fetchall()
    found = list(
        zip(amounts.column("raw").to_pylist(), amounts.column("dkk").to_pylist(), strict=True)
    )
    assert found == [(raw, float(dkk)) for raw, dkk in expected]
    with pytest.raises(ValueError, match="no such corpus table"):
        referat.corpus.export_parquet(db, tmp_path, tables=["nope"])


def test_partitions_from_a_plain_pool_load_into_the_same_database(db: Path, tmp_path: Path) -> None:
    """The recipe without Dask: any map over process_file, two partitions, then load."""
    pytest.importorskip("pyarrow")
    from referat.corpus.partitions import load_partitions, write_partition

    settings = referat.corpus.Settings()
    results = [referat.corpus.process_file(str(path), settings) for path in FIXTURES]
    names = write_partition(results[:2], tmp_path / "parts") + write_partition(
        results[2:], tmp_path / "parts"
    )
    assert len(names) == 2
    loaded = tmp_path / "loaded.sqlite"
    assert load_partitions(tmp_path / "parts", loaded) == len(FIXTURES)
    assert dump(loaded) == dump(db)


def test_dask_recipe(db: Path, tmp_path: Path) -> None:
    """docs/corpus.md, "More than one machine", on a local Dask scheduler with 2 processes."""
    dask_bag = pytest.importorskip("dask.bag")
    pytest.importorskip("pyarrow")
    from referat.corpus.partitions import load_partitions, write_partition
    from referat.corpus.paths import expand

    files = expand([str(p) for p in FIXTURES])
    bag = dask_bag.from_sequence(files, npartitions=3)
    parts = (
        bag.map(referat.corpus.process_file, referat.corpus.Settings())
        .map_partitions(write_partition, str(tmp_path / "parts"))
        .compute(scheduler="processes", num_workers=2)
    )
    assert len(parts) == 3
    loaded = tmp_path / "dask.sqlite"
    assert load_partitions(tmp_path / "parts", loaded) == len(FIXTURES)
    assert dump(loaded) == dump(db)
