"""A piece of a document's text with its offsets: a unit's label or time, a person's or a theme's name."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(unsafe_hash=True, slots=True)
class Span:
    """A piece of the document text with its offsets."""

    text: str
    start: int
    end: int

    def __init__(self, text: str, start: int, end: int) -> None:  # written out: see miner.native
        self.text = text
        self.start = start
        self.end = end
