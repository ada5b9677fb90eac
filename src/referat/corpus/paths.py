"""Which files a corpus command reads: files, directories (recursed), globs and lists.

* a file is taken as it is, whatever its name (``parse_file`` detects the kind);
* a directory is walked recursively for the source kinds referat reads (:data:`SUFFIXES`),
  skipping hidden files and directories (``.git``, ``.venv`` …);
* a pattern with ``*``, ``?`` or ``[`` is expanded (``**`` spans directories); a directory it
  matches is walked as above;
* ``@FILE`` reads one path (or pattern) a line from ``FILE`` (``@-``: standard input); blank
  lines and lines starting with ``#`` are ignored; relative paths are relative to the
  current directory (as ``find . > list.txt`` writes them).

The result is sorted and free of duplicates, so a build sees the same list however the
arguments were spelled.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator

#: The file name suffixes taken from a directory: text exports, PDF, HTML and XML.
SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".pdf", ".html", ".htm", ".xhtml", ".xml"}
)


class PathError(ValueError):
    """An argument names nothing: no such file or directory, or a pattern that matches none."""


def expand(arguments: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Every file the arguments name, sorted, each once."""
    found: set[str] = set()
    for argument in arguments:
        found.update(_expand_one(os.fspath(argument)))
    return sorted(found)


def _expand_one(argument: str) -> Iterator[str]:
    if argument.startswith("@"):
        yield from _from_list(argument[1:])
        return
    if glob.has_magic(argument):
        matches = glob.glob(argument, recursive=True)
        if not matches:
            msg = f"{argument}: the pattern matches no file"
            raise PathError(msg)
        for match in matches:
            yield from _file_or_tree(match)
        return
    if not os.path.lexists(argument):
        msg = f"{argument}: no such file or directory"
        raise PathError(msg)
    yield from _file_or_tree(argument)


def _file_or_tree(path: str) -> Iterator[str]:
    if os.path.isdir(path):
        yield from _walk(path)
    else:
        yield os.path.normpath(path)  # a broken link is kept: its failure is reported


def _walk(root: str) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES:
                yield os.path.normpath(os.path.join(directory, name))


def _from_list(name: str) -> Iterator[str]:
    if name == "-":
        lines = sys.stdin.read().splitlines()
    else:
        try:
            with open(name, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except OSError as error:
            msg = f"@{name}: {error.strerror or error}"
            raise PathError(msg) from error
    for line in lines:
        entry = line.strip()
        if entry and not entry.startswith("#"):
            yield from _expand_one(entry)
