"""Writing a corpus database: one transaction per document, in WAL mode.

Each document is written by :meth:`Store.write` in one transaction (its old rows, if a new
version of referat re-parsed it, are deleted in the same transaction), so a build killed at
any moment leaves whole documents only. In a parallel build every worker process writes the
documents it parsed through a store of its own (SQLite lets one writer in at a time; the
build adds a lock so that a waiting worker is woken at once instead of polling). WAL mode lets
readers query while a build runs; ``synchronous=NORMAL`` keeps every committed document
through a crash of the process (only a power loss may take the last ones back).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

from referat.corpus import schema
from referat.corpus.rows import Row, Rows, path_id
from referat.corpus.worker import FileResult


class CorpusError(Exception):
    """The database cannot be used as a corpus (another schema version, not a corpus)."""


def connect(path: str | os.PathLike[str], *, create: bool = True) -> sqlite3.Connection:
    """A writing connection to the corpus at ``path``, created with the schema if new."""
    connection = sqlite3.connect(os.fspath(path), isolation_level=None, timeout=60.0)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        check_schema(connection, create=create)
    except BaseException:
        connection.close()
        raise
    return connection


def check_schema(connection: sqlite3.Connection, *, create: bool) -> None:
    """Create the schema in an empty database; refuse another version or a foreign one."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if version == schema.SCHEMA_VERSION:
        return
    if version == 0 and tables == 0 and create:
        try:
            schema.create(connection)
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

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.connection = connect(path)
        self._inserts = _insert_statements()
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
        try:
            self._write(result.document, result.rows or {}, result.path)
        except sqlite3.DatabaseError as error:
            reason = f"the database refused the document's rows: {type(error).__name__}: {error}"
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
                    connection.executemany(sql, found)

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


class _transaction:  # noqa: N801 - used like a function: ``with _transaction(c):``
    """``BEGIN IMMEDIATE`` … ``COMMIT``, ``ROLLBACK`` on any exception."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
