"""Read Word .docx files (python-docx): headings, lists, paragraphs and tables with merged cells."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from miner.errors import ParseError
from miner.parse.builder import CellInput, DocumentBuilder, MergedCell, clean_cell
from miner.parse.registry import register
from miner.parse.structure import HEADING_MAX, numbering
from miner.records import BlockKind, Document, RawInput
from miner.settings import Settings

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_TEXTBOXES = etree.XPath(".//w:txbxContent[not(ancestor::mc:Fallback)]", namespaces=_NS)
_P, _TBL, _SDT = f"{{{W}}}p", f"{{{W}}}tbl", f"{{{W}}}sdt"
# Inside a paragraph: what paragraph_text skips (deleted text, text boxes read separately, the
# fallback copy of alternate content, field codes, properties) and what stands for a character.
_SKIP = {f"{{{W}}}{t}" for t in ("del", "txbxContent", "instrText", "delText", "pPr", "rPr", "fldData")}
_SKIP.add(f"{{{_NS['mc']}}}Fallback")
_CHARS = {f"{{{W}}}tab": "\t", f"{{{W}}}ptab": "\t", f"{{{W}}}cr": "\n", f"{{{W}}}noBreakHyphen": "-"}

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题", "subtitle", "副标题"}
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d*$", re.IGNORECASE)
# Core-property titles that say nothing about the document (templates, editors' defaults).
_JUNK_TITLE = re.compile(
    r"^(?:untitled|无标题|新建|文档\s*\d*|document\s*\d*|microsoft word|wps|title|标题|"
    r"[\W\d_]*)$", re.IGNORECASE)


# --- zip safety, shared by every reader of zipped Office formats -----------------------------

def check_zip(data: bytes, settings: Settings, label: str, required: str | None = None) -> None:
    """Refuse a truncated zip, a zip bomb or a zip without `required`, before any library opens it.

    The declared sizes are checked against settings.ingest.max_unzipped_mb and the compression
    ratio against max_zip_ratio; then every member is inflated by streaming, with the same cap,
    since a member may inflate far beyond what it declares (and zipfile's own read would hold it
    all in memory before noticing).
    """
    from miner.safezip import ZipLimitError, check_members

    limit = settings.ingest.max_unzipped_mb * 1024 * 1024
    bomb = (f"this {label} file expands beyond the {settings.ingest.max_unzipped_mb:g} MB limit "
            "(a zip bomb?); raise [ingest] max_unzipped_mb to read it")
    damaged = f"not a valid {label} file: the file is truncated or damaged"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos)
            if total > limit:
                raise ParseError(f"{bomb} (it declares {total / 1e6:.0f} MB)", code="P006")
            ratio = total / max(packed, 1)
            if total > 1024 * 1024 and ratio > settings.ingest.max_zip_ratio:
                raise ParseError(
                    f"this {label} file compresses {ratio:.0f}:1, beyond the "
                    f"{settings.ingest.max_zip_ratio:g}:1 limit (a zip bomb?); raise [ingest] "
                    "max_zip_ratio to read it", code="P006")
            if required and required not in {i.filename for i in infos}:
                raise ParseError(f"not a valid {label} file: the zip archive has no {required}", code="P003")
            check_members(zf, data, int(limit))
    except ZipLimitError as exc:
        raise ParseError(bomb, code="P006") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError) as exc:
        raise ParseError(f"{damaged} ({exc})", code="P003") from exc


def looks_like_header(rows: list[list[CellInput]]) -> bool:
    """Whether the first row reads like column labels (时间 | 内容 | 负责人): short text, no digits."""
    if len(rows) < 2:
        return False
    texts = [clean_cell(c.text if isinstance(c, MergedCell) else (c or "")) for c in rows[0]]
    filled = [t for t in texts if t]
    return (len(filled) >= 2 and len(filled) >= len(texts) - 1
            and all(len(t) <= 12 and not re.search(r"\d", t) for t in filled))


# --- paragraphs --------------------------------------------------------------------------------

def classify_text(text: str) -> tuple[BlockKind, int]:
    """Kind and level of an unstyled paragraph from its written numbering (一、 （一） 1、 ①):
    a short numbered line without a sentence in it is a heading, a longer one a list item."""
    stripped = text.strip()
    marker = numbering(stripped)
    if marker is None:
        return "paragraph", 0
    level, kind, _ = marker
    bare = stripped.rstrip("：:")
    if (kind == "heading" and 0 < len(bare) <= HEADING_MAX and bare[-1] not in "。；;，,、！!？?"
            and not re.search(r"[。！？!?；;]", bare)):
        return "heading", level
    return "list_item", level


_XPATHS: dict[str, etree.XPath] = {}


def _val(el: Any, path: str) -> str | None:
    """The first string `path` finds under `el` (compiled once per path), or None."""
    if el is None:
        return None
    if path not in _XPATHS:
        _XPATHS[path] = etree.XPath(path, namespaces=_NS)
    found = _XPATHS[path](el)
    return str(found[0]) if isinstance(found, list) and found else None


@dataclass(frozen=True, slots=True)
class StyleInfo:
    """What a paragraph style (with the styles it is based on) says about structure."""

    heading: int = 0  # 1-based heading level from the name (Heading N, 标题 N, Title)
    outline: int | None = None  # w:outlineLvl (0-based; 9 = body text)
    num_id: str | None = None
    ilvl: str | None = None
    toc: bool = False
    centred: bool = False


class ParagraphStyles:
    """The paragraph styles of one document, read once from styles.xml (python-docx's own style
    lookup re-scans the styles part for every paragraph, which dominates reading time)."""

    def __init__(self, styles_el: Any) -> None:
        self._raw: dict[str, Any] = {}
        self.default: str | None = None
        for st in styles_el.iterchildren(f"{{{W}}}style"):
            if st.get(f"{{{W}}}type") != "paragraph":
                continue
            sid = st.get(f"{{{W}}}styleId") or ""
            self._raw[sid] = st
            if st.get(f"{{{W}}}default") in ("1", "true", "on") and self.default is None:
                self.default = sid
        self._cache: dict[str | None, StyleInfo] = {}

    def get(self, style_id: str | None) -> StyleInfo:
        style_id = style_id if style_id in self._raw else self.default
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id, 0)
        return self._cache[style_id]

    def _resolve(self, style_id: str | None, depth: int) -> StyleInfo:
        st = self._raw.get(style_id or "")
        if st is None or depth > 10:
            return StyleInfo()
        base_id = _val(st, "./w:basedOn/@w:val")
        base = self._resolve(base_id, depth + 1) if base_id and base_id != style_id else StyleInfo()
        name = (_val(st, "./w:name/@w:val") or "").strip()
        match = _HEADING_STYLE.match(name)
        heading = max(1, int(match.group(1))) if match else 1 if name.lower() in _TITLE_STYLES else 0
        outline = _val(st, "./w:pPr/w:outlineLvl/@w:val")
        num_id = _val(st, "./w:pPr/w:numPr/w:numId/@w:val")
        jc = _val(st, "./w:pPr/w:jc/@w:val")
        return StyleInfo(
            heading=heading or base.heading,
            outline=int(outline) if outline and outline.isdigit() else base.outline,
            num_id=num_id if num_id is not None else base.num_id,
            ilvl=_val(st, "./w:pPr/w:numPr/w:ilvl/@w:val") if num_id is not None else base.ilvl,
            toc=bool(_TOC_STYLE.match(name)) or base.toc,
            centred=jc == "center" if jc is not None else base.centred)


def _style_of(p_el: Any, styles: ParagraphStyles) -> StyleInfo:
    return styles.get(_val(p_el, "./w:pPr/w:pStyle/@w:val"))


def heading_level(p_el: Any, styles: ParagraphStyles) -> int:
    """1-based heading level from the style name (Heading N, 标题 N, Title) or outline level; 0 if none."""
    style = _style_of(p_el, styles)
    if style.heading:
        return style.heading
    outline = _val(p_el, "./w:pPr/w:outlineLvl/@w:val")
    level = int(outline) if outline and outline.isdigit() else style.outline
    return level + 1 if level is not None and level < 9 else 0


def list_level(p_el: Any, styles: ParagraphStyles) -> int | None:
    """0-based list level when the paragraph is numbered (numPr on it or on its style), else None."""
    num_id = _val(p_el, "./w:pPr/w:numPr/w:numId/@w:val")
    ilvl = _val(p_el, "./w:pPr/w:numPr/w:ilvl/@w:val")
    if num_id is None:
        style = _style_of(p_el, styles)
        num_id, ilvl = style.num_id, ilvl or style.ilvl
    if num_id is None or num_id == "0":  # none, or numbering explicitly switched off
        return None
    return int(ilvl) if ilvl and ilvl.isdigit() else 0


def paragraph_text(p_el: Any) -> str:
    """A paragraph's text in reading order, including runs that python-docx's Paragraph.text
    leaves out (tracked insertions w:ins, smart tags, simple fields, custom XML); deleted text,
    field codes and text boxes are not part of it."""
    out: list[str] = []
    t_tag, br_tag = f"{{{W}}}t", f"{{{W}}}br"

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == t_tag:
                out.append(child.text or "")
            elif tag == br_tag:
                if child.get(f"{{{W}}}type") not in ("page", "column"):
                    out.append("\n")
            elif tag in _CHARS:
                out.append(_CHARS[tag])
            else:
                walk(child)

    walk(p_el)
    return "".join(out)


def _kind_level(text: str, p_el: Any, styles: ParagraphStyles) -> tuple[BlockKind, str, int]:
    """An unstyled paragraph: numbered headings and items by their numbering; a short centred line
    without a sentence in it (the way most Chinese documents set their titles) is a heading."""
    kind, level = classify_text(text)
    if kind == "paragraph":
        jc = _val(p_el, "./w:pPr/w:jc/@w:val")
        centred = jc == "center" if jc is not None else _style_of(p_el, styles).centred
        bare = text.strip()
        if centred and 0 < len(bare) <= 40 and not re.search(r"[。！？!?；;，,、]", bare):
            return "heading", text, 1
    return kind, text, level


def _textbox_paragraphs(p_el: Any) -> list[str]:
    """Text of text boxes anchored in a paragraph (the mc:Fallback copy is skipped)."""
    out = []
    for box in _TEXTBOXES(p_el):
        for p in box.iter(_P):
            text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
            if text.strip():
                out.append(text)
    return out


# --- block walk --------------------------------------------------------------------------------

def _block_elements(container: Any) -> Iterator[Any]:
    """w:p and w:tbl children in document order, looking inside content controls (w:sdt)."""
    for child in container.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(f"{{{W}}}sdtContent"):
                yield from _block_elements(content)


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs, with nested tables flattened row by row (cells ' ', rows '；')."""
    from docx.table import Table

    parts: list[str] = []
    for el in _block_elements(cell._tc):
        if el.tag == _P:
            parts.append(paragraph_text(el))
        else:
            rows = _table_grid(Table(el, cell))
            lines = []
            for row in rows:
                seen: list[str] = []
                for c in row:
                    text = clean_cell(c.text if isinstance(c, MergedCell) else (c or ""))
                    if text and (not isinstance(c, MergedCell) or text not in seen):
                        seen.append(text)
                if seen:
                    lines.append(" ".join(seen))
            parts.append("；".join(lines))
    return "\n".join(p for p in parts if p.strip())


def _table_grid(table: Any) -> list[list[CellInput]]:
    """Rows of cell inputs; a cell spanning several grid positions becomes one MergedCell."""
    rows = list(table.rows)
    row_cells = [list(r.cells) for r in rows]  # keep the proxies alive: ids stay stable
    counts: dict[int, int] = {}
    for cells in row_cells:
        for c in cells:
            counts[id(c._tc)] = counts.get(id(c._tc), 0) + 1
    merged: dict[int, MergedCell] = {}
    grid: list[list[CellInput]] = []
    for row, cells in zip(rows, row_cells, strict=True):
        out: list[CellInput] = [None] * row.grid_cols_before
        for c in cells:
            key = id(c._tc)
            if counts[key] > 1:
                if key not in merged:
                    merged[key] = MergedCell(_cell_text(c))
                out.append(merged[key])
            else:
                out.append(_cell_text(c))
        out.extend([None] * row.grid_cols_after)
        grid.append(out)
    return grid


def _has_repeat_header(table: Any) -> bool:
    return bool(table._tbl.xpath("./w:tr[1]/w:trPr/w:tblHeader"))


def _walk(container_el: Any, parent: Any, builder: DocumentBuilder, styles: ParagraphStyles,
          depth: int = 0) -> None:
    from docx.table import Table

    for el in _block_elements(container_el):
        if el.tag == _P:
            if _style_of(el, styles).toc:
                continue  # a table of contents repeats the headings
            text = paragraph_text(el)
            level = heading_level(el, styles)
            if level:
                builder.heading(text, level)
            else:
                lst = list_level(el, styles)
                if lst is not None:
                    builder.list_item(text, lst)
                else:
                    builder.text_block(*_kind_level(text, el, styles))
            for box in _textbox_paragraphs(el):
                builder.paragraph(box)
            continue
        table = Table(el, parent)
        grid = _table_grid(table)
        distinct = {id(c) if isinstance(c, MergedCell) else (r, i)
                    for r, row in enumerate(grid) for i, c in enumerate(row) if c is not None}
        if len(distinct) == 1 and depth < 5:
            # a one-cell table is a frame around content: read what is inside it as blocks
            cell = table.rows[0].cells[0]
            _walk(cell._tc, cell, builder, styles, depth + 1)
            continue
        builder.table(grid, header=_has_repeat_header(table) or looks_like_header(grid))


def _span(el: Any, max_cols: int) -> int:
    """The integer of a w:gridSpan/gridBefore/gridAfter element, clamped to 0..max_cols."""
    raw = (el.get(f"{{{W}}}val") or "").strip() if el is not None else "1"
    return min(int(raw), max_cols) if raw.isdigit() else 1


def clamp_tables(body: Any, max_rows: int, max_cols: int, max_cells: int) -> bool:
    """Cut every table to `max_rows` rows, `max_cols` grid columns a row (spans included) and
    `max_cells` grid positions, in place: python-docx repeats a cell once per grid column it
    spans, so `w:gridSpan="2000000000"` would fill memory. True when anything was cut."""
    cut = False
    val = f"{{{W}}}val"
    for tbl in list(body.iter(_TBL)):
        for tr in tbl.findall(f"{{{W}}}tr")[max_rows:]:
            tbl.remove(tr)
            cut = True
        positions = 0
        for tr in tbl.findall(f"{{{W}}}tr"):
            if positions >= max_cells:
                tbl.remove(tr)
                cut = True
                continue
            width = 0
            for tag in ("gridBefore", "gridAfter"):
                for el in tr.iterfind(f"{{{W}}}trPr/{{{W}}}{tag}"):
                    span = _span(el, max_cols)
                    if str(span) != el.get(val):
                        el.set(val, str(span))
                        cut = True
                    width += span if tag == "gridBefore" else 0
            for tc in tr.findall(f"{{{W}}}tc"):
                el = tc.find(f"{{{W}}}tcPr/{{{W}}}gridSpan")
                span = min(_span(el, max_cols), max_cols - width)
                if span <= 0:
                    tr.remove(tc)
                    cut = True
                    continue
                if el is not None and str(span) != el.get(val):
                    el.set(val, str(span))
                    cut = True
                width += span
            positions += width
    return cut


# --- the reader ----------------------------------------------------------------------------------

def _core_title(document: Any) -> str:
    try:
        title = clean_cell(document.core_properties.title or "")
    except Exception:  # a damaged docProps/core.xml must not sink the whole document
        return ""
    title = re.sub(r"^microsoft word\s*-\s*", "", title, flags=re.IGNORECASE)
    title = re.sub(r"\.(?:docx?|wps)$", "", title, flags=re.IGNORECASE).strip()
    return "" if len(title) < 2 or _JUNK_TITLE.match(title) else title


def _running_texts(document: Any) -> dict[str, list[str]]:
    """Page header and footer lines (kept as metadata: they often name the school or group)."""
    found: dict[str, list[str]] = {}
    try:
        for section in document.sections:
            for key in ("header", "footer"):
                part = getattr(section, key)
                if part.is_linked_to_previous:
                    continue
                for p_el in part._element.iter(_P):
                    text = clean_cell(paragraph_text(p_el))
                    if text and text not in found.setdefault(f"page_{key}", []):
                        found[f"page_{key}"].append(text)
    except Exception:  # furniture only: never worth failing the document for
        log.debug("unreadable header/footer", exc_info=True)
    return {k: v for k, v in found.items() if v}


def choose_title(core_title: str, doc: Document) -> str:
    """The core-properties title if it is meaningful and the text bears it out, else the first
    heading, else the first short paragraph, else the core title whatever it says."""
    squashed = re.sub(r"\s+", "", doc.text[:3000])
    if core_title and re.sub(r"\s+", "", core_title) in squashed:
        return core_title
    head = [b for b in doc.blocks[:15] if b.kind == "heading"]
    if head:
        best = min(head, key=lambda b: b.level)
        return best.text.split("\n")[0].strip()
    para = next((b for b in doc.blocks[:5] if b.kind in ("paragraph", "list_item")
                 and len(b.text) <= 60), None)
    if para is not None:
        return para.text.split("\n")[0].strip()
    return core_title


def read_docx_bytes(data: bytes, *, doc_id: str, source: str, settings: Settings,
                    format: str = "docx", meta: dict[str, Any] | None = None) -> Document:
    """Bytes of a .docx → Document (also used for .doc/.wps after LibreOffice converted them)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    label = "DOCX" if format == "docx" else f"{format.upper()} (converted to DOCX)"
    check_zip(data, settings, label, required="word/document.xml")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile) as exc:
        raise ParseError(f"not a valid {label} file: the file is truncated or damaged ({exc})",
                         code="P003") from exc
    builder = DocumentBuilder()
    meta = dict(meta or {})
    cfg = settings.ingest
    if clamp_tables(document.element.body, cfg.max_table_rows, cfg.max_table_cols, cfg.max_table_cells):
        meta["tables_cut"] = f"tables cut to {cfg.max_table_rows} rows and {cfg.max_table_cols} columns"
    _walk(document.element.body, document, builder, ParagraphStyles(document.styles.element))
    core = _core_title(document)
    try:
        props = document.core_properties
        for key in ("created", "modified"):
            value = getattr(props, key)
            if value is not None:
                meta[key] = value.isoformat()
        if props.author:
            meta["author"] = props.author
    except Exception:
        log.debug("unreadable core properties in %s", source, exc_info=True)
    if core:
        meta["core_title"] = core
    meta.update(_running_texts(document))
    draft = builder.build(doc_id=doc_id, source=source, format=format, meta=meta)
    title = choose_title(core, draft)
    return builder.build(doc_id=doc_id, source=source, format=format, title=title, meta=meta)


@register("docx", ".docx", ".docm", ".dotx")
def read(raw: RawInput, doc_id: str, settings: Settings) -> Document:
    return read_docx_bytes(raw.data, doc_id=doc_id, source=raw.source, settings=settings,
                           meta=dict(raw.meta))
