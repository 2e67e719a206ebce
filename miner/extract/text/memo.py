"""Bounded caches of results computed a batch at a time, least recently used first out.

Extraction caches pure functions with `functools.lru_cache` only (bounded: `maxsize`, least recently
used first out). `BatchMemo` is the same cache for a function computing many results at once (the
typer's model scores all new names together, the time patterns scan all new lines together).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BatchMemo(Generic[K, V]):
    """The results of `compute` (a list of keys → one result per key, in order) for the last
    `maxsize` distinct keys; `results` computes only the keys it has not kept, all in one call.

    (An OrderedDict in least-recently-used order: a key not kept costs one look-up, where a
    `functools.lru_cache` around a dictionary of fresh results raised a KeyError for it.)"""

    def __init__(self, compute: Callable[[list[K]], list[V]], maxsize: int) -> None:
        self._compute = compute
        self._maxsize = maxsize
        self._kept: OrderedDict[K, V] = OrderedDict()

    def results(self, keys: Iterable[K]) -> dict[K, V]:
        """The result of each distinct key of `keys`."""
        found: dict[K, V] = {}
        todo: list[K] = []
        for key in dict.fromkeys(keys):
            if key in self._kept:
                self._kept.move_to_end(key)
                found[key] = self._kept[key]
            else:
                todo.append(key)
        if todo:
            for key, value in zip(todo, self._compute(todo), strict=True):
                found[key] = value
                self._kept[key] = value
            while len(self._kept) > self._maxsize:
                self._kept.popitem(last=False)
        return found

    def cache_clear(self) -> None:
        """Forget every result (as `functools.lru_cache`'s `cache_clear`)."""
        self._kept.clear()
