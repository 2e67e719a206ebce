"""Rebuild tables that lost their layout in a text copy: one cell per line, rows split by blank lines."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from miner.parse.builder import clean_cell
from miner.parse.furniture import is_header_row, table_rules
from miner.parse.structure import numbering
from miner.records import Block, Cell

_INDENT = " \t\u3000\xa0"
_SENTENCE = re.compile(r"[。！？!?；;]|，.*，")
_TIME = re.compile(r"第[一二三四五六七八九十\d]+周|[0-9一二三四五六七八九十]+月|学期|(19|20)\d{2}|星期|"
                   r"周[一二三四五六日]|[上中下]旬|月[初底末]|\d+[./-]\d+")
_SCHOOL = re.compile(r"(学校|中学|小学|幼儿园|学院|校区|分校|实验学校|校)$")
MAX_COLUMNS = 8
MAX_BLANK_RUN = 3  # blank lines inside an unindented table: trailing empty + separator + leading empty


@dataclass(frozen=True, slots=True)
class _Group:
    lines: tuple[int, ...]  # line indices of the cells (an empty-cell line included)
    blanks_before: int  # blank separator lines before the group


Ref = tuple[int, int]  # (line index, tab-separated field of that line)


@dataclass(frozen=True, slots=True)
class _Table:
    first: int
    last: int
    header: tuple[Ref | None, ...] | None  # header cells, a spanning cell already repeated
    header_span: tuple[int, int] | None  # (position of the spanning header cell, extra columns)
    rows: tuple[tuple[Ref | None, ...], ...]  # data rows; None = no cell written
    split: bool = False  # one row per line, cells separated by tabs


def _content(line: str) -> str:
    return line.strip(_INDENT)


def _cell_like(content: str, tabbed: bool) -> bool:
    limit = table_rules().max_cell_length * (2 if tabbed else 1)
    if not content or len(content) > limit:
        return False
    if "\t" in content:
        return False  # a row of tab-separated cells (see _row_tables)
    if tabbed:
        return True
    return content[-1] not in "。；;：:" and numbering(content) is None and not _SENTENCE.search(content)


def _runs(lines: Sequence[str], empty_cells: Collection[int]) -> list[tuple[bool, list[_Group]]]:
    """Runs of cell-like lines separated by blank lines, each as (tab-indented, groups)."""
    runs: list[tuple[bool, list[_Group]]] = []
    i = 0
    while i < len(lines):
        content = _content(lines[i])
        tabbed = lines[i].startswith("\t")
        if not _cell_like(content, tabbed):
            i += 1
            continue
        groups: list[_Group] = []
        current: list[int] = []
        blanks = groups_blanks = 0
        j = i
        while j < len(lines):
            content = _content(lines[j])
            if not content and (j not in empty_cells or not tabbed):
                blanks += 1
                if current:
                    groups.append(_Group(tuple(current), 0 if not groups else groups_blanks))
                    current = []
                if not tabbed and blanks > MAX_BLANK_RUN:
                    break
                j += 1
                continue
            if content and (lines[j].startswith("\t") != tabbed or not _cell_like(content, tabbed)):
                break
            if not current:
                groups_blanks = blanks
            current.append(j)
            blanks = 0
            j += 1
        if current:
            groups.append(_Group(tuple(current), 0 if not groups else groups_blanks))
        runs.append((tabbed, groups))
        i = max(j, i + 1)
    return runs


def _header_like(contents: Sequence[str]) -> bool:
    return is_header_row([c for c in contents if c])


def _shape(content: str) -> str | None:
    if _TIME.search(content) and len(content) <= 12:
        return "time"
    if _SCHOOL.search(content):
        return "school"
    return None


def _typed_column(rows: Sequence[Sequence[str]]) -> int | None:
    """A column whose cells mostly share a shape (times, school names), or None."""
    for j in range(min(len(r) for r in rows)):
        shapes = [_shape(r[j]) for r in rows if r[j]]
        if len(shapes) >= 2 and shapes[0] and shapes.count(shapes[0]) >= 0.8 * len(shapes):
            return j
    return None


def _allocate(groups: Sequence[_Group], n: int, after_header: bool) -> list[tuple[int | None, ...]] | None:
    """Pad groups to n cells with the empty cells that turned into extra blank lines, or None."""
    rows = []
    trail = 0
    for k, group in enumerate(groups):
        lead = group.blanks_before - 1 - trail if (k or after_header) else 0
        lead = max(lead, 0) if k == 0 else lead
        trail = n - len(group.lines) - lead
        if lead < 0 or trail < 0:
            return None
        rows.append((None,) * lead + group.lines + (None,) * trail)
    return rows


def _split_at_headers(lines: Sequence[str], groups: list[_Group]) -> list[list[_Group]]:
    parts: list[list[_Group]] = [[]]
    for group in groups:
        if parts[-1] and _header_like([_content(lines[i]) for i in group.lines]):
            parts.append([])
        parts[-1].append(group)
    return parts


def _table(lines: Sequence[str], groups: list[_Group], tabbed: bool) -> _Table | None:
    """The table these groups form, or None when they are better left as paragraphs."""
    if len(groups) < 2:
        return None
    text = [[_content(lines[i]) for i in g.lines] for g in groups]
    header = _header_like(text[0])
    data = groups[1:] if header else groups
    if not header and len(data) < 3:
        return None
    if not tabbed and header and len(data) < 2:
        return None
    width = max(len(g.lines) for g in data)
    rows = None
    for n in (width, width + 1) if header or tabbed else (width,):
        if n < 2 or n > MAX_COLUMNS or (header and len(groups[0].lines) > n):
            continue
        rows = _allocate(data, n, header)
        if rows is not None:
            break
    if rows is None:
        return None
    n = len(rows[0])
    cells = [[_content(lines[i]) if i is not None else "" for i in row] for row in rows]
    if not header and (any(len(g.lines) != n for g in data) or _typed_column(cells) is None):
        return None  # without a header only regular, typed rows make a table
    if header and not tabbed and _typed_column(cells) is None:
        return None
    head: tuple[Ref | None, ...] | None = None
    span = None
    if header:
        head = tuple((i, 0) for i in groups[0].lines)
        extra = n - len(head)
        if extra:
            names = text[0]
            pos = next((k for k, c in enumerate(names) if c in table_rules().time_headers), 0)
            span = (pos, extra)
            head = head[:pos + 1] + (head[pos],) * extra + head[pos + 1:]
    refs = tuple(tuple((i, 0) if i is not None else None for i in row) for row in rows)
    return _Table(groups[0].lines[0], groups[-1].lines[-1], head, span, refs)


def _fields(content: str) -> list[str]:
    return re.split(r"\t+", content)


def _row_tables(lines: Sequence[str]) -> list[_Table]:
    """Tables written one row per line with tab-separated cells (consecutive lines, same cell count)."""
    limit = table_rules().max_cell_length * 2
    tables: list[_Table] = []
    i = 0
    while i < len(lines):
        content = _content(lines[i])
        width = len(_fields(content)) if "\t" in content else 0
        j = i
        while j < len(lines) and width >= 2:
            row = _content(lines[j])
            fields = _fields(row)
            if "\t" not in row or len(fields) != width or any(len(f) > limit for f in fields):
                break
            j += 1
        if width < 2 or width > MAX_COLUMNS or j - i < 2:
            i = max(j, i + 1)
            continue
        header = _header_like([clean_cell(f) for f in _fields(_content(lines[i]))])
        if j - i >= 3 or header:
            rows = tuple(tuple((k, f) for f in range(width)) for k in range(i + header, j))
            head = tuple((i, f) for f in range(width)) if header else None
            tables.append(_Table(i, j - 1, head, None, rows, split=True))
        i = j
    return tables


def _trimmed_table(lines: Sequence[str], groups: list[_Group], tabbed: bool) -> _Table | None:
    """The table of these groups, or of them without a stray first or last line group (a caption, a note)."""
    for a, b in ((0, len(groups)), (1, len(groups)), (0, len(groups) - 1), (1, len(groups) - 1)):
        if b - a >= 2:
            table = _table(lines, groups[a:b], tabbed)
            if table is not None:
                return table
    return None


def _carry_columns(rows: Sequence[Sequence[str]]) -> set[int]:
    """Leading columns whose empty cells continue the value above (a cell spanning rows)."""
    carried: set[int] = set()
    for j in range(len(rows[0]) // 2 + 1):
        column = [r[j] for r in rows]
        if all(column):
            continue
        if column[0]:
            carried.add(j)
            continue
        break
    return carried


def rebuild_tables(text: str, empty_cells: Collection[int] = ()) -> tuple[str, list[Block]]:
    """Find flattened tables in normalised `text`; return the text and the table blocks.

    `empty_cells` are indices of lines that held only whitespace in the original (a tab-only
    line is an empty cell; a truly empty line separates rows). The returned text equals `text`
    except that whitespace runs inside table cells become one space; table blocks and their
    cells point into the returned text. A cell that a row leaves empty under a row-spanning
    value (第一学期 written once for several rows) is that value with `carried=True`.
    """
    lines = text.split("\n")
    tables: list[_Table] = _row_tables(lines)
    for tabbed, groups in _runs(lines, frozenset(empty_cells)):
        for part in _split_at_headers(lines, groups):
            table = _trimmed_table(lines, part, tabbed)
            if table is not None:
                tables.append(table)
    if not tables:
        return text, []
    tables.sort(key=lambda t: t.first)
    split_lines = {k for t in tables if t.split for k in range(t.first, t.last + 1)}
    in_table = {ref[0] for t in tables for row in ((t.header or ()),) + t.rows for ref in row if ref}
    new_lines = list(lines)
    for i in in_table:
        raw = lines[i]
        indent = raw[:len(raw) - len(raw.lstrip(_INDENT))]
        content = raw.strip(_INDENT)
        if i in split_lines:
            new_lines[i] = indent + "\t".join(clean_cell(f) for f in _fields(content))
        elif content:
            new_lines[i] = indent + clean_cell(content)
    starts = [0]
    for line in new_lines:
        starts.append(starts[-1] + len(line) + 1)
    new_text = "\n".join(new_lines)

    def place(ref: Ref) -> Cell:
        i, field = ref
        line = new_lines[i]
        begin = starts[i] + len(line) - len(line.lstrip(_INDENT))
        content = line.strip(_INDENT)
        if i in split_lines:
            parts = content.split("\t")
            begin += sum(len(p) + 1 for p in parts[:field])
            content = parts[field]
        return Cell(content, begin, begin + len(content))

    blocks = []
    for t in tables:
        out: list[tuple[Cell, ...]] = []
        if t.header is not None:
            at = starts[t.first]
            head = [place(ref) if ref is not None else Cell("", at, at) for ref in t.header]
            if t.header_span:
                pos, extra = t.header_span
                for k in range(pos + 1, pos + 1 + extra):
                    head[k] = Cell(head[pos].text, head[pos].start, head[pos].end, carried=True)
            out.append(tuple(head))
        placed = [[place(ref) if ref is not None else None for ref in row] for row in t.rows]
        carry = _carry_columns([[c.text if c else "" for c in row] for row in placed])
        previous: list[Cell] | None = None
        for row in placed:
            cells: list[Cell] = []
            cursor = next((c.start for c in row if c), starts[t.first])
            for j, cell in enumerate(row):
                if cell is not None and cell.text:
                    cells.append(cell)
                    cursor = cell.end
                elif j in carry and previous is not None and previous[j].text:
                    above = previous[j]
                    cells.append(Cell(above.text, above.start, above.end, carried=True))
                else:
                    at = cell.start if cell is not None else cursor
                    cells.append(Cell("", at, at))
            out.append(tuple(cells))
            previous = cells
        first = place((t.first, 0))
        last_line = max(i for i in in_table if t.first <= i <= t.last and new_lines[i].strip(_INDENT))
        end = starts[last_line] + len(new_lines[last_line].rstrip())
        blocks.append(Block("table", new_text[first.start:end], first.start, end,
                            rows=tuple(out), header=t.header is not None))
    return new_text, blocks
