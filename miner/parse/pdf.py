"""Read PDF files (PDFium text, pdfplumber's table finder): reflowed paragraphs, headings, ruled tables."""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from miner.errors import ParseError
from miner.parse.builder import CellInput, DocumentBuilder, MergedCell
from miner.parse.docx import choose_title, classify_text, looks_like_header
from miner.parse.pdfium_layer import PageLayer, read_pages
from miner.parse.registry import register
from miner.records import Document, RawInput
from miner.settings import Settings

log = logging.getLogger(__name__)

# Page furniture: page numbers in their usual Chinese and Latin forms.
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|[-—–]\s*\d+\s*[-—–]|"
    r"\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?|\d{1,4})$", re.IGNORECASE)
# A line that starts a new paragraph whatever the layout says: outline numbers and bullets.
_STARTS_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|"
    r"[①-⑳]|第[一二三四五六七八九十\d]+[章节部分条]|[•●○■□◆◇▪▶➢✓√·\-–—]|[\ue000-\uf8ff])")
_BULLET = re.compile(r"^[•●○■□◆◇▪▶➢✓√·\ue000-\uf8ff]\s*")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int


@dataclass(slots=True)
class Para:
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        out = ""
        for line in self.lines:
            out = join_lines(out, line.text)
        return out


def join_lines(left: str, right: str) -> str:
    """Join two pieces of a broken line: no space between Chinese pieces, one between Latin words."""
    if not left:
        return right
    if not right:
        return left
    a, b = left[-1], right[0]
    if a.isascii() and b.isascii() and (a.isalpha() or a in ",;:") and b.isalnum():
        return f"{left} {right}"
    return left + right


def group_lines(chars: list[dict[str, Any]], page: int) -> list[Line]:
    """Cluster characters into lines by their top, then order each line left to right."""
    chars = sorted((c for c in chars if c.get("text", "").strip() or c.get("text") == " "),
                   key=lambda c: (round(c["top"]), c["x0"]))
    rows: list[list[dict[str, Any]]] = []
    for ch in chars:
        if rows and abs(ch["top"] - rows[-1][0]["top"]) <= max(2.0, 0.3 * ch["size"]):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for ch in row:
            if prev is not None and ch["x0"] - prev["x1"] > 0.6 * ch["size"] and not text.endswith(" "):
                text += " "
            text += ch["text"]
            prev = ch
        text = text.strip()
        if not text:
            continue
        sizes = [c["size"] for c in row]
        lines.append(Line(text, row[0]["x0"], row[-1]["x1"], min(c["top"] for c in row),
                          max(c["bottom"] for c in row), statistics.median(sizes),
                          sum("bold" in c.get("fontname", "").lower() for c in row) > len(row) / 2, page))
    return lines


def _inside(ch: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _cell_text(chars: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> str:
    """A cell's lines: a line that filled the cell's width continues; a short one ends an item."""
    lines = group_lines([c for c in chars if _inside(c, bbox)], 0)
    out = ""
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is None:
            out = line.text
        elif prev.x1 < bbox[2] - 2.5 * prev.size or _STARTS_ITEM.match(line.text):
            out += " " + line.text
        else:
            out = join_lines(out, line.text)
    return out


def table_grid(table: Any, chars: list[dict[str, Any]]) -> list[list[CellInput]]:
    """A pdfplumber table as rows of cells; a cell spanning grid positions becomes a MergedCell."""
    rows = [list(r.cells) for r in table.rows]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    col_span = [min(((c[0], c[2]) for r in rows if (c := r[j]) is not None),
                    key=lambda s: s[1] - s[0], default=None) for j in range(width)]
    row_span = [min(((c[1], c[3]) for c in r if c is not None), key=lambda s: s[1] - s[0],
                    default=None) for r in rows]
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if cell is not None:
                owner[(i, j)] = (i, j)
                continue
            if col_span[j] is None or row_span[i] is None:
                continue
            cx, cy = sum(col_span[j]) / 2, sum(row_span[i]) / 2  # type: ignore[arg-type]
            for (k, m), _ in list(owner.items())[::-1]:
                box = rows[k][m]
                if box is not None and box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                    owner[(i, j)] = (k, m)
                    break
    covers = Counter(owner.values())
    texts = {pos: _cell_text(chars, rows[pos[0]][pos[1]]) for pos in covers}  # type: ignore[arg-type]
    merged = {pos: MergedCell(texts[pos]) for pos, n in covers.items() if n > 1}
    grid: list[list[CellInput]] = []
    for i in range(len(rows)):
        out: list[CellInput] = []
        for j in range(width):
            pos = owner.get((i, j))
            out.append(None if pos is None else merged.get(pos, texts[pos]))
        grid.append(out)
    return grid


def _furniture_keys(pages: list[list[Line]], heights: list[float]) -> set[str]:
    """Lines near the top or bottom edge that repeat on most pages (digits ignored)."""
    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        edge = [ln for ln in (lines[:2] + lines[-2:]) if ln.top < 0.12 * height or ln.bottom > 0.88 * height]
        counts.update({_key(ln.text) for ln in edge})
    need = max(2, int(0.6 * len(pages) + 0.5))
    return {k for k, n in counts.items() if n >= need} if len(pages) >= 2 else set()


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _is_furniture(line: Line, height: float, repeated: set[str]) -> bool:
    near_edge = line.top < 0.12 * height or line.bottom > 0.88 * height
    return near_edge and (bool(_PAGE_NUMBER.match(line.text.strip())) or _key(line.text) in repeated)


def _paragraphs(lines: list[Line], left: float, right: float, body: float) -> list[Para]:
    paras: list[Para] = []
    for line in lines:
        prev = paras[-1].lines[-1] if paras else None
        new = (
            prev is None
            or bool(_STARTS_ITEM.match(line.text))
            or prev.x1 < right - 2 * prev.size  # the line above stopped short: it ended a paragraph
            or line.x0 > left + 1.5 * line.size  # first-line indent or centred line
            or abs(line.size - prev.size) > 0.15 * body
            or line.bold != prev.bold
            or (line.page == prev.page and line.top - prev.bottom > 1.2 * max(line.size, prev.size))
        )
        if new:
            paras.append(Para())
        paras[-1].lines.append(line)
    return paras


def _emit(builder: DocumentBuilder, para: Para, body: float, big_sizes: list[float],
          left: float, right: float) -> None:
    text = para.text
    first = para.lines[0]
    size = first.size
    if size > body * 1.15:
        level = next((i + 1 for i, s in enumerate(big_sizes) if abs(s - size) < 0.5), 1)
        builder.heading(text, level)
        return
    centred = first.x0 > left + 2 * size and abs((first.x0 + first.x1) / 2 - (left + right) / 2) < 2 * size
    if len(para.lines) == 1 and len(text) <= 40 and (first.bold or centred) and text[-1] not in "。；;，,：:":
        builder.heading(text, len(big_sizes) + 1)
        return
    if _BULLET.match(text):
        builder.list_item(_BULLET.sub("", text), 0)
        return
    kind, level = classify_text(text)
    builder.text_block(kind, text, level)


def _open(data: bytes, max_pages: int = 0) -> Any:
    """The PDF, with at most `max_pages` + 1 of its pages loaded (0: all; the one more tells that
    there are more than the limit)."""
    import pdfplumber

    try:
        pages = list(range(1, max_pages + 2)) if max_pages > 0 else None
        return pdfplumber.open(io.BytesIO(data), pages=pages)
    except Exception as exc:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        reason = type(inner).__name__ + (f": {inner}" if str(inner) else "")
        if "password" in reason.lower() or "encrypt" in reason.lower():
            raise ParseError("not a readable PDF file: it is password-protected", code="P003") from exc
        raise ParseError(f"not a valid PDF file: the file is truncated or damaged ({reason})",
                         code="P003") from exc


def _read_layers(data: bytes, max_pages: int = 0) -> tuple[list[PageLayer], dict[str, Any]]:
    """Characters, tables and images of the first `max_pages` pages (0: every page), and the metadata
    with `pages`, the number the file declares: through PDFium, or pdfplumber where PDFium cannot be
    trusted with the file (pdfplumber then also says what is wrong with a broken one)."""
    fast = read_pages(data, max_pages)
    if fast is not None:
        return fast
    with _open(data, max_pages) as pdf:
        try:
            layers = []
            every = pdf.pages
            total = len(every)
            if 0 < max_pages < total:
                every = every[:max_pages]
            for page in every:
                found = page.find_tables()
                page = page.dedupe_chars()  # text drawn twice to look bold counts once
                layers.append(PageLayer(page.chars, found, float(page.height), len(page.images)))
            return layers, {**dict(pdf.metadata or {}), "pages": str(total)}
        except ParseError:
            raise
        except Exception as exc:
            raise ParseError(f"not a readable PDF file: {type(exc).__name__}: {exc}", code="P003") from exc


def read_pdf_bytes(data: bytes, *, doc_id: str, source: str, settings: Settings,
                   meta: dict[str, Any] | None = None) -> Document:
    """Bytes of a PDF → Document. Raises ParseError P005 when there is no text layer."""
    meta = dict(meta or {})
    max_pages = settings.ingest.max_pdf_pages
    layers, info = _read_layers(data, max_pages)
    if 0 < max_pages < int(info.get("pages") or 0):
        meta["pages_skipped"] = f"only the first {max_pages} pages were read ([ingest] max_pdf_pages)"
    pages, tables, heights, images = [], [], [], 0
    for number, layer in enumerate(layers, start=1):
        # a ruled box round the whole page or a passage is a frame, not a table
        found = [t for t in layer.tables if len(t.cells) > 1]
        boxes = [t.bbox for t in found]
        body_chars = [c for c in layer.chars if not any(_inside(c, b) for b in boxes)]
        pages.append(group_lines(body_chars, number))
        tables.append([(t.bbox[1], table_grid(t, layer.chars)) for t in found])
        heights.append(layer.height)
        images += layer.images
    all_text = "".join(ln.text for lines in pages for ln in lines)
    all_text += "".join(str(c or "") for ts in tables for _, g in ts for r in g for c in r
                        if not isinstance(c, MergedCell))
    if len(_CID.findall(all_text)) * 8 > max(len(all_text), 1):
        raise ParseError("the PDF's fonts have no Unicode map, so its text cannot be decoded; run OCR "
                         "on it", code="P004")
    repeated = _furniture_keys(pages, heights)
    furniture: list[str] = []
    kept: list[list[Line]] = []
    for lines, height in zip(pages, heights, strict=True):
        keep = []
        for ln in lines:
            if _is_furniture(ln, height, repeated):
                if ln.text not in furniture and not _PAGE_NUMBER.match(ln.text.strip()):
                    furniture.append(ln.text)
            else:
                keep.append(ln)
        kept.append(keep)
    body_lines = [ln for lines in kept for ln in lines]
    has_tables = any(ts for ts in tables)
    if not body_lines and not has_tables:
        raise ParseError("no text layer: this PDF looks scanned; run OCR first", code="P005")
    sizes = Counter(round(ln.size, 1) for ln in body_lines for _ in ln.text) or Counter({10.0: 1})
    body = sizes.most_common(1)[0][0]
    big_sizes = sorted({round(ln.size, 1) for ln in body_lines if ln.size > body * 1.15}, reverse=True)
    normal = [ln for ln in body_lines if abs(ln.size - body) < 0.5] or body_lines or [Line("", 0, 0, 0, 0, 10,
                                                                                           False, 0)]
    left = Counter(round(ln.x0) for ln in normal).most_common(1)[0][0]
    ends = sorted(ln.x1 for ln in normal)
    right = ends[int(0.9 * (len(ends) - 1))]  # the right margin; one overlong line must not move it
    builder = DocumentBuilder()
    run: list[Line] = []  # lines since the last table: a paragraph may go on over a page break
    for lines, page_tables in zip(kept, tables, strict=True):
        items: list[tuple[float, Any]] = [(ln.top, ln) for ln in lines] + list(page_tables)
        items.sort(key=lambda item: item[0])
        for _, item in items:
            if isinstance(item, Line):
                run.append(item)
                continue
            for para in _paragraphs(run, left, right, body):
                _emit(builder, para, body, big_sizes, left, right)
            run = []
            builder.table(item, header=looks_like_header(item))
    for para in _paragraphs(run, left, right, body):
        _emit(builder, para, body, big_sizes, left, right)
    meta.update({"pages": len(pages), "images": images})
    if furniture:
        meta["furniture"] = furniture
    core = str(info.get("Title") or "").strip()
    if core:
        meta["core_title"] = core
    draft = builder.build(doc_id=doc_id, source=source, format="pdf", meta=meta)
    return builder.build(doc_id=doc_id, source=source, format="pdf", title=choose_title(core, draft),
                         meta=meta)


@register("pdf", ".pdf")
def read(raw: RawInput, doc_id: str, settings: Settings) -> Document:
    return read_pdf_bytes(raw.data, doc_id=doc_id, source=raw.source, settings=settings,
                          meta=dict(raw.meta))
