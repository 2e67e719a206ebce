"""Read spreadsheets: .xlsx (openpyxl) and legacy .xls/.et (xlrd), one table per sheet, merges carried."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from miner.errors import ParseError
from miner.parse.builder import CellInput, DocumentBuilder, MergedCell, clean_cell
from miner.parse.docx import check_zip, choose_title, looks_like_header
from miner.parse.registry import register
from miner.records import Document, RawInput
from miner.settings import Settings

log = logging.getLogger(__name__)

_DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表|表)\s*\d+$", re.IGNORECASE)
Grid = list[list[CellInput]]


def format_value(value: Any, number_format: str = "General") -> str:
    """A cell value as text: dates as ISO (2021-09-06), whole numbers without '.0', percentages."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        if value.date() == dt.date(1899, 12, 30) or value.year < 1900:
            return value.strftime("%H:%M")  # a time of day stored as a fraction of a day
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat() if isinstance(value, dt.date) else value.strftime("%H:%M")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if "%" in (number_format or ""):
            decimals = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
            return f"{value * 100:.{decimals}f}%"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".12g")
    return str(value)


def trim(grid: Grid) -> Grid:
    """Drop empty trailing rows and columns (and empty leading ones)."""
    def filled(c: CellInput) -> bool:
        return bool(clean_cell(c.text if isinstance(c, MergedCell) else (c or "")))

    rows = [i for i, r in enumerate(grid) if any(filled(c) for c in r)]
    if not rows:
        return []
    grid = grid[rows[0]:rows[-1] + 1]
    cols = [j for j in range(max(len(r) for r in grid)) if any(j < len(r) and filled(r[j]) for r in grid)]
    return [[r[j] if j < len(r) else None for j in range(cols[0], cols[-1] + 1)] for r in grid]


def emit_sheet(builder: DocumentBuilder, name: str, grid: Grid) -> str:
    """A sheet as a heading (its name, unless a default name) and a table; a full-width merged
    first row (the sheet's own title) becomes a heading of its own, and is returned."""
    grid = trim(grid)
    title = ""
    if not grid:
        return title
    if not _DEFAULT_SHEET.match(name.strip()):
        builder.heading(name, 1)
    while len(grid) > 1:
        first = grid[0]
        distinct = {id(c) for c in first if isinstance(c, MergedCell)}
        plain = [c for c in first if c and not isinstance(c, MergedCell)]
        if len(distinct) == 1 and not plain and all(isinstance(c, MergedCell) for c in first):
            text = next(c for c in first if isinstance(c, MergedCell)).text
            builder.heading(text, 2)
            title = title or clean_cell(text)
            grid = grid[1:]
        else:
            break
    builder.table(grid, header=looks_like_header(grid))
    return title


def _merged_grid(n_rows: int, n_cols: int, value: Callable[[int, int], str],
                 ranges: list[tuple[int, int, int, int]], limits: tuple[int, int, int]) -> Grid:
    """Rows × columns of text; each (row_lo, row_hi, col_lo, col_hi) range (inclusive, 0-based)
    becomes one MergedCell shared by every position it covers. At most `limits` (rows, columns)
    are built (and at most limits[2] positions), whatever a file declares, and each grid position is
    merged at most once."""
    n_cols = min(n_cols, limits[1])
    n_rows = min(n_rows, limits[0], limits[2] // max(n_cols, 1))
    grid: Grid = [[value(r, c) for c in range(n_cols)] for r in range(n_rows)]
    merged: set[tuple[int, int]] = set()
    for r0, r1, c0, c1 in ranges:
        if r0 >= n_rows or c0 >= n_cols or (r0, c0) in merged:
            continue
        cell = MergedCell(value(r0, c0))
        for r in range(r0, min(r1, n_rows - 1) + 1):
            for c in range(c0, min(c1, n_cols - 1) + 1):
                if (r, c) not in merged:
                    grid[r][c] = cell
                    merged.add((r, c))
    return grid


def table_limits(settings: Settings) -> tuple[int, int, int]:
    """Rows, columns and grid positions one table may have."""
    cfg = settings.ingest
    return cfg.max_table_rows, cfg.max_table_cols, cfg.max_table_cells


def _lookup(cells: dict[tuple[int, int], str], r: int, c: int) -> str:
    return cells.get((r, c), "")


def _finish(builder: DocumentBuilder, *, doc_id: str, source: str, format: str,
            meta: dict[str, Any], core: str) -> Document:
    draft = builder.build(doc_id=doc_id, source=source, format=format, meta=meta)
    return builder.build(doc_id=doc_id, source=source, format=format, title=choose_title(core, draft),
                         meta=meta)


def read_xlsx_bytes(data: bytes, *, doc_id: str, source: str, settings: Settings,
                    meta: dict[str, Any] | None = None) -> Document:
    """Bytes of an .xlsx → Document: each visible sheet a table, merged cells carried."""
    import openpyxl

    check_zip(data, settings, "XLSX", required="xl/workbook.xml")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:
        raise ParseError(f"not a valid XLSX file: the file is truncated or damaged "
                         f"({type(exc).__name__}: {exc})", code="P003") from exc
    meta = dict(meta or {})
    builder = DocumentBuilder()
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    hidden = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
    if hidden:
        meta["hidden_sheets"] = hidden
    titles: list[str] = []
    for ws in visible:
        cells: dict[tuple[int, int], str] = {}
        max_rows, max_cols, _ = limits = table_limits(settings)
        # the cells the file holds (ws.iter_rows would make one for every position of the used
        # range: A1 and XFD1048576 alone are 17 billion); those beyond the table limits are left out
        for (row_no, col_no), cell in list(ws._cells.items()):
            if row_no <= max_rows and col_no <= max_cols and cell.value is not None and cell.value != "":
                cells[(row_no - 1, col_no - 1)] = format_value(cell.value, cell.number_format)
        if not cells:
            continue
        ranges = [(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1)
                  for m in ws.merged_cells.ranges]
        n_rows = max(r for r, _ in cells) + 1
        n_cols = max(c for _, c in cells) + 1
        grid = _merged_grid(n_rows, n_cols, partial(_lookup, cells), ranges, limits)
        titles.append(emit_sheet(builder, ws.title, grid))
    core = clean_cell(wb.properties.title or "") if wb.properties else ""
    if core:
        meta["core_title"] = core
    core = next((t for t in titles if t), core)  # a sheet's own title row says more than the property
    return _finish(builder, doc_id=doc_id, source=source, format="xlsx", meta=meta, core=core)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SSML = "urn:schemas-microsoft-com:office:spreadsheet"


def _index(value: str | None, limit: int) -> int:
    """A non-negative count or 1-based index from an attribute, capped at `limit` (0 when absent)."""
    value = (value or "").strip()
    return min(int(value), limit) if value.isdigit() else 0


def read_spreadsheetml(data: bytes, builder: DocumentBuilder, limits: tuple[int, int, int]) -> list[str]:
    """An "XML Spreadsheet 2003" file (what many web systems export as .xls): sheets with
    ss:MergeAcross / ss:MergeDown merges and ss:Index gaps; returns the sheets' title rows.
    Indexes and merges are capped at `limits` (rows, columns): a file may declare anything."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    root = etree.fromstring(data, parser)
    if root is None:
        raise ValueError("no XML content")
    q = partial("{{{}}}{}".format, _SSML)
    titles = []
    for ws in root.iter(q("Worksheet")):
        cells: dict[tuple[int, int], str] = {}
        ranges: list[tuple[int, int, int, int]] = []
        covered: set[tuple[int, int]] = set()
        r = -1
        max_rows, max_cols = limits[0], limits[1]
        for row in ws.iter(q("Row")):
            r = _index(row.get(q("Index")), max_rows) - 1 if row.get(q("Index")) else r + 1
            if r >= max_rows:
                break
            c = -1
            for cell in row.iterchildren(q("Cell")):
                if cell.get(q("Index")):
                    c = _index(cell.get(q("Index")), max_cols) - 1
                else:
                    c += 1
                    while (r, c) in covered:  # positions under a MergeDown from rows above
                        c += 1
                if c >= max_cols:
                    break
                data_el = cell.find(q("Data"))
                text = "".join(data_el.itertext()) if data_el is not None else ""
                kind = data_el.get(q("Type")) if data_el is not None else None
                if kind == "DateTime" and text:
                    text = format_value(dt.datetime.fromisoformat(text[:19]))
                elif kind == "Number" and text:
                    text = format_value(float(text))
                across = min(_index(cell.get(q("MergeAcross")), max_cols), max_cols - 1 - c)
                down = min(_index(cell.get(q("MergeDown")), max_rows), max_rows - 1 - r)
                if across or down:
                    ranges.append((r, r + down, c, c + across))
                    covered.update((i, j) for i in range(r, r + down + 1) for j in range(c, c + across + 1))
                if text:
                    cells[(r, c)] = text
                c += across
        if cells:
            n_rows = max(max(i for i, _ in cells), max((x[1] for x in ranges), default=0)) + 1
            n_cols = max(max(j for _, j in cells), max((x[3] for x in ranges), default=0)) + 1
            grid = _merged_grid(n_rows, n_cols, partial(_lookup, cells), ranges, limits)
            titles.append(emit_sheet(builder, ws.get(q("Name"), ""), grid))
    return titles


def read_delimited(data: bytes, builder: DocumentBuilder) -> str:
    """Tab- or comma-separated text saved under a spreadsheet name; returns the encoding."""
    import csv

    from miner.encoding import decode

    text, encoding = decode(data)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    delimiter = max("\t,;|", key=lambda d: sum(d in ln for ln in lines))
    if not lines or sum(delimiter in ln for ln in lines) < max(1, len(lines) // 2):
        raise ValueError("neither a workbook nor delimited text")
    emit_sheet(builder, "", [list(r) for r in csv.reader(lines, delimiter=delimiter)])
    return encoding


def read_xls_bytes(data: bytes, *, doc_id: str, source: str, settings: Settings,
                   meta: dict[str, Any] | None = None) -> Document:
    """Bytes of a legacy .xls (BIFF) → Document, with merged cells and date cells. Files that only
    carry the name (XML Spreadsheet 2003, tab- or comma-separated text) are read for what they are."""
    import xlrd

    meta = dict(meta or {})
    if not data.startswith(_OLE) and data[:2] not in (b"\x09\x00", b"\x09\x02", b"\x09\x04"):
        builder = DocumentBuilder()
        try:
            if _SSML.encode() in data[:4096]:
                meta["xls_kind"] = "spreadsheetml"
                found = read_spreadsheetml(data, builder, table_limits(settings))
            else:
                meta["xls_kind"] = "delimited text"
                meta["encoding"] = read_delimited(data, builder)
                found = []
        except Exception as exc:
            raise ParseError(f"not a valid XLS file: the file is truncated, damaged or of another "
                             f"format ({type(exc).__name__}: {exc})", code="P003") from exc
        return _finish(builder, doc_id=doc_id, source=source, format="xls", meta=meta,
                       core=next((t for t in found if t), ""))
    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
        except Exception:  # some writers' formatting records trip xlrd: lose merges, keep the text
            book = xlrd.open_workbook(file_contents=data)
    except Exception as exc:
        raise ParseError(f"not a valid XLS file: the file is truncated, damaged or of another format "
                         f"({type(exc).__name__}: {exc})", code="P003") from exc
    builder = DocumentBuilder()
    sheets = [s for s in book.sheets() if getattr(s, "visibility", 0) == 0]
    hidden = [s.name for s in book.sheets() if getattr(s, "visibility", 0) != 0]
    if hidden:
        meta["hidden_sheets"] = hidden

    def text(sheet: Any, r: int, c: int) -> str:
        cell = sheet.cell(r, c)
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return format_value(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                return format_value(cell.value)
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return ""
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return format_value(bool(cell.value))
        return format_value(cell.value)

    titles: list[str] = []
    for sheet in sheets:
        if sheet.nrows == 0 or sheet.ncols == 0:
            continue
        ranges = [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
        grid = _merged_grid(sheet.nrows, sheet.ncols, partial(text, sheet), ranges, table_limits(settings))
        titles.append(emit_sheet(builder, sheet.name, grid))
    return _finish(builder, doc_id=doc_id, source=source, format="xls", meta=meta,
                   core=next((t for t in titles if t), ""))


@register("xlsx", ".xlsx", ".xlsm")
def read_xlsx(raw: RawInput, doc_id: str, settings: Settings) -> Document:
    return read_xlsx_bytes(raw.data, doc_id=doc_id, source=raw.source, settings=settings,
                           meta=dict(raw.meta))


@register("xls", ".xls", ".et")
def read_xls(raw: RawInput, doc_id: str, settings: Settings) -> Document:
    return read_xls_bytes(raw.data, doc_id=doc_id, source=raw.source, settings=settings,
                          meta=dict(raw.meta))
