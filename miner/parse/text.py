"""The plain-text reader: decode, normalise, rebuild flattened tables, find structure and page furniture."""

from __future__ import annotations

import csv
import logging
from collections import Counter
from pathlib import PurePosixPath
from typing import Any

from miner.encoding import charset_of, decode
from miner.parse.builder import DocumentBuilder, normalise, wrap_long_lines
from miner.parse.flattened import rebuild_tables
from miner.parse.furniture import bare_date, is_furniture_line, is_header_row, stamp_date
from miner.parse.markup import readable
from miner.parse.registry import register
from miner.parse.structure import iter_lines, split_blocks
from miner.records import Block, Document, RawInput
from miner.settings import Settings

log = logging.getLogger(__name__)

STAMP_LINES = 10  # the publication stamp sits under the title: look at this many first lines
HEAD_LINES = 4  # and a date alone on its line (no label) among this many is the page's date too


def _empty_cell_lines(decoded: str) -> frozenset[int]:
    """Lines holding only whitespace (a tab-only line is an empty table cell, not a row break)."""
    lines = decoded.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return frozenset(i for i, line in enumerate(lines)
                     if line and not line.strip(" \t\u3000\xa0\ufeff\u200b\u200c\u200d\u2060"))


def text_document(decoded: str, *, doc_id: str, source: str, format: str = "txt",
                  encoding: str | None = None, meta: dict[str, Any] | None = None) -> Document:
    """A Document from already decoded plain text (also used for text that other readers extract).

    The text stays as written (normalised; whitespace runs inside rebuilt table cells become one
    space). Page-furniture lines (浏览量, Copyright, 备案号, ...) stay in the text but get no block;
    their spans and lines are listed in meta["furniture_spans"] and meta["furniture"].
    """
    text = wrap_long_lines(normalise(decoded))
    empty = _empty_cell_lines(decoded)
    if text.count("\n") != decoded.replace("\r\n", "\n").replace("\r", "\n").count("\n"):
        empty = frozenset()  # line numbers moved during normalisation: rely on blank lines alone
    text, tables = rebuild_tables(text, empty)
    table_spans = [(b.start, b.end) for b in tables]
    furniture: list[tuple[int, int]] = []
    published = published_text = None
    for n, line in enumerate(line for line in iter_lines(text) if line.text):
        if any(s <= line.start < e for s, e in table_spans):
            continue
        if n < STAMP_LINES and published is None:
            found = stamp_date(line.text) or (bare_date(line.text) if n < HEAD_LINES else None)
            if found:
                published, published_text = found
                furniture.append((line.start, line.end))
                continue
        if is_furniture_line(line.text) and stamp_date(line.text) is None:
            furniture.append((line.start, line.end))
    blocks: list[Block] = split_blocks(text, tables=table_spans, skip=furniture, title=True)
    blocks = sorted(blocks + tables, key=lambda b: b.start)
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 0), "")
    if not title:
        title = next((b.text.split("\n")[0] for b in blocks if b.kind != "table"), "")
    out_meta = dict(meta or {})
    out_meta["furniture"] = [text[s:e] for s, e in furniture]
    out_meta["furniture_spans"] = [[s, e] for s, e in furniture]
    return Document(doc_id=doc_id, source=source, format=format, title=title, text=text,
                    blocks=tuple(blocks), encoding=encoding, published=published,
                    published_text=published_text, meta=out_meta)


@register("txt", ".txt", ".text")
def read(raw: RawInput, doc_id: str, settings: Settings) -> Document:
    """Read a plain-text file in any encoding Chinese sites use (P004 for binary data); a file that
    holds HTML source is read without its markup (parse/markup.py)."""
    decoded, encoding = decode(raw.data, declared=charset_of(raw.content_type))
    log.debug("%s decoded as %s", raw.source, encoding)
    decoded, stripped = readable(decoded)
    meta = {**raw.meta, "markup": "html"} if stripped else dict(raw.meta)
    return text_document(decoded, doc_id=doc_id, source=raw.source, encoding=encoding, meta=meta)


def _csv_rows(text: str) -> list[list[str]]:
    """Rows of a CSV text; the delimiter is the one giving the most lines the same number of fields."""
    lines = text.splitlines()
    best, best_score = ",", (0, 0)
    for delimiter in (",", "\t", ";", "|", "，"):
        widths = Counter(len(row) for row in csv.reader(lines[:200], delimiter=delimiter))
        width, count = widths.most_common(1)[0] if widths else (1, 0)
        if width > 1 and (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return [row for row in csv.reader(lines, delimiter=best) if any(c.strip() for c in row)]


@register("csv", ".csv")
def read_csv(raw: RawInput, doc_id: str, settings: Settings) -> Document:
    """Read a CSV export (an activity list, a 行事历): one-cell rows on top are titles, the rest a table."""
    decoded, encoding = decode(raw.data, declared=charset_of(raw.content_type))
    rows = _csv_rows(normalise(decoded))
    builder = DocumentBuilder()
    titles: list[str] = []
    while len(rows) > 1 and sum(1 for c in rows[0] if c.strip()) == 1:
        titles.append(next(c for c in rows.pop(0) if c.strip()))
    for n, line in enumerate(titles):
        builder.text_block("heading" if n == 0 else "paragraph", line, 0)
    if rows:
        first = [c.strip() for c in rows[0] if c.strip()]
        builder.table(rows, header=is_header_row(first))
    title = titles[0].strip() if titles else PurePosixPath(raw.name).stem
    return builder.build(doc_id=doc_id, source=raw.source, format="csv", title=title, encoding=encoding,
                         meta=dict(raw.meta))
