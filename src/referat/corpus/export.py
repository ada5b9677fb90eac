"""Exports of a corpus database for analysts: JSON Lines (stdlib) and Parquet (pyarrow).

One file per table, named after it (``items.jsonl``, ``items.parquet``), with the columns of
the table. Parquet needs the optional extra ``referat[analytics]`` (pyarrow); the column types
follow the declared SQLite types (INTEGER → int64, REAL and NUMERIC → float64, TEXT →
string).
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from typing import Any

from referat.corpus import schema


@functools.cache
def declared_types() -> dict[str, tuple[tuple[str, str], ...]]:
    """``{table: ((column, declared SQLite type), …)}`` read from the schema itself."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(schema.DDL)
        return {
            table: tuple(
                (row[1], row[2].upper())
                for row in connection.execute(f"PRAGMA table_info({table})")
            )
            for table in schema.DATA_TABLES
        }
    finally:
        connection.close()


def _tables(tables: Iterable[str] | None) -> list[str]:
    names = list(schema.DATA_TABLES if tables is None else tables)
    unknown = sorted(set(names) - set(schema.DATA_TABLES))
    if unknown:
        msg = f"no such corpus table: {', '.join(unknown)}"
        raise ValueError(msg)
    return names


def _select(table: str) -> str:
    columns = ", ".join(f'"{c}"' for c, _ in declared_types()[table])
    return f"SELECT {columns} FROM {table} ORDER BY rowid"


def export_jsonl(
    db: str | os.PathLike[str],
    directory: str | os.PathLike[str],
    *,
    tables: Iterable[str] | None = None,
) -> dict[str, int]:
    """Write ``<table>.jsonl`` (one JSON object a row) for each table; returns row counts."""
    from referat.corpus import open as open_corpus  # noqa: PLC0415 - package imports us

    os.makedirs(directory, exist_ok=True)
    counts: dict[str, int] = {}
    with closing(open_corpus(db)) as connection:
        for table in _tables(tables):
            names = [c for c, _ in declared_types()[table]]
            path = os.path.join(directory, f"{table}.jsonl")
            count = 0
            with open(path, "w", encoding="utf-8") as out:
                for row in connection.execute(_select(table)):
                    out.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False))
                    out.write("\n")
                    count += 1
            counts[table] = count
    return counts


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of ``table`` (needs pyarrow)."""
    pa = require_pyarrow()
    kinds = {"INTEGER": pa.int64(), "REAL": pa.float64(), "NUMERIC": pa.float64()}
    return pa.schema(
        [(name, kinds.get(kind, pa.string())) for name, kind in declared_types()[table]]
    )


def arrow_table(table: str, rows: Sequence[Sequence[Any]]) -> Any:
    """``rows`` (tuples in the table's column order) as a pyarrow Table of its schema."""
    pa = require_pyarrow()
    target = arrow_schema(table)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(target)
    arrays = [
        pa.array([_cast(v, field.type) for v in column], type=field.type)
        for column, field in zip(columns, target, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=target)


def _cast(value: Any, kind: Any) -> Any:
    """SQLite's NUMERIC may hold ints or exact text; Parquet's float64 column wants floats."""
    if value is None:
        return None
    if str(kind) == "double":
        return float(value)
    return value


def export_parquet(
    db: str | os.PathLike[str],
    directory: str | os.PathLike[str],
    *,
    tables: Iterable[str] | None = None,
) -> dict[str, int]:
    """Write ``<table>.parquet`` for each table (needs ``referat[analytics]``); row counts."""
    from referat.corpus import open as open_corpus  # noqa: PLC0415 - package imports us

    pq = require_pyarrow("parquet")
    os.makedirs(directory, exist_ok=True)
    counts: dict[str, int] = {}
    with closing(open_corpus(db)) as connection:
        for table in _tables(tables):
            rows = [tuple(row) for row in connection.execute(_select(table))]
            pq.write_table(arrow_table(table, rows), os.path.join(directory, f"{table}.parquet"))
            counts[table] = len(rows)
    return counts


def require_pyarrow(module: str = "") -> Any:
    """``pyarrow`` (or ``pyarrow.<module>``), or an ImportError naming the extra to install."""
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(f"pyarrow.{module}" if module else "pyarrow")
    except ImportError as error:
        msg = "Parquet needs pyarrow: pip install 'referat[analytics]'"
        raise ImportError(msg) from error
