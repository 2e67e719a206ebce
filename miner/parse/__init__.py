"""Parse: bytes of any format schools publish → one normalised Document with ordered blocks."""

from __future__ import annotations

from pathlib import Path

from miner.parse.registry import READERS, detect_format, parse, register, sha256
from miner.records import Document, RawInput
from miner.settings import Settings

__all__ = ["READERS", "detect_format", "parse", "parse_path", "register", "sha256"]


def parse_path(path: str | Path, settings: Settings | None = None) -> Document:
    """Read one file from disk and parse it (a convenience for notebooks and evaluation)."""
    from miner.settings import load_settings

    path = Path(path)
    raw = RawInput(source=str(path), data=path.read_bytes(), name=path.name)
    return parse(raw, settings or load_settings())
