"""Run a stage over many inputs on a dask.distributed cluster: the same chunks as miner.batch, remote.

`map_batches_dask` has the signature of `miner.batch.map_batches` and runs the same top-level
chunk function (`miner.batch._run_chunk`) on the workers of a running scheduler (`scheduler=
"tcp://host:8786"`) or of a `LocalCluster` started for the run. At most `in_flight` chunks per
worker are pending, so results come back in bounded batches to the one process that writes the
store. dask.distributed is an optional extra: `pip install 'miner[dask]'`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from miner.batch import Prepare, _run_chunk, worker_count
from miner.errors import MinerError

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
OnError = Callable[[T, BaseException], R]


def _require_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise MinerError(
            "the Dask engine needs dask.distributed: install it with pip install 'miner[dask]'",
            code="B001",
        ) from exc
    return distributed


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 0) -> Iterator[Any]:
    """A client of the scheduler at `scheduler`, or of a LocalCluster of `workers` processes (one
    thread each, loopback only, no dashboard) that lives as long as the block."""
    distributed = _require_distributed()
    if not log.isEnabledFor(logging.DEBUG):  # distributed logs every start and stop at INFO
        logging.getLogger("distributed").setLevel(logging.WARNING)
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise MinerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}", code="B002") from exc
        with client:
            yield client
        return
    cluster = distributed.LocalCluster(
        n_workers=worker_count(workers),
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


class WarmUp:
    """A worker plugin that runs `load(*args)` once when a worker starts (and on workers that join
    later), so the first chunk does not pay for loading models and dictionaries. `load` must cache
    its result in the worker process (as `miner.extract.load_resources` does)."""

    name = "miner-warm-up"

    def __init__(self, load: Callable[..., object], *args: object) -> None:
        self.load = load
        self.args = args

    def setup(self, worker: Any) -> None:
        self.load(*self.args)


def register_warm_up(client: Any, plugin: WarmUp) -> None:
    """Install `plugin` on every worker of `client`, present and future."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class _Plugin(WorkerPlugin):  # the base class only exists once distributed is imported
        name = plugin.name

        def setup(self, worker: Any) -> None:
            plugin.setup(worker)

    client.register_plugin(_Plugin(), name=plugin.name)


def map_batches_dask(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    scheduler: str | None = None,
    workers: int = 0,
    chunk_size: int = 16,
    in_flight: int = 4,
    prepare: Prepare[T] | None = None,
    warm_up: WarmUp | None = None,
    on_error: OnError[T, R] | None = None,
) -> Iterator[R]:
    """Yield func(item) for every item, in completion order, computed on Dask workers.

    As with `map_batches`, `func` catches its own errors. A chunk that fails anyway (its worker
    was killed, the scheduler lost it) yields `on_error(item, exc)` for each of its items, or
    raises when `on_error` is None.
    """
    distributed = _require_distributed()
    iterator = iter(items)

    def next_chunk() -> list[T]:
        return [item for _, item in zip(range(chunk_size), iterator, strict=False)]

    with dask_client(scheduler, workers) as client:
        if warm_up is not None:
            register_warm_up(client, warm_up)
        n = max(1, len(client.scheduler_info().get("workers", {})))
        chunks: dict[str, list[T]] = {}
        pending = distributed.as_completed()

        def submit_next() -> bool:
            chunk = next_chunk()
            if chunk:
                future = client.submit(_run_chunk, func, chunk, prepare, pure=False)
                chunks[future.key] = chunk
                pending.add(future)
            return bool(chunk)

        while pending.count() < n * in_flight and submit_next():
            pass
        for future in pending:
            chunk = chunks.pop(future.key)
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001 - the chunk is lost, not the batch
                if on_error is None:
                    raise
                log.debug("chunk failed on the cluster", exc_info=True)
                results = [on_error(item, exc) for item in chunk]
            future.release()
            yield from results
            submit_next()
