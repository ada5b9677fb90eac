"""Writing a corpus database: one transaction per document, in WAL mode.

Each document is written by :meth:`Store.write` in one transaction (its old rows, if a new
version of referat re-parsed it, are deleted in the same transaction), so a build killed at
any moment leaves whole documents only. In a parallel build every worker process writes the
documents it parsed through a store of its own (SQLite lets one writer in at a time; the
build adds a lock so that a waiting worker is woken at once instead of polling). WAL mode lets
readers query while a build runs; ``synchronous=NORMAL`` keeps every committed document
through a crash of the process (only a power loss may take the last ones back).

What a document's write costs (about 370 rows): the rows go in by up to 64 a statement
(:meth:`Store._insert`), NULLs are bound without the ``sqlite3`` module's adaptation protocol
(:func:`_nulls_bound_directly`), and a build's stores (``bulk=True``) keep no index up to
date in a database that has none yet — the build makes them when it ends
(:func:`referat.corpus.schema.create_indices`); the commit writes the pages the document
changed to the WAL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from itertools import chain

from referat.corpus import schema
from referat.corpus.rows import Row, Rows, path_id
from referat.corpus.worker import FileResult


class CorpusError(Exception):
    """The database cannot be used as a corpus (another schema version, not a corpus)."""


def connect(
    path: str | os.PathLike[str], *, create: bool = True, bulk: bool = False
) -> sqlite3.Connection:
    """A writing connection to the corpus at ``path``, created with the schema if new.

    ``bulk``: the connection of a build, which makes the indices when it ends — a new
    database is created without them, and missing ones are left missing. Otherwise a new
    database gets every index, and one a killed first build left without them gets them now.
    """
    connection = sqlite3.connect(
        os.fspath(path), isolation_level=None, timeout=60.0, cached_statements=256
    )
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        check_schema(connection, create=create, indices=not bulk)
        if not bulk:
            schema.create_indices(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def check_schema(connection: sqlite3.Connection, *, create: bool, indices: bool = True) -> None:
    """Create the schema in an empty database (without its indices unless ``indices``);
    refuse another version or a foreign one."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if version == schema.SCHEMA_VERSION:
        return
    if version == 0 and tables == 0 and create:
        try:
            schema.create(connection, indices=indices)
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return
    if version == 0:
        msg = "not a referat corpus database (it has other tables or none)"
    else:
        msg = (
            f"the corpus database has schema version {version}; this referat writes version "
            f"{schema.SCHEMA_VERSION}: build a new database"
        )
    raise CorpusError(msg)


class Store:
    """The writer of one corpus database (one per process).

    A document is written in one transaction: a new one (the common case) with its inserts
    alone; one stored by an earlier version of referat, or by other plugins, replaces its
    earlier rows; one stored already by this version with these plugins (the same content at
    a second path, in this build or another) only gets the new path.
    """

    def __init__(self, path: str | os.PathLike[str], *, bulk: bool = False) -> None:
        self.connection = connect(path, bulk=bulk)
        self._inserts = _insert_statements()
        limit = self.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self._chunks = {
            table: _chunk_sizes(limit // len(schema.COLUMNS[table])) for table, _ in self._inserts
        }
        self._unreadable: set[int] = {  # files that could not be read when this store opened
            doc_id
            for (doc_id,) in self.connection.execute(
                "SELECT id FROM documents WHERE sha256 IS NULL"
            )
        }

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.connection.close()

    def current(self, version: str, plugins: str) -> frozenset[str]:
        """The SHA-256s stored by this referat version with these plugins (to be skipped)."""
        rows = self.connection.execute(
            "SELECT sha256 FROM documents WHERE sha256 IS NOT NULL "
            "AND referat_version = ? AND plugins = ?",
            (version, plugins),
        )
        return frozenset(sha for (sha,) in rows)

    def add_path(self, doc_id: int, path: str) -> None:
        """Record that a stored document's content was found at ``path`` too."""
        with _transaction(self.connection):
            self._add_path(doc_id, path)

    def _add_path(self, doc_id: int, path: str) -> None:
        self.connection.execute(
            "INSERT OR IGNORE INTO document_paths(document_id, path) VALUES (?, ?)",
            (doc_id, path),
        )
        self.connection.execute(
            "UPDATE documents SET path = min(path, ?) WHERE id = ?", (path, doc_id)
        )

    def write(self, result: FileResult) -> None:
        """Store ``result`` (parsed or failed) in one transaction; a skipped one only adds
        its path.

        A database error on this document (a bug in its rows) is stored as the document's
        failure instead; it never stops the build.
        """
        if result.status == "skipped" or result.document is None:
            self.add_path(result.doc_id, result.path)
            return
        with _nulls_bound_directly():
            try:
                self._write(result.document, result.rows or {}, result.path)
            except sqlite3.DatabaseError as error:
                reason = (
                    f"the database refused the document's rows: {type(error).__name__}: {error}"
                )
                document = (*result.document[:-1], "failed")
                diagnostic = (result.doc_id, 0, "ERROR", "file-failed", reason, *(None,) * 4)
                self._write(document, {"diagnostics": [diagnostic]}, result.path)

    def _write(self, document: Row, rows: Rows, path: str) -> None:
        connection = self.connection
        doc_id: int = document[0]
        readable = document[1] is not None
        with _transaction(connection):
            stored = connection.execute(_STORED, (doc_id,)).fetchone()
            if readable and stored is not None and stored == (document[7], document[8]):
                self._add_path(doc_id, path)  # stored by this version with these plugins
                return
            paths = self._delete_earlier(doc_id, path, stored=stored is not None)
            paths.append(path)
            parsed_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            connection.execute(
                self._inserts[0][1], (doc_id, document[1], min(paths), *document[3:], parsed_at)
            )
            connection.executemany(self._inserts[1][1], [(doc_id, p) for p in sorted(set(paths))])
            for table, sql in self._inserts[2:]:
                found = rows.get(table)
                if found:
                    self._insert(table, sql, found)

    def _insert(self, table: str, sql: str, rows: list[Row]) -> None:
        """Insert ``rows`` into ``table``: by as many rows a statement as the chunk sizes
        allow (one ``INSERT … VALUES (…), (…), …`` runs the statement's set-up — cursors on
        the table, its indices, the parents of its foreign keys — once for all its rows),
        the last few by ``executemany``."""
        execute = self.connection.execute
        done = 0
        left = len(rows)
        for size in self._chunks[table]:
            if left < size:
                continue
            statement = _multi_row(sql, size)
            while left >= size:
                execute(statement, list(chain.from_iterable(rows[done : done + size])))
                done += size
                left -= size
        if left:
            self.connection.executemany(sql, rows[done:] if done else rows)

    def _delete_earlier(self, doc_id: int, path: str, *, stored: bool) -> list[str]:
        """Delete what an earlier build stored of this document (its rows cascade) and its
        earlier unreadable attempt at ``path``; return the paths it was found at before."""
        connection = self.connection
        paths: list[str] = []
        if stored:
            paths = [
                p
                for (p,) in connection.execute(
                    "SELECT path FROM document_paths WHERE document_id = ?", (doc_id,)
                )
            ]
            connection.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        if self._unreadable:
            unreadable = path_id(path)
            if unreadable in self._unreadable and unreadable != doc_id:
                connection.execute(
                    "DELETE FROM documents WHERE id = ? AND sha256 IS NULL", (unreadable,)
                )
        return paths

    def finish(self, *, prune: bool) -> None:
        """The end of a build: make the indices a new database was filled without, and
        with ``prune`` (documents were written) delete the cases no item refers to."""
        schema.create_indices(self.connection)
        if prune:
            self.prune_cases()

    def prune_cases(self) -> None:
        """Delete the cases no item refers to any more (after documents were replaced)."""
        with _transaction(self.connection):
            self.connection.execute(
                "DELETE FROM cases WHERE case_key NOT IN (SELECT case_key FROM case_numbers)"
            )


#: The referat version and plugins a stored document was parsed with.
_STORED = "SELECT referat_version, plugins FROM documents WHERE id = ?"


def _insert_statements() -> tuple[tuple[str, str], ...]:
    """``(table, INSERT statement)`` in :data:`schema.DATA_TABLES` order (``documents`` and
    ``document_paths`` first); a case already stored by another document is kept."""
    statements = []
    for table in schema.DATA_TABLES:
        sql = schema.insert_sql(table)
        if table == "cases":
            sql = sql.replace("INSERT", "INSERT OR IGNORE", 1)
        statements.append((table, sql))
    return tuple(statements)


#: The numbers of rows that one INSERT statement takes (fewer go one by one); four sizes at
#: most per table, so that every statement stays in the connection's cache.
CHUNKS = (64, 16, 4)


def _chunk_sizes(most: int) -> tuple[int, ...]:
    """The chunk sizes of :data:`CHUNKS` for a table whose statement may take ``most`` rows
    (SQLite's limit on ``?`` divided by the table's columns)."""
    return tuple(size for size in CHUNKS if size <= most)


@functools.cache
def _multi_row(sql: str, rows: int) -> str:
    """The statement ``sql`` (``INSERT … VALUES (?, …)``) for ``rows`` rows at once."""
    head, marks = sql.split(" VALUES ", 1)
    return f"{head} VALUES {', '.join([marks] * rows)}"


_NULL_ADAPTER = (type(None), sqlite3.PrepareProtocol)

#: The adapter of ``None``: ``{}.get(None)`` is ``None``, and a method of a built-in object
#: is called without a Python frame.
_NOTHING: dict[None, None] = {}
_null: Callable[[None], None] = _NOTHING.get


@contextlib.contextmanager
def _nulls_bound_directly() -> Iterator[None]:
    """Bind ``None`` through an entry of the ``sqlite3`` adapter registry while a document is
    written; the entry is removed again afterwards (unless it was there before).

    The ``sqlite3`` module binds ``int``, ``float``, ``str`` and ``bytes`` directly but sends
    ``None`` through its adaptation protocol, which on Python 3.11 raises and discards an
    ``AttributeError`` for every ``None``: a document has about 800 NULLs, and that cost
    about a fifth of its writing time. With an adapter registered for ``NoneType`` (the
    identity) the lookup succeeds at once; what is stored is the same NULL.
    """
    if _NULL_ADAPTER in sqlite3.adapters:
        yield
        return
    sqlite3.adapters[_NULL_ADAPTER] = _null
    try:
        yield
    finally:
        if sqlite3.adapters.get(_NULL_ADAPTER) is _null:  # not one registered meanwhile
            del sqlite3.adapters[_NULL_ADAPTER]


class _transaction:  # noqa: N801 - used like a function: ``with _transaction(c):``
    """``BEGIN IMMEDIATE`` … ``COMMIT``, ``ROLLBACK`` on any exception."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
