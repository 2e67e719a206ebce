"""The annotated real pages (shared/real): documents with their gold files, genres and hashes."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
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


def site_of(address: str) -> str:
    """The site of a page address: the registered domain of its host by the public-suffix list, so
    that the kindergartens of one district's platform (`a.kg.example.cn`, `b.kg.example.cn`, one page
    layout) are one site while two blogs of a blog host stay two; the host itself when it is an IP
    address or has no registered domain; empty without a host."""
    import ipaddress

    host = urlsplit(address).hostname or ""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        return (_suffixes().privatesuffix(host) or host) if host else ""


@lru_cache(maxsize=1)
def _suffixes() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def sites(real_dir: Path, more: Sequence[Path] = ()) -> dict[str, str]:
    """Document id → the site of its page address (`site_of`; its id when it has none), from the
    sources.csv of REAL and of `more`: the unit of grouped cross-validation."""
    return {row["id"]: site_of(row.get("address") or "") or row["id"] for row in _sources((real_dir, *more))}


def data_sha256(real_dir: Path, split: str = "train") -> str:
    """The hash of one split's documents and gold files."""
    return corpus_sha256(real_dir / split, ("*.json", "*.txt"))
