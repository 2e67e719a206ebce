"""The batch runner: every item comes back once, in worker processes too."""

from __future__ import annotations

import pytest

from miner.batch import map_batches, worker_count


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_map_batches_returns_every_result_once(workers):
    results = list(map_batches(_square, range(50), workers=workers, chunk_size=3, in_flight=2))
    assert sorted(results) == [x * x for x in range(50)]


def test_batch_worker_count_zero_means_cores():
    assert worker_count(0) >= 1 and worker_count(3) == 3
