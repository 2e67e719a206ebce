"""Run a stage over many inputs in worker processes, each input under a time and memory limit.

A failure is a result, never a crashed batch: an input that overruns its time, exhausts its
worker's memory or kills its worker comes back through `on_failure`, the worker is replaced and
the batch goes on. Workers end when the process that started them dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from types import FrameType
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
Prepare = Callable[[list[T]], object]
OnFailure = Callable[[T, str, str], R]  # (item, code, message) -> the result standing for it

GRACE_S = 5.0  # beyond the soft limit (an exception inside the worker), the worker is killed
WARM_UP_S = 300.0  # a new worker's `setup` (loading models and lexicons) is not a document's time
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Limits:
    """What one item may use. 0 means no limit."""

    seconds: float = 0.0  # wall time per item in its worker
    memory_mb: float = 0.0  # address space of each worker (RLIMIT_AS)
    prepare_seconds: float = 0.0  # wall time of `prepare(chunk)` before a chunk's items

    @property
    def isolated(self) -> bool:
        return self.seconds > 0 or self.memory_mb > 0


class ItemTimeout(BaseException):  # noqa: N818 - raised by the alarm; BaseException so `except Exception` in readers lets it pass
    """The soft time limit of one item ran out (raised inside the worker by SIGALRM)."""


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


# -- inside a worker -----------------------------------------------------------------------------

def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise ItemTimeout


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    if seconds <= 0:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def bind_to_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def lift_memory_limit() -> None:
    """Raise the address-space limit a worker set on itself back to the hard limit (for a program
    it starts, such as LibreOffice, which has limits of its own)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _die_with_parent(parent: int) -> None:
    """Die with the parent: by the kernel's signal, and now if it is already gone."""
    bind_to_parent()
    if os.getppid() != parent:  # died before prctl took effect
        os._exit(0)


def _address_space() -> int:
    """Bytes of address space this process holds now (0 where /proc cannot tell)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(memory_mb: float) -> None:
    """Let the worker grow by `memory_mb` beyond the address space it starts with: a worker forked
    from a large process (a notebook, a test run with models loaded) inherits that process's space."""
    if memory_mb <= 0:
        return
    limit = _address_space() + int(memory_mb * 1024 * 1024)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    # only the soft limit: a program this worker starts (LibreOffice) may raise it again
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(conn: Connection, parent: int, func: Callable[[T], R], prepare: Prepare[T] | None,
                 on_failure: OnFailure[T, R], limits: Limits, setup: Callable[[], object] | None) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGALRM, _on_alarm)
    _limit_memory(limits.memory_mb)
    if setup is not None:
        try:
            with _alarm(WARM_UP_S):
                setup()
        except (Exception, ItemTimeout):  # noqa: BLE001 - each item then fails with its own reason
            log.debug("worker set-up failed", exc_info=True)
    while True:
        if not conn.poll(1.0):
            if os.getppid() != parent:
                os._exit(0)
            continue
        chunk: list[T] | None = conn.recv()
        if chunk is None:
            return
        if prepare is not None and len(chunk) > 1:
            try:
                with _alarm(limits.prepare_seconds):
                    prepare(chunk)
            except (ItemTimeout, MemoryError):
                log.debug("prepare ran out of time or memory; items are read one by one")
        for index, item in enumerate(chunk):
            conn.send(("begin", index))
            replace = True
            try:
                with _alarm(limits.seconds):
                    result = func(item)
                replace = False
            except ItemTimeout:
                result = on_failure(item, "W001", f"reading it took longer than {limits.seconds:g} s")
            except MemoryError:
                result = on_failure(item, "W002",
                                    f"reading it needed more than {limits.memory_mb:g} MB of memory")
            conn.send(("done", index, result))
            if replace:  # state after an interrupted library call is not to be trusted: start afresh
                conn.close()
                os._exit(0)
        conn.send(("chunk",))


# -- in the parent -------------------------------------------------------------------------------

@dataclass(slots=True)
class _Slot(Generic[T]):
    """One worker process and the chunk it is working on."""

    process: Any
    conn: Connection
    chunk: list[T] = field(default_factory=list)
    current: int = -1  # index in chunk of the item begun and not done; -1 none
    done: int = 0  # items of the chunk finished
    deadline: float = float("inf")
    warm: bool = False  # has begun an item (its set-up is done)


class _Pool(Generic[T, R]):
    def __init__(self, n: int, func: Callable[[T], R], prepare: Prepare[T] | None,
                 on_failure: OnFailure[T, R], limits: Limits, setup: Callable[[], object] | None) -> None:
        self.n = n
        self.args = (func, prepare, on_failure, limits, setup)
        self.limits = limits
        self.on_failure = on_failure
        self.slots: list[_Slot[T]] = []
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.context: Any = multiprocessing.get_context(method)

    def spawn(self) -> _Slot[T]:
        parent_conn, child_conn = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child_conn, os.getpid(), *self.args),
                                       daemon=True, name="miner-worker")
        process.start()
        child_conn.close()
        slot: _Slot[T] = _Slot(process, parent_conn)
        self.slots.append(slot)
        return slot

    def give(self, slot: _Slot[T], chunk: list[T]) -> None:
        extra = self.limits.prepare_seconds if len(chunk) > 1 else 0.0
        extra += 0.0 if slot.warm else WARM_UP_S
        slot.conn.send(chunk)  # (raises if the worker is gone: the slot is then still idle)
        slot.deadline = self._deadline(extra + self.limits.seconds)
        slot.chunk, slot.current, slot.done = chunk, -1, 0

    def _deadline(self, seconds: float) -> float:
        return time.monotonic() + seconds + GRACE_S if self.limits.seconds > 0 else float("inf")

    def retire(self, slot: _Slot[T], code: str, message: str) -> tuple[list[R], list[T]]:
        """End a worker that died or overran: the item it was on fails, the rest go back."""
        with contextlib.suppress(OSError, ValueError):
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        self.slots.remove(slot)
        failed: list[R] = []
        rest = slot.chunk[slot.done:]
        if slot.current >= 0 and slot.current == slot.done:
            failed.append(self.on_failure(slot.chunk[slot.current], code, message))
            rest = rest[1:]
        elif rest and slot.current < 0 and len(slot.chunk) == 1:  # died before its only item began
            failed.append(self.on_failure(rest[0], code, message))
            rest = []
        slot.chunk = []
        return failed, rest

    def close(self) -> None:
        for slot in list(self.slots):
            with contextlib.suppress(OSError, ValueError, BrokenPipeError):
                slot.conn.send(None)
        for slot in list(self.slots):
            slot.process.join(2)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(2)
            slot.conn.close()
        self.slots.clear()


def _failed_anyway(item: T, code: str, message: str) -> Any:
    raise RuntimeError(f"[{code}] {message}")


def map_batches(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 0,
    chunk_size: int = 8,
    in_flight: int = 4,
    prepare: Prepare[T] | None = None,
    limits: Limits | None = None,
    on_failure: OnFailure[T, R] | None = None,
    setup: Callable[[], object] | None = None,
) -> Iterator[R]:
    """Yield func(item) for every item, in completion order.

    `func` must be a top-level callable that catches its own errors and returns them as results.
    Items are sent to workers in chunks (per-task overhead matters on small documents); one chunk
    per worker is in flight, so a huge batch never sits in memory at once (`in_flight` is kept for
    callers of the earlier pool and ignored). `prepare(chunk)`, if given, runs where the chunk runs,
    before its items (to share a costly set-up such as one LibreOffice call).

    With `limits`, every item runs in a worker process under them, even with one worker; an item
    that overruns, exhausts memory or kills its worker yields `on_failure(item, code, message)`
    (codes W001 time, W002 memory, W003 worker died) and its worker is replaced. `setup()` runs
    once in each new worker, outside the limits of any item (to load shared resources). Without
    limits, one worker means everything runs in this process.
    """
    del in_flight
    limits = limits or Limits()
    failure: OnFailure[T, R] = on_failure or _failed_anyway
    n = worker_count(workers)
    iterator = iter(items)
    retry: deque[list[T]] = deque()

    def next_chunk() -> list[T]:
        if retry:
            return retry.popleft()
        return [item for _, item in zip(range(chunk_size), iterator, strict=False)]

    if n == 1 and not limits.isolated:
        while chunk := next_chunk():
            yield from _run_chunk(func, chunk, prepare)
        return
    pool: _Pool[T, R] = _Pool(n, func, prepare, failure, limits, setup)
    try:
        yield from _drive(pool, next_chunk, retry)
    finally:
        pool.close()


def _drive(pool: _Pool[T, R], next_chunk: Callable[[], list[T]], retry: deque[list[T]]) -> Iterator[R]:
    exhausted = False
    while True:
        busy = [s for s in pool.slots if s.chunk]
        while not exhausted and len(busy) < pool.n:
            chunk = next_chunk()
            if not chunk:
                exhausted = True
                break
            for dead in [s for s in pool.slots if not s.chunk and not s.process.is_alive()]:
                pool.retire(dead, "W003", "")  # an idle worker killed meanwhile: nothing of it is lost
            slot = next((s for s in pool.slots if not s.chunk), None) or pool.spawn()
            try:
                pool.give(slot, chunk)
            except OSError:  # it died between the check and the send
                pool.retire(slot, "W003", "")
                retry.appendleft(chunk)
                continue
            busy.append(slot)
        if not busy:
            if retry:
                exhausted = False
                continue
            return
        timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
        ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy],
                     timeout=None if timeout == float("inf") else timeout)
        now = time.monotonic()
        for slot in busy:
            if slot.conn in ready:
                yield from _receive(pool, slot, retry)
            elif slot.process.sentinel in ready:
                failed, rest = pool.retire(slot, "W003", "the worker process reading it died "
                                                         "(killed, or out of memory)")
                yield from failed
                _requeue(retry, rest)
            elif now >= slot.deadline:
                failed, rest = pool.retire(slot, "W001", f"reading it took longer than "
                                                         f"{pool.limits.seconds:g} s")
                yield from failed
                _requeue(retry, rest)
        if retry:
            exhausted = False


def _requeue(retry: deque[list[T]], rest: list[T]) -> None:
    """Items of a chunk whose worker ended go back one by one, so a second death names its item."""
    retry.extend([item] for item in rest)


def _receive(pool: _Pool[T, R], slot: _Slot[T], retry: deque[list[T]]) -> Iterator[R]:
    while slot in pool.slots and slot.conn.poll():
        try:
            message = slot.conn.recv()
        except (EOFError, OSError):
            failed, rest = pool.retire(slot, "W003", "the worker process reading it died "
                                                     "(killed, or out of memory)")
            yield from failed
            _requeue(retry, rest)
            return
        if message[0] == "begin":
            slot.current, slot.warm = message[1], True
            slot.deadline = pool._deadline(pool.limits.seconds)
        elif message[0] == "done":
            slot.done = message[1] + 1
            slot.current = -1
            yield message[2]
        else:  # the chunk is finished
            slot.chunk, slot.deadline = [], float("inf")
