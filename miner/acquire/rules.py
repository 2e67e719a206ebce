"""Load the crawler's rules (miner/data/crawl.toml) once, validated, as a frozen record."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class CrawlRules:
    """What the crawler knows about how school sites are built (see crawl.toml for each key)."""

    attachment_extensions: frozenset[str]
    download_patterns: tuple[re.Pattern[str], ...]
    skip_extensions: frozenset[str]
    skip_schemes: frozenset[str]
    exclude_words: tuple[str, ...]
    min_title_chars: int
    nav_max_chars: int
    nav_skip_words: tuple[str, ...]
    next_words: frozenset[str]
    last_words: frozenset[str]
    page_params: frozenset[str]
    page_path_patterns: tuple[re.Pattern[str], ...]
    script_pagers: tuple[re.Pattern[str], ...]
    max_script_pages: int
    home_nav_depth: int
    column_nav_depth: int
    keyword_nav_depth: int
    min_body_chars: int
    date_labels: tuple[str, ...]
    max_redirects: int
    min_backoff_s: float
    max_retry_after_s: float
    retry_statuses: frozenset[int]


def _strings(section: dict[str, Any], key: str, origin: str) -> tuple[str, ...]:
    value = section.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{origin}: {key} must be a list of non-empty strings")
    return tuple(value)


def _number(section: dict[str, Any], key: str, origin: str) -> float:
    value = section.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{origin}: {key} must be a number >= 0")
    return value


def _patterns(values: tuple[str, ...], key: str, origin: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(v, re.IGNORECASE) for v in values)
    except re.error as exc:
        raise ValueError(f"{origin}: bad regular expression in {key}: {exc}") from None


def parse_rules(data: dict[str, Any], origin: str = "crawl.toml") -> CrawlRules:
    """Validate the TOML tables of crawl.toml and build the rules record."""
    try:
        links, titles, pages = data["links"], data["titles"], data["pagination"]
        depth, article, http = data["depth"], data["article"], data["http"]
    except KeyError as exc:
        raise ValueError(f"{origin}: missing table [{exc.args[0]}]") from None
    lower = lambda values: frozenset(v.lower().lstrip(".") for v in values)  # noqa: E731
    pagers = _patterns(_strings(pages, "script_pagers", origin), "script_pagers", origin)
    if any(not {"total", "prefix", "ext"} <= set(p.groupindex) for p in pagers):
        raise ValueError(f"{origin}: script_pagers need the groups (?P<total>), (?P<prefix>), (?P<ext>)")
    statuses = http.get("retry_statuses")
    if not isinstance(statuses, list) or not all(isinstance(s, int) and 400 <= s < 600 for s in statuses):
        raise ValueError(f"{origin}: retry_statuses must be a list of HTTP error codes")
    return CrawlRules(
        attachment_extensions=lower(_strings(links, "attachment_extensions", origin)),
        download_patterns=_patterns(
            _strings(links, "download_patterns", origin), "download_patterns", origin
        ),
        skip_extensions=lower(_strings(links, "skip_extensions", origin)),
        skip_schemes=lower(_strings(links, "skip_schemes", origin)),
        exclude_words=_strings(titles, "exclude_words", origin),
        min_title_chars=int(_number(titles, "min_title_chars", origin)),
        nav_max_chars=int(_number(titles, "nav_max_chars", origin)),
        nav_skip_words=_strings(titles, "nav_skip_words", origin),
        next_words=frozenset(w.lower() for w in _strings(pages, "next_words", origin)),
        last_words=frozenset(w.lower() for w in _strings(pages, "last_words", origin)),
        page_params=lower(_strings(pages, "page_params", origin)),
        page_path_patterns=_patterns(
            _strings(pages, "page_path_patterns", origin), "page_path_patterns", origin
        ),
        script_pagers=pagers,
        max_script_pages=int(_number(pages, "max_script_pages", origin)),
        home_nav_depth=int(_number(depth, "home_nav_depth", origin)),
        column_nav_depth=int(_number(depth, "column_nav_depth", origin)),
        keyword_nav_depth=int(_number(depth, "keyword_nav_depth", origin)),
        min_body_chars=int(_number(article, "min_body_chars", origin)),
        date_labels=_strings(article, "date_labels", origin),
        max_redirects=int(_number(http, "max_redirects", origin)),
        min_backoff_s=_number(http, "min_backoff_s", origin),
        max_retry_after_s=_number(http, "max_retry_after_s", origin),
        retry_statuses=frozenset(statuses),
    )


@lru_cache(maxsize=1)
def load_rules() -> CrawlRules:
    """The shipped rules, read and validated once per process."""
    text = resources.files("miner.data").joinpath("crawl.toml").read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))
