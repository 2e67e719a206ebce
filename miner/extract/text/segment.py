"""jieba word boundaries (accurate mode, no HMM) computed lazily, only for the text blocks asked about.

jieba cuts a text into blocks of word characters (its `re_han_default`) and segments each block on
its own; everything outside those blocks is cut at every character (a "\\r\\n" pair stays one token).
So whether an offset is a word boundary depends only on the block around it: `Boundaries` answers
that question exactly as `jieba.lcut(text, HMM=False)` would, segmenting just the blocks it needs
(cached, so a clause repeated across documents is segmented once). Most offsets need no segmenting
at all: when no dictionary word covers the characters on both sides, every segmentation cuts there.
The block around an offset is found from the offset itself, without scanning the whole text.
"""

from __future__ import annotations

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


@functools.lru_cache(maxsize=4)
def _longest(dict_total: float) -> int:
    """The length of the longest entry of jieba's dictionary (`dict_total` keys the cache to it)."""
    del dict_total
    return max(map(len, _jieba().dt.FREQ), default=1)


def _covered(block: str, pos: int) -> bool:
    """Whether a segmentation of `block` may join `block[pos - 1]` and `block[pos]` into one word: a
    dictionary word covers both (an edge of jieba's DAG), or both are ASCII letters or digits (jieba
    joins single ones). When neither holds, every path through the DAG cuts at `pos`."""
    pair = block[pos - 1:pos + 1]
    if pair.isascii() and pair.isalnum():  # (jieba's re_eng: [a-zA-Z0-9])
        return True
    dt = _jieba().dt
    freq = dt.FREQ  # words with their counts, and every prefix of a word with count 0
    for start in range(pos - 1, max(-1, pos - _longest(dt.total)), -1):
        end = pos + 1
        count = freq.get(block[start:end])
        while count is not None:  # extend the word as jieba's get_DAG does
            if count:
                return True
            end += 1
            count = freq.get(block[start:end]) if end <= len(block) else None
    return False


class Boundaries:
    """The set of offsets where `jieba.lcut(text, HMM=False)` starts or ends a word (0 and len included)."""

    __slots__ = ("text", "_backwards", "_cuts")

    def __init__(self, text: str) -> None:
        self.text = text
        self._backwards: str | None = None  # the text reversed, to find where a block starts
        self._cuts: dict[int, frozenset[int]] = {}  # the inner cuts of the blocks segmented, by start

    def _block(self, pos: int) -> tuple[int, int] | None:
        """The block holding both `pos - 1` and `pos`, if there is one."""
        text, han = self.text, _jieba().re_han_default
        pair = han.match(text, pos - 1, pos + 1)
        if pair is None or pair.end() != pos + 1:
            return None
        if self._backwards is None:
            self._backwards = text[::-1]
        start = len(text) - han.match(self._backwards, len(text) - pos).end()
        end = han.match(text, pos).end()
        return start, end

    def __contains__(self, pos: object) -> bool:
        if not isinstance(pos, int):
            return False
        text = self.text
        if pos == 0 or pos == len(text):
            return True
        if pos < 0 or pos > len(text):
            return False
        block = self._block(pos)
        if block is None:
            return not (text[pos - 1] == "\r" and text[pos] == "\n")
        a, b = block
        cuts = self._cuts.get(a)
        if cuts is None:
            if not _covered(text[a:b], pos - a):
                return True
            cuts = self._cuts[a] = _block_cuts(text[a:b], _jieba().dt.total)
        return pos - a in cuts
