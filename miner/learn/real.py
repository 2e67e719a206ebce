"""The annotated real pages (shared/real): documents with their gold files, genres and hashes."""

from __future__ import annotations

import csv
from pathlib import Path

from miner.evaluate.gold import GoldDocument, load_gold_dir, resolve_docs_dir
from miner.evaluate.run import read_document
from miner.extract.activities.typer import corpus_sha256
from miner.records import Document


def read_split(real_dir: Path, split: str) -> list[tuple[GoldDocument, Document]]:
    """The gold files of one split with their parsed documents (beside them)."""
    gold_dir = real_dir / split
    docs = resolve_docs_dir(gold_dir)
    return [(g, read_document(docs / g.source)) for g in load_gold_dir(gold_dir)]


def genres(real_dir: Path) -> dict[str, str]:
    """Document id → genre, from REAL/sources.csv (empty without it)."""
    path = real_dir / "sources.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {row["id"]: row.get("genre", "") for row in csv.DictReader(fh)}


def sites(real_dir: Path) -> dict[str, str]:
    """Document id → the host of its page address, from REAL/sources.csv (empty without it)."""
    from urllib.parse import urlsplit

    path = real_dir / "sources.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {row["id"]: (urlsplit(row.get("address") or "").hostname or "") for row in csv.DictReader(fh)}


def data_sha256(real_dir: Path, split: str = "train") -> str:
    """The hash of one split's documents and gold files."""
    return corpus_sha256(real_dir / split, ("*.json", "*.txt"))

