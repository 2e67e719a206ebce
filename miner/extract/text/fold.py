"""Same-length folds of text for matching: Traditional → Simplified, and full-width forms and dashes.

Both keep one character for one, so an offset found in the folded text is an offset in the original.
`simplified` is the one Traditional → Simplified conversion of extraction (OpenCC's t2s, character
by character); `fold` adds full-width → ASCII and dashes → '-' for the time patterns.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)


@functools.cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=65536)
def _simplified_char(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


class _SimplifiedTable(dict[int, str]):
    """A `str.translate` table filled on first sight of each character (one character for one)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = self[code] = _simplified_char(ch) if code > 0x2E80 else ch
        return out


_SIMPLIFIED = _SimplifiedTable()


def _dictionary_keys(config: Any, files: Any) -> set[str]:
    """The one-character keys of every text dictionary an OpenCC configuration names."""
    keys: set[str] = set()
    if isinstance(config, dict):
        if config.get("type") == "txt" and isinstance(config.get("file"), str):
            for line in files.joinpath(config["file"]).read_text(encoding="utf-8").splitlines():
                key = line.strip().split("\t")[0]
                if len(key) == 1:
                    keys.add(key)
        for value in config.values():
            keys |= _dictionary_keys(value, files)
    elif isinstance(config, list):
        for value in config:
            keys |= _dictionary_keys(value, files)
    return keys


@functools.cache
def _convertible() -> re.Pattern[str]:
    """A character that `simplified` changes: a key of the t2s dictionaries above U+2E80 that does
    not convert to itself, or any character beyond the BMP (kept out of the class, which would
    make it slow); any character at all when the dictionaries cannot be read."""
    try:
        root = resources.files("opencc")
        config = json.loads(root.joinpath("config", "t2s.json").read_text(encoding="utf-8"))
        keys = _dictionary_keys(config, root.joinpath("dictionary"))
    except (OSError, ValueError, ModuleNotFoundError) as exc:
        log.debug("t2s dictionaries not readable (%s): every text is converted", exc)
        return re.compile(r"(?s).")
    bmp = "".join(sorted(k for k in keys if 0x2E80 < ord(k) <= 0xFFFF and _simplified_char(k) != k))
    return re.compile(f"[{re.escape(bmp)}\U00010000-\U0010FFFF]")


def simplified(text: str) -> str:
    """The text in simplified characters, converted one character at a time so that every offset
    stays valid (鳳城實驗小學 → 凤城实验小学). Rules and lexicons are written in simplified Chinese."""
    if text.isascii():
        return text
    if len(text) >= 64:
        return _simplified_long(text)
    if not _convertible().search(text):
        return text  # (most texts: nothing to convert)
    return _simplified_short(text)


@functools.lru_cache(maxsize=4096)  # names and short forms recur
def _simplified_short(text: str) -> str:
    return text.translate(_SIMPLIFIED)


@functools.lru_cache(maxsize=8)  # every finder simplifies the same document text: once is enough
def _simplified_long(text: str) -> str:
    """(simplified, for a long text: the test for a convertible character is done once too.)"""
    return text.translate(_SIMPLIFIED) if _convertible().search(text) else text


_DASHES = dict.fromkeys("—–－〜～~－⁓‒―", "-")


def _fold_width(ch: str) -> str:
    """A dash or full-width form folded (the character itself when it is neither)."""
    if ch in _DASHES:
        return _DASHES[ch]
    if "\uff01" <= ch <= "\uff5e" or ch == "\u3000":
        folded = unicodedata.normalize("NFKC", ch)
        return folded if len(folded) == 1 else ch
    return ch


def _fold_char(ch: str) -> str:
    """One character folded (itself when nothing applies)."""
    return _fold_width(simplified(ch))


@functools.cache
def _foldable() -> tuple[re.Pattern[str], dict[str, str]]:
    """One character class of every dash and full-width form, and what each folds to."""
    candidates = [*_DASHES, "\u3000", *map(chr, range(0xFF01, 0xFF5F))]
    table = {ch: out for ch in candidates if (out := _fold_width(ch)) != ch}
    return re.compile("[" + "".join(map(re.escape, sorted(table))) + "]"), table


def fold(text: str) -> str:
    """Traditional → Simplified (`simplified`), full-width → ASCII, dashes → '-'; one character for
    one, so the offsets of a match in the folded text are its offsets in the original."""
    return _fold_short(text) if len(text) < 64 else _fold_long(text)


def _fold_text(text: str) -> str:
    """The simplified text with each dash and full-width form replaced."""
    text = simplified(text)
    pattern, table = _foldable()
    found = set(pattern.findall(text))
    if any(table[ch] in found for ch in found):  # one folds to another that folds again: one pass
        return pattern.sub(lambda m: table[m[0]], text)
    for ch in found:  # a few distinct characters: one fast replace each
        text = text.replace(ch, table[ch])
    return text


@functools.lru_cache(maxsize=4096)  # lines and cells recur
def _fold_short(text: str) -> str:
    return _fold_text(text)


@functools.lru_cache(maxsize=8)  # the document text is folded by several stages: once is enough
def _fold_long(text: str) -> str:
    return _fold_text(text)
