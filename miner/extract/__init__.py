"""Extract stage: document facts, times, schools, subjects and activities from a Document."""

import logging
import warnings

import jieba

from miner.extract.lexicons.calendar import SchoolCalendar
from miner.extract.mentions.document import document_facts, find_period
from miner.extract.mentions.times.expressions import TimeExpr, find_times, parse_time
from miner.extract.pipeline import extract
from miner.extract.resources import Resources, load_resources
from miner.native import stale_notice

jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not the user's business

if _notice := stale_notice():
    warnings.warn(_notice, stacklevel=2)

__all__ = [
    "Resources", "SchoolCalendar", "TimeExpr", "document_facts", "extract", "find_period", "find_times",
    "load_resources", "parse_time",
]
