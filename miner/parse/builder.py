"""Build a Document's normalised text and its offset-carrying blocks, shared by every reader."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from miner.records import Block, BlockKind, Cell, Document

_SPACES = re.compile(r"[ \t\u3000\xa0]+")
# One line of a document is at most this long: a longer one (a file flattened onto one line) is
# broken at the last sentence end, else semicolon, else comma before the limit, so that the work
# on a line (the units of extraction) stays bounded whatever a file holds.
MAX_LINE_CHARS = 2000
_BREAKS = ("。！？!?", "；;", "，,、 ")


def normalise(text: str) -> str:
    """NFC, one newline style, no BOM or zero-width characters, no trailing spaces on lines.

    Internal spaces and full-width punctuation are kept: they are part of what was written.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = re.sub(r"[\u200b\u200c\u200d\u2060]", "", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text


def wrap_long_lines(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """Break lines longer than `limit` characters into lines of at most `limit` (see MAX_LINE_CHARS)."""
    if len(text) <= limit:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        while len(line) > limit:
            window = line[:limit]
            cut = next((i + 1 for marks in _BREAKS
                        if (i := max(window.rfind(m) for m in marks)) >= limit // 2), limit)
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        out.append(line)
    return "\n".join(out)


def clean_cell(text: str) -> str:
    """A table cell's text on one line: inner whitespace runs become one space."""
    return _SPACES.sub(" ", normalise(text).replace("\n", " ")).strip()


@dataclass(slots=True)
class MergedCell:
    """A cell spanning several grid positions: pass the same object at every position it covers."""

    text: str


CellInput = str | MergedCell | None


class DocumentBuilder:
    """Append blocks in reading order; `build()` returns the Document.

    Text is laid out as one block per line group: a paragraph or heading is its own line(s),
    a table is one line per row with cells separated by a tab. A merged cell's text is written
    once (at its first grid position) and carried to the others.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._blocks: list[Block] = []

    def _append(self, text: str) -> int:
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start

    def text_block(self, kind: BlockKind, text: str, level: int = 0) -> None:
        text = wrap_long_lines(normalise(text).strip("\n"))
        if not text.strip():
            return
        start = self._append(text)
        self._blocks.append(Block(kind, text, start, start + len(text), level=level))

    def heading(self, text: str, level: int = 1) -> None:
        self.text_block("heading", text, level)

    def paragraph(self, text: str) -> None:
        self.text_block("paragraph", text)

    def list_item(self, text: str, level: int = 0) -> None:
        self.text_block("list_item", text, level)

    def table(self, rows: Sequence[Sequence[CellInput]], header: bool = False) -> None:
        """Rows of cells; a `MergedCell` object repeated across positions is one merged cell."""
        rows = [list(r) for r in rows if any(_cell_text(c) for c in r)]
        if not rows:
            return
        placed: dict[int, Cell] = {}
        out_rows: list[tuple[Cell, ...]] = []
        table_start = self._length + (1 if self._parts else 0)
        first = True
        for row in rows:
            line_parts: list[str] = []
            cells: list[Cell] = []
            # offset where this row's line starts
            cursor = table_start if first else self._length + 1
            for cell in row:
                key = id(cell) if isinstance(cell, MergedCell) else None
                if key is not None and key in placed:
                    prev = placed[key]
                    cells.append(Cell(prev.text, prev.start, prev.end, carried=True))
                    continue
                text = clean_cell(_cell_text(cell))
                if line_parts:
                    cursor += 1  # the tab before this cell
                cell_rec = Cell(text, cursor, cursor + len(text))
                line_parts.append(text)
                cursor += len(text)
                cells.append(cell_rec)
                if key is not None:
                    placed[key] = cell_rec
            line = "\t".join(line_parts)
            self._append(line)
            first = False
            out_rows.append(tuple(cells))
        end = self._length
        text = "".join(self._parts)[table_start:end]
        self._blocks.append(Block("table", text, table_start, end, rows=tuple(out_rows), header=header))

    def build(self, *, doc_id: str, source: str, format: str, title: str = "",
              encoding: str | None = None, meta: dict[str, Any] | None = None,
              **extra: Any) -> Document:
        text = "".join(self._parts)
        if not title:
            title = next((b.text.split("\n")[0] for b in self._blocks if b.kind != "table"), "")
        return Document(doc_id=doc_id, source=source, format=format, title=title.strip(), text=text,
                        blocks=tuple(self._blocks), encoding=encoding, meta=meta or {}, **extra)


def _cell_text(cell: CellInput) -> str:
    if cell is None:
        return ""
    if isinstance(cell, MergedCell):
        return cell.text or ""
    return str(cell)


def check_offsets(doc: Document) -> None:
    """Raise AssertionError if any block or cell does not point at its own text (used in tests)."""
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text, (block.kind, block.text[:30])
        for row in block.rows:
            for cell in row:
                assert doc.text[cell.start:cell.end] == cell.text, cell
