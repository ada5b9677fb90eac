"""Parquet partitions: the rows of many documents parsed anywhere, loaded into one database.

The recipe for more than one machine (``docs/corpus.md``): map
:func:`~referat.corpus.worker.process_file` over the paths on Dask (or any pool), write each
partition's results with :func:`write_partition` (``<dir>/<table>/<part>.parquet``, the same
columns as the SQLite tables), then :func:`load_partitions` into a corpus database, one
transaction per document, exactly as a local build writes it. Needs pyarrow
(``referat[analytics]``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from referat.corpus import schema
from referat.corpus.export import arrow_table, require_pyarrow
from referat.corpus.store import Store
from referat.corpus.worker import FileResult

Row = tuple[Any, ...]


def write_partition(results: Iterable[FileResult], directory: str | os.PathLike[str]) -> list[str]:
    """Write the parsed and failed documents of ``results`` as one Parquet partition.

    The part is named by a hash of its documents' ids, so writing the same partition twice
    overwrites it. Returns ``[part name]`` (a list, as ``dask.bag.map_partitions`` wants);
    skipped results write nothing.
    """
    pq = require_pyarrow("parquet")
    tables: dict[str, list[Row]] = defaultdict(list)
    ids = []
    parsed_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for result in results:
        if result.document is None:
            continue
        ids.append(result.doc_id)
        tables["documents"].append((*result.document, parsed_at))
        tables["document_paths"].append((result.doc_id, result.path))
        for table, rows in (result.rows or {}).items():
            tables[table].extend(rows)
    if not ids:
        return []
    name = hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:16]
    for table in schema.DATA_TABLES:
        target = os.path.join(directory, table)
        os.makedirs(target, exist_ok=True)
        data = arrow_table(table, tables.get(table, []))
        pq.write_table(data, os.path.join(target, f"{name}.parquet"))
    return [name]


def read_partitions(directory: str | os.PathLike[str]) -> dict[str, list[Row]]:
    """Every row of every partition under ``directory``, by table."""
    pq = require_pyarrow("parquet")
    found: dict[str, list[Row]] = {}
    for table in schema.DATA_TABLES:
        folder = os.path.join(directory, table)
        rows: list[Row] = []
        if os.path.isdir(folder):
            for name in sorted(os.listdir(folder)):
                if name.endswith(".parquet"):
                    data = pq.read_table(os.path.join(folder, name)).to_pylist()
                    rows.extend(tuple(record.values()) for record in data)
        found[table] = rows
    return found


def load_partitions(directory: str | os.PathLike[str], db: str | os.PathLike[str]) -> int:
    """Load the partitions under ``directory`` into the corpus ``db``; returns the documents
    written. Each document replaces its earlier version, in one transaction of its own.

    Parquet holds NUMERIC columns as float64; the SQLite column affinity turns whole numbers
    back into integers, so the database equals one a local build writes.
    """
    tables = read_partitions(directory)
    per_document: dict[int, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for table, rows in tables.items():
        if table in ("documents", "document_paths", "cases"):
            continue
        for row in rows:
            per_document[row[0]][table].append(row)
    paths: dict[int, list[str]] = defaultdict(list)
    for doc_id, path in tables["document_paths"]:
        paths[doc_id].append(path)
    store = Store(db)
    try:
        store.connection.execute("BEGIN IMMEDIATE")
        store.connection.executemany(
            schema.insert_sql("cases").replace("INSERT", "INSERT OR IGNORE", 1), tables["cases"]
        )
        store.connection.execute("COMMIT")
        for document in tables["documents"]:
            doc_id = document[0]
            found = dict(per_document[doc_id])
            first, *others = sorted(paths[doc_id]) or [document[2]]
            status = document[9]
            store.write(
                FileResult(status, first, document[1], document[3], doc_id, document[:-1], found)
            )
            for path in others:
                store.add_path(doc_id, path)
        store.prune_cases()
    finally:
        store.close()
    return len(tables["documents"])
