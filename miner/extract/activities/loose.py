"""More candidates for the activity model: the short clauses of list items and sentences the rules passed by.

On unseen sites the rules miss short imperative items (`开展家访`, `更换主题墙`) in run-on lists and
month blocks, because no taxonomy word names them. When the learned activity model is there to
judge (miner.extract.activities.vetting), every such clause becomes a low-confidence candidate;
the model keeps the concrete activities among them and drops aims, boilerplate and description.
"""

from __future__ import annotations

import re

from miner.extract.activities.detection import Detector, Draft, quote_spans
from miner.extract.activities.pieces import Span, Unit, split_outside_quotes, strip_number

LOOSE_SCORE = 0.25  # the detection score of a loose candidate (rule drafts score 0.6 or 0.9)
LABEL_SCORE = 0.15  # the label heading a line (`来园接待：…`), a candidate name of its own
PART_SCORE = 0.2  # one of the activities a rule's name joins (`期末家长会及家长开放日`)
BESIDE_SCORE = 0.22  # a clause beside a rule's draft that opens with a verb of doing, or of a short item
_CLAUSE_SEPS = "，,；;。！？!?"
_MIN_CHARS, _MAX_CHARS = 3, 40
_MATERIALS = ("材料", "准备", "物品", "器材")  # labels of what an activity needs
_MAX_HEADING = 8  # a heading this short may be the name of a schedule's row (`户外活动`)
# where a cell runs on into an attribute (`游戏：跳房子 场地：操场`): the name stops before it
_NEXT_LABEL = re.compile(r"\s+(?=[^\s：:，,。；;]{1,4}[：:])")
_ENUM = "、"
_LIST_MARK = re.compile("[；;]")
_MAX_ENUM_PIECE = 14  # `员工大会、宣布计划、清洁消毒`: a list of short items, one candidate each
# a leading month or weekday label of a calendar line (`三月：`, `周二：`), cut from the name
_LABEL = re.compile(r"^[^：:，,。；;\s]{1,12}[：:]\s*")
_PIECE_LABEL = re.compile(r"^\s*([^：:，,。；;\s]{1,6})[：:]")
# a short line naming a field of work or a part of the plan (`常规工作`, `保障措施`) labels a section
_SECTION_LABEL = re.compile(r"^[^，,；;、]{0,4}(?:工作|情况|措施|目标|要求|思想|内容|重点)$")
# what a date or a weekday is written with: a name that is nothing else (`7月2日`, `05 Wed`) is a time
_TIME_CHARS = re.compile(r"[\d\s年月日号周旬份~\-—–至到:：.、,，()（）/]|星期.|[A-Za-z]{3}")
_EDGE = " \t、，,：:；;。.！？!?…\u3000|-"
# a label that dates, places or describes (`时间：`, `第3周：`, `重点：`) rather than names an activity
_NOT_NAME_LABEL = re.compile(r"\d|[月周日号旬]$|星期|学期|上午|下午|晚上|重点|目标|说明|注意|附件|名称|班级")
# where a rule's name joins several activities (`新生家长会及校园开放日`, `专家报告、课堂观摩、读书沙龙`);
# not the 及 of 及时 or 普及, the 和 of 和谐, the 与 of 参与 or 与会
_JOIN = re.compile(r"、|以及|(?<![普涉波危])及(?![时格早])|(?<![平温缓调])和(?!谐)|(?<![参给赋授])与(?!会)"
                   r"|(?<=》)(?=《)")  # (two titles side by side: `《计划》《细则》`)
_MAX_PARTS = 8
# `校本课程、校本练习的开发`: one head noun for every part (not `…主题沙龙等形式多样的活动`, a list's tail)
_SHARED_HEAD = re.compile(r"^[^等]*的[^的]{1,4}$")
# a clause that opens with a verb of doing (after a subject, adverbs or a time word) names a task of
# its own, even beside a rule's draft: `…观摩活动，做好活动案例总结`, `…课题，建立实验校联系制度`
_DOING = re.compile(
    r"^(?:(?:我们|我校|我园|我县|各班|各校|全园|全校|教研组|学期初|学期末|期末|期初)\s*)?"
    r"(?:将|要|还|并|再|又|也|然后再?|同时|认真|积极|有效|及时|定期|切实|扎实|深入|精心|共同)*"
    r"(?:(?:联合|与|和|同|到)[^，,；;。：:]{1,12}?)?"  # (with whom: `联合社区开展…`, `与兄弟园开展…`)
    r"(?:开展|组织|举行|举办|召开|进行|做好|完成|建立|设立|成立|评出|评选|下发|布置|制定|制订|修订|启动"
    r"|安排|上报|提交|收集|整理|更换|学习了|参加|参与|迎接|筹备|召集)"
    # or meets someone to talk or pair up: `和教师座谈研讨`, `与兄弟园结对交流`
    r"|^(?:与|和|同)[^，,；;。：:]{1,12}?(?:座谈|研讨|对话|交流|结对|联谊|互动)")
# a clause that opens with its own date or half-day (`12日：放榜`, `下午始业教育`) is an event of its own
_DATED_OPEN = re.compile(r"^(?:\d{1,2}月份?)?\d{1,2}(?:[-~—至]\d{1,2})?[日号]|^\d{1,2}月|^[上下]午|^晚上"
                         r"|^(?:周|星期)[一二三四五六日天]")
# a lesson named by its teacher (`甲老师的《分数》`, `乙老师执教的《春》`), one open lesson of a list
_LESSON = re.compile(r"^(?:分别是|分别为|有)?[^，,；;。《》]{1,10}(?:老师|教师|校长|副校长?|主任)"
                     r"(?:执教|上|讲授)?的?《[^》]{1,30}》$")
_WHEN_ENDS = ("后", "时", "前", "期间", "之际")  # `4月底期中考试结束后`: when the next clause happens
_SHORT_UNIT = 20  # beside a rule's draft every clause of an item this short is a candidate


def _labelled(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` cut again where a blank opens another label (`跳房子 场地：操场` → `跳房子`, `场地：操场`)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        at = a
        for m in _NEXT_LABEL.finditer(text, a, b):
            out.append((at, m.start()))
            at = m.end()
        out.append((at, b))
    return [(a, b) for a, b in out if a < b]


def _pieces(text: str, listed: bool, whole: bool = False) -> list[tuple[int, int]]:
    """(start, end) of the clauses of `text`; in a listing also of its `、` items when they are short
    (with `whole`, beside a rule's drafts, never: `联合社区开展义诊、体检` is one clause)."""
    out: list[tuple[int, int]] = []
    for a, b in _labelled(text, split_outside_quotes(text, _CLAUSE_SEPS)):
        clause = text[a:b]
        if whole:
            out.append((a, b))
            continue
        if listed and _ENUM in clause and not _PIECE_LABEL.match(clause):
            parts = split_outside_quotes(clause, _ENUM)
            if len(parts) >= 2 and all(e - s <= _MAX_ENUM_PIECE for s, e in parts):
                out.extend((a + s, a + e) for s, e in parts)
                continue
        out.append((a, b))
    return out


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


def _label_draft(unit: Unit, label: Span, spans: list[tuple[int, int]], det: Detector) -> Draft | None:
    """The label heading a line as a candidate of its own, unless it dates, places or describes."""
    name = label.text.strip(_EDGE)
    if not (2 <= len(name) <= 12) or _NOT_NAME_LABEL.search(name) or _SECTION_LABEL.match(name):
        return None
    if name.endswith(det.tax.detect["attribute_labels"]):
        return None
    s = label.start + label.text.find(name)
    if _overlaps(spans, s, s + len(name)):
        return None
    return Draft(unit, name, s, Span(name, s, s + len(name)), det.found(name), score=LABEL_SCORE)


def _governed(first: str, det: Detector) -> bool:
    """`修定集团章程、三年发展规划`: the first part's verb takes every part as its object, one task."""
    head = det.head([h for h in det.found(first) if h.strength >= 2])
    return head is not None and head.word not in det.tax.words  # (a verb-object pattern, no noun)


def _part_drafts(taken: list[Draft], det: Detector) -> list[Draft]:
    """The parts of a rule's name that joins several activities with `、`, 及, 和 or 与, one candidate
    each (`新生家长会及校园开放日活动` → 新生家长会, 校园开放日活动); the model keeps the real ones."""
    out: list[Draft] = []
    for d in taken:
        name = d.name
        if d.name_start < 0 or _JOIN.search(name) is None:
            continue
        quotes = quote_spans(name)
        cuts = [m.span() for m in _JOIN.finditer(name) if not any(s < m.start() < e for s, e in quotes)]
        if not cuts or len(cuts) >= _MAX_PARTS:
            continue
        bounds = [(0, cuts[0][0])] + [(a[1], b[0]) for a, b in zip(cuts, cuts[1:], strict=False)]
        bounds.append((cuts[-1][1], len(name)))
        parts = []
        for a, b in bounds:
            piece = name[a:b]
            part = piece.strip(_EDGE + "等")
            at = a + piece.find(part) if part else a
            named = bool(det.found(part)) or part.startswith("《")  # an activity's word, or a title
            if len(part) >= 2 and named and len(_TIME_CHARS.sub("", part)) >= 2:
                parts.append((part, d.name_start + at))
        titles = all(part.startswith("《") for part, _ in parts[1:])  # (each title a task of its own)
        shared = _SHARED_HEAD.search(parts[-1][0]) is not None if parts else False
        if len(parts) < 2 or shared or (_governed(parts[0][0], det) and not titles):
            continue
        for part, s in parts:
            span = Span(part, s, s + len(part))
            out.append(Draft(d.unit, part, s, span, det.found(part), score=PART_SCORE))
    return out


def loose_drafts(unit: Unit, taken: list[Draft], det: Detector) -> list[Draft]:
    """Candidates for the clauses of a list item or sentence that no rule draft covers, and for the
    label heading it (`来园接待：…`) or a short heading (`户外活动`)."""
    if unit.kind == "heading":  # a short heading of a flattened schedule (`区域游戏`) may name one
        body, cut = strip_number(unit.text)
        if cut or len(body) > _MAX_HEADING:
            return []
        found = _label_draft(unit, Span(body, unit.start, unit.start + len(body)), [], det)
        return [found] if found is not None else []
    if unit.intro or unit.aim:
        return []
    parts = _part_drafts(taken, det)
    if unit.kind not in ("item", "sentence"):
        return parts
    # what the rules' drafts cover: the name, or the whole clause when the name is not written as
    # such (`朗诵、书法三项活动` gives 朗诵活动 and 书法活动)
    spans = [(d.name_start, d.name_start + len(d.name)) if d.name_start >= 0
             else (d.clause.start, d.clause.end) for d in taken]
    # `召开理事会，制定学年工作计划`: the second clause is the meeting's purpose (its second code)
    purposes = {c for d in taken for c in d.extra_codes}
    body, cut = strip_number(unit.text)
    out: list[Draft] = parts
    labels = [lab for lab in (unit.lead, unit.label) if lab is not None]
    label = _LABEL.match(body)
    if label is not None:
        name = label.group().rstrip(" \t：:")
        labels.append(Span(name, unit.start + cut, unit.start + cut + len(name)))
        cut += label.end()
        body = body[label.end():]
    for lab in labels[:1]:
        found = _label_draft(unit, lab, spans, det)
        if found is not None:
            out.append(found)
    start = unit.start + cut
    listed = unit.calendar or unit.context_time is not None or "；" in body or ";" in body or len(body) <= 60
    for a, b in _pieces(body, listed, whole=bool(taken)):
        piece = body[a:b]
        # beside the rules' own drafts: the `；` items of a run-on list, the clauses of a short item
        # and the clauses that open with a verb of doing
        clause = piece.strip(_EDGE)
        doing = (_DOING.match(clause) is not None or _DATED_OPEN.match(clause) is not None) \
            and not clause.endswith(_WHEN_ENDS) or _LESSON.match(clause) is not None
        listed_piece = _LIST_MARK.search(body[max(0, a - 1):b + 1]) is not None
        # a short item's clauses, unless the rules took its label (`主题教研：甲校 语文 第4周`)
        short = len(body) <= _SHORT_UNIT and any(d.name_start >= start for d in taken)
        if taken and not (listed_piece or doing or short):
            continue
        own = _PIECE_LABEL.match(piece)
        if own is not None and (own.group(1).endswith(det.tax.detect["attribute_labels"])
                                or own.group(1).endswith(_MATERIALS)):
            continue  # `场地：操场`, `材料：皮球`: where and with what, not what
        name = piece.strip(_EDGE)
        if not (_MIN_CHARS <= len(name) <= _MAX_CHARS):
            continue
        s = start + a + piece.find(name)
        if _overlaps(spans, s, s + len(name)):
            continue
        if len(_TIME_CHARS.sub("", name)) < 2:
            continue  # a date, a weekday or a number, no name
        # a numbered item under a month (`4、幼小衔接工作`) is a task there, not a section's label
        task = bool(cut) and (unit.calendar or unit.context_time is not None)
        if name == body.strip(_EDGE) and _SECTION_LABEL.match(name) and not task:
            continue
        if det.umbrellas(name):
            continue  # `开展丰富多彩的教研活动` introduces activities, it is none
        opening = det.clauses(name, s)
        if opening and (opening[0].purpose or opening[0].means):
            continue  # `为促进…`, `通过…`: why or how, not what
        hits = det.found(name)
        if purposes and hits and all(h.code in purposes for h in hits):
            continue
        if taken and not doing and any(h.strength >= 2 for h in hits):
            continue  # the rules weighed this unit's trigger clauses already (a detail, a means)
        score = LOOSE_SCORE if not taken or listed_piece else BESIDE_SCORE
        out.append(Draft(unit, name, s, Span(name, s, s + len(name)), hits, score=score))
    return out
