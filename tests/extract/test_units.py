"""Tests for miner.extract.activities.units: tables, month calendars, items, sentences and attribute lines."""

from __future__ import annotations

import pytest

from miner.extract.activities.units import (
    section_name,
    split_outside_quotes,
    split_units,
    strip_number,
    term_of,
)
from miner.extract.lexicons.taxonomy import load_taxonomy
from miner.parse.builder import DocumentBuilder, MergedCell
from miner.records import Document


def _doc(parts: list[tuple]) -> Document:
    b = DocumentBuilder()
    for part in parts:
        if part[0] == "h":
            b.heading(part[1], part[2] if len(part) > 2 else 1)
        elif part[0] == "p":
            b.paragraph(part[1])
        elif part[0] == "li":
            b.list_item(part[1], 1)
        else:
            b.table(part[1], header=part[2])
    return b.build(doc_id="u", source="u.txt", format="txt")


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


@pytest.mark.parametrize(("text", "rest"), [
    ("一、指导思想", "指导思想"),
    ("（二）教研联动", "教研联动"),
    ("3、课堂教学展示、评比活动：", "课堂教学展示、评比活动："),
    ("2. 11月举办班主任培训", "11月举办班主任培训"),
    ("①开学工作会议", "开学工作会议"),
    ("2021年度三校开展了活动", "2021年度三校开展了活动"),
])
def test_units_strip_number(text: str, rest: str) -> None:
    assert strip_number(text)[0] == rest


@pytest.mark.parametrize(("text", "term"), [("第一学期", 1), ("第二学期第5周", 2), ("下学期", 2),
                                            ("秋季学期", 1), ("第14周", None)])
def test_units_term_of(text: str, term: int | None) -> None:
    assert term_of(text) == term


def test_units_split_outside_quotes_keeps_quoted_commas() -> None:
    text = "召开了“减负不减质,提质增效”主题研讨会,通过活动"
    pieces = [text[a:b] for a, b in split_outside_quotes(text, ",，")]
    assert pieces == ["召开了“减负不减质,提质增效”主题研讨会", "通过活动"]


@pytest.mark.parametrize(("line", "name"), [
    ("4、集团内教学视导。继续发挥视导团的作用", "集团内教学视导"),
    ("2、主题式联合教研活动:每学期至少两所学校", "主题式联合教研活动"),
    ("送教下乡活动安排", "送教下乡活动安排"),
])
def test_units_section_name(line: str, name: str) -> None:
    span = section_name(line, 10)
    assert span is not None and span.text == name and line[span.start - 10:span.end - 10] == name


def test_units_table_rows_carry_term_and_intro(tax) -> None:
    term = MergedCell("第一学期")
    doc = _doc([("li", "2、主题式联合教研活动:每学期至少两所学校"),
                ("table", [["时间", "时间", "学校教研组", "教研主题"],
                           [term, "第4周", "育英小学 语文", "待定"],
                           [term, "第8周", "城东中学 数学", "待定"]], True)])
    units = split_units(doc, tax)
    rows = [u for u in units if u.kind == "row"]
    assert len(rows) == 2
    assert units[0].intro and units[0].label is not None and units[0].label.text == "主题式联合教研活动"
    assert all(r.term == 1 for r in rows)
    assert all(r.section is not None and r.section.text == "主题式联合教研活动" for r in rows)
    assert all(doc.text[r.start:r.end] == r.text for r in rows)
    assert rows[1].text.startswith("第8周")


def test_units_month_headings_give_calendar_context(tax) -> None:
    doc = _doc([("h", "2023学年东湖教育集团工作行事历"), ("p", "九月份："), ("li", "1. 新教师亮相课"),
                ("p", "十月份："), ("li", "1. 集团教学视导"), ("li", "2. 集团例会")])
    units = [u for u in split_units(doc, tax) if u.kind != "heading"]
    assert [u.context_time.text for u in units] == ["九月份", "十月份", "十月份"]
    assert all(u.calendar for u in units)


def test_units_attribute_lines_attach_to_the_item_above(tax) -> None:
    doc = _doc([("li", "1. 集团数学教学研讨会"), ("p", "时间：10月12日"), ("p", "地点：育才小学"),
                ("li", "2. 集团英语课堂教学展示")])
    units = split_units(doc, tax)
    assert len(units) == 2
    assert [label for label, _ in units[0].attrs] == ["时间", "地点"]
    value = units[0].attrs[0][1]
    assert doc.text[value.start:value.end] == "10月12日"


def test_units_prose_segments_without_trigger_join_the_next(tax) -> None:
    doc = _doc([("p", "11月中旬,集团从作业设计;课堂提质;质量诊断三方面展开研讨,扎实推进工作;"
                      "12月10日,两校开展结对帮扶教研活动。")])
    units = split_units(doc, tax)
    assert len(units) == 2
    assert units[0].text.startswith("11月中旬") and "展开研讨" in units[0].text
    assert units[1].text.startswith("12月10日")


def test_units_aim_sections_are_marked(tax) -> None:
    doc = _doc([("h", "一、指导思想"), ("p", "坚持立德树人，开展教研活动。"), ("h", "二、主要工作"),
                ("li", "1. 10月开展联合教研。")])
    units = [u for u in split_units(doc, tax) if u.kind != "heading"]
    assert [u.aim for u in units] == [True, False]


def test_units_half_day_pieces_share_the_date(tax) -> None:
    doc = _doc([("li", "1. 10月20日集团教研日：上午听课评课；下午专家讲座")])
    units = split_units(doc, tax)
    assert [u.text for u in units] == ["10月20日集团教研日：上午听课评课", "下午专家讲座"]
    assert all(u.context_time is not None and u.context_time.text == "10月20日集团教研日" for u in units)


def test_units_time_only_lines_date_the_lines_below(tax) -> None:
    """A schedule table left flat (one cell a line): `第1周` dates the items until the next week."""
    doc = _doc([("h", "三、周工作安排表"), ("p", "第1周"), ("p", "9.3—9.9"),
                ("p", "集团开学工作会议；教师交流人员报到"), ("p", "第3周"), ("p", "一年级新生常规展示")])
    units = [u for u in split_units(doc, tax) if u.kind != "heading"]
    assert [u.context_time.text for u in units] == ["第1周", "第1周", "第3周"]
    assert [u.text for u in units][:2] == ["集团开学工作会议", "教师交流人员报到"]


@pytest.mark.parametrize(("line", "label", "texts"), [
    ("第3周：开学工作会议；教研组长会议", "第3周", ["第3周：开学工作会议", "教研组长会议"]),
    ("11月15日：集团教研日；青年教师沙龙", "11月15日", ["11月15日：集团教研日", "青年教师沙龙"]),
    ("第1-2周：开学工作会议；教研组长会议", "第1-2周", ["第1-2周：开学工作会议", "教研组长会议"]),
])
def test_units_time_label_of_a_line_dates_its_later_items(tax, line: str, label: str,
                                                           texts: list[str]) -> None:
    units = split_units(_doc([("p", line)]), tax)
    assert [u.text for u in units] == texts
    assert units[1].context_time is not None and units[1].context_time.text == label


@pytest.mark.parametrize(("heading", "time"), [
    ("一、十月份", "十月份"), ("（二）11月工作安排", "11月"),
    ("三、第5周（9月25日—9月29日）", "第5周（9月25日—9月29日）"),
])
def test_units_time_headings_date_the_items_below(tax, heading: str, time: str) -> None:
    units = split_units(_doc([("h", heading, 1), ("li", "1. 召开学区校长例会")]), tax)
    assert units[-1].context_time is not None and units[-1].context_time.text == time


def test_units_numbered_line_with_sub_items_splits_them(tax) -> None:
    doc = _doc([("li", "2.英语学科。（1）9月，开展绘本阅读联合教研。（2）11月，举行英语教师说课比赛。")])
    units = split_units(doc, tax)
    assert units[0].intro and units[0].text == "2.英语学科"
    assert [u.text for u in units[1:]] == ["（1）9月，开展绘本阅读联合教研",
                                           "（2）11月，举行英语教师说课比赛"]


@pytest.mark.parametrize(("line", "time"), [
    ("10月，召开集团理事会；举办青年教师赛课。", "10月"),
    ("第5周，开展语文集体备课；组织数学说课比赛。", "第5周"),
])
def test_units_leading_time_clause_dates_later_segments(tax, line: str, time: str) -> None:
    units = split_units(_doc([("p", line)]), tax)
    assert len(units) == 2
    assert units[0].context_time is None
    assert units[1].context_time is not None and units[1].context_time.text == time


def test_units_document_title_does_not_name_table_rows() -> None:
    """A sheet whose merged title row is the document title: rows without an activity are not
    activities named after the title (工作计划 would otherwise type them as planning)."""
    from miner.extract.pipeline import extract
    from miner.parse.builder import DocumentBuilder

    b = DocumentBuilder()
    b.heading("2023学年临川教育集团工作计划")
    b.table([["序号", "内容"], ["1", "十月："], ["2", "第一学期"], ["3", "集团校长例会"],
             ["4", "学校"]], header=True)
    doc = b.build(doc_id="sheet", source="sheet.xlsx", format="xlsx")
    acts = extract(doc).activities
    assert [(a.name, a.type) for a in acts] == [("集团校长例会", "meeting")]


def _texts(doc: Document, tax) -> list[str]:
    return [u.text for u in split_units(doc, tax) if u.kind != "heading"]


def test_units_bar_separated_line_gives_one_unit_per_cell(tax) -> None:
    doc = _doc([("p", "下午 | 自由游戏 | 跳绳比赛 | ||||"), ("p", "户外活动 |")])
    texts = _texts(doc, tax)
    assert "自由游戏" in texts and "跳绳比赛" in texts and "户外活动" in texts
    assert not any("|" in t for t in texts)
    for u in split_units(doc, tax):
        assert doc.text[u.start:u.end] == u.text


def test_units_numbered_items_run_into_one_line_are_split(tax) -> None:
    doc = _doc([("p", "1、整理班级图书角；2、检查午睡室卫生 3、召开家长委员会")])
    assert _texts(doc, tax) == ["1、整理班级图书角；", "2、检查午睡室卫生", "3、召开家长委员会"]


@pytest.mark.parametrize("line", [
    "1、2、3年级开展拔河比赛",  # numbers of one thing
    "本学期共听课12.5节，评课3.2次",  # decimals
    "全校开展了2、3次消防演练",  # a count, no run of items
])
def test_units_numbers_that_are_no_items_keep_the_line_whole(tax, line: str) -> None:
    assert len(_texts(_doc([("p", line)]), tax)) == 1


def test_units_parenthesised_digit_numbering_is_a_list_number(tax) -> None:
    unit = split_units(_doc([("p", "⒉晨练：绕操场慢跑两圈")]), tax)[0]
    assert unit.kind == "item" and unit.label is not None and unit.label.text == "晨练"


def test_units_label_over_bulleted_items_introduces_them(tax) -> None:
    doc = _doc([("p", "1. 开学准备: - 排好教师值日表; - 清点体育器材和图书")])
    units = split_units(doc, tax)
    assert units[0].intro and units[0].label is not None and units[0].label.text == "开学准备"
    assert [u.text for u in units[1:]] == ["- 排好教师值日表", "- 清点体育器材和图书"]


def test_units_label_over_plain_segments_stays_one_item(tax) -> None:
    doc = _doc([("li", "2、青年教师培养：师徒结对：语文两对；英语一对")])
    units = split_units(doc, tax)
    assert len(units) == 1 and not units[0].intro


def test_units_prose_keeps_the_label_it_cuts_off(tax) -> None:
    unit = split_units(_doc([("p", "晨间谈话：秋天的树叶，落叶的颜色")]), tax)[0]
    assert unit.lead is not None and unit.lead.text == "晨间谈话"
    assert not unit.text.startswith("晨间谈话")


def test_units_month_lines_between_commas_date_the_items_below(tax) -> None:
    """A page flattened with a comma at each end of its lines (`,三月,`) keeps its month headings."""
    doc = _doc([("p", "幼儿园全年工作安排"), ("p", ",三月,"), ("p", ",1、开展春游活动。,2、召开家长会。,"),
                ("p", ",四月,"), ("p", ",1、组织教师观摩课。,")])
    units = [u for u in split_units(doc, tax) if u.kind != "heading"]
    assert [u.context_time.text for u in units] == ["三月", "三月", "四月"]


def test_units_weekday_lines_and_labels_date_their_items(tax) -> None:
    doc = _doc([("h", "城南小学第4周工作安排"), ("p", "星期二"), ("li", "1. 数学组集体备课"),
                ("li", "2. 班主任例会"), ("p", "周四：科学组教研；消防演练")])
    units = {u.text: u for u in split_units(doc, tax) if u.kind != "heading"}
    context = {text: u.context_time.text if u.context_time else None for text, u in units.items()}
    assert context["1. 数学组集体备课"] == context["2. 班主任例会"] == "星期二"
    assert context["消防演练"] == "周四"  # (the first piece holds 周四 itself)


def test_units_a_run_of_weekday_lines_heads_columns_and_dates_nothing(tax) -> None:
    doc = _doc([("h", "中二班第4周计划"), ("p", "周一"), ("p", "周二"), ("p", "周三"),
                ("p", "晨间活动：自选区域游戏")])
    units = [u for u in split_units(doc, tax) if u.kind != "heading"]
    assert units and all(u.context_time is None for u in units)


def test_units_short_semicolon_list_with_one_trigger_gives_one_item_each(tax) -> None:
    """A month line of short tasks where only some carry a taxonomy word is still a list of items."""
    doc = _doc([("p", "十一月：整理图书角；教职工大会；更新班级公约")])
    texts = [u.text for u in split_units(doc, tax) if u.kind != "heading"]
    assert texts == ["整理图书角", "教职工大会", "更新班级公约"]


def test_units_long_semicolon_clauses_without_triggers_stay_together(tax) -> None:
    line = "1、引导孩子观察校园里树叶颜色的变化情况；鼓励他们用画笔记录下自己看到的景象；召开会议"
    doc = _doc([("li", line)])
    assert len([u for u in split_units(doc, tax) if u.kind != "heading"]) == 1


@pytest.mark.parametrize("heading", ["周四(11月6日)上午", "星期二", "周五（12月1日）"])
def test_units_weekday_heading_dates_the_lines_below(tax, heading: str) -> None:
    doc = _doc([("p", "东门小学第九周工作安排"), ("p", heading), ("p", "参观科技馆"),
                ("p", "二年级语文集体备课")])
    units = [u for u in split_units(doc, tax) if u.kind != "heading"]
    assert [u.text for u in units] == ["参观科技馆", "二年级语文集体备课"]  # the heading is no unit
    assert all(u.calendar and u.context_time is not None and u.context_time.text == heading for u in units)


def test_units_weekday_label_dates_the_later_pieces_of_its_line(tax) -> None:
    units = split_units(_doc([("p", "周三：行政例会；三年级家长会")]), tax)
    assert [u.text for u in units] == ["周三：行政例会", "三年级家长会"]
    assert units[1].context_time is not None and units[1].context_time.text == "周三"


@pytest.mark.parametrize(("line", "time"), [
    ("三到四月份", "三到四月份"), ("9-10月：", "9-10月"), ("元月份", "元月份"),
])
def test_units_month_runs_and_yuanyue_date_the_items_below(tax, line: str, time: str) -> None:
    for kind in ("h", "p"):
        lines = [(kind, line), ("li", "1. 举办亲子运动会"), ("li", "2. 家长委员会会议")]
        units = split_units(_doc(lines), tax)
        items = [u for u in units if u.kind == "item"]
        assert [u.context_time.text if u.context_time else None for u in items] == [time, time], kind


@pytest.mark.parametrize(("heading", "aim"), [
    ("二、工作目标和内容", False), ("二、目标与措施", False), ("二、工作目标", True), ("五、保障措施", True),
])
def test_units_a_heading_naming_aims_and_the_work_is_no_aims_section(tax, heading: str, aim: bool) -> None:
    units = split_units(_doc([("h", heading, 1), ("li", "1、开展青年教师汇报课活动。")]), tax)
    assert [u.aim for u in units if u.kind == "item"] == [aim]
