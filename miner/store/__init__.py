"""Store: the SQLite database of documents, mentions, activities, comparisons and errors."""

from miner.store.db import LIST_SEP, Store, join_list, open_store, split_list
from miner.store.schema import EXPORT_TABLES, SCHEMA_VERSION

__all__ = ["EXPORT_TABLES", "LIST_SEP", "SCHEMA_VERSION", "Store", "join_list", "open_store", "split_list"]
