"""Store: the SQLite database of documents, mentions, activities, comparisons and errors."""

from miner.store.db import Store, open_store
from miner.store.rows import LIST_SEP, join_list, split_list
from miner.store.schema import EXPORT_TABLES, SCHEMA_VERSION

__all__ = ["EXPORT_TABLES", "LIST_SEP", "SCHEMA_VERSION", "Store", "join_list", "open_store", "split_list"]
