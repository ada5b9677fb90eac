"""``parse_many``: parse many files in worker processes, without a database."""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal

from referat.corpus import paths as paths_
from referat.corpus import worker
from referat.models import Referat

if TYPE_CHECKING:
    from referat.corpus.processes import Lost

_SETTINGS = worker.Settings()


def _init(settings: worker.Settings) -> None:
    global _SETTINGS  # noqa: PLW0603 - one worker process holds one configuration
    _SETTINGS = settings
    worker.init_worker(settings)


def _parse(path: str) -> tuple[str, Referat | None, str | None]:
    try:
        return path, worker.make_parser(_SETTINGS).parse_file(path), None
    except Exception as error:  # noqa: BLE001 - reported to the caller, which decides
        return path, None, f"{type(error).__name__}: {error}"


def parse_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    plugins: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    errors: Literal["raise", "warn"] = "raise",
) -> Iterator[Referat]:
    """Parse every file ``paths`` name (files, directories, globs, ``@list``), in order.

    A lazy iterator: documents are parsed in ``jobs`` worker processes (default: all cores;
    1 parses in this process) and yielded in the sorted order of the files. A file that cannot
    be read or parsed raises :class:`~referat.errors.ReferatError` (``errors="raise"``) or is
    skipped with a warning (``errors="warn"``).

    >>> from referat import parse_many
    >>> [len(doc.items) for doc in parse_many(["tests/fixtures/*.txt"], jobs=1)]
    [8, 14, 12, 19, 5]
    """
    from referat.errors import ReferatError  # noqa: PLC0415 - keeps this module light

    files = paths_.expand(paths)
    settings = worker.Settings(
        plugins=None if plugins is None else tuple(plugins), exclude=tuple(exclude)
    )
    worker.make_parser(settings)  # an unknown plugin fails here, not in every worker
    jobs = min(jobs or worker.default_jobs(), len(files))
    if jobs <= 1:
        global _SETTINGS  # noqa: PLW0603 - this process is the only worker
        _SETTINGS = settings
        yield from _check(map(_parse, files), errors, ReferatError)
        return
    from referat.corpus import processes  # noqa: PLC0415 - only a parallel run needs it

    found = processes.map_unordered(
        _parse,
        files,
        jobs=jobs,
        initializer=_init,
        make_initargs=lambda ctx: (settings,),
    )
    with contextlib.closing(found):  # the workers stop with an error or an early return
        yield from _check(_in_order(found, files), errors, ReferatError)


def _in_order(
    found: Iterable[tuple[int, tuple[str, Referat | None, str | None] | Lost]], files: list[str]
) -> Iterator[tuple[str, Referat | None, str | None]]:
    """The results of ``found`` (by the index of their file) in the order of ``files``; a
    file whose worker process died is a failure with the reason."""
    from referat.corpus.processes import Lost  # noqa: PLC0415 - with the parallel run only

    waiting: dict[int, tuple[str, Referat | None, str | None]] = {}
    following = 0
    for index, result in found:
        waiting[index] = (files[index], None, result.reason) if isinstance(result, Lost) else result
        while following in waiting:
            yield waiting.pop(following)
            following += 1
    if following != len(files):
        msg = f"the workers returned {following} of {len(files)} files"
        raise RuntimeError(msg)


def _check(
    found: Iterable[tuple[str, Referat | None, str | None]],
    errors: str,
    error_type: type[Exception],
) -> Iterator[Referat]:
    for path, doc, reason in found:
        if doc is not None:
            yield doc
        elif errors == "raise":
            msg = f"{path}: {reason}"
            raise error_type(msg)
        else:
            warnings.warn(f"{path}: {reason}", stacklevel=3)
