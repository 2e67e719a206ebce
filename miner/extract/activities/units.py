"""Split a Document into candidate units: table rows, list items, calendar items, sentences, clauses."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from miner.extract.lexicons.taxonomy import TableRoles, Taxonomy
from miner.extract.text.regexes import any_word
from miner.extract.text.span import Span
from miner.records import Block, Cell, Document

UnitKind = Literal["heading", "item", "sentence", "row"]

_CN = "一二三四五六七八九十"
# 一、  （一）  第一部分  — section numbering; 1、 1.  （1）  ① — list numbering.
_SECTION_NUM = re.compile(
    rf"^\s*(?:[{_CN}]{{1,3}}\s*[、.．]|[（(]\s*[{_CN}]{{1,3}}\s*[)）]|第[{_CN}\d]{{1,3}}[部分章节]+)\s*")
_LIST_NUM = re.compile(
    r"^\s*(?:\d{1,2}\s*[、.．)）](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[①-⑳⑴-⒇⒈-⒛]|[a-zA-Z][、.．)）]|[-•●◆■▪](?=\s))\s*")
_MONTH_HEAD = re.compile(rf"^\s*((?:\d{{1,2}}|[{_CN}]{{1,3}})\s*月份?)\s*(?:[:：]\s*(.*))?$")
# A line holding only a week or a date range: a flattened schedule's time cell (第1周 / 9.3—9.9).
_TIME_ONLY = re.compile(
    rf"^(?:第[{_CN}\d]{{1,3}}[周週](?:\s*[-—–~至到]\s*第?[{_CN}\d]{{1,3}}[周週]?)?"
    r"|\d{1,2}[./月]\d{1,2}日?(?:\s*[-—–~至到]\s*(?:\d{1,2}[./月])?\d{1,2}日?)?)"
    r"(?:\s*[（(][^（()）]{1,24}[)）])?\s*[:：]?$")
# A line holding only a weekday (`星期一`, `周三：`, `周四(11月3日)上午`): the day of the items below it,
# in a weekly plan.
_WEEKDAY_ONLY = re.compile(r"^(?:周|星期|礼拜)[一二三四五六日天](?=[\s（(上下晚:：]|$)"
                           r"(?:\s*[（(][^（()）]{1,24}[)）])?(?:\s*(?:[上下]午|晚上|全天))?\s*[:：]?$")
# A heading that is only a month or a week (`一、九月份`, `（二）第3周（9月15日—19日）`) dates its items.
_TIME_HEAD = re.compile(
    rf"^((?:\d{{1,2}}|[{_CN}]{{1,3}})\s*月份?|第[{_CN}\d]{{1,3}}[周週](?:\s*[（(][^（()）]{{1,24}}[)）])?)"
    r"\s*(?:工作|活动)?(?:安排|计划|要点)?\s*[:：]?$")
# A time at the start of a line's label (`第3周：A；B`, `10月20日教研日：上午…；下午…`, `周一：A；B`)
# dates every item.
_TIME_START = re.compile(rf"^(?:第[{_CN}\d]{{1,3}}(?:\s*[-—–~至到]\s*第?[{_CN}\d]{{1,3}})?[周週]|"
                         rf"\d{{1,2}}\s*[月./]|[{_CN}]{{1,3}}月|\d{{1,2}}日|(?:周|星期)[一二三四五六日天])")
# A sentence opening with a time clause: `10月，…；…`, `第3周，…；…`.
_LEAD_CLAUSE = re.compile(rf"^\s*((?:\d{{4}}年)?(?:\d{{1,2}}|[{_CN}]{{1,3}})月"
                          rf"(?:份|上旬|中旬|下旬|初|底|末|\d{{1,2}}[日号])?|第[{_CN}\d]{{1,3}}[周週])\s*[，,]")
_SUB_ITEMS = re.compile(r"[。；;]\s*(?:[（(]\d{1,2}[)）]|[①-⑳])")
_TERM_HEAD = re.compile(r"^\s*(第[一二12]学期|上学期|下学期|秋季学期|春季学期)\s*[:：]?\s*$")
_TITLE_WORDS = re.compile(r"行事历|工作计划|工作总结|工作安排|安排表|活动安排|工作要点|活动一览|活动计划")
_SENT_END = "。！？!?"
_SEG_END = "；;"
_OPEN = "“‘《「『（(\""
_CLOSE = "”’》」』）)\""
# Where a line may open with a month, a week or a term (what _MONTH_HEAD, _TIME_ONLY and _TERM_HEAD need).
_TIME_OPENING = re.compile(rf"[\d{_CN}第上下秋春周星礼]")
_CLAUSE_MARK = re.compile(r"[，。；,;]")
_ATTRIBUTE = re.compile(r"^([^：:，。]{1,8})[：:]\s*(.+)$")
_HEAD_SENTENCE = re.compile(r"^([^。！？!?]{2,24}[。.])\s*\S")
_HEAD_PAUSE = re.compile(r"[，,：:]")
_ITEM_LABEL = re.compile(r"^([^：:。，,；;]{2,24})[：:]")
_SHARED_PREFIX = re.compile(r"^([^：:]{2,30})[：:]")
_PROSE_LABEL = re.compile(r"^([^：:。，,；;“”《》]{2,30})[：:]")
_SENT_SPLIT = re.compile(f"[{_SENT_END}]")
_SECTION_NAME = re.compile(r"\s*([^：:。；;，,（(]{2,40})")
_TIMEISH = re.compile(r"\d|[月周日号旬]|学期|上午|下午|晚上|年初|年底|期初|期中|期末")
# A list number inside a line (`…；2、…；3、…`, a flattened list): where the line may be cut into items.
_INLINE_NUM = re.compile(r"(?<![\d.．])(\d{1,2})[、．.](?!\d)")
_LEAD_NUM = re.compile(r"^\s*(\d{1,2})\s*[、．.](?!\d)")
_SHORT_PIECE = 16  # `；` pieces this short are a list of tasks (`学习保育规范；技能考核`), not clauses
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
    for pattern in (_SECTION_NUM, _LIST_NUM):
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
    return list(_split_outside_quotes(text, seps))


@functools.lru_cache(maxsize=65536)  # sentences and clauses recur across documents
def _split_outside_quotes(text: str, seps: str) -> tuple[tuple[int, int], ...]:
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


def _bulleted(text: str) -> bool:
    """`- 完成A；- 检查B` or `1.完成A；2.检查B`: `；` pieces, each opening with a bullet or a number."""
    pieces = _split_outside_quotes(text, _SEG_END)
    return len(pieces) > 1 and all(_LIST_NUM.match(text[a:b]) for a, b in pieces)


def _trim(text: str, start: int) -> tuple[str, int]:
    """The text without blanks (or the commas of a page flattened to `,一月,`) at its ends."""
    lead = len(text) - len(text.lstrip(_TRIMMED))
    return text.strip(_TRIMMED), start + lead


_TRIMMED = " \t\n\r\f\v\u3000,"


@functools.lru_cache(maxsize=50_000)  # shared by the documents of one taxonomy
def _stands_alone(taxonomy: Taxonomy, text: str) -> bool:
    hits = taxonomy.hits(text)
    if any(h.strength >= 2 for h in hits):
        return True
    events = taxonomy.detect["event_nouns"]
    named = any(h.word.endswith(events) for h in hits)  # 研讨, 交流 — not 学生, 质量
    return named and _TIMEISH.search(text) is not None


class _Splitter:
    """Walks the blocks once, keeping the heading, calendar and term context."""

    def __init__(self, doc: Document, taxonomy: Taxonomy) -> None:
        self.doc = doc
        self.tax = taxonomy
        self.units: list[Unit] = []
        self.heading = -1
        self.heading_level = 99
        self.aim_level: int | None = None
        self.month: Span | None = None
        self.term: int | None = None
        self.n_tables = 0
        self.time_line = False
        self.aim_sections = any_word(taxonomy.detect["aim_sections"])

    def strong(self, text: str) -> bool:
        return any(h.strength >= 2 for h in self.tax.hits(text))

    def stands_alone(self, text: str) -> bool:
        """A `；` segment is its own unit with a trigger, or a weak one and a time (`3月…教学研讨`)."""
        return _stands_alone(self.tax, text)

    # -- lines -----------------------------------------------------------------------------
    def add(self, unit: Unit) -> Unit:
        unit.heading = self.heading
        unit.aim = self.aim_level is not None
        if self.month is not None and unit.kind != "heading" and unit.context_time is None:
            unit.context_time, unit.calendar = self.month, True
        if unit.term is None:
            unit.term = self.term
        self.units.append(unit)
        return unit

    def open_heading(self, text: str, start: int, level: int) -> None:
        if self.aim_level is not None and level <= self.aim_level:
            self.aim_level = None
        body, _ = strip_number(text)
        if len(body) <= 20 and self.aim_sections.search(body):
            self.aim_level = level
        if level <= 2:
            self.month = None
        timed = _TIME_HEAD.match(body.strip())
        if timed:  # `一、九月份`: the items below are dated by the heading
            at = start + text.find(timed.group(1))
            self.month = Span(timed.group(1), at, at + len(timed.group(1)))
        term = term_of(text)
        if term is None and level <= 1:
            self.term = None
        elif term is not None:
            self.term = term
        self.add(Unit("heading", text, start, start + len(text), level=level))
        self.heading = len(self.units) - 1
        self.heading_level = level

    def line(self, text: str, start: int, block: Block) -> None:
        text, start = _trim(text, start)
        if not text:
            return
        cells = bar_cells(text)
        if cells and cells != [(0, len(text))]:  # a flattened table row: one line per cell
            for a, b in cells:
                self.line(text[a:b], start + a, block)
            return
        pieces = numbered_pieces(text)
        if pieces and block.kind != "heading":  # `1、A；2、B；3、C` in one line: one item each
            for a, b in pieces:
                self.line(text[a:b], start + a, block)
            return
        if _TIME_OPENING.match(text) and self.time_opening(text, start):
            return
        self.time_line = False
        sect = _SECTION_NUM.match(text)  # what strip_number cuts: section numbering, else list numbering
        number = sect or _LIST_NUM.match(text)
        cut = number.end() if number else 0
        body = text[cut:]
        short = len(text) <= 30 and not _CLAUSE_MARK.search(text.rstrip("。"))
        if block.kind == "heading" or (sect and short) or (short and not cut and _TITLE_WORDS.search(text)):
            level = block.level or (1 if sect and not text.lstrip().startswith(("（", "(")) else 2)
            if not sect and block.kind != "heading":
                level = 1
            self.open_heading(text, start, level)
            return
        if self.attribute(text, start):
            return
        head = _HEAD_SENTENCE.match(body) if sect else None
        if head and not _HEAD_PAUSE.search(head.group(1)):  # `（一）课堂展示。9月…`
            self.open_heading(text[:cut + head.end(1)], start, 2)
            rest, rest_start = _trim(text[cut + head.end(1):], start + cut + head.end(1))
            self.prose(rest, rest_start, "sentence")
            return
        if cut or block.kind == "list_item":
            self.item(text, start)
        else:
            self.prose(text, start, "sentence")

    def time_opening(self, text: str, start: int) -> bool:
        """A month heading (`10月：…`), a time-only line (`第1周`) or a term line sets the time of
        what follows; whether the line was one of them."""
        m = _MONTH_HEAD.match(text)
        if m:
            self.month = Span(m.group(1), start + m.start(1), start + m.end(1))
            self.term = None
            if m.group(2):
                self.item(m.group(2), start + m.start(2))
            return True
        if _TIME_ONLY.match(text):
            if not self.time_line:  # the first of `第1周` / `9.3—9.9` gives the rows below their time
                span = text.rstrip("：: ")
                self.month = Span(span, start, start + len(span))
            self.time_line = True
            return True
        if _WEEKDAY_ONLY.match(text):  # `星期一` over its items; a run of them heads a grid's columns
            span = text.rstrip("：: ")
            self.month = None if self.time_line else Span(span, start, start + len(span))
            self.time_line = True
            return True
        if _TERM_HEAD.match(text):
            self.time_line = False
            self.term = term_of(text)
            self.month = None
            return True
        return False

    def attribute(self, text: str, start: int) -> bool:
        """`时间：10月底` under an activity attaches to the unit above."""
        m = _ATTRIBUTE.match(text)
        if not m or not self.units or self.units[-1].kind == "row":
            return False
        label = m.group(1).strip()
        if not label.endswith(self.tax.detect["attribute_labels"]):
            return False
        value = Span(m.group(2), start + m.start(2), start + m.end(2))
        self.units[-1].attrs.append((label, value))
        return True

    def item(self, text: str, start: int) -> None:
        body, cut = strip_number(text)
        body_start = start + cut
        label = None
        m = _ITEM_LABEL.match(body)
        if m and _TIMEISH.search(m.group(1)):
            m = None
        if m:
            name = m.group(1).strip()
            label = Span(name, body_start + m.start(1), body_start + m.start(1) + len(name))
        rest = body[m.end():].strip() if m else ""
        if m and not rest:  # "5、毕业班教学研讨活动：" introduces what follows
            self.add(Unit("item", text, start, start + len(text), label=label, intro=True))
            return
        if m and _bulleted(rest):
            # `开学准备：- 完成A；- 检查B；- 制定C`: the label introduces the items after it, one unit each
            head_end = start + cut + m.end()
            self.add(Unit("item", text[:cut + m.end()], start, head_end, label=label, intro=True))
            rest_at = body_start + m.end()
            for a, b in _split_outside_quotes(body[m.end():], _SEG_END):
                seg, seg_start = _trim(body[m.end() + a:m.end() + b], rest_at + a)
                if seg.strip(" -•"):
                    self.item(seg, seg_start)
            return
        sub = _SUB_ITEMS.search(body)
        if sub:  # `1.语文学科。（1）11月，…（2）2022年3月，…`: the lead introduces sub-items, one unit each
            lead, lead_start = _trim(text[:cut + sub.start()], start)
            if lead:
                self.add(Unit("item", lead, lead_start, lead_start + len(lead), intro=True))
            rest, rest_start = _trim(body[sub.start() + 1:], body_start + sub.start() + 1)
            self.prose(rest, rest_start, "item")
            return
        if label or len(body) <= 60 or len(_SENT_SPLIT.split(body, maxsplit=1)[0]) <= 24:
            pieces = _split_outside_quotes(body, _SEG_END)
            if len(pieces) > 1 and not label and self._listed(body, pieces):
                # `10月20日教研日：上午…；下午…`: the shared prefix dates every piece
                head = _SHARED_PREFIX.match(body[pieces[0][0]:pieces[0][1]])
                shared = None
                if head:
                    at = body_start + pieces[0][0]
                    shared = Span(head.group(1), at, at + head.end(1))
                for a, b in pieces:
                    seg, seg_start = _trim(body[a:b], body_start + a)
                    self.add(Unit("item", seg, seg_start, seg_start + len(seg), context_time=shared))
                return
            self.add(Unit("item", text, start, start + len(text), label=label))
            return
        self.prose(body, body_start, "item")

    def _listed(self, body: str, pieces: tuple[tuple[int, int], ...]) -> bool:
        """The `；` pieces of an item are items of their own: each names an activity, or all are
        short and one does (`学习保育规范；技能考核；园务会议`: a run-on list of tasks)."""
        named = [bool(self.tax.hits(body[a:b])) for a, b in pieces]
        if all(named):
            return True
        return any(named) and all(len(body[a:b].strip()) <= _SHORT_PIECE for a, b in pieces)

    def prose(self, text: str, start: int, kind: UnitKind) -> None:
        """Sentences, then `；` segments; a segment without a trigger joins the next one."""
        m = _PROSE_LABEL.match(text)
        shared: Span | None = None
        cut_label: Span | None = None
        if m and _TIME_START.match(m.group(1)):  # `第3周：开学工作会议；教研组长会议`
            shared = Span(m.group(1), start + m.start(1), start + m.end(1))
        if m:
            label = m.group(1)
            umbrella = any(p.search(label) for p in self.tax.umbrella)
            timeish = _TIMEISH.search(label) is not None
            if umbrella or (not timeish and (len(label) <= 6 or not self.strong(label))):
                if not umbrella:
                    name = label.strip()
                    at = start + m.start(1) + label.find(name)
                    cut_label = Span(name, at, at + len(name))
                text, start = text[m.end():], start + m.end()
                text, cut = strip_number(text)
                start += cut
        for a, b in _split_outside_quotes(text, _SENT_END):
            sentence = text[a:b]
            pending: tuple[int, int] | None = None
            if "；" in sentence or ";" in sentence:  # (the separators of _SEG_END)
                segments = _split_outside_quotes(sentence, _SEG_END)
            else:  # one segment (the sentence is not blank)
                segments = ((0, len(sentence)),)
            lead = _LEAD_CLAUSE.match(sentence) if len(segments) > 1 else None
            here = shared
            if here is None and lead is not None:  # `10月，召开理事会；举办赛课`: 10月 dates both
                at = start + a + lead.start(1)
                here = Span(lead.group(1), at, at + len(lead.group(1)))
            last = len(segments) - 1
            for i, (sa, sb) in enumerate(segments):
                seg_a = pending[0] if pending else sa
                if i < last and not self.stands_alone(sentence[sa:sb]):
                    pending = (seg_a, sb)
                    continue
                pending = None
                chunk, s = _trim(sentence[seg_a:sb], start + a + seg_a)
                if chunk:
                    inherit = here if here is not None and s >= here.end else None
                    if inherit is not None and shared is None and not self.strong(chunk):
                        inherit = None  # a sentence's time dates only the segments naming an activity
                    self.add(Unit(kind, chunk, s, s + len(chunk), context_time=inherit, lead=cut_label))
                    cut_label = None  # (the label heads the first unit only)

    # -- tables ----------------------------------------------------------------------------
    def table(self, block: Block) -> None:
        rows = list(block.rows)
        if len(rows) >= 3 and all(len([c for c in r if not c.carried and c.text.strip()]) <= 1 for r in rows):
            for row in rows:  # a document pasted into one column of a sheet: its rows are lines
                for c in row:
                    if not c.carried and c.text.strip():
                        self.line(c.text, c.start, block)
            return
        roles: tuple[str, ...] = ()
        if rows and (block.header or _looks_like_header(rows[0], self.tax.roles)):
            roles = tuple(self.tax.roles.role(c.text) for c in rows[0])
            rows = rows[1:]
        intro = self._intro()
        table_id = self.n_tables
        self.n_tables += 1
        term: int | None = None
        for row in rows:
            own = [c for c in row if not c.carried and c.text.strip()]
            if not own:
                continue
            for c in row:
                if len(c.text) <= 8:
                    term = term_of(c.text) or term
            s, e = min(c.start for c in own), max(c.end for c in own)
            unit = Unit("row", self.doc.text[s:e], s, e, cells=tuple(row), roles=roles, section=intro,
                        table=table_id, term=term)
            self.add(unit)

    def _intro(self) -> Span | None:
        """The line just above a table names its rows when they have no name of their own.

        The document's own title (a sheet's merged title row, say) names the whole document, not
        the rows of one table, so it never does.
        """
        if self.units and self.units[-1].kind != "row":
            prev = self.units[-1]
            if prev.kind == "heading" and prev.text.strip() == self.doc.title.strip():
                return None
            prev.intro = True
            if prev.label:
                return prev.label
            return section_name(prev.text, prev.start)
        return None


def _looks_like_header(row: tuple[Cell, ...], roles: TableRoles) -> bool:
    texts = [c.text for c in row if c.text.strip()]
    return bool(texts) and all(len(t) <= 8 and not re.search(r"\d|第", t) for t in texts) and any(
        roles.role(t) for t in texts)


def split_units(doc: Document, taxonomy: Taxonomy) -> list[Unit]:
    """All candidate units of a document in reading order."""
    splitter = _Splitter(doc, taxonomy)
    for block in doc.blocks:
        if block.kind == "table":
            splitter.table(block)
            continue
        offset = block.start
        for line in block.text.split("\n"):
            splitter.line(line, offset, block)
            offset += len(line) + 1
    return splitter.units
