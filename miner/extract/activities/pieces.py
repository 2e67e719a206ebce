"""The candidate unit record, and the cuts of a line that the splitter and the detectors share."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from miner.extract.text.span import Span
from miner.records import Cell

UnitKind = Literal["heading", "item", "sentence", "row"]

_CN = "一二三四五六七八九十"
# 一、  （一）  第一部分  — section numbering; 1、 1.  （1）  ① — list numbering.
SECTION_NUM = re.compile(
    rf"^\s*(?:[{_CN}]{{1,3}}\s*[、.．]|[（(]\s*[{_CN}]{{1,3}}\s*[)）]|第[{_CN}\d]{{1,3}}[部分章节]+)\s*")
LIST_NUM = re.compile(
    r"^\s*(?:\d{1,2}\s*[、.．)）](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[①-⑳⑴-⒇⒈-⒛]|[a-zA-Z][、.．)）]|[-•●◆■▪](?=\s))\s*")
_OPEN = "“‘《「『（(\""
_CLOSE = "”’》」』）)\""
_SECTION_NAME = re.compile(r"\s*([^：:。；;，,（(]{2,40})")
# A list number inside a line (`…；2、…；3、…`, a flattened list): where the line may be cut into items.
_INLINE_NUM = re.compile(r"(?<![\d.．])(\d{1,2})[、．.](?!\d)")
_LEAD_NUM = re.compile(r"^\s*(\d{1,2})\s*[、．.](?!\d)")
TERM_RE = re.compile(r"第([一二12])学期|(上|下)学期|(秋|春)季学期")


def term_of(text: str) -> int | None:
    """1 or 2 for 第一学期/上学期/秋季学期 and 第二学期/下学期/春季学期 in `text`, else None."""
    m = TERM_RE.search(text)
    if not m:
        return None
    word = m.group(1) or m.group(2) or m.group(3)
    return 1 if word in ("一", "1", "上", "秋") else 2


@dataclass(slots=True)
class Unit:
    """One candidate unit; `activities` decides whether it plans or reports an activity."""

    kind: UnitKind
    text: str
    start: int
    end: int
    level: int = 0  # headings: 1 (一、) or 2 (（一）) ...
    section: Span | None = None  # name of the enclosing table/list intro or heading
    heading: int = -1  # index of the enclosing heading unit
    context_time: Span | None = None  # inherited time: a month heading, a table's term
    term: int | None = None  # term from a table's term cell or a 第一学期 heading
    calendar: bool = False  # under a month heading (行事历)
    cells: tuple[Cell, ...] = ()  # table rows: the row's cells
    roles: tuple[str, ...] = ()  # table rows: header role of each cell ("" when unknown)
    label: Span | None = None  # "常态化的教研联动" in "常态化的教研联动：定时间…"
    attrs: list[tuple[str, Span]] = field(default_factory=list)  # attribute lines: (label, value)
    intro: bool = False  # introduces the table or list that follows
    aim: bool = False  # inside an aims/principles section
    table: int = -1  # rows: index of the table in the document
    lead: Span | None = None  # a label cut off before the text (`来园接待` of `来园接待：主动接待幼儿`)

    def __init__(
        self,
        kind: UnitKind,
        text: str,
        start: int,
        end: int,
        level: int = 0,
        section: Span | None = None,
        heading: int = -1,
        context_time: Span | None = None,
        term: int | None = None,
        calendar: bool = False,
        cells: tuple[Cell, ...] = (),
        roles: tuple[str, ...] = (),
        label: Span | None = None,
        attrs: list[tuple[str, Span]] | None = None,
        intro: bool = False,
        aim: bool = False,
        table: int = -1,
        lead: Span | None = None,
    ) -> None:  # written out: see miner.native
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.level = level
        self.section = section
        self.heading = heading
        self.context_time = context_time
        self.term = term
        self.calendar = calendar
        self.cells = cells
        self.roles = roles
        self.label = label
        self.attrs = [] if attrs is None else attrs
        self.intro = intro
        self.aim = aim
        self.table = table
        self.lead = lead

    def span(self) -> Span:
        return Span(self.text, self.start, self.end)


def strip_number(text: str) -> tuple[str, int]:
    """Remove list or section numbering at the start; return the rest and how many chars went."""
    for pattern in (SECTION_NUM, LIST_NUM):
        m = pattern.match(text)
        if m:
            return text[m.end():], m.end()
    return text, 0


@functools.lru_cache(maxsize=32)
def _marks(seps: str) -> re.Pattern[str]:
    """The characters `split_outside_quotes` reacts to: quotes, brackets and the separators."""
    return re.compile("[" + "".join(re.escape(c) for c in dict.fromkeys(_OPEN + _CLOSE + seps)) + "]")


def split_outside_quotes(text: str, seps: str) -> list[tuple[int, int]]:
    """(start, end) pieces of `text` cut at any char of `seps` that is not inside quotes/brackets."""
    return list(cut_outside_quotes(text, seps))


@functools.lru_cache(maxsize=65536)  # sentences and clauses recur across documents
def cut_outside_quotes(text: str, seps: str) -> tuple[tuple[int, int], ...]:
    """`split_outside_quotes` as the cached tuple itself (callers must not change it)."""
    pieces: list[tuple[int, int]] = []
    depth, begin = 0, 0
    for m in _marks(seps).finditer(text):  # only quotes, brackets and separators change anything
        i, ch = m.start(), m.group()
        if ch in _OPEN and not (ch == '"' and depth):
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch in seps and depth == 0:
            pieces.append((begin, i))
            begin = i + 1
    pieces.append((begin, len(text)))
    return tuple([(a, b) for a, b in pieces if a < b and not text[a:b].isspace()])


def section_name(text: str, start: int) -> Span | None:
    """The short name at the start of an intro line: "4、集团内教学视导。继续…" → 集团内教学视导."""
    rest, cut = strip_number(text)
    m = _SECTION_NAME.match(rest)
    if not m:
        return None
    name = m.group(1).rstrip()
    s = start + cut + m.start(1)
    return Span(name, s, s + len(name))


def bar_cells(text: str) -> list[tuple[int, int]]:
    """The (start, end) of the cells of a table row flattened into a line (`上午 | 游戏:… | 户外活动 |`);
    one piece without its bars, or [] when the line has no bar."""
    if "|" not in text:
        return []
    out: list[tuple[int, int]] = []
    begin = 0
    for i, ch in enumerate(text + "|"):
        if ch == "|":
            piece = text[begin:i]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((begin + lead, begin + len(piece.rstrip())))
            begin = i + 1
    return out


def numbered_pieces(text: str) -> list[tuple[int, int]]:
    """Where a line lists numbered items one after another (`1、A；2、B 3、C`): the (start, end) of each
    piece, cut before every number that continues a run (n, n+1, …; a run may start again at 1);
    [] when the line holds no such run. Numbers glued to digits or dates are no list numbers."""
    found = [(m.start(), int(m.group(1))) for m in _INLINE_NUM.finditer(text) if m.start() > 0]
    if not found:
        return []
    lead = _LEAD_NUM.match(text)
    prev = int(lead.group(1)) if lead else None
    cuts: list[int] = []
    for k, (at, value) in enumerate(found):
        follows = prev is not None and value == prev + 1
        starts_run = k + 1 < len(found) and found[k + 1][1] == value + 1
        if follows or starts_run:
            cuts.append(at)
            prev = value
    cuts = [c for c in cuts if c > 0]
    if not cuts:
        return []
    bounds = [0, *cuts, len(text)]
    pieces = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    if any(len(re.sub(r"[\s\d、．.；;，,。]", "", text[a:b])) < 2 for a, b in pieces[1:]):
        return []  # `1、2、3年级`: numbers of one thing, not items
    return pieces
