"""Learned second opinions on the rules: plan or summary, a news report of one event, a real activity.

The rules find candidate activities and guess the document's kind; on pages of sites nobody here
has seen (template essays, news reports, kindergarten plans) they keep boilerplate, aims and every
sentence of a meeting report. Three small scikit-learn models trained on real annotated pages
(`miner train --real`, miner/learn/vetting.py) give a second opinion:

- kind: plan or summary, from the title, the opening and the rules' own guess;
- news: whether the page reports one event (a news report: one activity, the event itself);
- activity: whether a candidate is a concrete activity, from its name, its unit and a few flags.

Each document is vectorised once (all its candidates in one call); without the model (not trained)
the rules' answers stand.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from miner.extract.activities.calendar_items import calendar_rules
from miner.extract.activities.linear import Blocks, LinearModel, predict
from miner.extract.activities.loose import LOOSE_SCORE
from miner.extract.text.fold import fold
from miner.extract.text.regexes import any_word
from miner.records import Activity, Document, Mention, replaced
from miner.shipped import MODELS, shipped_root

log = logging.getLogger(__name__)

MODEL_DIR = shipped_root(MODELS) / "vetting"  # models/vetting, installed as package data
MOOD_OF_KIND = {"plan": "planned", "summary": "reported"}  # the mood the gold files annotate
# the furniture of template and essay sites: never an activity, whatever its words
# (and the sites' definition of the genre, `总结是指…`, their offer to read a shared file online, what
# they gathered for the reader, `为您整理`, and their notes on copying, copyright and downloads)
BOILERPLATE = re.compile(r"小编|仅供参考|范文|篇[一二三四五六七八九十]\b|精选\d*篇|欢迎(?:阅读|借鉴|分享)"
                         r"|希望(?:对|能)[^，。]{0,6}(?:帮助|参考)|供大家参考|怎么写"
                         r"|(?:总结|计划)[^，,。]{0,8}?是指|由会员(?:上传|分享)|在线阅读"
                         r"|(?:为(?:您|你|大家)|特别)(?:精心)?整理|下载后|可编辑|公开渠道|会员投稿|侵犯|侵权|联系客服")


# what a candidate's name says beside its dates: asides (`(农历七月十三 星期三)`), dates and ranges, weekdays
_ASIDE = re.compile(r"[（(][^()（）]{0,30}[)）]")
_DATE_PART = re.compile(r"(?:\d{2,4}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}[日号]?)?"
                        r"|\d{1,2}[日号]|[至到~\-—－]+|第[一二三四五六七八九十\d]学期|[上下]学期|(?:星期|周)[一二三四五六日天]")
FACT_CHARS = 6  # a name this short holding a word of calendar facts (`放假一天`, `开学上课`) is one
# unless it names something held (`新年联欢`, `国庆节庆祝活动`: festivals held for students are activities)
_HELD = ("联欢", "活动", "庆祝", "晚会", "典礼", "仪式", "比赛", "演出", "汇演", "会")


def calendar_fact(a: Activity) -> bool:
    """A holiday, a vacation or a term marker named with its dates (`8月26日(星期三)开学`, `10月1日至7日：
    国庆节`, `2月27日开学上课`): a calendar fact, never an activity, whatever page it is on
    (../shared/gold/README.md, "Conventions for common items"; the rules of calendar_items.toml)."""
    core = fold(a.name or a.evidence)
    if a.time_text:
        core = core.replace(fold(a.time_text), "")
    core = _DATE_PART.sub("", _ASIDE.sub("", core)).strip(" \t|:：,，;；。.、")
    if not core or any(w in core for w in _HELD):
        return False
    rules = calendar_rules()  # a longer name holding such a word may be an activity (`迎新年书画比赛`)
    return (core in rules.fact_whole or any(p.search(core) for p in rules.fact_patterns)
            or (len(core) <= FACT_CHARS and any(w in core for w in rules.fact_words)))


# A page the news model reads as somewhat likely the report of one event (though below its news
# threshold) gives the rules' candidates no benefit of the doubt: each needs the loose candidates'
# threshold. Such pages are mostly reports whose every sentence the rules propose (who spoke, what the
# event achieved, the event said again). Measured out of fold by site (2026-12-08, shared/real's 70
# train pages and 228 added ones, thresholds as chosen without it): activity F1 0.614 -> 0.619 over
# all pages, 0.671 -> 0.673 on shared/real's, news reports 0.599 -> 0.636 (false positives 77 -> 53);
# bounds 0.1 to 0.25 all gave +0.004 to +0.005 overall.
NEWS_DOUBT = 0.2


def never_activity(a: Activity) -> bool:
    """Template-site boilerplate or a calendar fact: dropped whatever the activity model says (by
    `Vetter.vet` and alike by the training's simulation of it, miner/learn/vetting.py)."""
    return bool(BOILERPLATE.search(plain(a.evidence))) or calendar_fact(a)


def threshold_of(a: Activity, threshold: float, rule_threshold: float, news: float = 0.0) -> float:
    """The probability a candidate needs to be kept: a loose candidate's threshold, or a rule's
    (the higher of the two on a page whose probability `news` of reporting one event is NEWS_DOUBT
    or more)."""
    if a.confidence <= LOOSE_SCORE or news >= NEWS_DOUBT:
        return max(threshold, rule_threshold)
    return rule_threshold


def covered_parts(acts: list[Activity], kept: list[int]) -> set[int]:
    """Kept loose candidates that say again what a longer kept name of the same evidence says: one
    alone inside it (`质量诊断、分析五方面展开研讨` and `分析五方面展开研讨`) is that activity said twice.
    Two or more inside one name (`家长会及开放日活动`: 家长会, 开放日活动) list activities: all stay."""
    inside: dict[int, list[int]] = {}
    for i in kept:
        a = acts[i]
        if a.confidence > LOOSE_SCORE:
            continue
        for j in kept:
            b = acts[j]
            if j != i and b.evidence == a.evidence and len(b.name) > len(a.name) and a.name in b.name:
                inside.setdefault(j, []).append(i)
    return {parts[0] for parts in inside.values() if len(parts) == 1}


def _words(line: str) -> tuple[str, ...]:
    """A lexicon written as one line of words separated by spaces."""
    return tuple(line.split())


OPENING_CHARS = 600  # how much of the text the document models read after the title
_TAG = re.compile(r"<[^>]{0,300}>|&[a-z]{2,6};")  # markup some stored pages keep in their text
# an event's date opening a sentence (`3月7日下午，`): the lead of a news report
_EVENT_DATE = re.compile(r"\d{1,2}月\d{1,2}[日号](?:[上下]午|晚上?)?[，,]")
# words of reports about one event (who presided, spoke, attended; the byline), of template sites,
# of plans (将, 拟, 下周) and of reports (了, 已, 圆满, 回顾)
_DOC_CUES = _words("主持 讲话 致辞 出席 参加 参会 本次活动 此次活动 活动中 近日 日前 小编 "
                   "范文 篇一 精选 计划 总结 安排 行事历 校历 周 了 将 要 拟 已 回顾 "
                   "报道 来源 发布时间 记者 供稿 图文 审核 编辑 圆满 顺利 召开 举行 开展 "
                   "活动 星期 下周 本周 取得 成绩 获得 荣获")
# a numbered line (`一、`, `（二）`, `3.`, `1.3月下旬` glued; not a date `9.1-9.7`) and a day of a month,
# for the shape of the whole page
_LINE_MARKER = re.compile(r"(?m)^[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．]"
                          r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d{1,2}[./-]\d))")
_DAY = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}[日号]|[上中下]旬)")
SHAPE = "shape:"  # the flags of `doc_shape`: the news model reads them, the kind model does not
_TITLE_CUES = _words("计划 安排 行事历 校历 周 总结 回顾 报道 活动 开展 举行 召开 工作 "
                     "要点 方案 纪实 掠影 走进 共 促 助力 赋能")

# what an activity model reads in a candidate's unit beside its words
_SEP = re.compile(r"[，,；;。！？!?]")
_MARKER = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[⒈-⒛①-⑳]|[-—•·*]+)\s*")
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天1-7]")
_DATED = re.compile(r"\d{1,2}月\d{1,2}[日号]|\d{1,2}[/.-]\d{1,2}|第[一二三四五六七八九十\d]{1,3}周|[上下]午"
                    r"|\d{1,2}[:：]\d{2}")
# verbs of doing that open an activity's name, and the words of aims and goals
_DOING = _words("开展 组织 举行 举办 召开 进行 参加 参与 迎接 完成 做好 实施 启动 "
                "邀请 布置 安排 检查 评选 召集 制定 修订 上报 提交 收集 整理 更换 "
                "设计 观看")
_AIMS = _words("培养 提高 提升 激发 引导 感受 感知 了解 鼓励 帮助 加强 促进 增强 "
               "树立 萌发 体验 懂得 知道 学会 能 愿意 尝试 注意 保持 养成 发展 推进 "
               "推动 深化 坚持 不断 努力 积极 充分 切实 进一步 全面 营造 构建 打造 "
               "落实")
_PEOPLE = _words("校长 老师 主任 书记 局长 主持 讲话 致辞 出席 发言 指出 强调 表示 "
                 "介绍")
_FUTURE = _words("将 要 拟 计划 下一步")
# the same lexicons as one expression each: whether any of the words occurs, in one search
_AIMS_RE, _PEOPLE_RE, _FUTURE_RE = any_word(_AIMS), any_word(_PEOPLE), any_word(_FUTURE)


def plain(text: str) -> str:
    """The text without markup, folded (Traditional → Simplified, full-width → ASCII)."""
    return fold(_TAG.sub("", text))


def doc_text(title: str, text: str) -> str:
    """What the document models read: the title, then the opening of the text (plain, folded)."""
    return f"{plain(title)}\n{plain(text[:OPENING_CHARS * 3])[:OPENING_CHARS]}"


def doc_flags(title: str, text: str, rule_kind: str) -> dict[str, float]:
    """Counts of the cue words (per 1,000 characters), cue words of the title, an event date in the
    opening, the length and the rules' kind."""
    head, body = plain(title), plain(text)
    per = 1000.0 / max(len(body), 200)
    flags: dict[str, float] = {f"rule={rule_kind}": 1.0, "chars": min(len(body), 4000) / 4000.0}
    for word in _DOC_CUES:
        n = body.count(word)
        if n:
            flags[f"cue={word}"] = min(n * per, 20.0) / 20.0
    for word in _TITLE_CUES:
        if word in head:
            flags[f"title={word}"] = 1.0
    if _EVENT_DATE.search(body, 0, OPENING_CHARS):
        flags["event_date"] = 1.0
    flags.update(doc_shape(text))
    return flags


def doc_shape(text: str) -> dict[str, float]:
    """The shape of the whole page as categories: how many numbered lines (a plan's or a review's
    sections and items; a news report has none) and how many distinct days it names (a report of
    one event names one, a term's review many; a part of a month, `五月中旬`, counts as a day)."""
    lines = _TAG.sub("\n", text)  # the markup of stored pages separates paragraphs
    numbered = len(_LINE_MARKER.findall(lines))
    days = len(set(_DAY.findall(fold(lines))))
    return {SHAPE + _bucket("numbered", numbered, (0, 2, 6)): 1.0,
            SHAPE + _bucket("days", days, (0, 1, 3)): 1.0}


def _bucket(name: str, n: int, edges: tuple[int, ...]) -> str:
    """`name<=e` for the first edge e at or above n (`name>last` past them): sizes as categories."""
    for e in edges:
        if n <= e:
            return f"{name}<={e}"
    return f"{name}>{edges[-1]}"


def unit_flags(name: str, evidence: str) -> dict[str, float]:
    """The shape of a candidate's unit: a list marker or a label before it, which clause the name is,
    how many clauses and table cells the unit has, a weekday or a date in it, a verb of doing or a
    word of aims opening the name, people (who presided, who spoke), quoted titles, future words."""
    flags: dict[str, float] = {_bucket("name_len", len(name), (3, 5, 8, 12, 18, 26)): 1.0,
                               _bucket("unit_len", len(evidence), (8, 16, 30, 60, 120)): 1.0,
                               _bucket("unit_clauses", len(_SEP.findall(evidence)), (0, 1, 3, 6)): 1.0}
    if _MARKER.match(evidence):
        flags["marker"] = 1.0
    at = evidence.find(name[:6])
    flags[f"clause={min(len(_SEP.findall(evidence, 0, at)), 3)}" if at >= 0 else "clause=?"] = 1.0
    if "|" in evidence:
        flags[_bucket("cells", evidence.count("|"), (1, 3, 6))] = 1.0
    if _WEEKDAY.search(evidence):
        flags["weekday"] = 1.0
    if _DATED.search(evidence):
        flags["date_in_unit"] = 1.0
    if name.startswith(_DOING):
        flags["doing"] = 1.0
    if _AIMS_RE.search(name[:4]):
        flags["aims"] = 1.0
    if _PEOPLE_RE.search(name):
        flags["people"] = 1.0
    if _PEOPLE_RE.search(evidence):
        flags["people_unit"] = 1.0
    if _FUTURE_RE.search(evidence):
        flags["future_unit"] = 1.0
    if "《" in name or "“" in name or '"' in name:
        flags["quoted"] = 1.0
    return flags


def activity_flags(a: Activity, doc_kind: str, n_chars: int, n_acts: int,
                   hint: dict[str, float] | None = None) -> dict[str, float]:
    """What an activity's record says beyond its words: type, mood, time, place, size, position, the
    shape of its unit (`unit_flags`) and the `hint` of the rules (see `pipeline.name_hints`)."""
    name, evidence = a.name or a.evidence, a.evidence
    flags: dict[str, float] = {**(hint or {}), **unit_flags(name, evidence),
        f"type={a.type}": 1.0, f"mood={a.mood}": 1.0, f"kind={doc_kind}": 1.0,
        "confidence": a.confidence, "position": a.start / max(n_chars, 1),
        _bucket("n_acts", n_acts, (3, 8, 15, 30, 60)): 1.0,
    }
    if a.time_text:
        flags["timed"] = 1.0
    if a.schools:
        flags["schools"] = 1.0
    if a.confidence <= LOOSE_SCORE:
        flags["loose"] = 1.0
    if name.strip() == evidence.strip():
        flags["whole_unit"] = 1.0
    if any(w in name for w in ("了", "已", "曾")):
        flags["past"] = 1.0
    return flags


# a news report names its event in its lead: the first candidate this likely (its probability
# raised by EVENT_TITLE times the share of its name's character pairs that the title repeats)
EVENT_LEAD = 0.6
EVENT_TITLE = 0.4


def _pairs(text: str) -> set[str]:
    """The character pairs of a text (plain, folded)."""
    text = plain(text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def event_choice(acts: list[Activity], proba: list[float], title: str) -> int:
    """Which candidate is the event a news report of one event reports: the first one the lead
    makes likely enough (EVENT_LEAD), else the likeliest; the title's words count in its favour."""
    heading = _pairs(title)
    scores = []
    for a, p in zip(acts, proba, strict=True):
        own = _pairs(a.name or a.evidence)
        scores.append(p + EVENT_TITLE * (len(own & heading) / len(own) if own else 0.0))
    lead = next((i for i, s in enumerate(scores) if s >= EVENT_LEAD), None)
    return lead if lead is not None else max(range(len(acts)), key=lambda i: (scores[i], -i))


_PERIOD_KINDS = frozenset({"school_year", "term", "year", "recurrence", "vague"})


def with_lead_time(event: Activity, doc: Document, times: list[Any]) -> Activity:
    """A news report of one event: without a date of its own, or with only the period it belongs
    to, the event takes the report's first time that is no period (the lead's `3月7日下午`), not the
    page's stamp; a report's 今天 is the page's date. `times`: the document's, in order."""
    own = next((t for t in times if t.text == event.time_text and event.start <= t.start < event.end), None)
    if event.time_text and (own is None or own.kind not in _PERIOD_KINDS):
        lead = own
    else:
        stamps = [(int(s), int(e)) for s, e in doc.meta.get("furniture_spans", [])]
        lead = next((t for t in times if t.kind not in _PERIOD_KINDS
                     and not any(s <= t.start < e for s, e in stamps)), None)
    if lead is None:
        return event
    start, end = lead.date_start, lead.date_end
    back = _DAYS_BACK.get(lead.text[:2])
    if start is None and doc.published is not None and back is not None:
        start = end = doc.published - dt.timedelta(days=back)
    if lead is own and start == event.date_start:
        return event
    return replaced(event, time_text=lead.text, date_start=start, date_end=end, term=lead.term,
                    week=lead.week)


_DAYS_BACK = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1}  # days before the page's date


def with_every_school(event: Activity, mentions: tuple[Mention, ...]) -> Activity:
    """A news report of one event: every school the report names took part in it (host, visitors),
    whether or not the event's own sentence names one (`运动会在学校操场开幕`, the host in the next
    line). Measured with the shipped models (2026-12-08): activity schools F1 on shared/real's train
    pages 0.750 -> 0.911 and on 228 added pages of other sites 0.517 -> 0.562 against giving them
    only to an event whose sentence names a school; the project's gold (0.977) and dev unchanged."""
    names = list(event.schools)
    for m in mentions:
        if m.kind == "school" and m.value and m.value not in names:
            names.append(m.value)
    return event if len(names) == len(event.schools) else replaced(event, schools=tuple(names))


class Vetter:
    """The trained models (any of kind, news, activity may be missing) and their card."""

    def __init__(self, bundle: dict[str, Any], card: dict[str, Any] | None = None) -> None:
        self.bundle = bundle
        self.card = card or {}
        self.threshold: float = float(bundle.get("threshold", 0.5))  # for the loose candidates
        # the rules' own candidates go unless the model is fairly sure they are no activity
        self.rule_threshold: float = float(bundle.get("rule_threshold", self.threshold))
        self.news_threshold: float = float(bundle.get("news_threshold", 0.5))
        # whether the rules' passed-by clauses become candidates (miner.extract.activities.loose)
        self.loose: bool = bool(bundle.get("loose", "activity" in bundle))
        # table rows the rules found stand without the model's word (their forms are the rules' field)
        self.keep_rows: bool = bool(bundle.get("keep_rows", False))
        self._linear: dict[str, LinearModel | None] = {}  # the models as look-ups (activities/linear.py)

    def _doc_proba(self, title: str, text: str, rule_kind: str) -> tuple[float | None, float | None]:
        """P(summary) and P(news report of one event): the document is vectorised once for both."""
        model = self.bundle.get("document")
        if model is None:
            return None, None
        blocks: Blocks = [(model["text"], [doc_text(title, text)]),
                          (model["flags"], [doc_flags(title, text, rule_kind)])]
        kind, news = predict(self._linear, "document", blocks, [model.get("kind"), model.get("news")])
        return (None if kind is None else kind[0][1]), (None if news is None else news[0][1])

    def reading(self, title: str, text: str, rule_kind: str) -> tuple[str, float]:
        """The document's kind (plan or summary; the rules' kind without a kind model) and the
        probability that it reports one event (0 without a news model), from one vectorisation."""
        p_kind, p_news = self._doc_proba(title, text, rule_kind)
        news = 0.0 if p_news is None else p_news
        if news >= self.news_threshold:  # the report of an event that took place
            return "summary", news
        return (rule_kind if p_kind is None else "summary" if p_kind >= 0.5 else "plan"), news

    def kind(self, title: str, text: str, rule_kind: str) -> str:
        """plan or summary (the rules' kind when there is no kind model)."""
        return self.reading(title, text, rule_kind)[0]

    def news(self, title: str, text: str, rule_kind: str) -> float:
        """The probability that the page reports one event (0 without a news model)."""
        return self.reading(title, text, rule_kind)[1]

    def activity_proba(self, acts: list[Activity], doc_kind: str, n_chars: int,
                       hints: list[dict[str, float]] | None = None) -> list[float]:
        """Per candidate, the probability that it is a concrete activity (1.0 without a model)."""
        model = self.bundle.get("activity")
        if model is None or not acts:
            return [1.0] * len(acts)
        names = [a.name or a.evidence for a in acts]
        units = [a.evidence for a in acts]
        marks = hints if hints is not None and len(hints) == len(acts) else [{} for _ in acts]
        flags = [activity_flags(a, doc_kind, n_chars, len(acts), h) for a, h in zip(acts, marks, strict=True)]
        proba = predict(self._linear, "activity", [(model["name"], names), (model["unit"], units),
                                                   (model["flags"], flags)], [model["clf"]])[0]
        return [] if proba is None else [row[1] for row in proba]

    def vet(self, acts: list[Activity], doc_kind: str, n_chars: int, news: float,
            hints: list[dict[str, float]] | None = None, title: str = "") -> list[Activity]:
        """The candidates the activity model keeps; a news report of one event keeps its event
        (`event_choice`, with the document's `title`)."""
        if not acts or self.bundle.get("activity") is None:
            return acts
        proba = self.activity_proba(acts, doc_kind, n_chars, hints)
        if news >= self.news_threshold:
            best = event_choice(acts, proba, title)
            return [replaced(acts[best], confidence=round(min(acts[best].confidence, proba[best]), 3))]
        marks = hints if hints is not None and len(hints) == len(acts) else [{} for _ in acts]
        wanted = MOOD_OF_KIND.get(doc_kind)
        kept: list[int] = []
        scored: set[int] = set()  # kept by the model's probability, which caps their confidence
        for i, (a, p, h) in enumerate(zip(acts, proba, marks, strict=True)):
            if never_activity(a):
                continue
            if wanted is not None and a.mood != wanted:  # a summary's plans for next year: the
                if a.confidence > LOOSE_SCORE:  # annotations leave them out, the rules' word stands
                    kept.append(i)
            elif p >= threshold_of(a, self.threshold, self.rule_threshold, news):
                kept.append(i)
                scored.add(i)
            elif self.keep_rows and "unit=row" in h:
                kept.append(i)
        covered = covered_parts(acts, kept)
        return [replaced(acts[i], confidence=round(proba[i], 3))
                if i in scored and acts[i].confidence > proba[i] else acts[i]
                for i in kept if i not in covered]


@lru_cache(maxsize=2)
def load_vetter(path: str | None = None) -> Vetter | None:
    """The saved models (models/vetting/model.joblib), or None when they have not been trained."""
    import joblib

    folder = Path(path) if path else MODEL_DIR
    model_file = folder / "model.joblib"
    if not model_file.is_file():
        log.warning("no vetting model at %s: the rules' activities and kinds stand", model_file)
        return None
    card_file = folder / "card.json"
    card = json.loads(card_file.read_text(encoding="utf-8")) if card_file.is_file() else {}
    return Vetter(joblib.load(model_file), card)
