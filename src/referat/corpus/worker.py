"""The per-document function: a path in, compact rows out (or why the file failed).

:func:`process_file` is what every worker process runs, what a single-process build runs, and
what the Dask recipe in ``docs/corpus.md`` maps over a bag of paths. It never raises for a bad
file: reading or parsing errors become a ``failed`` result with the reason.
"""

from __future__ import annotations

import hashlib
import multiprocessing.connection
import os
import threading
import weakref
from typing import NamedTuple

from referat import _version
from referat.api import Parser, default_parser
from referat.collector import collector_paused
from referat.corpus.rows import Row, Rows, document_id, document_rows, path_id


class Settings(NamedTuple):
    """How to parse: which plugins (``None``: all installed), which to leave out, whether to
    store first-party results as JSON too, and the SHA-256s already stored (skipped)."""

    plugins: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    all_json: bool = False
    known: frozenset[str] = frozenset()


class FileResult(NamedTuple):
    """What a worker sends back for one file (plain tuples: cheap to pickle).

    ``status`` is ``"parsed"``, ``"skipped"`` (its content is stored already) or
    ``"failed"``; ``document`` is the ``documents`` row without ``parsed_at``; ``rows`` the
    other tables' rows; ``error`` the reason of a failure.
    """

    status: str
    path: str
    sha256: str | None
    size: int
    doc_id: int
    document: Row | None = None
    rows: Rows | None = None
    items: int = 0
    decisions: int = 0
    error: str | None = None


def referat_version() -> str:
    """The version of referat that parses (stored with every document)."""
    return _version.__version__


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_parser(settings: Settings) -> Parser:
    """The parser for ``settings`` (the cached default one when possible)."""
    return default_parser(settings.plugins, settings.exclude)


def plugin_names(parser: Parser) -> str:
    """The plugins a parser runs, as stored with each document (``decisions,economics,…``)."""
    return ",".join(sorted(parser.registry.plugins))


def process_file(path: str, settings: Settings, parser: Parser | None = None) -> FileResult:
    """Read, hash and parse ``path`` into rows; a known hash is skipped, a failure reported.

    The garbage collector stays paused for the whole of it, as in a parse
    (:mod:`referat.collector`; the switch is the process's, so collections in other threads
    wait until it returns): the document is dropped before it ends, so the collector never
    walks it (its first collection after a parse otherwise would: about a twentieth of the
    parse time). The rows it returns are the caller's.
    """
    with collector_paused():
        return _process_file(path, settings, parser or make_parser(settings))


def _process_file(path: str, settings: Settings, parser: Parser) -> FileResult:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return _failure(path, None, 0, parser, f"{type(error).__name__}: {error}")
    sha256 = hashlib.sha256(data).hexdigest()
    size = len(data)
    doc_id = document_id(sha256)
    if sha256 in settings.known:
        return FileResult("skipped", path, sha256, size, doc_id)
    try:
        doc = parser.parse_bytes(data, source=path)  # what parse_file does, without reading again
        rows = document_rows(doc, doc_id, parser.registry, all_json=settings.all_json)
    except Exception as error:  # noqa: BLE001 - one bad file must never stop a corpus build
        return _failure(path, sha256, size, parser, f"{type(error).__name__}: {error}")
    document = (
        doc_id,
        sha256,
        path,
        size,
        doc.source.encoding,
        doc.layout,
        doc.layout_score,
        referat_version(),
        plugin_names(parser),
        "parsed",
    )
    return FileResult(
        "parsed",
        path,
        sha256,
        size,
        doc_id,
        document,
        rows,
        items=len(doc.items),
        decisions=len(rows.get("decisions", ())),
    )


def lost(path: str, parser: Parser, reason: str) -> FileResult:
    """The result of a file whose parse could not finish (its worker process died): failed
    with ``reason``, stored like an unreadable file (under its path, without a content hash),
    so that the next run tries it again. The file is not read: it may be the one too large
    to parse."""
    return _failure(path, None, file_size(path), parser, reason)


def file_size(path: str) -> int:
    """The size of the file at ``path`` in bytes (0 when it cannot be read)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _failure(path: str, sha256: str | None, size: int, parser: Parser, reason: str) -> FileResult:
    doc_id = document_id(sha256) if sha256 else path_id(path)
    document = (
        doc_id,
        sha256,
        path,
        size,
        None,
        None,
        None,
        referat_version(),
        plugin_names(parser),
        "failed",
    )
    diagnostic = (doc_id, 0, "ERROR", "file-failed", reason, None, None, None, None)
    return FileResult(
        "failed",
        path,
        sha256,
        size,
        doc_id,
        document,
        {"diagnostics": [diagnostic]},
        error=reason,
    )


# -- worker processes ------------------------------------------------------------------------

_SETTINGS = Settings()
_PARSER: Parser | None = None
#: the parsers warmed in this process (a forked one inherits them); weak: a parser dropped
#: and another made at its address is not taken for warm
_WARM: weakref.WeakSet[Parser] = weakref.WeakSet()


def warm(parser: Parser) -> None:
    """Build the parser's grammars and caches now, once per parser and process (a worker
    forked from a process that warmed its parser inherits the built state)."""
    if parser in _WARM:
        return
    parser.parse("Punkt 1: x\n\n00.01.00-A00-1-24\n\nBeslutning\n\nGodkendt.")
    _WARM.add(parser)


def init_worker(settings: Settings) -> None:
    """Pool initializer: build the parser once, and end the worker when the process that
    started it ends."""
    global _SETTINGS, _PARSER  # noqa: PLW0603 - one worker process holds one configuration
    _SETTINGS = settings
    _PARSER = make_parser(settings)
    warm(_PARSER)
    parent = os.getppid()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Exit when the process that started the pool is gone (killed with SIGKILL, say): no
    orphaned workers.

    Its sentinel (a pipe that the operating system closes when it dies) says so whatever
    started the worker; the parent process id only where the starter is the parent (a fork
    server's workers are its children, and it outlives the build while they run).
    """
    starter = multiprocessing.parent_process()
    if starter is None:  # not a worker process: nothing to watch
        return
    while os.getppid() == parent and not multiprocessing.connection.wait([starter.sentinel], 0.5):
        pass
    os._exit(1)


def work(path: str) -> FileResult:
    """The pool task: :func:`process_file` with this worker's settings and parser."""
    return process_file(path, _SETTINGS, _PARSER)
