"""Tests for the learned vetting (kind, one-event news report, activity) and the loose candidates.

Every text here is written for these tests after the patterns of real school pages (no sentence of
the real pages is copied): kindergarten month plans, template-site essays, news reports of one
meeting, aims paragraphs.
"""

from __future__ import annotations

import pytest

from miner.extract.activities.detection import Detector
from miner.extract.activities.loose import LOOSE_SCORE, loose_drafts
from miner.extract.activities.units import Unit
from miner.extract.activities.vetting import Vetter, load_vetter
from miner.extract.pipeline import candidates, extract
from miner.extract.resources import load_resources
from miner.parse.text import text_document
from miner.records import Activity

NEWS = """南湖小学举行教研组长工作例会
发布时间：2023-03-08
3月7日下午，南湖小学在三楼会议室召开本学期第一次教研组长工作例会。
会议由教导处李主任主持，学校全体教研组长参加了会议。
会上，李主任首先传达了区教研室新学期工作会议的精神。
随后，各教研组长分别汇报了本组新学期的工作打算。
王校长在讲话中指出，教研组是学校教学研究的基本单位，要切实发挥作用。
本次会议的召开为新学期教研工作的开展指明了方向。
"""

ESSAY = """幼儿园小班工作计划（精选6篇）
时间过得真快，新的学期又要开始了，是时候写一份计划了。以下是小编整理的幼儿园小班工作计划，仅供参考，希望能够帮助到大家。
幼儿园小班工作计划 篇一
一、指导思想
以《幼儿园工作规程》为指导，培养幼儿良好的生活习惯和学习习惯，促进幼儿全面发展。
二、具体安排
三月：召开新学期家长会；开展晨间锻炼；组织教师学习保育规范
四月：组织春游活动；进行幼儿体检
五月：举办六一文艺汇演排练；开展消防疏散演练
"""

MONTHS = """阳光幼儿园2024年春季学期工作计划
二、每月工作安排
三月：学习保育规范；技能考核；园务会议
四月：家长开放日；幼儿体检；春季运动会
五月：消防演练；教师技能考核；毕业照拍摄
"""


def _doc(text: str, doc_id: str) -> Activity | object:
    return text_document(text, doc_id=doc_id, source=f"{doc_id}.txt")


@pytest.fixture(scope="module")
def vetter() -> Vetter:
    found = load_vetter()
    assert found is not None, "models/vetting is not trained: run `miner train --real ../shared/real`"
    return found


def test_vetting_model_has_a_card_with_its_data_hash_and_dev_figures(vetter: Vetter) -> None:
    card = vetter.card
    assert len(card["training_data"]["sha256"]) == 64
    assert {"scikit-learn", "python"} <= set(card["versions"])
    assert 0.0 < card["metrics"]["dev"]["activities_f1"] <= 1.0
    assert 0.0 < vetter.threshold < 1.0


def test_vetting_news_report_of_one_meeting_is_one_activity(vetter: Vetter) -> None:
    """Read as news by the page's shape (no numbered lines, one day named) beside its words, though
    the pairs' term reviews with a byline and a dated opening teach the news model otherwise."""
    ex = extract(_doc(NEWS, "news"))
    assert ex.facts.kind == "summary"
    assert len(ex.activities) == 1  # not who presided, who attended, who said what
    assert "例会" in ex.activities[0].name


def test_vetting_a_page_read_as_one_event_keeps_its_best_candidate(vetter: Vetter) -> None:
    """The mechanism apart from the news model's reading: a page taken for the report of one event
    keeps one activity, the candidate the activity model likes best."""
    found, hints = candidates(_doc(NEWS, "news"), load_resources())
    kept = vetter.vet(list(found.activities), "summary", len(NEWS), news=1.0, hints=hints)
    assert len(found.activities) > 1 and len(kept) == 1
    assert "例会" in kept[0].name


def test_vetting_news_report_rules_alone_find_more(vetter: Vetter) -> None:
    """The collapse to one activity is the model's doing: the rules' candidates are several."""
    found, hints = candidates(_doc(NEWS, "news"), load_resources())
    assert len(found.activities) > 1 and len(hints) == len(found.activities)


def test_vetting_template_boilerplate_and_aims_are_not_activities(vetter: Vetter) -> None:
    ex = extract(_doc(ESSAY, "essay"))
    names = [a.name for a in ex.activities]
    assert ex.facts.kind == "plan"
    assert not any("小编" in n or "篇一" in n or "仅供参考" in n or "精选" in n for n in names), names
    assert not any("培养幼儿" in n or "指导" in n for n in names), names
    assert sum("家长会" in n or "春游" in n or "体检" in n or "演练" in n for n in names) >= 3, names


def test_vetting_short_items_of_a_month_block_are_found(vetter: Vetter) -> None:
    ex = extract(_doc(MONTHS, "months"))
    names = [a.name for a in ex.activities]
    for item in ("技能考核", "园务会议", "幼儿体检", "消防演练"):
        assert any(item in n for n in names), (item, names)
    assert not any(n.startswith("三月") for n in names)


def test_loose_drafts_split_a_run_on_list_of_short_items() -> None:
    det = Detector(load_resources().taxonomy)
    text = "二月：员工大会、清洁消毒、更换主题墙、有重点家访"
    unit = Unit("item", text, 100, 100 + len(text))
    drafts = loose_drafts(unit, [], det)
    assert [d.name for d in drafts] == ["员工大会", "清洁消毒", "更换主题墙", "有重点家访"]
    assert all(d.score == LOOSE_SCORE for d in drafts)
    assert [d.name_start for d in drafts] == [100 + text.index(d.name) for d in drafts]


def test_loose_drafts_skip_aims_headings_and_what_the_rules_took() -> None:
    det = Detector(load_resources().taxonomy)
    text = "召开家长会，开展亲子阅读"
    unit = Unit("sentence", text, 0, len(text))
    taken = det.text_drafts(unit, has_time=True, summary=False)
    names = [d.name for d in loose_drafts(unit, taken, det)]
    assert not any(d.name in names for d in taken)
    assert loose_drafts(Unit("heading", text, 0, len(text)), [], det) == []
    aim = Unit("sentence", text, 0, len(text))
    aim.aim = True
    assert loose_drafts(aim, [], det) == []


VISIT = """东湖小学教师赴西岭小学开展送教活动
发布时间：2023-04-12
4月11日，东湖小学语文、数学骨干教师一行六人来到西岭小学开展送教活动。
东湖小学的王老师执教了一节阅读课，西岭小学全体语文教师参加了观摩。
课后，两校教师围绕课堂教学进行了交流研讨。
北塘中学的两位教师也应邀参加了本次活动。
"""


def test_vetting_news_report_event_takes_every_school_the_report_names(vetter: Vetter) -> None:
    ex = extract(_doc(VISIT, "visit"))
    assert len(ex.activities) == 1
    assert set(ex.activities[0].schools) == {"东湖小学", "西岭小学", "北塘中学"}


@pytest.mark.parametrize(("name", "evidence", "present", "absent"), [
    # a numbered item opening with a verb of doing, dated by a weekday and a time
    ("组织全体教师观看安全教育片", "3.周三下午2:30组织全体教师观看安全教育片",
     {"marker", "doing", "weekday", "date_in_unit", "clause=0"}, {"aims", "people"}),
    # the third clause of a sentence about who spoke: no activity of its own
    ("张校长作总结讲话", "会上，各组交流了做法，最后张校长作总结讲话",
     {"people", "people_unit", "clause=2"}, {"doing", "marker"}),
    # a goal of a kindergarten class, not something that is held
    ("培养幼儿爱护植物的意识", "培养幼儿爱护植物的意识，学会给花浇水",
     {"aims", "clause=0"}, {"doing", "weekday"}),
    # a flattened table row with a quoted title and a plan word
    ("“书香校园”读书节", "第5周 | “书香校园”读书节 | 德育处 | 拟定方案",
     {"quoted", "cells<=3", "date_in_unit", "future_unit"}, {"aims"}),
])
def test_vetting_unit_flags_describe_the_shape_of_a_candidate(name: str, evidence: str, present: set[str],
                                                               absent: set[str]) -> None:
    from miner.extract.activities.vetting import unit_flags

    flags = unit_flags(name, evidence)
    assert present <= set(flags), (present - set(flags), flags)
    assert not absent & set(flags), (absent & set(flags), flags)
    assert sum(1 for k in flags if k.startswith("name_len")) == 1  # sizes are one category each


def test_vetting_document_features_drop_markup_and_fold_traditional_script() -> None:
    from miner.extract.activities.vetting import doc_flags, doc_text

    title = "東湖小學召開期末總結會"
    body = ('<div class="ql-editor" style="line-height: 2;"><font face="宋体">'
            "1月9日下午，東湖小學召開了期末總結會。</font></div>")
    text = doc_text(title, body)
    assert "<" not in text and "style" not in text
    assert text.startswith("东湖小学召开期末总结会\n1月9日下午,")  # simplified, full-width folded
    flags = doc_flags(title, body, "other")
    assert {"title=总结", "title=召开", "cue=了", "cue=召开", "event_date", "rule=other"} <= set(flags)
    assert "cue=ql" not in flags and all(0.0 <= v <= 1.0 for v in flags.values())


def test_vetting_name_hints_mark_repeated_names_and_crowded_units() -> None:
    from miner.extract.pipeline import _detector, name_hints

    res = load_resources()

    def act(name: str, start: int) -> Activity:
        return Activity(doc_id="d", activity_id="A1", type="other", evidence=f"{name}，另有安排", start=start,
                        end=start + 10, mood="planned", name=name)

    acts = [act("升旗仪式", 0), act("班会课", 20), act("卫生检查", 20), act("升旗仪式", 40)]
    hints = name_hints(acts, _detector(res))
    assert ["dup" in h for h in hints] == [False, False, False, True]
    assert [next(k for k in h if k.startswith("siblings")) for h in hints] == [
        "siblings=1", "siblings=2", "siblings=2", "siblings=1"]


def test_vetting_site_folds_keep_a_site_in_one_fold(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from miner.learn.real import sites
    from miner.learn.vetting import site_folds

    rows = ["id,split,address,genre,region,year"]
    ids = []
    for n in range(12):  # 6 sites, two pages each, and two pages without an address
        ids.append(f"p{n}")
        rows.append(f"p{n},train,https://www.school{n // 2}.cn/news/{n}.html,news_report,x,2024")
    ids += ["q1", "q2"]
    rows += ["q1,train,,weekly_arrangement,x,2024", "q2,train,,weekly_arrangement,x,2024"]
    (tmp_path / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert sites(tmp_path)["p3"] == "school1.cn"
    folds = site_folds(ids, sites(tmp_path))
    assert len(set(folds)) == 5
    for n in range(0, 12, 2):  # both pages of a site are tested together
        assert folds[n] == folds[n + 1]


def test_vetting_card_records_grouped_selection_and_news_threshold(vetter: Vetter) -> None:
    card = vetter.card
    assert "grouped by site" in card["model_selection"]
    oof = card["metrics"]["train_out_of_fold_by_site"]
    assert 0.0 < oof["kind_accuracy"] <= 1.0 and 0.0 < oof["activity_f1"] <= 1.0
    assert card["news_threshold"] == vetter.news_threshold


TERM_REVIEW = """枫林教育集团2023学年第二学期工作总结
发布时间：2024-07-05  来源：集团办公室
3月1日，集团召开新学期首次理事会，部署本学期各项工作，现将一学期工作回顾如下。
一、教研联动
1.3月下旬，四校数学组在枫林小学开展联合教研，围绕单元整体教学进行了研讨。
2.4月中旬，集团举办青年教师课堂教学比赛，十二名教师参赛。
二、师资培训
1.5月8日，集团邀请市教科院专家为新教师作专题讲座。
2.6月初，骨干教师赴南湖小学送教，执教示范课三节。
三、学生活动
5月下旬，集团举办学生科技节，各校共展出作品两百余件。
"""


def test_vetting_a_term_review_with_a_byline_and_a_dated_opening_is_no_news_report(vetter: Vetter) -> None:
    title = TERM_REVIEW.split("\n", 1)[0]
    kind, news = vetter.reading(title, TERM_REVIEW, "summary")
    assert kind == "summary" and news < vetter.news_threshold
    assert len(extract(_doc(TERM_REVIEW, "review")).activities) >= 4  # not cut to the one best event


@pytest.mark.parametrize(("text", "numbered", "days"), [
    (NEWS, "numbered<=0", "days<=1"),  # one meeting: no numbered line, one day
    (TERM_REVIEW, "numbered>6", "days>3"),  # a term's review: sections and items, days and parts of months
    # markup separates the paragraphs of a stored page; a decimal (3.5) or a date (9.1-9.7) numbers no item
    ("<p>一、常规</p><p>（一）例会</p><p>1.周一例会</p><p>2.3.5课时</p>"
     "<p>9.1-9.7 4月1日 4月2日 4月3日 4月9日</p>", "numbered<=6", "days>3"),
    # a part of a month is a day of the page's shape too: a term's plan by the third of a month
    ("三月上旬开学典礼，三月下旬家长会，4月中旬运动会，五月中旬体检", "numbered<=0", "days>3"),
])
def test_vetting_doc_shape_counts_numbered_lines_and_days(text: str, numbered: str, days: str) -> None:
    from miner.extract.activities.vetting import SHAPE, doc_shape

    assert doc_shape(text) == {SHAPE + numbered: 1.0, SHAPE + days: 1.0}


def _act(name: str, start: int) -> Activity:
    return Activity(doc_id="d", activity_id="A1", type="other", evidence=name, start=start,
                    end=start + len(name), mood="reported", name=name)


def test_vetting_event_choice_takes_the_lead_not_the_likeliest() -> None:
    """The event a report names first wins over a likelier side event later on; the title's words
    lift a candidate the model doubts; with nothing likely enough, the likeliest stands."""
    from miner.extract.activities.vetting import event_choice

    acts = [_act("教研组长工作例会", 10), _act("参观校史陈列室", 200), _act("王校长讲话", 300)]
    assert event_choice(acts, [0.65, 0.95, 0.2], "") == 0
    assert event_choice(acts, [0.3, 0.95, 0.2], "") == 1
    assert event_choice(acts, [0.3, 0.95, 0.2], "南湖小学举行教研组长工作例会") == 0
    assert event_choice(acts, [0.1, 0.2, 0.3], "") == 2


def test_vetting_a_report_of_one_event_is_a_summary(vetter: Vetter) -> None:
    """Whatever the kind model leans to, a page read as the report of one event reports the past."""
    title = NEWS.split("\n", 1)[0]
    kind, news = vetter.reading(title, NEWS, "plan")
    assert news >= vetter.news_threshold and kind == "summary"


CONTEST = """西岭小学举办青年教师教学基本功比赛
2023-11-03 16:20
11月2日下午，西岭小学在录播室举办青年教师教学基本功比赛，十二位青年教师参赛。
比赛分为粉笔字、说课和课件制作三个项目，六位评委老师现场打分。
比赛中，老师们沉着应战，展现了扎实的基本功。
赛后，陈校长对青年教师提出了殷切期望。
"""


def test_vetting_news_report_event_has_the_date_of_its_lead(vetter: Vetter) -> None:
    ex = extract(_doc(CONTEST, "contest"))
    assert ex.facts.kind == "summary" and len(ex.activities) == 1
    event = ex.activities[0]
    assert "基本功比赛" in event.name
    assert (event.time_text, str(event.date_start)) == ("11月2日下午", "2023-11-02")  # not the page's stamp


@pytest.mark.parametrize(("text", "time_text", "date"), [
    # the event's sentence names only the term: the lead's day wins, the page's stamp never
    ("东坡中学质量分析会\n2024-04-26 18:02\n4月25日下午，东坡中学召开质量分析会。\n"
     "本次2023学年第二学期期中质量分析会由教务处主持。\n", "4月25日下午", "2024-04-25"),
    # 今天 in a report is the page's date
    ("东坡中学质量分析会\n2024-04-26 18:02\n今天下午，东坡中学召开期中质量分析会。\n",
     "今天下午", "2024-04-26"),
])
def test_vetting_news_event_time_comes_from_the_lead(text: str, time_text: str, date: str) -> None:
    from miner.extract.activities.vetting import with_lead_time
    from miner.extract.mentions.document import document_facts
    from miner.extract.mentions.times.expressions import find_times

    doc = _doc(text, "lead")
    res = load_resources()
    at = text.rindex("质量分析会")
    line_start = text.rindex("\n", 0, at) + 1
    event = Activity(doc_id="lead", activity_id="A1", type="quality_analysis",
                     evidence=text[line_start:at + 5], start=line_start, end=at + 5, mood="reported",
                     name="质量分析会",
                     time_text="2023学年第二学期" if "学期" in text else None)
    facts = document_facts(doc, calendar=res.calendar, kind="summary")
    timed = with_lead_time(event, doc, find_times(doc.text, facts.period, calendar=res.calendar))
    assert (timed.time_text, str(timed.date_start), str(timed.date_end)) == (time_text, date, date)


@pytest.mark.parametrize(("evidence", "boilerplate"), [
    ("总结是指对一个阶段的工作进行回顾和分析的书面材料", True),  # the site's definition of the genre
    ("總結(jié)是指對某一階段的學習進行分析", True),  # in Traditional script, with the site's pinyin
    ("《某校年度工作总结.docx》由会员分享，可在线阅读", True),  # a document-sharing site's line
    ("以下是小编整理的幼儿园工作计划，仅供参考", True),
    ("3月上旬制定本学期教研工作计划", False),  # a plan's own planning item
    ("每周写一份教学反思并在组内交流", False),
])
def test_vetting_template_site_boilerplate(evidence: str, boilerplate: bool) -> None:
    from miner.extract.activities.vetting import BOILERPLATE, plain

    assert bool(BOILERPLATE.search(plain(evidence))) is boilerplate


@pytest.mark.parametrize(("name", "time_text", "fact"), [
    ("9月2日（周一，农历七月三十）开学", "9月2日", True),  # a term marker with its date and an aside
    ("1月20日（星期一）学期结束", "1月20日", True),
    ("10月1日至7日：国庆节", "10月1日至7日", True),  # a festival as a calendar's entry
    ("2月15日开学上课", "2月15日", True),  # the first day of teaching
    ("7月3日（星期四）暑假开始", "7月3日", True),
    ("端午节放假", None, True),
    ("9月1日新生报到", "9月1日", False),  # registration is an activity (gold conventions)
    ("9月2日开学典礼", "9月2日", False),  # so is a ceremony
    ("庆元旦文艺汇演", None, False),  # a festival's show is held, not observed
    ("12月31日新年联欢", "12月31日", False),
    ("端午节包粽子活动", None, False),
    ("期末做好学期结束前的资料归档工作", None, False),  # a long name with a fact word: an activity
])
def test_vetting_calendar_facts_named_with_their_dates(name: str, time_text: str | None, fact: bool) -> None:
    from miner.extract.activities.vetting import calendar_fact

    act = Activity(doc_id="d", activity_id="A1", type="other", evidence=name, start=0, end=len(name),
                   mood="planned", name=name, time_text=time_text)
    assert calendar_fact(act) is fact


TERM_DATES = """青山区2024学年中小学校历安排
一、学期安排
第一学期：8月30日（星期五）教师报到，9月2日（星期一）开学，2025年1月17日（星期五）学期结束。
寒假：1月18日（星期六）寒假开始，2月16日（星期日）假期结束。
第二学期：2月17日（星期一）开学，7月4日（星期五）学期结束。
二、主要节假日
10月1日至7日：国庆节
5月1日至5日：劳动节
三、其他
9月10日召开全区教师节表彰大会；11月中旬举行中小学教学质量分析会。
"""


def test_vetting_a_calendars_term_markers_and_holidays_are_no_activities(vetter: Vetter) -> None:
    names = [a.name for a in extract(_doc(TERM_DATES, "term_dates")).activities]
    for fact in ("开学", "学期结束", "寒假开始", "假期结束", "国庆节", "劳动节"):
        assert not any(n.endswith(fact) for n in names), (fact, names)
    for item in ("教师报到", "表彰大会", "质量分析会"):  # registration and meetings stay
        assert any(item in n for n in names), (item, names)


def _kept(name: str, evidence: str, confidence: float) -> Activity:
    return Activity(doc_id="d", activity_id="A1", type="other", evidence=evidence, start=0,
                    end=len(evidence), mood="planned", name=name, confidence=confidence)


def test_vetting_a_lone_loose_part_inside_a_kept_name_is_said_once() -> None:
    """A loose candidate kept beside the longer name it lies in (same evidence) repeats it; two or
    more parts inside one name list activities and all stay; the same words in another sentence do."""
    from miner.extract.activities.vetting import covered_parts

    line = "十月下旬围绕听课、评课两个环节开展专题研讨"
    whole = _kept("听课、评课两个环节开展专题研讨", line, 0.9)
    part = _kept("评课两个环节开展专题研讨", line, LOOSE_SCORE)
    elsewhere = _kept("评课两个环节开展专题研讨", "下周继续评课两个环节开展专题研讨", LOOSE_SCORE)
    assert covered_parts([whole, part, elsewhere], [0, 1, 2]) == {1}
    assert covered_parts([whole, part], [1]) == set()  # the longer name was not kept
    listed = "九月召开家长会及校园开放日活动"
    acts = [_kept("家长会及校园开放日活动", listed, 0.9), _kept("家长会", listed, LOOSE_SCORE),
            _kept("校园开放日活动", listed, LOOSE_SCORE)]
    assert covered_parts(acts, [0, 1, 2]) == set()
    rule = _kept("专题研讨", line, 0.9)  # a rule's own draft is never dropped as a part
    assert covered_parts([whole, rule], [0, 1]) == set()
