"""Run a stage over many inputs in worker processes; a failure is a result, never a crashed batch."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
Prepare = Callable[[list[T]], object]


def worker_count(requested: int) -> int:
    """0 means one worker per available core."""
    if requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _run_chunk(func: Callable[[T], R], chunk: list[T], prepare: Prepare[T] | None = None) -> list[R]:
    if prepare is not None:
        prepare(chunk)
    return [func(item) for item in chunk]


def map_batches(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 0,
    chunk_size: int = 8,
    in_flight: int = 4,
    prepare: Prepare[T] | None = None,
    initializer: Callable[[], object] | None = None,
) -> Iterator[R]:
    """Yield func(item) for every item, in completion order.

    `func` must be a picklable top-level function that catches its own errors and returns them as
    results. Items are sent to workers in chunks (per-task overhead matters on small documents) and
    at most `in_flight` chunks per worker are pending, so a huge batch never sits in memory at once.
    With one worker everything runs in this process. `prepare(chunk)`, if given, runs where the
    chunk runs, before its items (to share a costly set-up such as one LibreOffice call).
    `initializer()`, if given (a picklable callable), runs once in each worker before its first
    chunk, or once here before the first item when there is one worker.
    """
    n = worker_count(workers)
    iterator = iter(items)

    def next_chunk() -> list[T]:
        return [item for _, item in zip(range(chunk_size), iterator, strict=False)]

    if n == 1:
        if initializer is not None:
            initializer()
        while chunk := next_chunk():
            yield from _run_chunk(func, chunk, prepare)
        return
    with ProcessPoolExecutor(max_workers=n, initializer=initializer) as pool:
        pending: set[Future[list[R]]] = set()

        def submit_next() -> bool:
            chunk = next_chunk()
            if chunk:
                pending.add(pool.submit(_run_chunk, func, chunk, prepare))
            return bool(chunk)

        while len(pending) < n * in_flight and submit_next():
            pass
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                pending.discard(future)
                yield from future.result()
                submit_next()
