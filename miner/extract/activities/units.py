"""Split a Document into candidate units: table rows, list items, calendar items, sentences, clauses."""

from __future__ import annotations

import functools
import re

from miner.extract.activities.pieces import (
    _CN,
    LIST_NUM,
    SECTION_NUM,
    Span,
    Unit,
    UnitKind,
    bar_cells,
    cut_outside_quotes,
    numbered_pieces,
    section_name,
    split_outside_quotes,
    strip_number,
    term_of,
)
from miner.extract.lexicons.taxonomy import TableRoles, Taxonomy
from miner.extract.text.regexes import any_word
from miner.records import Block, Cell, Document

__all__ = ["Span", "Unit", "UnitKind", "split_outside_quotes", "split_units", "strip_number", "term_of"]

# A month, a run of months (`八到九月份`, `9-10月`) or January's other name (`元月`).
_MONTH = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}}|元)(?:\s*[-—–~至到]\s*(?:\d{{1,2}}|[{_CN}]{{1,3}}))?\s*月份?"
_MONTH_HEAD = re.compile(rf"^\s*({_MONTH})\s*(?:[:：]\s*(.*))?$")
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
    rf"^({_MONTH}|第[{_CN}\d]{{1,3}}[周週](?:\s*[（(][^（()）]{{1,24}}[)）])?)"
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
# Where a line may open with a month, a week or a term (what _MONTH_HEAD, _TIME_ONLY and _TERM_HEAD need).
_TIME_OPENING = re.compile(rf"[\d{_CN}元第上下秋春周星礼]")
_CLAUSE_MARK = re.compile(r"[，。；,;]")
_ATTRIBUTE = re.compile(r"^([^：:，。]{1,8})[：:]\s*(.+)$")
_HEAD_SENTENCE = re.compile(r"^([^。！？!?]{2,24}[。.])\s*\S")
_HEAD_PAUSE = re.compile(r"[，,：:]")
_ITEM_LABEL = re.compile(r"^([^：:。，,；;]{2,24})[：:]")
_SHARED_PREFIX = re.compile(r"^([^：:]{2,30})[：:]")
_PROSE_LABEL = re.compile(r"^([^：:。，,；;“”《》]{2,30})[：:]")
_SENT_SPLIT = re.compile(f"[{_SENT_END}]")
_TIMEISH = re.compile(r"\d|[月周日号旬]|学期|上午|下午|晚上|年初|年底|期初|期中|期末")
_WORK_PART = re.compile(r"内容|措施|任务|安排|举措|活动|重点工作|具体工作|工作重点|实施|行动")  # 目标与措施
_SHORT_PIECE = 16  # `；` pieces this short are a list of tasks (`学习保育规范；技能考核`), not clauses


def _bulleted(text: str) -> bool:
    """`- 完成A；- 检查B` or `1.完成A；2.检查B`: `；` pieces, each opening with a bullet or a number."""
    pieces = cut_outside_quotes(text, _SEG_END)
    return len(pieces) > 1 and all(LIST_NUM.match(text[a:b]) for a, b in pieces)


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
        aims = self.aim_sections.search(body) if len(body) <= 20 else None
        if aims is not None and not _WORK_PART.search(body[:aims.start()] + body[aims.end():]):
            self.aim_level = level  # (`工作目标和内容` also holds the work: its items are no aims)
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
        sect = SECTION_NUM.match(text)  # what strip_number cuts: section numbering, else list numbering
        number = sect or LIST_NUM.match(text)
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
            for a, b in cut_outside_quotes(body[m.end():], _SEG_END):
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
            pieces = cut_outside_quotes(body, _SEG_END)
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
        for a, b in cut_outside_quotes(text, _SENT_END):
            sentence = text[a:b]
            pending: tuple[int, int] | None = None
            if "；" in sentence or ";" in sentence:  # (the separators of _SEG_END)
                segments = cut_outside_quotes(sentence, _SEG_END)
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
