"""A corpus of referater in one SQLite database: build it in parallel, query it with SQL.

>>> import referat.corpus, tempfile, os
>>> db = os.path.join(tempfile.mkdtemp(), "corpus.sqlite")
>>> summary = referat.corpus.build(["tests/fixtures/*.txt"], db, jobs=1)
>>> summary.parsed, summary.items, summary.failed
(5, 58, 0)
>>> with referat.corpus.open(db) as connection:
...     connection.execute("SELECT count(*) FROM items").fetchone()[0]
58

Modules, one job each: :mod:`~referat.corpus.paths` (which files), :mod:`~referat.corpus.worker`
(one file → rows), :mod:`~referat.corpus.rows` and :mod:`~referat.corpus.plugin_rows` (a
document → rows), :mod:`~referat.corpus.schema` (tables, indices, views),
:mod:`~referat.corpus.store` (one transaction per document), :mod:`~referat.corpus.builder`
(the parallel build), :mod:`~referat.corpus.progress`, :mod:`~referat.corpus.batch`
(``parse_many``), :mod:`~referat.corpus.export` (JSON Lines, Parquet) and
:mod:`~referat.corpus.partitions` (Parquet partitions from Dask or any pool, loaded back).
The schema and the recipes are in ``docs/corpus.md``.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported on first use: ``referat parse`` never pays for the corpus
    import sqlite3

    from referat.corpus.batch import parse_many
    from referat.corpus.builder import BuildSummary, build
    from referat.corpus.export import export_jsonl, export_parquet
    from referat.corpus.paths import PathError
    from referat.corpus.processes import WorkerStartError
    from referat.corpus.schema import SCHEMA_VERSION
    from referat.corpus.store import CorpusError
    from referat.corpus.worker import FileResult, Settings, process_file

_LAZY = {
    "parse_many": "batch",
    "BuildSummary": "builder",
    "build": "builder",
    "export_jsonl": "export",
    "export_parquet": "export",
    "PathError": "paths",
    "WorkerStartError": "processes",
    "SCHEMA_VERSION": "schema",
    "CorpusError": "store",
    "FileResult": "worker",
    "Settings": "worker",
    "process_file": "worker",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'referat.corpus' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(f"referat.corpus.{module}"), name)


def open(db: str | os.PathLike[str], *, writable: bool = False) -> sqlite3.Connection:
    """A connection to a corpus database, read-only unless ``writable``.

    Rows come back as :class:`sqlite3.Row` (by index or by column name). Readers can query
    while a build writes (WAL mode): each query sees whole documents only.
    """
    import sqlite3  # noqa: PLC0415 - see the imports above
    import urllib.parse  # noqa: PLC0415

    path = os.fspath(db)
    if not os.path.exists(path):
        msg = f"{path}: no such corpus database"
        raise FileNotFoundError(msg)
    if writable:
        connection = sqlite3.connect(path, timeout=60.0)
    else:
        uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=60.0)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


__all__ = [
    "SCHEMA_VERSION",
    "BuildSummary",
    "CorpusError",
    "FileResult",
    "PathError",
    "Settings",
    "WorkerStartError",
    "build",
    "export_jsonl",
    "export_parquet",
    "open",
    "parse_many",
    "process_file",
]
