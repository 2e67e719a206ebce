"""Lines of plain text → heading, paragraph and list-item blocks with exact offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from miner.records import Block, BlockKind

_CN = "一二三四五六七八九十百零〇两"
_INDENT = " \t\u3000\xa0"

# Chinese numbering from the outside in: (pattern at the start of a stripped line, level, kind).
# "heading" markers become headings when the line reads like a title, list items otherwise.
_NUMBERING: tuple[tuple[str, int, BlockKind], ...] = (
    (rf"^第[{_CN}\d]+(部分|章|篇|编)", 1, "heading"),
    (rf"^[{_CN}]+\s*[、.．:：](?![{_CN}])", 1, "heading"),
    (rf"^第[{_CN}\d]+节", 2, "heading"),
    (rf"^[（(]\s*[{_CN}]+\s*[）)]", 2, "heading"),
    (r"^[0-9０-９]{1,2}\s*[、．](?![0-9０-９])", 3, "list_item"),
    (r"^[0-9]{1,2}\.(?![0-9])", 3, "list_item"),
    (r"^[（(]\s*[0-9０-９]{1,2}\s*[）)]", 4, "list_item"),
    (r"^[0-9]{1,2}\s*[）)]", 4, "list_item"),
    (r"^[\u2474-\u2487]", 4, "list_item"),  # ⑴ … ⒇
    (r"^[\u2460-\u2473]", 5, "list_item"),  # ① … ⑳
    (r"^[a-zA-Z]\s*[.、)）](?=\s*[\u4e00-\u9fff])", 6, "list_item"),
    (r"^[•·●○◆◇■□▪▶►◎★☆\-–—*]\s*(?=\S)", 6, "list_item"),
)
NUMBERING: tuple[tuple[re.Pattern[str], int, BlockKind], ...] = tuple(
    (re.compile(p), level, kind) for p, level, kind in _NUMBERING)
# all of them in one pattern: most lines start with none, and one match tells (numbering())
_ANY_NUMBERING = re.compile("|".join(f"(?:{p})" for p, _, _ in _NUMBERING))

_SALUTATION = re.compile(r"^(各|全体|尊敬的|亲爱的)|(们|同志|领导)$")
_END_PUNCT = "。；;！!？?，,、"
_SENTENCE = re.compile(r"[。！？!?；;]")
HEADING_MAX = 30  # a numbered line longer than this is a list item, not a heading
TITLE_MAX = 60
UNNUMBERED_HEADING_MAX = 25
LABEL_MAX = 8  # "9月：", "管理互通：" — short label headings


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text: its stripped content and where that content sits."""

    text: str
    start: int
    end: int


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[Line]:
    """Every line of text[start:end] with indentation stripped; blank lines give empty Line objects."""
    end = len(text) if end is None else end
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        raw = text[pos:stop]
        lead = len(raw) - len(raw.lstrip(_INDENT))
        content = raw.strip(_INDENT)
        yield Line(content, pos + lead, pos + lead + len(content))
        if nl == -1:
            break
        pos = nl + 1


def numbering(line: str) -> tuple[int, BlockKind, int] | None:
    """(level, kind, marker length) when a stripped line starts with list or section numbering."""
    if _ANY_NUMBERING.match(line) is None:
        return None
    for pattern, level, kind in NUMBERING:
        m = pattern.match(line)
        if m:
            return level, kind, m.end()
    return None


def _titleish(line: str, limit: int) -> bool:
    return 0 < len(line) <= limit and line[-1] not in _END_PUNCT and not _SENTENCE.search(line)


def _unnumbered_heading(line: str, nxt: str | None) -> bool:
    """A short line that introduces what follows: a table, numbered items or a longer paragraph."""
    label = line[-1] in "：:"
    bare = line.rstrip("：:")
    if not _titleish(bare, UNNUMBERED_HEADING_MAX) or (len(bare) < 4 and not label):
        return False  # too long, a sentence, or a bare word
    if re.search("[:：]", bare):
        return False  # a "field: value" line
    if label and _SALUTATION.match(bare):
        return False  # "各成员学校：", "老师们：" open a letter, not a section
    if nxt is None or numbering(nxt) is not None or (not label and nxt[-1] in "：:"):
        return True
    return len(nxt) >= max(2 * len(line), 20)


def _in(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


class Classifier:
    """Decides heading / list item / paragraph for one line at a time, remembering the section level."""

    def __init__(self) -> None:
        self.section_level = 0

    def classify(self, line: str, nxt: str | None, *, has_next: bool, first: bool = False
                 ) -> tuple[BlockKind, int]:
        """(kind, level) of a stripped line; `nxt` is the next line (None before a table or the end)."""
        marker = numbering(line)
        if first and _titleish(line, TITLE_MAX) and marker is None:
            return "heading", 0
        if marker is not None:
            level, kind, _ = marker
            if kind == "heading" and not _titleish(line.rstrip("：:"), HEADING_MAX):
                kind = "list_item"
            elif (kind == "list_item" and level <= 4 and _titleish(line, UNNUMBERED_HEADING_MAX)
                  and nxt is not None and numbering(nxt) is None and len(nxt) > len(line)):
                kind = "heading"
            if kind == "heading":
                self.section_level = level
            return kind, level
        if has_next and _unnumbered_heading(line, nxt):
            if len(line.rstrip("：:")) <= LABEL_MAX or line[-1] in "：:":
                return "heading", min(self.section_level + 1, 6) if self.section_level else 2
            self.section_level = 1
            return "heading", 1
        return "paragraph", 0


def split_blocks(text: str, *, tables: Sequence[tuple[int, int]] = (), skip: Sequence[tuple[int, int]] = (),
                 title: bool = True, join_wrapped: bool = False) -> list[Block]:
    """Heading, paragraph and list-item blocks for every line of `text` outside `tables` and `skip`.

    `tables` are spans already turned into table blocks (they count as content following a
    heading); `skip` spans (page furniture) are ignored. With `title`, the first line becomes a
    level-0 heading when it is short. With `join_wrapped` (PDF), a line that does not end a sentence
    continues into the next plain line as one paragraph.
    Levels: 第一部分/一、 = 1, 第一节/（一） = 2, 1、 = 3, （1）/⑴ = 4, ① = 5, a./• = 6; unnumbered
    headings are 1, short label headings ("9月：") one below the last section heading.
    """
    lines: list[Line | None] = []  # None marks a table: content that follows a line
    for line in iter_lines(text):
        if _in(line.start, tables):
            if not lines or lines[-1] is not None:
                lines.append(None)
        elif line.text and not _in(line.start, skip):
            lines.append(line)
    blocks: list[Block] = []
    classifier = Classifier()
    first = True
    i = 0
    while i < len(lines):
        current = lines[i]
        if current is None:
            i += 1
            continue
        line = current
        following = lines[i + 1] if i + 1 < len(lines) else None
        kind, level = classifier.classify(line.text, following.text if following else None,
                                          has_next=i + 1 < len(lines), first=first and title)
        first = False
        begin, end = line.start, line.end
        if join_wrapped and kind == "paragraph":
            while i + 1 < len(lines) and line.text[-1] not in "。！？!?；;：:":
                nxt = lines[i + 1]
                if nxt is None or numbering(nxt.text) is not None:
                    break
                i += 1
                line, end = nxt, nxt.end
        blocks.append(Block(kind, text[begin:end], begin, end, level=level))
        i += 1
    return blocks
