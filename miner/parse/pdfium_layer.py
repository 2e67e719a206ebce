"""A PDF's characters, ruled lines and tables through PDFium (pypdfium2), several times faster than pdfminer.

PDFium decodes the fonts and content streams in C. Characters come out as the dicts pdfplumber
makes (text, x0, x1, top, bottom, size, fontname), ruled lines as its edges, and pdfplumber's own
table finder (pure geometry) turns the edges into tables, so `miner.parse.pdf` reads both the same
way. `read_pages` returns None where PDFium cannot be trusted with a file (it will not open it, or
a page's fonts lack a Unicode map): pdfplumber then reads it and says what is wrong.
"""

from __future__ import annotations

import ctypes
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

Char = dict[str, Any]
DESCENT = 0.12  # of the font size: how far below the baseline a character's box starts


@dataclass(slots=True)
class PageLayer:
    """What the PDF reader needs of one page."""

    chars: list[Char]  # duplicates (text drawn twice to look bold) already removed
    tables: list[Any]  # pdfplumber Table objects (cells, rows, bbox)
    height: float
    images: int


class _EdgePage:
    """The two attributes of a pdfplumber Page that its table finder reads with the lines strategy."""

    def __init__(self, edges: list[dict[str, Any]], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)


def _edge(x0: float, y0: float, x1: float, y1: float, height: float) -> dict[str, Any] | None:
    """A segment as a pdfplumber edge (top-down coordinates), or None unless it is axis-aligned."""
    left, right = min(x0, x1), max(x0, x1)
    top, bottom = height - max(y0, y1), height - min(y0, y1)
    if abs(y0 - y1) < 0.01:
        orientation = "h"
    elif abs(x0 - x1) < 0.01:
        orientation = "v"
    else:
        return None
    return {"x0": left, "x1": right, "top": top, "bottom": bottom, "width": right - left,
            "height": bottom - top, "orientation": orientation, "object_type": "line", "doctop": top}


def _path_edges(obj: Any, height: float) -> list[dict[str, Any]]:
    import pypdfium2.raw as pdfium_c

    a, b, c, d, e, f = obj.get_matrix().get()
    points: list[tuple[float, float, int, bool]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        closes = bool(pdfium_c.FPDFPathSegment_GetClose(seg))
        points.append((px, py, pdfium_c.FPDFPathSegment_GetType(seg), closes))
    edges = []
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for px, py, kind, close in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            start = prev = (px, py)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and (edge := _edge(*prev, px, py, height)):
            edges.append(edge)
        prev = (px, py)
        if close and start is not None:
            if edge := _edge(px, py, *start, height):
                edges.append(edge)
            prev = start
    return edges


def _chars(textpage: Any, height: float) -> tuple[list[Char], int]:
    """The page's characters as pdfplumber dicts, and how many have no Unicode mapping."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    chars: list[Char] = []
    unmapped = 0
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    rect = pdfium_c.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        generated = pdfium_c.FPDFText_IsGenerated(raw, i) == 1
        if generated and code != 32:
            continue
        if code in (0, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1:
            unmapped += 1
            continue
        text = chr(code)
        if text in "\r\n\x02":
            continue
        if pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
            x0, x1 = rect.left, rect.right
        else:
            pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
            x0, x1 = left.value, right.value
        pdfium_c.FPDFText_GetCharOrigin(raw, i, origin_x, origin_y)
        pdfium_c.FPDFText_GetFontInfo(raw, i, name, len(name), flags)
        size = round(pdfium_c.FPDFText_GetFontSize(raw, i), 3)
        # the box of pdfminer: from the descent line up by the font size. Taken from the baseline
        # with one descent for every font, so that the characters of a line share top and bottom
        # whatever their font (PDFium's own boxes differ by font and narrow the gaps between lines
        # that separate paragraphs)
        bottom_y = height - (origin_y.value - DESCENT * size)
        chars.append({"text": text, "x0": x0, "x1": x1, "top": bottom_y - size, "bottom": bottom_y,
                      "doctop": bottom_y - size, "size": size, "fontname": name.value.decode("latin-1"),
                      "upright": True, "generated": generated})
    return _real_spaces(chars), unmapped


def _real_spaces(chars: list[Char]) -> list[Char]:
    """Spaces as pdfminer sees them: one char per space glyph. PDFium reports some space glyphs as
    generated spaces of no width, makes spaces up where a text object ends, and gives a run of
    spaces as one: a generated space is kept only where the next character on the line starts
    a space's width later (a quarter of the font size up to 0.45 of it: the gap round a full-width
    quotation mark or dash drawn in half its box is wider), and a run is split back into spaces of
    the first one's width."""
    out: list[Char] = []
    for k, ch in enumerate(chars):
        generated = ch.pop("generated")
        nxt = chars[k + 1] if k + 1 < len(chars) else None
        prev = out[-1] if out else None
        if not generated:
            out.append(ch)
            width = ch["x1"] - ch["x0"]
            gap = nxt["x0"] - ch["x1"] if nxt is not None and abs(nxt["top"] - ch["top"]) < 3 else 0
            if ch["text"] == " " and width > 0.5 and 0 < gap < 8 * width:
                for n in range(1, round(gap / width) + 1):
                    out.append({**ch, "x0": ch["x0"] + n * width, "x1": ch["x1"] + n * width})
            continue
        if (prev is not None and nxt is not None and not nxt.get("generated")
                and prev["x1"] - 0.5 <= ch["x0"] <= nxt["x0"] + 0.5
                and abs(nxt["top"] - prev["top"]) < 0.3 * prev["size"]
                and 0.25 * prev["size"] <= nxt["x0"] - prev["x1"] < 0.45 * prev["size"]):
            out.append({**prev, "text": " ", "x0": prev["x1"], "x1": nxt["x0"]})
    return out


def _may_repeat(chars: list[Char]) -> bool:
    """Whether a character may be drawn twice within a point of itself (same text, font and size),
    as pdfplumber's `dedupe_chars` looks for: most pages have none, and its clustering is slow."""
    seen: set[tuple[str, str, float, int, int]] = set()
    for c in chars:
        key = (c["text"], c["fontname"], c["size"], int(c["top"]), int(c["x0"]))
        if any((*key[:3], key[3] + dy, key[4] + dx) in seen for dy in (-1, 0, 1) for dx in (-1, 0, 1)):
            return True
        seen.add(key)
    return False


def read_pages(data: bytes, max_pages: int = 0) -> tuple[list[PageLayer], dict[str, str]] | None:
    """The PDF's pages (the first `max_pages` of them when that is over 0) and its metadata, with
    `pages` the number the file declares; None if pdfplumber should read this file instead."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from pdfplumber.table import TableFinder
    from pdfplumber.utils import dedupe_chars

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - pdfplumber opens it again and gives the reason
        log.debug("PDFium cannot open this PDF: %s", exc)
        return None
    try:
        layers = []
        total = len(pdf)
        for index in range(min(total, max_pages) if max_pages > 0 else total):
            page = pdf[index]
            width, height = page.get_size()
            edges: list[dict[str, Any]] = []
            images = 0
            for obj in page.get_objects():
                if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                    edges += _path_edges(obj, height)
                elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    images += 1
            textpage = page.get_textpage()
            chars, unmapped = _chars(textpage, height)
            if unmapped * 8 > max(len(chars), 1):
                return None  # pdfplumber reports undecodable fonts (P004)
            tables = TableFinder(_EdgePage(edges, width, height), {}).tables if edges else []  # type: ignore[arg-type]
            layers.append(PageLayer(dedupe_chars(chars) if _may_repeat(chars) else chars, tables, height,
                                    images))
            textpage.close()
            page.close()
        meta = {k: str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
        meta["pages"] = str(total)
        return layers, meta
    except Exception as exc:  # noqa: BLE001 - an odd file: pdfplumber reads it and reports
        log.debug("PDFium failed on this PDF: %s", exc)
        return None
    finally:
        pdf.close()
