"""Activities of table rows: the content cell that names one, or the table's intro for a plain row."""

from __future__ import annotations

import re

from miner.extract.activities.detection import Detector, Draft, outside_brackets, unquote
from miner.extract.activities.pieces import Span, Unit, split_outside_quotes, strip_number
from miner.extract.lexicons.taxonomy import RowRules

_NOT_NAME = re.compile(r"[，。；,;！？!?]")


def name_only_cell(text: str, cells: dict[str, list[Span]], rules: RowRules) -> bool:
    """A content cell without a taxonomy word that still names an activity (`新教师见面` in a row with
    its own time or school): short, no clause punctuation, not a holiday or a generic word."""
    core = re.sub(r"[\s\d、.．:：()（）\-—~]", "", text)
    if not rules.min_chars <= len(core) <= rules.max_chars or _NOT_NAME.search(text):
        return False
    if any(w in text for w in rules.not_activities):
        return False
    return any(cells.get(role) for role in ("time", "school", "person"))


def row_drafts(det: Detector, unit: Unit, cells: dict[str, list[Span]]) -> list[Draft]:
    """A row names its activity in a content cell, or takes the table's intro as its name."""
    section = unit.section
    section_hits = det.found(section.text) if section else ()
    named: list[Span] = []  # name cells with a taxonomy word, and those without
    plain: list[Span] = []
    for c in cells.get("name", ()):
        (named if det.found(c.text) else plain).append(c)
    theme = cells.get("theme", [])
    drafts: list[Draft] = []
    for cell in named:
        for piece, s in _list_pieces(cell.text, cell.start):
            hits = det.found(piece)
            weak_only = bool(hits) and max(h.strength for h in hits) < 2
            if not hits or (weak_only and not name_only_cell(piece, cells, det.tax.rows)):
                continue  # a paragraph pasted into a cell, with only a generic word (质量, 研讨)
            name, name_start = det.trim(piece, s)
            clause = Span(piece, s, s + len(piece))
            drafts.append(Draft(unit, name, name_start, clause, outside_brackets(det.found(name), name),
                                score=0.95))
    if drafts:
        return drafts
    if section is not None and section_hits:
        candidates = plain or theme
        theme_text = candidates[0] if candidates else None
        draft = Draft(unit, section.text, section.start, Span(unit.text, unit.start, unit.end),
                      section_hits, score=0.9)
        if theme_text is not None and not det.is_placeholder(theme_text.text):
            draft.theme = unquote(theme_text.text)
        return [draft]
    # `新教师见面` in a row with its own time
    if plain and name_only_cell(plain[0].text, cells, det.tax.rows):
        cell = plain[0]
        return [Draft(unit, cell.text, cell.start, cell, (), score=0.6)]
    return []


_ITEM_NUMBER = re.compile(r"(?:(?<=\s)|^)(?:\d{1,2}[、.．)]|[①-⑳])")


def _list_pieces(text: str, start: int) -> list[tuple[str, int]]:
    """A cell listing several items (`1.开学会议 2.教研组长会议`, or split by `；`)."""
    cuts = [m.start() for m in _ITEM_NUMBER.finditer(text)]
    bounds = sorted(set([0, *cuts])) if cuts else [0]
    out: list[tuple[str, int]] = []
    for i, a in enumerate(bounds):
        b = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        for sa, sb in split_outside_quotes(text[a:b], "；;"):
            piece, cut = strip_number(text[a + sa:a + sb])
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece:
                out.append((piece, start + a + sa + cut + lead))
    return out or [(text, start)]
