"""jieba word boundaries (accurate mode, no HMM) computed lazily, only for the text blocks asked about.

jieba cuts a text into blocks of word characters (its `re_han_default`) and segments each block on
its own; everything outside those blocks is cut at every character (a "\\r\\n" pair stays one token).
So whether an offset is a word boundary depends only on the block around it: `Boundaries` answers
that question exactly as `jieba.lcut(text, HMM=False)` would, segmenting just the blocks it needs
(cached, so a clause repeated across documents is segmented once).
"""

from __future__ import annotations

import bisect
import functools
import logging
from typing import Any


@functools.cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@functools.lru_cache(maxsize=32768)
def _block_cuts(block: str, dict_total: float) -> frozenset[int]:
    """Inner cut offsets of one word-character block (`dict_total` keys the cache to the dictionary)."""
    del dict_total  # only part of the cache key: a word added to jieba's dictionary changes it
    cuts, pos = set(), 0
    for word in _jieba().dt.lcut(block, HMM=False):
        pos += len(word)
        cuts.add(pos)
    return frozenset(cuts)


class Boundaries:
    """The set of offsets where `jieba.lcut(text, HMM=False)` starts or ends a word (0 and len included)."""

    __slots__ = ("text", "_starts", "_ends")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def _blocks(self) -> tuple[list[int], list[int]]:
        if self._starts is None:
            spans = [m.span() for m in _jieba().re_han_default.finditer(self.text)]
            self._starts = [a for a, _ in spans]
            self._ends = [b for _, b in spans]
        return self._starts, self._ends

    def __contains__(self, pos: object) -> bool:
        if not isinstance(pos, int):
            return False
        text = self.text
        if pos == 0 or pos == len(text):
            return True
        if pos < 0 or pos > len(text):
            return False
        starts, ends = self._blocks()
        i = bisect.bisect_right(starts, pos - 1) - 1  # the block starting at or before pos - 1
        if i >= 0 and pos < ends[i]:  # pos - 1 and pos share a block: ask the segmenter
            a, b = starts[i], ends[i]
            return pos - a in _block_cuts(text[a:b], _jieba().dt.total)
        return not (text[pos - 1] == "\r" and text[pos] == "\n")
