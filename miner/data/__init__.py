"""Rules and lexicons shipped with miner (TOML and text files), and the checks their loaders share."""

from __future__ import annotations

from typing import Any


def word_list(data: dict[str, Any], key: str, origin: str, *, longest_first: bool = False) -> tuple[str, ...]:
    """`data[key]`, which must be a non-empty list of non-empty strings (a ValueError naming `origin`
    and `key` otherwise); sorted longest first when asked, for alternations and prefix tests."""
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{origin}: {key} must be a non-empty list of strings")
    return tuple(sorted(value, key=len, reverse=True)) if longest_first else tuple(value)
