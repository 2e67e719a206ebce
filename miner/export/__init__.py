"""Export: the store's tables to files other tools open (CSV for Excel, XLSX, JSONL, Parquet, iCalendar)."""

from miner.export import formats as _formats  # noqa: F401  (registers the built-in exporters)
from miner.export.registry import EXPORTERS, export_tables, register, write_frame

__all__ = ["EXPORTERS", "export_tables", "register", "write_frame"]
