"""The annotated real pages (shared/real): documents with their gold files, genres and hashes."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from miner.evaluate.gold import GoldDocument, load_gold_dir, resolve_docs_dir
from miner.evaluate.run import read_document
from miner.extract.activities.typer import corpus_sha256
from miner.records import Document


def read_split(real_dir: Path, split: str) -> list[tuple[GoldDocument, Document]]:
    """The gold files of one split with their parsed documents (beside them)."""
    gold_dir = real_dir / split
    docs = resolve_docs_dir(gold_dir)
    return [(g, read_document(docs / g.source)) for g in load_gold_dir(gold_dir)]


def train_split(real_dir: Path, more: Sequence[Path] = ()) -> list[tuple[GoldDocument, Document]]:
    """The train documents of REAL and of every folder of `more` (shaped alike: train/, sources.csv)."""
    return [pair for folder in (real_dir, *more) for pair in read_split(folder, "train")]


def _sources(real_dirs: Sequence[Path]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for folder in real_dirs:
        path = folder / "sources.csv"
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                rows += csv.DictReader(fh)
    return rows


def genres(real_dir: Path, more: Sequence[Path] = ()) -> dict[str, str]:
    """Document id → genre, from the sources.csv of REAL and of `more` (empty without them)."""
    return {row["id"]: row.get("genre") or "" for row in _sources((real_dir, *more))}


def sites(real_dir: Path, more: Sequence[Path] = ()) -> dict[str, str]:
    """Document id → the host of its page address (its id when it has none), from the sources.csv of
    REAL and of `more`: the unit of grouped cross-validation."""
    return {row["id"]: urlsplit(row.get("address") or "").hostname or row["id"]
            for row in _sources((real_dir, *more))}


def data_sha256(real_dir: Path, split: str = "train") -> str:
    """The hash of one split's documents and gold files."""
    return corpus_sha256(real_dir / split, ("*.json", "*.txt"))
