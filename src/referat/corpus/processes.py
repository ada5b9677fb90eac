"""Worker processes that outlive a worker's death: every task ends with its result or as lost.

``multiprocessing.Pool`` waits for ever for the task of a worker that was killed (by the
kernel for want of memory, say): a corpus build of a large archive would hang on its one
pathological file. Here the tasks run in a ``concurrent.futures.ProcessPoolExecutor``, which
notices a dead worker and breaks; then

1. the items of the chunks that were in flight are run again, one a worker at a time, in a
   new pool (the other items go on after them in a new pool too);
2. should a worker die again, the items in flight then are run each alone, in a pool of
   one worker; an item whose worker dies while it runs alone is reported as :data:`LOST`.
   They run one after another, not side by side: a worker killed for want of memory may
   have been the victim of another's appetite, and only an item that kills its worker
   with no other running is surely the cause.

The workers start as the program chose, else the platform's way (:func:`start_context`),
except that a process running threads of its own (a Jupyter kernel, a web server) is not
forked: a child forked while another thread held a lock (of the ``logging`` module, of a
stream) waits for it for ever.

Workers that die before any item of the run has finished (an initializer that fails in a
way :class:`WorkerStartError` does not catch, a spawned child that cannot import the
caller's ``__main__``) stop the run with :class:`WorkerStartError`: every item would be lost
otherwise. A task's function should not raise (the corpus's task functions catch what a bad
file does and return it); if it does, the exception stops the run once the items in flight
are done.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any, Final, TypeVar

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


class Lost:
    """The result of an item whose worker process died while it ran alone."""

    reason: Final = "the worker process running it died (killed, perhaps for want of memory)"

    def __repr__(self) -> str:
        return "LOST"


LOST: Final = Lost()


class WorkerStartError(RuntimeError):
    """The worker processes could not start (their initializer failed, or they died before
    any item of the run was done)."""


#: Chunks in flight per worker in the first pool: one to run, one waiting for it.
IN_FLIGHT: Final = 2

_Chunk = tuple[int, ...]


def map_unordered(
    function: Callable[[_Item], _Result],
    items: Sequence[_Item],
    *,
    jobs: int,
    initializer: Callable[..., object],
    make_initargs: Callable[[BaseContext], tuple[object, ...]],
    chunksize: int | None = None,
    context: BaseContext | None = None,
) -> Generator[tuple[int, _Result | Lost], None, None]:
    """``(index, function(items[index]))`` for every item, in ``jobs`` worker processes, in
    the order they finish, sent to the workers ``chunksize`` items a task (by default
    :func:`chunk_size`'s); ``(index, LOST)`` for an item whose worker died while it ran alone.

    ``context`` is how the workers start (by default :func:`start_context`'s way). Each
    pool's workers run ``initializer(*make_initargs(context))`` first (called once a pool, so
    that a pool can have a lock of its own, made by ``context.Lock()``: a dead worker may
    have held the last one's). Closing the iterator shuts its pool down.
    """
    run = _Run(function, items, initializer, make_initargs, context or start_context())
    size = chunksize or chunk_size(len(items), jobs)
    todo = deque(_chunks(range(len(items)), size))
    died_alone: list[int] = []  # reported once an item has finished (the workers can start)
    while todo:
        lost = yield from run.until_broken(todo, jobs=jobs, per_worker=IN_FLIGHT)
        suspects: deque[_Chunk] = deque((index,) for chunk in lost for index in chunk)
        while suspects:
            in_flight = yield from run.until_broken(
                suspects, jobs=min(jobs, len(suspects)), per_worker=1
            )
            for alone in in_flight:
                if (yield from run.until_broken(deque([alone]), jobs=1, per_worker=1)):
                    died_alone.extend(alone)
            if run.finished:
                for index in died_alone:
                    yield index, LOST
                died_alone.clear()
    if died_alone:
        run.check_started()
        yield from ((index, LOST) for index in died_alone)


def start_context() -> BaseContext:
    """How worker processes start: as the program chose (:func:`multiprocessing.set_start_method`),
    else the platform's default (``fork`` on Linux before Python 3.14, ``forkserver`` from
    3.14, ``spawn`` on macOS and Windows) — but never by a fork of a process in which other
    Python threads run: then ``forkserver``.

    A forked child has a copy of every lock, held or not, and only the forking thread: a
    lock that another thread held at that moment stays held in the child for ever. The fork
    server forks from a process of its own that runs no thread of the caller's; the workers
    then import referat and build its grammars themselves — and, as with ``spawn``, import
    the program's main module again, so a script must start its work under
    ``if __name__ == "__main__":``. (A ``fork`` that the program chose is overridden too:
    Python records its default as the program's choice the first time something asks for
    it, so the two cannot be told apart.)
    """
    methods = multiprocessing.get_all_start_methods()  # the default first
    method = multiprocessing.get_start_method(allow_none=True) or methods[0]
    if method == "fork" and threading.active_count() > 1 and "forkserver" in methods:
        method = "forkserver"
    return multiprocessing.get_context(method)


def _chunks(indices: range, size: int) -> Iterator[_Chunk]:
    for start in range(0, len(indices), size):
        yield tuple(indices[start : start + size])


class _Run:
    """The pools of one :func:`map_unordered` run."""

    def __init__(
        self,
        function: Callable[[Any], Any],
        items: Sequence[Any],
        initializer: Callable[..., object],
        make_initargs: Callable[[BaseContext], tuple[object, ...]],
        context: BaseContext,
    ) -> None:
        self.function = function
        self.items = items
        self.initializer = initializer
        self.make_initargs = make_initargs
        self.finished = False  # has any item of the run finished?
        self.context = context  # one for all the run's pools (their locks work in it)

    def check_started(self) -> None:
        """Raise :class:`WorkerStartError` if no item of the run has finished yet: the
        workers die whatever they run."""
        if not self.finished:
            msg = (
                "the worker processes die before finishing any task (they cannot start, "
                "or the first files kill them)"
            )
            if self.context.get_start_method() != "fork":
                msg += (
                    f"; workers started by {self.context.get_start_method()} import the "
                    "program's main module again: if it is a script of your own, does it "
                    "start its work under if __name__ == '__main__'?"
                )
            raise WorkerStartError(msg)

    def until_broken(
        self, todo: deque[_Chunk], *, jobs: int, per_worker: int
    ) -> Generator[tuple[int, Any], None, list[_Chunk]]:
        """Run the chunks of ``todo`` (taking them off it) in one pool of ``jobs`` workers
        until they are done or a worker dies; return the chunks in flight when it died."""
        executor = ProcessPoolExecutor(
            jobs,
            mp_context=self.context,
            initializer=_start,
            initargs=(self.initializer, self.make_initargs(self.context)),
        )
        running: dict[Future[list[Any]], _Chunk] = {}
        try:
            while todo or running:
                usable = self._submit(executor, todo, running, most=per_worker * jobs)
                if not usable and not running:
                    self.check_started()
                    return []  # a worker died idle: a new pool takes the rest
                if usable:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    usable = all(_finished(future) for future in done)
                if not usable:
                    executor.shutdown(wait=True, cancel_futures=True)
                    lost = []
                    for future, chunk in running.items():
                        if _finished(future):
                            yield from self._results(future, chunk)
                        else:
                            lost.append(chunk)
                    return lost
                for future in done:
                    yield from self._results(future, running.pop(future))
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
        return []

    def _submit(
        self,
        executor: ProcessPoolExecutor,
        todo: deque[_Chunk],
        running: dict[Future[list[Any]], _Chunk],
        *,
        most: int,
    ) -> bool:
        """Submit the next chunks of ``todo`` until ``most`` are running; ``False`` if the
        pool is broken (the chunk it refused stays first in ``todo``)."""
        try:
            while todo and len(running) < most:
                chunk = todo[0]
                task = executor.submit(_call, self.function, [self.items[i] for i in chunk])
                running[task] = chunk
                todo.popleft()
        except (BrokenProcessPool, RuntimeError):  # RuntimeError: shut down as it broke
            return False
        return True

    def _results(self, future: Future[list[Any]], chunk: _Chunk) -> Iterator[tuple[int, Any]]:
        results = future.result()  # the task's own exception, if it raised, stops the run
        self.finished = True
        yield from zip(chunk, results, strict=True)


def _finished(future: Future[Any]) -> bool:
    """Done, with its result or the task's own exception (not cancelled, nor failed by a
    broken pool)."""
    return (
        future.done()
        and not future.cancelled()
        and not isinstance(future.exception(), BrokenProcessPool)
    )


def chunk_size(items: int, jobs: int) -> int:
    """Items a task for ``items`` items in ``jobs`` workers: up to 8 (fewer round trips to
    the parent), while there are 16 tasks a worker at least (an even finish)."""
    return max(1, min(8, items // (jobs * 16)))


#: The exception of this worker's initializer, raised again by each of its tasks.
_START_ERROR: BaseException | None = None


def _start(initializer: Callable[..., object], initargs: tuple[object, ...]) -> None:
    """A worker's initializer: ``initializer(*initargs)``, its exception kept for the tasks
    (an initializer that raises would only break the pool, the cause unseen)."""
    global _START_ERROR  # noqa: PLW0603 - one worker process has one start
    try:
        initializer(*initargs)
    except Exception as error:  # noqa: BLE001 - raised again, with its cause, by every task
        _START_ERROR = error


def _call(function: Callable[[_Item], _Result], chunk: list[_Item]) -> list[_Result]:
    """A task: ``function`` on each item of ``chunk`` (after checking the worker started)."""
    if _START_ERROR is not None:
        msg = f"a worker process could not start: {type(_START_ERROR).__name__}: {_START_ERROR}"
        raise WorkerStartError(msg) from _START_ERROR
    return [function(item) for item in chunk]
