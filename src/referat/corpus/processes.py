"""Worker processes that outlive a worker's death: every task ends with its result or as lost.

``multiprocessing.Pool`` waits for ever for the task of a worker that was killed (by the
kernel for want of memory, say): a corpus build of a large archive would hang on its one
pathological file. Here the tasks run in a ``concurrent.futures.ProcessPoolExecutor``, which
notices a dead worker and breaks. The tasks that were in flight then are run again, each
alone in a pool of its own; a task whose worker dies again is reported as :data:`LOST`, and
the other tasks go on in a new pool. A task's function must not raise (the corpus's catch
what a bad file does and return it).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Final, TypeVar

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


class Lost:
    """The result of a task whose worker process died twice: once with others in flight,
    once alone."""

    reason: Final = "the worker process running it died (killed, perhaps for want of memory)"

    def __repr__(self) -> str:
        return "LOST"


LOST: Final = Lost()

#: Tasks in flight a worker: enough that a worker never waits for the next one.
IN_FLIGHT: Final = 2


def map_unordered(
    function: Callable[[_Item], _Result],
    items: Sequence[_Item],
    *,
    jobs: int,
    initializer: Callable[..., object],
    initargs: Callable[[], tuple[object, ...]],
) -> Iterator[tuple[int, _Result | Lost]]:
    """``(index, function(items[index]))`` for every item, in ``jobs`` worker processes, in
    the order they finish; ``(index, LOST)`` for an item whose worker process died twice.

    Each pool's workers run ``initializer(*initargs())`` first (``initargs`` is called once
    a pool, so that a pool can have a lock of its own: a dead worker may have held the last
    one's).
    """
    todo = deque(range(len(items)))
    while todo:
        lost = yield from _until_broken(
            function, items, todo, jobs=jobs, initializer=initializer, initargs=initargs
        )
        for index in lost:
            again = yield from _until_broken(
                function, items, deque([index]), jobs=1, initializer=initializer, initargs=initargs
            )
            if again:
                yield index, LOST


def _until_broken(
    function: Callable[[_Item], _Result],
    items: Sequence[_Item],
    todo: deque[int],
    *,
    jobs: int,
    initializer: Callable[..., object],
    initargs: Callable[[], tuple[object, ...]],
) -> Generator[tuple[int, _Result], None, list[int]]:
    """Run the items ``todo`` names (taking them off it) in one pool until they are done or
    a worker dies; return the indices of the items that were in flight when it died."""
    running: dict[Future[_Result], int] = {}
    executor = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context(),
        initializer=initializer,
        initargs=initargs(),
    )
    try:
        while todo or running:
            usable = _submit(
                executor, function, items, todo=todo, running=running, most=IN_FLIGHT * jobs
            )
            if not usable and not running:
                return []  # a worker died idle: a new pool takes the rest
            if usable:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                usable = not any(isinstance(f.exception(), BrokenProcessPool) for f in done)
            if not usable:
                wait(running)  # a broken pool fails every future it has not finished
                lost = []
                for future, index in running.items():
                    if isinstance(future.exception(), BrokenProcessPool):
                        lost.append(index)
                    else:
                        yield index, future.result()
                return lost
            for future in done:
                yield running.pop(future), future.result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return []


def _submit(
    executor: ProcessPoolExecutor,
    function: Callable[[_Item], _Result],
    items: Sequence[_Item],
    *,
    todo: deque[int],
    running: dict[Future[_Result], int],
    most: int,
) -> bool:
    """Submit the next items of ``todo`` until ``most`` are running; ``False`` if the pool
    is broken (the item it refused stays first in ``todo``)."""
    try:
        while todo and len(running) < most:
            running[executor.submit(function, items[todo[0]])] = todo[0]
            todo.popleft()
    except BrokenProcessPool:
        return False
    return True
