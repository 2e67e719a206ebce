"""Tests for miner.extract.mentions.themes: quoted names, titles, 主题 labels, not purpose quotes."""

from __future__ import annotations

import pytest

from miner.extract.mentions.themes import find_themes, theme_near, theme_of


@pytest.mark.parametrize(("text", "expected"), [
    ("区教育局召开了“轻负担,高质量”主题研讨会", ["轻负担,高质量"]),
    ("1、围绕“课堂提质年”开展集团教学质量研讨活动", ["课堂提质年"]),
    ("“星海杯”青年教师教学技能大赛", ["星海杯"]),
    ("3月中旬开展了“大单元教学设计”探究研讨会", ["大单元教学设计"]),
    ("交流了“导学案”的使用情况", ["导学案"]),
    ("东湖小学《家乡的桥》课程项目成功立项", ["家乡的桥"]),
    ("主题：整本书阅读指导\n", ["整本书阅读指导"]),
    ("以“智慧课堂”为主题开展沙龙", ["智慧课堂"]),
    ("以作业设计为主题的研讨", ["作业设计"]),
    ("举办“书香校园”读书节", ["书香校园"]),
])
def test_themes_found(text: str, expected: list[str]) -> None:
    assert [t.text for t in find_themes(text)] == expected


@pytest.mark.parametrize("text", [
    "为扎实推进小学“大阅读”课程建设，集团召开了推进会",
    "为推动“双减”工作落地见效",
    "根据区教研室“质量提升年”要求",
    "坚持“开放共享、合作共赢”的原则",
    "以“协作型”模式组合互动",
    "结合《集团章程》和年度计划",
    "主题：待定",
    "三校重点围绕“管理互通、质量共进”为目标开展工作",
    "构建教育良好生态的“及时雨”。",
])
def test_themes_not_purpose_or_reference(text: str) -> None:
    assert find_themes(text) == []


def test_themes_offsets_are_inner_text() -> None:
    text = "召开“提质增效”主题研讨会"
    (theme,) = find_themes(text)
    assert text[theme.start:theme.end] == "提质增效"


@pytest.mark.parametrize(("evidence", "expected"), [
    ("“春蕾杯”青年教师说课比赛", "春蕾杯"),
    ("教研组建设专题研讨", None),
    ("主题：待定", None),
])
def test_themes_theme_of_evidence(evidence: str, expected: str | None) -> None:
    assert theme_of(evidence) == expected


@pytest.mark.parametrize(("text", "evidence", "expected"), [
    ("联盟继续实施“师徒结对”工程，共结对师徒十八对", "实施“师徒结对”工程", "师徒结对"),
    ("2、修订《春风教育集团章程》，完善集团考核评价制度", "完善集团考核评价制度", None),
    ("2、修订《春风教育集团章程》，完善集团考核评价制度", "修订《春风教育集团章程》", "春风教育集团章程"),
    ("2、邀请区教研员开展专家讲座两次，主题为“作业设计与评价”\n", "邀请区教研员开展专家讲座",
     "作业设计与评价"),
    ("年初，联盟召开了校长联席会议，审议通过了《联盟三年发展规划》，明确分工", "召开了校长联席会议",
     "联盟三年发展规划"),
    ("开展了“红心向党”主题系列活动，10月在湖畔小学举行了联盟合唱比赛", "联盟合唱比赛", None),
    ("为推动“双减”工作落地，召开作业设计研讨会", "召开作业设计研讨会", None),
])
def test_themes_theme_near_evidence(text: str, evidence: str, expected: str | None) -> None:
    start = text.index(evidence)
    assert theme_near(text, start, start + len(evidence)) == expected


def test_themes_theme_near_reads_label_line_below() -> None:
    text = "6、集团现场展示活动    城南小学\n    主题：项目化学习实践\n\n    时间：11月底\n7、资料整理"
    start = text.index("集团现场展示活动")
    assert theme_near(text, start, start + len("集团现场展示活动")) == "项目化学习实践"
    later = text.index("资料整理")
    assert theme_near(text, later, later + 4) is None
