"""Bounded caches of results computed a batch at a time, kept one by one in a functools.lru_cache.

Extraction caches pure functions with `functools.lru_cache` only (bounded: `maxsize`, least recently
used first out). `BatchMemo` is the same cache for a function computing many results at once (the
typer's model scores all new names together, the time patterns scan all new lines together).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BatchMemo(Generic[K, V]):
    """The results of `compute` (a list of keys → one result per key, in order) for the last
    `maxsize` distinct keys; `results` computes only the keys it has not kept, all in one call."""

    def __init__(self, compute: Callable[[list[K]], list[V]], maxsize: int) -> None:
        self._compute = compute
        self._fresh: dict[K, V] = {}
        self._kept = functools.lru_cache(maxsize=maxsize)(self._take)

    def _take(self, key: K) -> V:
        """A result just computed; KeyError for a key not computed yet (lru_cache keeps no error)."""
        return self._fresh.pop(key)

    def results(self, keys: Iterable[K]) -> dict[K, V]:
        """The result of each distinct key of `keys`."""
        found: dict[K, V] = {}
        todo: list[K] = []
        for key in dict.fromkeys(keys):
            try:
                found[key] = self._kept(key)
            except KeyError:
                todo.append(key)
        if todo:
            self._fresh.update(zip(todo, self._compute(todo), strict=True))
            for key in todo:
                found[key] = self._kept(key)
        return found

    def cache_clear(self) -> None:
        """Forget every result (as `functools.lru_cache`'s `cache_clear`)."""
        self._kept.cache_clear()
