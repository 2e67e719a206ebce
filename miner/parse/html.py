"""The HTML reader for school CMS pages: main content, own title, page date, tables, no page furniture."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from miner.encoding import decode_html
from miner.parse.builder import CellInput, DocumentBuilder, MergedCell, clean_cell
from miner.parse.furniture import class_id_is_furniture, is_furniture_line, is_header_row, rules
from miner.parse.htmlmeta import find_attachments, find_date, find_title, squash
from miner.parse.registry import register
from miner.parse.structure import Classifier, numbering
from miner.records import Document, RawInput
from miner.settings import Settings

log = logging.getLogger(__name__)

BLOCK_TAGS = frozenset([
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "blockquote", "pre",
    "center",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "form", "fieldset", "address", "figure", "figcaption"])
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_PUNCT = re.compile(r"[，。、；：,;]")
_CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
MAX_SPAN = 50  # rowspan/colspan beyond this is a layout trick, not a table


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    kind: str | None  # "heading" / "list_item" from the markup, None when the text decides
    level: int


@dataclass(frozen=True, slots=True)
class _Table:
    rows: list[list[CellInput]]
    header: bool
    captions: tuple[str, ...] = ()  # <caption> and title rows spanning the whole table


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def parse_tree(html: str) -> etree._Element:
    """An lxml tree of the page (an XML declaration with an encoding is dropped first)."""
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    return lxml.html.document_fromstring(html or "<html></html>")


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def strip_boilerplate(root: etree._Element) -> None:
    """Remove comments, scripts, styles, <nav>, <footer>, <aside> and the like, in place."""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)
    for el in list(root.iter(*rules().drop_tags)):
        if _tag(el) == "header" and any(_tag(a) in ("article", "main") for a in el.iterancestors()):
            continue  # an article's own header holds its title
        _drop(el)


def _furniture_named(el: etree._Element) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(names) and class_id_is_furniture(names)


LINK_LIST_MIN = 3  # an element with this many links, mostly link text, is navigation
LINK_LIST_DENSITY = 0.6


def strip_furniture(content: etree._Element) -> None:
    """Inside the content, remove elements whose class/id names furniture (share bars, prev/next)
    and lists of links (menus, related articles) that the content element happens to hold."""
    total = len(squash(content.text_content())) or 1
    for el in list(content.iterdescendants()):
        if not _tag(el) or el.getparent() is None:
            continue
        size = len(squash(el.text_content()))
        if size >= total / 2:
            continue
        links = _tag(el) in ("ul", "ol", "dl", "div", "table", "p", "td", "span") and (
            len(el.findall(".//a")) >= LINK_LIST_MIN and _link_density(el, size) > LINK_LIST_DENSITY)
        if links or _furniture_named(el):
            _drop(el)


def _own_text(el: etree._Element) -> str:
    """Text of an element outside its block-level children (text in a div with <br>, a <p>'s text)."""
    parts = [el.text or ""]
    for child in el:
        if _tag(child) not in BLOCK_TAGS:
            parts.append(child.text_content() if _tag(child) != "br" else " ")
        parts.append(child.tail or "")
    return squash("".join(parts))


def _link_density(el: etree._Element, text_len: int) -> float:
    links = sum(len(squash(a.text_content())) for a in el.iter("a"))
    return min(links / text_len, 1.0) if text_len else 1.0


def main_content(root: etree._Element) -> etree._Element:
    """The element holding the article: readability-style scores from paragraph text and commas."""
    body = root.find("body")
    body = body if body is not None else root
    scores: dict[etree._Element, float] = {}
    for el in body.iter():
        if not _tag(el):
            continue
        own = _own_text(el)
        if len(own) < 10:
            continue
        weight = 1 + len(_PUNCT.findall(own)) + min(len(own) / 50, 5)
        holder = el if _tag(el) in ("div", "td", "section", "article", "main", "body") else el.getparent()
        for k, target in enumerate((holder, holder.getparent() if holder is not None else None)):
            if target is not None:
                scores[target] = scores.get(target, 0.0) + weight / (1 + k)
    if not scores:
        return body

    def final(el: etree._Element) -> float:
        inside_furniture = any(_furniture_named(a) for a in (el, *el.iterancestors()) if _tag(a) != "body")
        penalty = 0.2 if inside_furniture else 1.0
        return scores[el] * penalty * (1 - _link_density(el, len(squash(el.text_content()))))

    best = max(scores, key=final)
    while _tag(best) in ("p", "span", "font", "li", "tr", "tbody") and best.getparent() is not None:
        best = best.getparent()
    return best


def _is_data_table(table: etree._Element) -> bool:
    if table.find(".//table") is not None:
        return False
    rows = [tr for tr in table.iter("tr")]
    wide = sum(1 for tr in rows if len([c for c in tr if _tag(c) in ("td", "th")]) >= 2)
    return len(rows) >= 2 and wide >= 2


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def _fill(row: list[CellInput], col: int, pending: dict[int, list[Any]]) -> int:
    """Put the cells that rowspans from rows above carry into this row; the next free column."""
    while col in pending:
        cell, left = pending[col]
        row.append(cell)
        if left <= 1:
            del pending[col]
        else:
            pending[col][1] = left - 1
        col += 1
    return col


def _cell_text(cell: etree._Element) -> str:
    """A cell's text on one line: inline pieces joined as written, paragraphs and <br> as spaces."""
    text = ""
    for item in _walk(cell):
        if isinstance(item, _Line):
            cjk = text and _CJK.match(text[-1]) and _CJK.match(item.text[0])
            text += item.text if not text or cjk else " " + item.text
    return clean_cell(text)


def table_rows(table: etree._Element) -> _Table:
    """Rows of a data table; a rowspan/colspan cell is one MergedCell at every position it covers."""
    pending: dict[int, list[Any]] = {}  # column → [merged cell, rows still to cover]
    rows: list[list[CellInput]] = []
    header = False
    for n, tr in enumerate(table.iter("tr")):
        row: list[CellInput] = []
        col = 0
        cells = [c for c in tr if _tag(c) in ("td", "th")]
        for cell in cells:
            col = _fill(row, col, pending)
            text = _cell_text(cell)
            rowspan, colspan = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            value: CellInput = MergedCell(text) if rowspan > 1 or colspan > 1 else text
            for _ in range(colspan):
                row.append(value)
                if rowspan > 1:
                    pending[col] = [value, rowspan - 1]
                col += 1
        _fill(row, col, pending)
        if n == 0:
            in_head = tr.getparent() is not None and _tag(tr.getparent()) == "thead"
            texts = [_cell_text(c) for c in cells]
            header = in_head or all(_tag(c) == "th" for c in cells) or (
                is_header_row(texts))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    captions = [squash(c.text_content()) for c in table.iter("caption")]
    while len(rows) > 2 and width > 1 and all(c is rows[0][0] for c in rows[0]):
        captions.append(_cell_text_of(rows.pop(0)[0]))  # a title row spanning the whole table
        texts = [_cell_text_of(c) for c in rows[0]]
        header = is_header_row(texts)
    return _Table(rows, header, tuple(c for c in captions if c))


def _cell_text_of(cell: CellInput) -> str:
    return cell.text if isinstance(cell, MergedCell) else (cell or "")


def _walk(el: etree._Element, depth: int = 0) -> Iterator[_Line | _Table]:
    """Lines and tables of the content element, in reading order."""
    buffer: list[str] = []

    def flush(kind: str | None = None, level: int = 0) -> Iterator[_Line]:
        text = squash("".join(buffer))
        buffer.clear()
        if text:
            yield _Line(text, kind, level)

    buffer.append(el.text or "")
    for child in el:
        tag = _tag(child)
        if tag == "br":
            yield from flush()
        elif tag == "table" and _is_data_table(child):
            yield from flush()
            yield table_rows(child)
        elif tag in _HEADINGS:
            yield from flush()
            buffer.append(child.text_content())
            yield from flush("heading", _HEADINGS[tag])
        elif tag == "li":
            yield from flush()
            for item in _walk(child, depth):
                plain = isinstance(item, _Line) and not item.kind
                yield _Line(item.text, "list_item", max(depth, 1)) if plain else item  # type: ignore[union-attr]
        elif tag in BLOCK_TAGS:
            yield from flush()
            yield from _walk(child, depth + (tag in ("ul", "ol")))
        elif tag:
            if child.find(".//br") is not None or any(_tag(d) in BLOCK_TAGS for d in child.iterdescendants()):
                yield from flush()
                yield from _walk(child, depth)
            else:
                buffer.append(child.text_content())
        buffer.append(child.tail or "")
    yield from flush()


def html_document(html: str, *, doc_id: str, source: str, encoding: str | None = None,
                  url: str | None = None, meta: dict[str, Any] | None = None) -> Document:
    """A Document from a decoded page: title, date, attachments, content blocks without furniture."""
    root = parse_tree(html)
    out_meta = dict(meta or {})
    out_meta["attachments"] = find_attachments(root, url)
    strip_boilerplate(root)
    content = main_content(root)
    near = content.getparent() if content.getparent() is not None else content
    title, title_el = find_title(root, out_meta.get("article_title"), near=near)
    body = root.find("body")
    near_lines = [i.text for i in _walk(near) if isinstance(i, _Line)]
    page_lines = [i.text for i in _walk(body if body is not None else root) if isinstance(i, _Line)]
    at = next((k for k, line in enumerate(near_lines) if title and title in line), 0)
    first = next((i.text for i in _walk(content) if isinstance(i, _Line) and i.text != title), None)
    stop = next((k for k in range(at + 1, len(near_lines)) if near_lines[k] == first), len(near_lines))
    date = find_date(near_lines + page_lines, root, url, head=near_lines[at:stop])
    strip_furniture(content)
    builder = DocumentBuilder()
    if title:
        builder.heading(title, level=0)
    furniture: list[str] = []
    items = list(_walk(content))
    classifier = Classifier()
    for k, item in enumerate(items):
        if isinstance(item, _Table):
            for caption in item.captions:
                builder.paragraph(caption)
            builder.table(item.rows, header=item.header)
            continue
        if item.text == title or (title_el is not None and k < 3 and item.text in title):
            continue
        if is_furniture_line(item.text):
            furniture.append(item.text)
            continue
        nxt = items[k + 1] if k + 1 < len(items) else None
        kind, level = classifier.classify(item.text, nxt.text if isinstance(nxt, _Line) else None,
                                          has_next=nxt is not None)
        if item.kind == "heading":
            marker = numbering(item.text)
            kind, level = "heading", marker[0] if marker and marker[1] == "heading" else item.level
        elif item.kind == "list_item" and kind == "paragraph":
            kind, level = "list_item", item.level
        builder.text_block(kind, item.text, level)  # type: ignore[arg-type]
    out_meta["furniture"] = furniture
    if date is not None:
        out_meta["published_origin"] = date.origin
    return builder.build(doc_id=doc_id, source=source, format="html", title=title, encoding=encoding,
                         meta=out_meta, published=date.date if date else None,
                         published_text=date.text if date else None)


@register("html", ".html", ".htm", ".shtml", ".jsp", ".asp", ".aspx", ".php")
def read(raw: RawInput, doc_id: str, settings: Settings) -> Document:
    """Read one school web page (charset from HTTP, <meta> or detection)."""
    html, encoding = decode_html(raw.data, raw.content_type)
    url = raw.meta.get("page_url") or (raw.source if re.match(r"https?://", raw.source) else None)
    return html_document(html, doc_id=doc_id, source=raw.source, encoding=encoding, url=url,
                         meta=dict(raw.meta))
