"""The documents.blocks column: a document's block structure, stored small.

A block's and a cell's text is `Document.text[start:end]`, which the documents table already holds
as plain text, so only the offsets are kept (a cell's text only where it differs, as a carried
merged cell's may), as compact JSON compressed with zlib: about a fifth of the bytes of the text,
where the full JSON took nearly twice the text's. `unpack_blocks` gives back the same blocks.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from miner.records import Block, Cell

MAGIC = b"MB1"  # versions the packed form; old files hold the full JSON as TEXT


def _cell(cell: Cell, text: str) -> list[Any]:
    out: list[Any] = [cell.start, cell.end, int(cell.carried)]
    if text[cell.start:cell.end] != cell.text:
        out.append(cell.text)
    return out


def pack_blocks(blocks: tuple[Block, ...] | list[Block], text: str) -> bytes:
    """Blocks → bytes for the documents.blocks column."""
    rows = []
    for b in blocks:
        item: list[Any] = [b.kind, b.start, b.end, b.level, int(b.header)]
        if b.rows:
            item.append([[_cell(c, text) for c in row] for row in b.rows])
        if text[b.start:b.end] != b.text:
            item.append(b.text)
        rows.append(item)
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return MAGIC + zlib.compress(data, 6)


def _unpack_cell(item: list[Any], text: str) -> Cell:
    start, end, carried = item[0], item[1], bool(item[2])
    return Cell(text=item[3] if len(item) > 3 else text[start:end], start=start, end=end, carried=carried)


def unpack_blocks(value: bytes | str | None, text: str) -> tuple[Block, ...]:
    """The column's value (packed, or the full JSON of older files) → blocks."""
    if not value:
        return ()
    if isinstance(value, str):  # a file written before the packed form
        return tuple(_from_dict(d) for d in json.loads(value))
    if not value.startswith(MAGIC):
        raise ValueError("documents.blocks holds neither packed blocks nor JSON")
    blocks = []
    for item in json.loads(zlib.decompress(value[len(MAGIC):]).decode("utf-8")):
        kind, start, end, level, header = item[:5]
        rest = item[5:]
        rows: tuple[tuple[Cell, ...], ...] = ()
        if rest and isinstance(rest[0], list):
            rows = tuple(tuple(_unpack_cell(c, text) for c in row) for row in rest.pop(0))
        block_text = rest[0] if rest else text[start:end]
        blocks.append(Block(kind=kind, text=block_text, start=start, end=end, level=level, rows=rows,
                            header=bool(header)))
    return tuple(blocks)


def _from_dict(d: dict[str, Any]) -> Block:
    rows = tuple(tuple(Cell(**c) for c in row) for row in d.get("rows") or ())
    return Block(kind=d["kind"], text=d["text"], start=d["start"], end=d["end"], level=d.get("level", 0),
                 rows=rows, header=bool(d.get("header")))
