"""Regular expressions built from word lists: longest-first tries, alternations, first-character classes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any


def _trie_branches(node: dict[str, Any]) -> str:
    """Regex of one trie node: the longer continuation is tried first, so the longest word wins."""
    branches = [re.escape(c) + _trie_branches(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")


def trie_alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words` (not empty) that tries the longest word first at each position,
    like a longest-first `a|b|c` list, but shaped as a trie: a failing position costs one branch."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}
    return _trie_branches(trie) if trie else "(?!)"


def first_chars_class(words: Iterable[str]) -> str:
    """A character class of the first characters of `words` (never matching when there are none)."""
    first = sorted({w[0] for w in words if w})
    return f"[{re.escape(''.join(first))}]" if first else "(?!)"


def longest_words(word_re: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The longest word of `word_re` (a `trie_alternation`) at each position where one starts,
    overlapping words included: what a longest-first alternation inside a lookahead finds."""
    found = []
    m = word_re.search(text)
    while m is not None:
        found.append(m)
        m = word_re.search(text, m.start() + 1)
    return found


@lru_cache(maxsize=64)
def any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """An expression finding any of `words`, the longest first (never matching when there are none)."""
    alternation = "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))
    return re.compile(alternation if words else r"(?!)")


def any_pattern(patterns: Iterable[str]) -> re.Pattern[str]:
    """One expression that finds a match wherever one of `patterns` would (never matching when empty)."""
    patterns = list(patterns)
    return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else "(?!)")
