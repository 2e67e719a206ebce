"""Tests for miner.extract.mentions.document: document kind, group name and period."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from miner.extract.mentions.document import document_facts, document_kind, find_group, find_period
from miner.parse.builder import DocumentBuilder
from miner.records import Document

D = dt.date


@pytest.mark.parametrize(("title", "body", "kind"), [
    ("城东学区2020学年第二学期工作计划", "", "plan"),
    ("春晖教育集团2021学年行事历", "", "plan"),
    ("2022年联盟工作要点", "", "plan"),
    ("学区2023年工作思路", "", "plan"),
    ("关于印发《湖滨教育集团2020年工作安排》的通知", "", "plan"),
    ("2021年铜山协作型教育集团年度工作总结", "结合2021年集团工作计划，拟定下一步", "summary"),
    ("澄湖教育联盟2018年工作回顾", "", "summary"),
    ("學區2019學年工作總結", "", "summary"),
    ("集团理事长述职报告", "", "summary"),
    ("城北学区2022年工作总结暨2023年工作计划", "开展了三次研讨，召开了推进会，举行了比武。", "summary"),
    ("集团工作动态", "本学期集团开展了联合教研，召开了校长会议，组织了青年教师比武。", "summary"),
    ("集团工作动态", "下阶段集团将于10月举行论坛，拟于11月开展视导，届时各校参加。", "plan"),
    ("新闻一则", "今天天气很好。", "other"),
])
def test_document_kind(title: str, body: str, kind: str) -> None:
    assert document_kind(title, body) == kind


@pytest.mark.parametrize(("title", "body", "group"), [
    ("2019学年育秀教育集团工作计划", "", "育秀教育集团"),
    ("2021年铜青桃协作型教育集团年度工作总结", "", "铜青桃协作型教育集团"),
    ("关于印发《城东学区2020学年第二学期工作计划》的通知", "", "城东学区"),
    ("2021年秋季学期城南教育共同体行事历", "", "城南教育共同体"),
    ("二〇二一年度城北小学教育联盟工作回顾", "", "城北小学教育联盟"),
    ("華東教育集團2021學年第一學期工作要點", "", "華東教育集團"),
    ("闵行区春申教育集团2016学年工作计划", "修订《春申教育集团章程》", "春申教育集团"),
    ("奉城学区2022年工作总结", "", "奉城学区"),
    ("推进集团化办学的几点思考", "", None),
    ("工作总结", "一、概况\n今年开展了很多活动。\n……\n湖畔教育集团\n2022年12月", "湖畔教育集团"),
])
def test_document_group(title: str, body: str, group: str | None) -> None:
    assert find_group(title, body) == group


@pytest.mark.parametrize(("title", "label", "kind", "year", "term", "start", "end"), [
    ("2019学年育秀教育集团工作计划", "2019学年", "school_year", 2019, None, D(2019, 9, 1), D(2020, 8, 31)),
    ("2021年铜青桃协作型教育集团年度工作总结", "2021年", "calendar_year", 2021, None, D(2021, 1, 1),
     D(2021, 12, 31)),
    ("城东学区2020学年第二学期工作计划", "2020学年第二学期", "term", 2020, 2, D(2021, 2, 15), D(2021, 7, 11)),
    ("2019-2020学年第二学期集团工作总结", "2019-2020学年第二学期", "term", 2019, 2, D(2020, 2, 17),
     D(2020, 7, 12)),
    ("2019—2020学年度联盟工作计划", "2019—2020学年度", "school_year", 2019, None, D(2019, 9, 1),
     D(2020, 8, 31)),
    ("２０２２年度学区工作要点", "２０２２年度", "calendar_year", 2022, None, D(2022, 1, 1), D(2022, 12, 31)),
    ("2021年秋季学期共同体行事历", "2021年秋季学期", "term", 2021, 1, D(2021, 9, 6), D(2022, 2, 20)),
    ("集团工作计划（2019.9-2020.6）", "2019.9-2020.6", "school_year", 2019, None, D(2019, 9, 1),
     D(2020, 8, 31)),
    ("集团工作计划（2020.9—2021.1）", "2020.9—2021.1", "term", 2020, 1, D(2020, 9, 7), D(2021, 2, 14)),
])
def test_document_period_from_title(title: str, label: str, kind: str, year: int, term: int | None,
                                    start: dt.date, end: dt.date) -> None:
    period = find_period(title, "")
    assert period is not None
    assert (period.label, period.kind, period.year, period.term, period.start, period.end) == (
        label, kind, year, term, start, end)


@pytest.mark.parametrize("title", ["20xx学年XX教育集团工作计划", "20XX年度工作总结"])
def test_document_period_placeholder_is_none(title: str) -> None:
    assert find_period(title, "", D(2021, 9, 1)) is None


def test_document_period_falls_back_to_first_lines_then_page_date() -> None:
    body = "城西学区工作计划\n（2023学年第一学期）\n一、指导思想\n根据2019年文件精神……"
    period = find_period("城西学区工作计划", body)
    assert period is not None and (period.kind, period.year, period.term) == ("term", 2023, 1)
    body = "一、指导思想\n根据2019年文件精神，结合实际……"
    dated = find_period("学区工作计划", body, D(2022, 9, 8), kind="plan")
    assert dated is not None and (dated.label, dated.kind, dated.year) == ("2022学年", "school_year", 2022)
    yearly = find_period("集团年度工作总结", "一年来，集团开展了……", D(2022, 1, 10), kind="summary")
    assert yearly is not None and (yearly.label, yearly.kind) == ("2021年", "calendar_year")
    assert find_period("工作计划", "一、指导思想") is None


@pytest.fixture()
def summary_doc() -> Document:
    b = DocumentBuilder()
    b.heading("2022年枫林教育联盟工作总结")
    b.paragraph("发布时间：2022-12-30 10:12:00")
    b.paragraph("一年来，联盟开展了联合教研，召开了校长会议，组织了青年教师比武，结合年初计划推进各项工作。")
    b.table([["时间", "活动"], ["3月中旬", "课堂教学研讨"], ["10月", "论坛"]], header=True)
    b.paragraph("枫林教育联盟")
    b.paragraph("2022年12月30日")
    return b.build(doc_id="x", source="fenglin.html", format="html", published=D(2022, 12, 30))


def test_document_facts_of_a_built_document(summary_doc: Document) -> None:
    facts = document_facts(summary_doc)
    assert facts.kind == "summary"
    assert facts.group_name == "枫林教育联盟"
    assert facts.period is not None
    assert (facts.period.label, facts.period.kind) == ("2022年", "calendar_year")


GOLD = Path(__file__).resolve().parents[2] / "corpora" / "gold"


def test_document_gold_corpus_facts() -> None:
    """Kind, group and period label of the project's gold documents, read line by line as a txt reader."""
    checked = right = 0
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = GOLD / "docs" / gold["source"]
        if not source.is_file():
            continue
        b = DocumentBuilder()
        for line in source.read_text(encoding="utf-8").split("\n"):
            b.paragraph(line)
        facts = document_facts(b.build(doc_id=path.stem, source=gold["source"], format="txt"))
        label = facts.period.label if facts.period else None
        checked += 3
        right += sum((facts.kind == gold["kind"], facts.group_name == gold["group"], label == gold["period"]))
    assert checked and right / checked >= 0.9


@pytest.fixture()
def breadcrumb_doc() -> Document:
    b = DocumentBuilder()
    b.paragraph("当前位置：首页 > 通知公告")
    b.paragraph("2025年仁和教育集团工作要点")
    b.paragraph("一、指导思想")
    b.paragraph("本学年集团以提升课堂教学质量为核心。")
    b.list_item("3月：劳动教育特色课程建设")
    return b.build(doc_id="y", source="renhe.html", format="html")


def test_document_facts_look_past_a_breadcrumb_title(breadcrumb_doc: Document) -> None:
    assert breadcrumb_doc.title.startswith("当前位置")
    facts = document_facts(breadcrumb_doc)
    assert (facts.kind, facts.group_name) == ("plan", "仁和教育集团")
    assert facts.period is not None and facts.period.label == "2025年"
