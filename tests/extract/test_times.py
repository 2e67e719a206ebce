"""Tests for miner.extract.mentions.times.expressions: time expressions found and anchored on the calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner.extract.lexicons.calendar import SchoolCalendar
from miner.extract.mentions.times.expressions import TimeExpr, find_times, parse_time
from miner.records import Period

D = dt.date
PERIODS: dict[str, Period | None] = {
    "none": None,
    "sy2019": Period("2019学年", "school_year", 2019, D(2019, 9, 1), D(2020, 8, 31)),
    "sy2020": Period("2020学年", "school_year", 2020, D(2020, 9, 1), D(2021, 8, 31)),
    "sy2022": Period("2022学年", "school_year", 2022, D(2022, 9, 1), D(2023, 8, 31)),
    "t2022a": Period("2022学年第一学期", "term", 2022, D(2022, 9, 5), D(2023, 2, 19), term=1),
    "cy2021": Period("2021年", "calendar_year", 2021, D(2021, 1, 1), D(2021, 12, 31)),
    "cy2022": Period("2022年", "calendar_year", 2022, D(2022, 1, 1), D(2022, 12, 31)),
}


def _one(text: str, period: str, term: int | None = None) -> list[tuple[str, str | None]]:
    return [(e.text, e.value()) for e in find_times(text, PERIODS[period], term=term)]


@pytest.mark.parametrize(("text", "period", "term", "surface", "value"), [
    ("2020学年第二学期第5周开展联合教研", "none", None, "2020学年第二学期第5周", "2021-03-15/2021-03-21"),
    ("第十二周：教学视导", "sy2019", 1, "第十二周", "2019-11-18/2019-11-24"),
    ("第3-4周 集体备课", "sy2019", 2, "第3-4周", "2020-03-02/2020-03-15"),
    ("第3~5周", "sy2019", 1, "第3~5周", "2019-09-16/2019-10-06"),
    ("第3周至第5周组织听课", "sy2019", 1, "第3周至第5周", "2019-09-16/2019-10-06"),
    ("第３周", "sy2019", 2, "第３周", "2020-03-02/2020-03-08"),
    ("2021學年第一學期第2週", "none", None, "2021學年第一學期第2週", "2021-09-13/2021-09-19"),
    ("第二学期第5周：毕业班研讨", "sy2019", None, "第二学期第5周", "2020-03-16/2020-03-22"),
    ("十月：校长例会", "sy2019", None, "十月", "2019-10-01/2019-10-31"),
    ("元月：期末资料整理", "sy2019", None, "元月", "2020-01-01/2020-01-31"),
    ("10月份开展视导", "cy2021", None, "10月份", "2021-10-01/2021-10-31"),
    ("4月上旬召开推进会", "cy2021", None, "4月上旬", "2021-04-01/2021-04-10"),
    ("9月下旬，开展青年教师比武", "sy2020", None, "9月下旬", "2020-09-21/2020-09-30"),
    ("2月底完成", "cy2021", None, "2月底", "2021-02-19/2021-02-28"),
    ("11月初上报", "sy2019", None, "11月初", "2019-11-01/2019-11-10"),
    ("十二月中旬", "sy2019", None, "十二月中旬", "2019-12-11/2019-12-20"),
    ("12月10日下午在中心校召开", "cy2021", None, "12月10日下午", "2021-12-10/2021-12-10"),
    ("9月1号开学", "sy2020", None, "9月1号", "2020-09-01/2020-09-01"),
    ("会议于2021-12-28召开", "none", None, "2021-12-28", "2021-12-28/2021-12-28"),
    ("截至2021/3/5", "none", None, "2021/3/5", "2021-03-05/2021-03-05"),
    ("于2021.12.28举行", "none", None, "2021.12.28", "2021-12-28/2021-12-28"),
    ("2021年12月28日，联盟召开", "none", None, "2021年12月28日", "2021-12-28/2021-12-28"),
    ("于2022年 3 月 8 日举行", "none", None, "2022年 3 月 8 日", "2022-03-08/2022-03-08"),
    ("5月8，三校齐聚", "cy2022", None, "5月8", "2022-05-08/2022-05-08"),
    ("1210日下午,三校教研", "cy2021", None, "1210日下午", "2021-12-10/2021-12-10"),
    ("３月５日召开", "cy2022", None, "３月５日", "2022-03-05/2022-03-05"),
    ("3月至5月开展读书节", "cy2021", None, "3月至5月", "2021-03-01/2021-05-31"),
    ("3—5月完成课题中期", "sy2019", None, "3—5月", "2020-03-01/2020-05-31"),
    ("9月1日-9月5日", "sy2020", None, "9月1日-9月5日", "2020-09-01/2020-09-05"),
    ("9月1日至5日进行入学教育", "cy2022", None, "9月1日至5日", "2022-09-01/2022-09-05"),
    ("10月下旬至11月上旬", "sy2019", None, "10月下旬至11月上旬", "2019-10-21/2019-11-10"),
    ("2019年9月—2020年1月", "none", None, "2019年9月—2020年1月", "2019-09-01/2020-01-31"),
    ("2021年工作回顾", "none", None, "2021年", "2021-01-01/2021-12-31"),
    ("商讨2021年度计划", "none", None, "2021年度", "2021-01-01/2021-12-31"),
    ("22021年度三校开展了", "none", None, "2021年度", "2021-01-01/2021-12-31"),
    ("二〇二一年，学区", "none", None, "二〇二一年", "2021-01-01/2021-12-31"),
    ("2019学年集团工作", "none", None, "2019学年", "2019-09-01/2020-08-31"),
    ("2019—2020学年度工作总结", "none", None, "2019—2020学年度", "2019-09-01/2020-08-31"),
    ("2020-2021学年第一学期", "none", None, "2020-2021学年第一学期", "2020-09-07/2021-02-14"),
    ("秋季学期", "sy2022", None, "秋季学期", "2022-09-05/2023-02-19"),
    ("第二学期", "sy2019", None, "第二学期", "2020-02-17/2020-07-12"),
    ("去年，区教育局", "cy2021", None, "去年", "2020-01-01/2020-12-31"),
    ("明年本集团", "cy2021", None, "明年", "2022-01-01/2022-12-31"),
    ("总结上一学年经验", "sy2020", None, "上一学年", "2019-09-01/2020-08-31"),
    ("本学年", "sy2020", None, "本学年", "2020-09-01/2021-08-31"),
    ("下学期将继续", "t2022a", None, "下学期", "2023-02-20/2023-07-16"),
    ("上半年完成", "cy2022", None, "上半年", "2022-01-01/2022-06-30"),
    ("2023年下半年", "none", None, "2023年下半年", "2023-07-01/2023-12-31"),
    ("10月底，现场展示", "sy2019", None, "10月底", "2019-10-22/2019-10-31"),
    ("2021年秋季学期", "none", None, "2021年秋季学期", "2021-09-06/2022-02-20"),
    ("“十四五”规划（2021—2025年）", "none", None, "2021—2025年", "2021-01-01/2025-12-31"),
    ("实施时间：2020.9-2021.1", "none", None, "2020.9-2021.1", "2020-09-01/2021-01-31"),
    ("2021/03完成验收", "none", None, "2021/03", "2021-03-01/2021-03-31"),
    ("9月第一周：开学常规检查", "sy2022", None, "9月第一周", "2022-09-01/2022-09-07"),
    ("2020年10月—12月", "none", None, "2020年10月—12月", "2020-10-01/2020-12-31"),
    ("十一月份召开", "sy2019", None, "十一月份", "2019-11-01/2019-11-30"),
    ("二〇二一年十二月二十八日召开", "none", None, "二〇二一年十二月二十八日", "2021-12-28/2021-12-28"),
    ("2月：开学准备", "sy2020", None, "2月", "2021-02-01/2021-02-28"),
    ("1\t9.2-9.8\t开学典礼", "sy2019", None, "9.2-9.8", "2019-09-02/2019-09-08"),
    ("18\t12.30—1.5\t迎新年活动", "sy2019", None, "12.30—1.5", "2019-12-30/2020-01-05"),
    ("2．11月下旬，组织交流会", "sy2022", None, "11月下旬", "2022-11-21/2022-11-30"),
    ("开学第一周，召开工作会议", "sy2022", 1, "开学第一周", "2022-09-05/2022-09-11"),
    ("教师节，各校表彰优秀教师", "sy2022", None, "教师节", "2022-09-10/2022-09-10"),
    ("国庆期间组织参观", "cy2021", None, "国庆", "2021-10-01/2021-10-01"),
    ("110月：教学视导", "sy2019", None, "10月", "2019-10-01/2019-10-31"),
    ("1、10月：教学视导", "sy2019", None, "10月", "2019-10-01/2019-10-31"),
    ("11、12月开展课题中期检查", "sy2019", None, "11、12月", "2019-11-01/2019-12-31"),
    ("12月 上旬\t学区论坛", "sy2019", None, "12月 上旬", "2019-12-01/2019-12-10"),
    ("每双周一下午在五中集中", "cy2022", None, "每双周一下午", None),
])
def test_times_anchored(text: str, period: str, term: int | None, surface: str, value: str) -> None:
    assert _one(text, period, term) == [(surface, value)]


@pytest.mark.parametrize(("text", "surface", "kind"), [
    ("年初集团协商修定章程", "年初", "vague"),
    ("20xx学年工作计划", "20xx学年", "school_year"),
    ("20XX年", "20XX年", "year"),
    ("期末，各校上交资料", "期末", "vague"),
    ("第一学期期末", "第一学期期末", "vague"),
    ("暑假期间组织培训", "暑假", "vague"),
    ("本学期重点", "本学期", "relative"),
    ("下周一下午", "下周一下午", "relative"),
    ("10月", "10月", "month"),  # no period: no year for a bare month
    ("第5周", "第5周", "week"),  # no term: no dates
    ("元旦前夕，各校开展书画比赛", "元旦前夕", "vague"),
    ("新学年，集团将继续深化改革", "新学年", "vague"),
    ("较好地完成了学期初制定的任务", "学期初", "vague"),
    ("春季由海湾小学承办", "春季", "vague"),
])
def test_times_kept_as_text_without_dates(text: str, surface: str, kind: str) -> None:
    found = find_times(text)
    assert [(e.text, e.kind) for e in found] == [(surface, kind)]
    assert found[0].date_start is None and found[0].value() is None


@pytest.mark.parametrize(("text", "surface", "recurrence"), [
    ("双周一下午，活动内容单周提前公示", "双周一下午", "biweekly:mon:pm"),
    ("每周三下午集体备课", "每周三下午", "weekly:wed:pm"),
    ("每月召开一次例会", "每月", "monthly"),
    ("每学期至少两次", "每学期", "each_term"),
    ("每周二、周四下午开放课堂", "每周二、周四下午", "weekly:tue,thu:pm"),
    ("每学期初召开联席会", "每学期初", "each_term:early"),
    ("隔周星期五", "隔周", "biweekly"),
    ("理事会每季度召开一次", "每季度", "quarterly"),
])
def test_times_recurrences(text: str, surface: str, recurrence: str) -> None:
    first = find_times(text, PERIODS["sy2019"])[0]
    got = (first.text, first.kind, first.recurrence, first.value())
    assert got == (surface, "recurrence", recurrence, None)


@pytest.mark.parametrize("text", [
    "期末考试结束后进行质量分析",
    "期中教学质量诊断、分析",
    "新学年工作的研讨",
    "修订三年发展规划",
    "年度工作总结",
    "以便在日后的教学中落实",
    "近年来，集团发展迅速",
    "参加金秋开课活动",
    "日期:2021-12-28 15:52:23  浏览量:0",
    "发布时间：2021年3月5日",
    "Copyright© 2020年 版权所有",
    "备案号:苏ICP备10212025号-1",
    "导师一周一次听课",
    "每年级推选两名",
    "为期两个月的培训",
    "三年级语文",
    "125日",  # 1月25日 or 12月5日: ambiguous, left out
    "成绩提高1.2-1.5倍",
    "学习3.1-3.5节",
    "教师节表彰大会",
    "春季运动会",
    "组织了期末统一质量监测",
    "建立了“双周例会”制度",
    "坚持每周一练",
    "第一周期的课题研究",
    "首页\n日期：2021-09-05\n正文",
    "来源：区教育局 时间：2021-09-05",
])
def test_times_excluded(text: str) -> None:
    assert find_times(text, PERIODS["cy2021"]) == []


def test_times_offsets_point_into_the_original_text() -> None:
    text = "會議定於２０２１年３月５日（星期五）下午舉行，第一學期第３週聽課。"
    found = find_times(text)
    assert [e.text for e in found] == ["２０２１年３月５日（星期五）下午", "第一學期第３週"]
    for e in found:
        assert text[e.start:e.end] == e.text
    assert found[0].value() == "2021-03-05/2021-03-05"
    assert found[1].term == 1 and found[1].week == 3


def test_times_week_range_fields() -> None:
    (e,) = find_times("第3~5周", PERIODS["sy2019"], term=2)
    assert (e.kind, e.term, e.week, e.week_end) == ("week", 2, 3, 5)
    assert (e.date_start, e.date_end) == (D(2020, 3, 2), D(2020, 3, 22))


def test_times_month_year_follows_the_term() -> None:
    sy = PERIODS["sy2019"]
    assert parse_time("8月", sy, term=1) == parse_time("8月", sy, term=1)
    aug_t1 = parse_time("8月底", sy, term=1)
    assert aug_t1 is not None and aug_t1.date_start == D(2019, 8, 22)
    feb = parse_time("2月", sy)
    assert feb is not None and feb.date_start == D(2020, 2, 1)


def test_times_parse_time_returns_the_longest() -> None:
    e = parse_time("第一学期第7周", PERIODS["sy2019"])
    assert isinstance(e, TimeExpr) and e.value() == "2019-10-14/2019-10-20"
    assert parse_time("没有时间", PERIODS["sy2019"]) is None


def test_times_user_calendar_moves_weeks(tmp_path: Path) -> None:
    table = tmp_path / "cal.csv"
    table.write_text("region,school_year,term,start,midterm_week\n北京,2019,1,2019-09-01,9\n",
                     encoding="utf-8")
    cal = SchoolCalendar.load(table, region="北京")
    e = parse_time("第1周", PERIODS["sy2019"], term=1, calendar=cal)
    assert e is not None and e.value() == "2019-09-01/2019-09-07"
    mid = parse_time("期中，", PERIODS["sy2019"], term=1, calendar=cal)
    assert mid is not None and mid.value() == "2019-10-27/2019-11-02"


@pytest.fixture()
def summary_file(tmp_path: Path) -> Path:
    path = tmp_path / "summary.txt"
    path.write_text(
        "2022年城南学区工作总结\n"
        "发布日期：2022-12-30　浏览次数：35\n"
        "3月中旬，学区召开了教学研讨会；5月份开展了青年教师比武。\n"
        "期末考试后，各校进行了质量分析。\n"
        "城南学区\n"
        "2022年12月30日\n"
        "版权所有 © 2022 城南学区\n",
        encoding="utf-8",
    )
    return path


def test_times_skip_page_furniture_and_signature(summary_file: Path) -> None:
    text = summary_file.read_text(encoding="utf-8")
    found = find_times(text, PERIODS["cy2022"])
    assert [e.text for e in found] == ["2022年", "3月中旬", "5月份"]
    assert found[1].value() == "2022-03-11/2022-03-20"


_ALPHABET = ("0123456789２０１年月日号周週第学學期度上中下旬底初末每双单"
             "一二三四五六七八九十元至到-—~、：， \n\t期中末考试")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_times_never_fail_and_offsets_hold(text: str) -> None:
    for e in find_times(text, PERIODS["sy2019"], term=1):
        assert text[e.start:e.end] == e.text and e.text.strip() == e.text
        if e.date_start is not None:
            assert e.date_end is not None and e.date_start <= e.date_end


GOLD = Path(__file__).resolve().parents[2] / "corpora" / "gold"


def _gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json")) if GOLD.is_dir() else []


def test_times_gold_corpus_floor() -> None:
    """Time surfaces over the project's gold documents: micro F1 must stay at or above the floor."""
    import json

    from miner.extract.mentions.document import find_period

    hits = found_n = gold_n = 0
    for path in _gold_files():
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc = GOLD / "docs" / gold["source"]
        if not doc.is_file():
            continue
        text = doc.read_text(encoding="utf-8")
        period = find_period(gold["period"] or "", text)
        found = {e.text for e in find_times(text, period)}
        hits += len(found & set(gold["times"]))
        found_n += len(found)
        gold_n += len(set(gold["times"]))
    precision, recall = hits / max(found_n, 1), hits / max(gold_n, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    assert f1 >= 0.95, (precision, recall)


def test_times_every_pattern_has_a_reader() -> None:
    from miner.extract.mentions.times.atoms import _patterns
    from miner.extract.mentions.times.fields import READERS

    assert set(_patterns()) == set(READERS)


@pytest.mark.parametrize(("old", "new"), [
    ('"第一学期" = 1', '"第一学期" = 3'),  # a term that does not exist
    ('"上旬" = [1, 10]', '"上旬" = [1]'),  # a day span needs two ends
    ('"元旦" = "01-01"', '"元旦" = "1月1日"'),  # festival dates are MM-DD
    ("[dayparts]", "[dayparts_renamed]"),  # a missing section
])
def test_times_lexicon_is_validated(old: str, new: str) -> None:
    from importlib import resources

    from miner.extract.lexicons.time_lexicon import parse_lexicon

    text = resources.files("miner.data").joinpath("time_lexicon.toml").read_text(encoding="utf-8")
    assert old in text
    parse_lexicon(text)  # the shipped file is valid
    with pytest.raises(ValueError):
        parse_lexicon(text.replace(old, new))


def test_times_fold_fast_path_matches_folding_each_character() -> None:
    """`fold` replaces only the characters a text holds: the result must be the character-by-character
    fold, on a long text holding every CJK ideograph, dash and full-width form (and on short pieces)."""
    from miner.extract.text.fold import _fold_char, fold

    chars = [*"—–－〜～~⁓‒―\u3000", *map(chr, range(0xFF01, 0xFF5F)), *map(chr, range(0x4E00, 0xA000))]
    text = "".join(chars) + "2021年12月28日 第三周"
    assert fold(text) == "".join(map(_fold_char, text))
    for piece in ("開學典禮", "第３周", "12—15日", "薴", "plain ascii"):
        assert fold(piece) == "".join(map(_fold_char, piece))
        assert len(fold(piece)) == len(piece)


@pytest.mark.parametrize(("text", "surface"), [
    ("上午9:00—11:00召开全体教师会议", "上午9:00—11:00"),  # a part of the day with its hours
    ("10月8日下午2:30-4:30集体备课", "10月8日下午2:30-4:30"),
])
def test_times_clock_ranges_stay_with_their_day(text: str, surface: str) -> None:
    assert [e.text for e in find_times(text)] == [surface]
