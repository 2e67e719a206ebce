"""The one-call API: extract a text or a file and get pandas DataFrames (miner.compare builds on it).

    >>> import miner
    >>> plan = miner.extract_file("corpora/examples/plan.txt")
    >>> plan.to_pandas()["activities"]          # one row per activity, as `miner export` writes it

Every setting has its default (`miner.load_settings()`: the shipped defaults and the user file);
pass `settings=` to change one. Failures are coded `miner.errors.MinerError`s, never `None`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from miner.errors import AcquireError, MinerError
from miner.records import (
    Activity,
    ComparisonRow,
    Document,
    DocumentFacts,
    ErrorRecord,
    Extraction,
    Mention,
    RawInput,
)
from miner.settings import Settings, load_settings

if TYPE_CHECKING:
    import pandas as pd

EXTRACT_TABLES = ("documents", "mentions", "activities")
_PATH_MAX = 4096  # a str longer than this, or with a line break, is always a text


@dataclass(frozen=True, slots=True)
class ExtractResult:
    """One document read and extracted: the parsed `document` and its `extraction`."""

    document: Document
    extraction: Extraction

    @property
    def facts(self) -> DocumentFacts:
        """Kind (plan, summary, other), group and period of the document."""
        return self.extraction.facts

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self.extraction.mentions

    @property
    def activities(self) -> tuple[Activity, ...]:
        return self.extraction.activities

    def to_pandas(self) -> dict[str, pd.DataFrame]:
        """{"documents", "mentions", "activities"}: this document's rows of each table, with the
        columns `miner export` writes (list columns joined by 、, dates as ISO strings)."""
        return frames([self], EXTRACT_TABLES)


def extract_text(text: str | bytes, settings: Settings | None = None, *,
                 source: str = "text") -> ExtractResult:
    """Read `text` as a plain-text document (a plan, a summary, a week schedule) and extract it.

    The result is what ingesting a UTF-8 .txt file with this text would store; `source` names it.
    Bytes are read as the content of a .txt file (GBK, Big5 and UTF-16 are detected as `miner ingest`
    does). An empty text raises a coded error (P001), anything but str or bytes another (M004).
    """
    if isinstance(text, str):
        data = text.encode("utf-8")
    elif isinstance(text, bytes | bytearray | memoryview):
        data = bytes(text)
    else:
        raise MinerError(f"extract_text takes a str or bytes, not {type(text).__name__}; "
                         "for a file use miner.extract_file(path)", code="M004")
    raw = RawInput(source=source, data=data, name="text.txt")
    return _extract(raw, settings or load_settings())


def extract_file(path: str | os.PathLike[str], settings: Settings | None = None) -> ExtractResult:
    """Read one file of any format miner reads (txt, html, docx, pdf, xlsx, xls, doc, wps) and extract it.

    A missing file, a folder or a file over the size limit raises a coded error (A001, A002); so does
    an unreadable one (P001–P007). For folders and archives use `miner.ingest`.
    """
    from miner.acquire.local import iter_inputs

    settings = settings or load_settings()
    file = Path(path)
    if not file.is_file():
        what = ("is a folder (read folders with `miner ingest` or miner.ingest)" if file.is_dir()
                else "does not exist")
        raise AcquireError(f"{file} {what}")
    items = list(iter_inputs([file], settings))
    if len(items) != 1:
        raise AcquireError(f"{file} holds {len(items)} documents; read archives with `miner ingest` or "
                           "miner.ingest", code="A003")
    item = items[0]
    if isinstance(item, ErrorRecord):
        raise MinerError(item.error.split("] ", 1)[-1], code=item.code)
    return _extract(item, settings)


def _extract(raw: RawInput, settings: Settings) -> ExtractResult:
    from miner.extract import extract, load_resources
    from miner.parse import parse

    document = parse(raw, settings)
    return ExtractResult(document, extract(document, load_resources(settings)))


def names_a_file(value: str) -> bool:
    """Whether a str means a path: one line, and an existing file or a document suffix (.docx, ...)."""
    if "\n" in value or len(value) > _PATH_MAX or not value.strip():
        return False
    from miner.core import document_suffixes

    path = Path(value)
    try:
        return path.is_file() or path.suffix.lower() in document_suffixes()
    except OSError:  # a name too long for the file system
        return False


def frames(results: Iterable[ExtractResult], tables: tuple[str, ...],
            comparison: tuple[ComparisonRow, ...] = ()) -> dict[str, pd.DataFrame]:
    """The tables as `miner export` reads them from a database: written to one in memory and read back,
    so that the library's DataFrames and the exported files cannot drift apart."""
    from miner.export.registry import read_table
    from miner.store import open_store

    with open_store(":memory:") as store:
        for r in results:
            store.write_document(r.document, r.extraction)
        for pair in dict.fromkeys((row.plan_doc, row.summary_doc) for row in comparison):
            store.replace_comparison(*pair, [r for r in comparison if (r.plan_doc, r.summary_doc) == pair])
        frames = {t: read_table(store, t) for t in tables}
    if "documents" in frames:
        frames["documents"] = frames["documents"].drop(columns=["ingested_at"])  # nothing was ingested
    return frames
