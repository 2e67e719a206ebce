"""Page furniture and page dates: the rules of miner/data/furniture.toml, loaded once and applied."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?:\s*日)?"
                   r"(?!\d)")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    """Furniture and date rules, compiled (see miner/data/furniture.toml for their meaning)."""

    max_length: int
    line_patterns: tuple[re.Pattern[str], ...]
    drop_tags: tuple[str, ...]
    class_id_words: tuple[str, ...]
    title_xpaths: tuple[str, ...]
    title_meta_names: frozenset[str]
    attachment_extensions: tuple[str, ...]
    title_separators: tuple[str, ...]
    stamp: re.Pattern[str]
    weak_labels: frozenset[str]
    stamp_words: tuple[str, ...]
    meta_names: frozenset[str]
    url_patterns: tuple[re.Pattern[str], ...]


def _strings(data: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"furniture.toml: [{where}] {key} must be a non-empty list of strings")
    return tuple(value)


def _compile(patterns: tuple[str, ...], where: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for pattern in patterns:
        try:
            out.append(re.compile(pattern))
        except re.error as exc:
            raise ValueError(f"furniture.toml: [{where}] bad pattern {pattern!r}: {exc}") from exc
    return tuple(out)


@lru_cache(maxsize=1)
def rules() -> FurnitureRules:
    """The shipped furniture rules, validated and compiled once per process."""
    raw = tomllib.loads(resources.files("miner.data").joinpath("furniture.toml").read_text("utf-8"))
    for section in ("lines", "html", "dates"):
        if not isinstance(raw.get(section), dict):
            raise ValueError(f"furniture.toml: missing section [{section}]")
    lines, html, dates = raw["lines"], raw["html"], raw["dates"]
    max_length = lines.get("max_length")
    if not isinstance(max_length, int) or max_length <= 0:
        raise ValueError("furniture.toml: [lines] max_length must be a positive integer")
    labels = sorted(_strings(dates, "labels", "dates"), key=len, reverse=True)
    stamp = re.compile(r"(?P<label>" + "|".join(map(re.escape, labels)) + r")\s*[:：]?\s*" + _DATE.pattern)
    url_patterns = _compile(_strings(dates, "url_patterns", "dates"), "dates")
    for pattern in url_patterns:
        if not {"y", "m", "d"} <= set(pattern.groupindex):
            raise ValueError(f"furniture.toml: url pattern {pattern.pattern!r} needs groups y, m and d")
    return FurnitureRules(
        max_length=max_length,
        line_patterns=_compile(_strings(lines, "patterns", "lines"), "lines"),
        drop_tags=_strings(html, "drop_tags", "html"),
        class_id_words=tuple(w.lower() for w in _strings(html, "class_id_words", "html")),
        title_xpaths=_strings(html, "title_xpaths", "html"),
        title_meta_names=frozenset(n.lower() for n in _strings(html, "title_meta_names", "html")),
        attachment_extensions=tuple(e.lower() for e in _strings(html, "attachment_extensions", "html")),
        title_separators=_strings(html, "title_separators", "html"),
        stamp=stamp,
        weak_labels=frozenset(_strings(dates, "weak_labels", "dates")),
        stamp_words=_strings(dates, "stamp_words", "dates"),
        meta_names=frozenset(n.lower() for n in _strings(dates, "meta_names", "dates")),
        url_patterns=url_patterns,
    )


@lru_cache(maxsize=1)
def _t2s() -> object:
    from opencc import OpenCC

    return OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters → simplified, so one rule set serves Big5 pages too (length kept)."""
    try:
        text.encode("gb2312")
        return text
    except UnicodeEncodeError:
        converted = _t2s().convert(text)  # type: ignore[attr-defined]
        return converted if len(converted) == len(text) else text


def make_date(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    """A date from its parts, or None when they do not form a real date of a plausible year."""
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if 1990 <= date.year <= 2100 else None


def parse_date(text: str) -> tuple[dt.date, str] | None:
    """The first full date (2021-12-28, 2021/12/28, 2022年1月5日) in `text`, with its surface string."""
    for m in _DATE.finditer(text):
        date = make_date(m["y"], m["m"], m["d"])
        if date:
            return date, m.group(0)
    return None


def stamp_date(line: str) -> tuple[dt.date, str] | None:
    """The date of a publication stamp line ("日期:2021-12-28 15:52:23  浏览量:0"), or None.

    Weak labels (日期, 时间) also label dates inside documents, so they count only beside a clock
    time or another stamp word (浏览, 来源, 作者, ...).
    """
    r = rules()
    if len(line) > r.max_length:
        return None
    line = simplified(line)
    for m in r.stamp.finditer(line):
        date = make_date(m["y"], m["m"], m["d"])
        if date is None:
            continue
        if m["label"] in r.weak_labels:
            rest = line[:m.start()] + line[m.end():]
            if not (_CLOCK.match(line[m.end():].lstrip()) or any(w in rest for w in r.stamp_words)):
                continue
        surface = m.group(0)[m.start("y") - m.start():]
        return date, surface
    return None


_BARE = re.compile(r"^\s*[\[【(（]?\s*" + _DATE.pattern
                   + r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】)）]?\s*$")


def bare_date(line: str) -> tuple[dt.date, str] | None:
    """A full date alone on its line, maybe with a clock time ("2023-10-10 20:20:52", "2024.12.20"):
    under a title it is the page's date, though no label says so."""
    return parse_date(line) if _BARE.match(line) else None


def is_furniture_line(line: str) -> bool:
    """Whether one line of text is page furniture (breadcrumb, counter, footer, stamp, page action)."""
    line = line.strip()
    if not line:
        return False
    r = rules()
    if len(line) > r.max_length:
        return False
    line = simplified(line)
    for pattern in r.line_patterns:  # (a loop, not any() over a generator: this runs for every line)
        if pattern.search(line):
            return True
    return stamp_date(line) is not None


def date_from_url(url: str) -> tuple[dt.date, str] | None:
    """A publication date written in a page address (/2021/1228/, /202112/t20211228_123.html)."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url or "", flags=re.I)
    for pattern in rules().url_patterns:
        for m in pattern.finditer(path):
            date = make_date(m["y"], m["m"], m["d"])
            if date:
                return date, path[m.start("y"):m.end("d")]
    return None


def class_id_is_furniture(value: str) -> bool:
    """Whether an element's class/id names furniture ("nav", "left_menu", "footer-box", "dqwz")."""
    words = rules().class_id_words
    for token in re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", value).lower()):
        if token and any(token == w or (len(w) > 3 and token.startswith(w)) for w in words):
            return True
    return False


@dataclass(frozen=True, slots=True)
class TableRules:
    """Header vocabulary for rebuilding flattened tables ([tables] in furniture.toml)."""

    header_words: frozenset[str]
    header_suffixes: tuple[str, ...]
    time_headers: frozenset[str]
    max_cell_length: int


@lru_cache(maxsize=1)
def table_rules() -> TableRules:
    """The [tables] rules, validated once per process."""
    raw = tomllib.loads(resources.files("miner.data").joinpath("furniture.toml").read_text("utf-8"))
    tables = raw.get("tables")
    if not isinstance(tables, dict):
        raise ValueError("furniture.toml: missing section [tables]")
    limit = tables.get("max_cell_length")
    if not isinstance(limit, int) or limit <= 0:
        raise ValueError("furniture.toml: [tables] max_cell_length must be a positive integer")
    return TableRules(
        header_words=frozenset(_strings(tables, "header_words", "tables")),
        header_suffixes=_strings(tables, "header_suffixes", "tables"),
        time_headers=frozenset(_strings(tables, "time_headers", "tables")),
        max_cell_length=limit,
    )


def is_header_row(texts: Sequence[str]) -> bool:
    """Whether a row of cell texts is a header: two or more cells, at least two thirds header-like."""
    return len(texts) >= 2 and sum(map(is_header_cell, texts)) * 3 >= 2 * len(texts)


def is_header_cell(text: str) -> bool:
    """Whether a short cell reads like a column header (时间, 承办学校, 参加对象, ...)."""
    r = table_rules()
    text = simplified(re.sub(r"\s+", "", text))
    return text in r.header_words or (0 < len(text) <= 6 and text.endswith(r.header_suffixes))
