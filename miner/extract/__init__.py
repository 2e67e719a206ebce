"""Extract stage: document facts, times, schools, subjects and activities from a Document."""

import logging
import warnings

import jieba

from miner.extract.calendar import SchoolCalendar
from miner.extract.document import document_facts, find_period
from miner.extract.pipeline import extract
from miner.extract.resources import Resources, load_resources
from miner.extract.times import TimeExpr, find_times, parse_time
from miner.native import stale_modules

jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not the user's business

if _stale := stale_modules():
    warnings.warn(
        f"miner.extract: compiled code older than its source ({', '.join(_stale)}), so the old code runs; "
        "rebuild with `make test` or `pip install -e .`", stacklevel=2,
    )

__all__ = [
    "Resources", "SchoolCalendar", "TimeExpr", "document_facts", "extract", "find_period", "find_times",
    "load_resources", "parse_time",
]
