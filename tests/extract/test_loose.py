"""Tests for miner.extract.activities.loose: the extra candidates the activity model judges."""

from __future__ import annotations

import pytest

from miner.extract.activities.detection import Detector
from miner.extract.activities.loose import BESIDE_SCORE, LABEL_SCORE, LOOSE_SCORE, PART_SCORE, loose_drafts
from miner.extract.activities.units import Span, Unit, split_units
from miner.extract.lexicons.taxonomy import load_taxonomy
from miner.parse.builder import DocumentBuilder
from miner.records import Document


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_taxonomy())


def _one(*lines: str) -> Document:
    b = DocumentBuilder()
    for line in lines:
        b.paragraph(line)
    return b.build(doc_id="l", source="l.txt", format="txt")


def _drafts(det: Detector, *lines: str) -> list[tuple[str, float]]:
    doc = _one(*lines)
    out = []
    for unit in split_units(doc, det.tax):
        for d in loose_drafts(unit, [], det):
            assert doc.text[d.name_start:d.name_start + len(d.name)] == d.name
            out.append((d.name, d.score))
    return out


def test_loose_label_heading_a_line_is_a_candidate(det: Detector) -> None:
    found = _drafts(det, "⒈晨间接待：热情问候每位幼儿，提醒孩子放好书包")
    assert ("晨间接待", LABEL_SCORE) in found
    assert any(score == LOOSE_SCORE for _, score in found)


@pytest.mark.parametrize("line", ["时间：周三下午第二节", "第5周：整理图书", "重点：培养倾听习惯"])
def test_loose_labels_that_date_or_describe_are_no_candidates(det: Detector, line: str) -> None:
    text = line.split("：")[0]
    unit = Unit("item", line, 0, len(line), label=Span(text, 0, len(text)))
    assert not any(d.score == LABEL_SCORE for d in loose_drafts(unit, [], det))


def test_loose_cell_name_stops_before_its_place_and_materials(det: Detector) -> None:
    names = [n for n, _ in _drafts(det, "游戏：老鹰捉小鸡 场地：东边操场 材料：头饰、丝巾、小旗")]
    assert "老鹰捉小鸡" in names
    assert not any(w in n for n in names for w in ("东边操场", "头饰", "丝巾"))


def test_loose_dates_alone_are_no_candidates(det: Detector) -> None:
    names = [n for n, _ in _drafts(det, "3月12日；植树护绿活动；4月2日")]
    assert names == ["植树护绿活动"]


def test_loose_short_heading_may_name_a_schedule_row(det: Detector) -> None:
    assert [d.name for d in loose_drafts(Unit("heading", "户外活动", 0, 4), [], det)] == ["户外活动"]
    for text in ("一、户外活动", "关于做好本学期户外活动安全的通知"):
        assert loose_drafts(Unit("heading", text, 0, len(text)), [], det) == []


def _beside(det: Detector, line: str) -> tuple[list[str], list[tuple[str, float]]]:
    """The rules' drafts of a one-line item and the loose candidates beside them."""
    unit = Unit("item", line, 0, len(line))
    taken = det.text_drafts(unit, has_time=True, summary=False)
    return [d.name for d in taken], [(d.name, d.score) for d in loose_drafts(unit, taken, det)]


def test_loose_parts_of_a_joined_rule_name_are_candidates(det: Detector) -> None:
    rules, found = _beside(det, "3、组织期初教案检查及学生作业检查")
    assert any("及" in n for n in rules), rules  # (two checks: the rules keep them together)
    assert ("期初教案检查", PART_SCORE) in found and ("学生作业检查", PART_SCORE) in found


def test_loose_titles_side_by_side_are_parts(det: Detector) -> None:
    _, found = _beside(det, "修订《班主任考核办法》《值周工作细则》")
    assert ("《值周工作细则》", PART_SCORE) in found


def test_loose_parts_skip_the_he_of_harmony_and_the_ji_of_timely(det: Detector) -> None:
    _, found = _beside(det, "开展和谐校园创建评比活动")
    assert not any(score == PART_SCORE for _, score in found), found


def test_loose_verb_led_clause_beside_a_rule_draft_is_a_candidate(det: Detector) -> None:
    rules, found = _beside(det, "2、举办青年教师汇报课，做好听课记录的收集归档，提升课堂水平。")
    assert rules and ("做好听课记录的收集归档", BESIDE_SCORE) in found
    assert not any("提升课堂水平" in n for n, _ in found)  # an aim, no verb of doing


def test_loose_dated_clause_beside_a_rule_draft_is_a_candidate(det: Detector) -> None:
    line = "11月3日上午秋季运动会开幕式，下午趣味接力赛，晚上篝火晚会的彩排安排"
    rules, found = _beside(det, line)
    assert rules == ["秋季运动会开幕式"]
    assert found == [("下午趣味接力赛", BESIDE_SCORE), ("晚上篝火晚会的彩排安排", BESIDE_SCORE)]


def test_loose_with_whom_clause_keeps_its_list_whole(det: Detector) -> None:
    rules, found = _beside(det, "4、组织家长育儿讲座，联合街道医院开展视力筛查、口腔检查")
    assert ("联合街道医院开展视力筛查、口腔检查", BESIDE_SCORE) in found, (rules, found)


def test_loose_work_item_under_a_month_is_no_section_label(det: Detector) -> None:
    unit = Unit("item", "3、新生报名工作", 0, 8, calendar=True, context_time=Span("五月", 0, 2))
    assert [d.name for d in loose_drafts(unit, [], det)] == ["新生报名工作"]
    plain = Unit("item", "3、新生报名工作", 0, 8)
    assert loose_drafts(plain, [], det) == []


def test_loose_objects_of_one_verb_are_no_parts(det: Detector) -> None:
    """`修订A、B、C`: one task with several objects, not several activities."""
    _, found = _beside(det, "学期初修订集团章程、三年发展规划、教学常规要求")
    assert not any(score == PART_SCORE for _, score in found), found


def test_loose_clause_saying_when_the_next_happens_is_no_candidate(det: Detector) -> None:
    rules, found = _beside(det, "5月中旬期中考试结束后，各校分别召开质量分析会")
    assert rules and not any(n.endswith("结束后") for n, _ in found), (rules, found)


def test_loose_value_after_a_label_the_rules_took_is_no_candidate(det: Detector) -> None:
    line = "3、区域联合教研活动：东湖小学 四年级数学 第6周"
    unit = split_units(_one(line), det.tax)[0]
    taken = det.text_drafts(unit, has_time=True, summary=False)
    assert taken and not any("东湖小学" in d.name for d in loose_drafts(unit, taken, det))


def test_loose_modifiers_of_one_head_noun_are_no_parts(det: Detector) -> None:
    _, found = _beside(det, "2、联合开展校本读本、校本作业的开发")
    assert not any(score == PART_SCORE for _, score in found), found


def test_loose_list_closed_by_an_umbrella_tail_still_gives_parts(det: Detector) -> None:
    _, found = _beside(det, "组织骨干教师讲座、课堂观摩、读书沙龙等形式多样的活动")
    names = [n for n, score in found if score == PART_SCORE]
    assert "骨干教师讲座" in names and "课堂观摩" in names, found


def test_loose_meeting_someone_to_talk_beside_a_rule_draft_is_a_candidate(det: Detector) -> None:
    rules, found = _beside(det, "选派骨干教师到乙校上示范课，和该校教师座谈研讨，与学生对话交流")
    assert rules
    names = [n for n, _ in found]
    assert "和该校教师座谈研讨" in names and "与学生对话交流" in names


def test_loose_lessons_named_by_their_teachers_are_candidates(det: Detector) -> None:
    rules, found = _beside(det, "本月听了三节课，分别是王芳老师的《圆的面积》，李明老师执教的《秋天》，"
                                "赵校长的《乘法分配律》，课后都进行了认真评课")
    names = [n for n, _ in found]
    assert "李明老师执教的《秋天》" in names and "赵校长的《乘法分配律》" in names
    assert any(n.endswith("王芳老师的《圆的面积》") for n in names)


def test_loose_a_series_named_after_its_occasion_is_no_umbrella(det: Detector) -> None:
    assert det.umbrellas("庆“六一”系列活动") == [] and det.umbrellas("植树节主题系列活动") == []
    assert det.umbrellas("开展丰富多彩的系列活动")
    assert [n for n, _ in _drafts(det, "4、庆“六一”系列活动")] == ["庆“六一”系列活动"]
    assert _drafts(det, "4、开展丰富多彩的系列活动") == []
