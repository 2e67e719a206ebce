"""miner: mine Chinese education groups' work plans and summaries into tables, and compare them.

The library is the product; the `miner` command is a thin layer over these functions. One call each:

    >>> import miner
    >>> tables = miner.extract_text("2024学年工作计划\n9月下旬，城东小学语文联合教研。").to_pandas()
    >>> rows = miner.compare("corpora/examples/plan.txt", "corpora/examples/summary.txt").to_pandas()

and for many documents at once, a database:

    >>> settings = miner.load_settings()
    >>> with miner.open_store("miner.db") as store:
    ...     summary = miner.ingest(["corpora/seeds"], store, settings)

Heavy modules (spaCy, scikit-learn, pandas) load on first use, not on `import miner`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from miner.errors import MinerError
from miner.records import (
    Activity,
    Block,
    Cell,
    ComparisonRow,
    Document,
    DocumentFacts,
    ErrorRecord,
    Extraction,
    Mention,
    Period,
    RawInput,
)
from miner.settings import Settings, load_settings

if TYPE_CHECKING:
    from spacy.language import Language

__version__ = "0.1.0"

# The source checkout, where one exists (meaningless in an installed wheel): code finds the files it
# needs at run time (models, calendars, gazetteer) through miner.shipped, never through this.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

__all__ = [
    "Activity", "Block", "Cell", "Comparison", "ComparisonRow", "Document", "DocumentFacts", "ErrorRecord",
    "ExtractResult", "Extraction", "Mention", "MinerError", "Period", "RawInput", "Settings", "compare",
    "export_tables", "extract_file", "extract_text", "ingest", "ingest_raw", "load_settings", "nlp",
    "open_store", "parse_path",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    """Import the heavier stages only when first used (spaCy and scikit-learn are slow to import).

    The stages themselves are subpackages (`miner.parse`, `miner.extract`, ...): their functions are
    `miner.parse.parse` and `miner.extract.extract`, so no name here shadows a subpackage.
    """
    if name == "compare":  # the subpackage, callable as the one-call comparison (miner.compare.direct)
        import importlib

        return importlib.import_module("miner.compare")
    lazy = {
        "extract_text": ("miner.api", "extract_text"),
        "extract_file": ("miner.api", "extract_file"),
        "ExtractResult": ("miner.api", "ExtractResult"),
        "Comparison": ("miner.compare.direct", "Comparison"),
        "ingest": ("miner.core", "ingest"),
        "ingest_raw": ("miner.core", "ingest_raw"),
        "open_store": ("miner.store", "open_store"),
        "parse_path": ("miner.parse", "parse_path"),
        "export_tables": ("miner.export", "export_tables"),
    }
    if name in lazy:
        import importlib

        module, attr = lazy[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value  # looked up once; later uses skip __getattr__
        return value
    raise AttributeError(f"module 'miner' has no attribute {name!r}")


def nlp() -> Language:
    """The spaCy pipeline (jieba segmenter) whose `doc.ents` shows schools, times and subjects."""
    from miner.extract.nlp import load_nlp

    return load_nlp()
