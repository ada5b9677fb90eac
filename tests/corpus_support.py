"""Helpers of the corpus tests: the shipped fixtures, many distinct copies, database dumps."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from referat.corpus import schema

ROOT = Path(__file__).resolve().parent
FIXTURES = sorted((ROOT / "fixtures").glob("*.txt"))


def copies(directory: Path, count: int) -> list[Path]:
    """``count`` copies of each fixture, each with a line of its own at the end (so every
    copy has a content hash of its own)."""
    directory.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        for fixture in FIXTURES:
            target = directory / f"{fixture.stem}-{n:03d}.txt"
            target.write_bytes(fixture.read_bytes() + f"\n\nKopi nummer {n}.\n".encode())
            made.append(target)
    return made


def dump(
    db: Path, *, exclude: tuple[str, ...] = ("parsed_at",)
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table, sorted, without the ``exclude`` columns."""
    connection = sqlite3.connect(db)
    try:
        found = {}
        for table in schema.DATA_TABLES:
            columns = [c for c in schema.COLUMNS[table] if c not in exclude]
            names = ", ".join(f'"{c}"' for c in columns)
            rows = connection.execute(f"SELECT {names} FROM {table}").fetchall()
            found[table] = sorted(rows, key=repr)
        return found
    finally:
        connection.close()


def count(db: Path, table: str, where: str = "", *args: Any) -> int:
    connection = sqlite3.connect(db)
    try:
        sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
        return int(connection.execute(sql, args).fetchone()[0])
    finally:
        connection.close()
