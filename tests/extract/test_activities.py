"""Tests for activity detection, names, types, attributes and mood on small documents of many layouts."""

from __future__ import annotations

import pytest

from miner.extract.pipeline import candidates, extract
from miner.parse.builder import DocumentBuilder, MergedCell
from miner.records import Document


def build(spec: list[tuple], doc_id: str = "t") -> Document:
    """A Document as a reader would give it: headings, paragraphs, list items and tables."""
    b = DocumentBuilder()
    for part in spec:
        kind = part[0]
        if kind == "h":
            b.heading(part[1], part[2] if len(part) > 2 else 1)
        elif kind == "p":
            b.paragraph(part[1])
        elif kind == "li":
            b.list_item(part[1], 1)
        elif kind == "table":
            b.table(part[1], header=part[2])
    return b.build(doc_id=doc_id, source=f"{doc_id}.txt", format="txt")


# Sixteen small documents in layouts other than the seeds': numbered levels, month calendars with
# Chinese numerals, tables with other headers or none, past-tense prose, weekly tables, attribute lines.
DOCS: dict[str, list[tuple]] = {
"numbered_plan": [
    ("h", "城南教育集团2022学年第一学期工作计划"), ("h", "一、指导思想"),
    ("p", "以新时代教育思想为指导，坚持立德树人，促进集团各校优质均衡发展，营造良好的教研氛围。"),
    ("h", "二、主要工作"), ("h", "（一）队伍建设", 2),
    ("li", "1. 实施青蓝工程，每位新教师与一名骨干教师签订师徒协议。"),
    ("li", "2. 9月下旬举办新教师岗前培训，邀请区教研员作专题讲座。"),
    ("h", "（二）教学研究", 2),
    ("li", "1. 每月开展一次跨校集体备课，语文、数学、英语三科轮流承办。"),
    ("li", "2. 11月在城南实验小学举行青年教师课堂教学比武。"),
    ("li", "3. 12月中旬组织期末质量分析会。")],
"month_calendar": [
    ("h", "2023学年东湖教育集团工作行事历"), ("p", "九月份："),
    ("li", "1. 召开集团理事会，制定学年工作计划"), ("li", "2. 新教师亮相课"),
    ("p", "十月份："), ("li", "1. 集团教学视导（东湖小学）"), ("li", "2. 数学学科同课异构活动"),
    ("p", "十一月份："), ("li", "1. 青年教师说课比赛"), ("li", "2. 集团例会"),
    ("p", "十二月份："), ("li", "1. 集团例会"), ("li", "2. 期末复习研讨")],
"header_table": [
    ("h", "2022学年金山教育集团联合教研安排"),
    ("p", "本学期集团教研活动安排如下："),
    ("table", [["周次", "日期", "活动内容", "承办学校", "负责人"],
               ["第3周", "9月18日", "语文学科联合教研", "金山小学", "张丽"],
               ["第6周", "10月9日", "青年教师评课比赛", "银河中学", "李明"],
               ["第9周", "10月30日", "集团校长例会", "金山小学", "王强"]], True)],
"prose_summary": [
    ("h", "阳光教育集团2022年工作总结"),
    ("p", "2022年，我们集团各校紧密协作，取得了可喜成绩。3月，集团在阳光小学召开了新学期工作推进会，"
          "部署全年工作。5月中旬，三校联合举办了青年教师教学基本功大赛，共有24名教师参赛。"
          "9月，集团邀请市教科院专家作了“大单元教学设计”专题讲座。11月下旬，开展了期中学业质量分析研讨活动。"),
    ("p", "明年，我们将继续深化课堂教学改革，计划开展跨校课题研究。")],
"headerless_table": [
    ("h", "滨江教育集团2021学年第二学期活动安排"),
    ("p", "集团内送教活动："),
    ("table", [["3月", "滨江小学", "数学", "同课异构"],
               ["4月", "滨江中学", "英语", "教学视导"],
               ["5月", "滨江小学", "科学", "课堂教学展示"]], False)],
"numbered_summary": [
    ("h", "清河教育集团2022学年第二学期工作总结"),
    ("h", "一、开展联合教研，促进共同成长"),
    ("li", "1. 本学期我们在实验小学举行了语文学科同课异构活动，效果良好。"),
    ("li", "2. 4月，集团组织了青年教师说课比赛，10位教师获奖。"),
    ("h", "二、加强师资交流"),
    ("li", "1. 3月，两校互派4名骨干教师跟岗学习一个月。")],
"half_day_item": [
    ("h", "2022学年南湖教育集团工作计划"), ("h", "一、工作安排"),
    ("li", "1. 10月20日集团教研日：上午听课评课；下午专家讲座"),
    ("li", "2. 11月举办班主任培训")],
"weekly_table": [
    ("h", "2023学年第一学期西城教育集团行事历"),
    ("table", [["周次", "起止日期", "工作内容"],
               ["第1周", "", "1.开学工作会议 2.教研组长会议"],
               ["第5周", "", "1.集团青年教师课堂教学评比"],
               ["第10周", "", "期中质量分析会"]], True)],
"plan_recalls_past": [
    ("h", "2020学年北苑教育集团工作计划"), ("h", "一、工作回顾"),
    ("p", "上一学年，集团已经完成了三年发展规划的制定，并开展了两次联合教研活动。"),
    ("h", "二、工作要点"), ("li", "1. 10月开展联合教研活动。")],
"attribute_lines": [
    ("h", "育才教育集团2022学年教研活动方案"),
    ("li", "1. 集团数学教学研讨会"), ("p", "时间：10月12日"), ("p", "地点：育才小学"),
    ("p", "主题：“双减”下的作业设计"),
    ("li", "2. 集团英语课堂教学展示"), ("p", "时间：11月下旬"), ("p", "地点：育才中学")],
"recurring_lines": [
    ("h", "2021学年星河教育集团行事历"),
    ("p", "9月：集团例会"), ("p", "10月：集团例会"), ("p", "11月：集团例会；青年教师汇报课")],
"coordinated": [
    ("h", "2022年东港教育集团工作计划"), ("h", "一、重点工作"),
    ("li", "1. 联合开展校本课程开发和小课题研究。"),
    ("li", "2. 组织新教师培训与课堂展示活动。")],
"umbrella_list": [
    ("h", "2022学年红旗教育集团工作计划"),
    ("p", "集团将开展丰富多彩的教研活动，具体安排如下："),
    ("li", "1. 9月：集团理事会会议"), ("li", "2. 10月：语文学科联合教研")],
"term_weeks_summary": [
    ("h", "2021学年光明教育集团第二学期工作总结"),
    ("p", "第二学期第5周，集团在光明小学举行了数学学科联合教研活动；第12周，开展了青年教师课堂教学比武。"
          "期末，各校进行了资料整理。")],
"calendar_year_plan": [
    ("h", "2023年兴华教育集团工作要点"),
    ("li", "1. 3月上旬召开集团工作启动会。"), ("li", "2. 4月中旬开展集团教学视导。"),
    ("li", "3. 6月底进行年度工作总结交流。")],
"section_rows": [
    ("h", "2022学年青山教育集团工作计划"),
    ("li", "1. 送教下乡活动"),
    ("table", [["时间", "学校", "学科"], ["10月", "青山小学", "语文"], ["11月", "青山中学", "数学"]], True)],
"leaf_headings": [
    ("h", "2022学年绿洲教育集团工作计划"), ("h", "（一）开展师徒结对活动", 2),
    ("p", "每位青年教师拜一名骨干教师为师，每学期至少听师傅的课十节。"),
    ("h", "（二）举办集团科技节", 2), ("p", "12月在绿洲小学举办，各校学生参加。")],
}

# (name, primary type, time as written, first day) of every activity, in order.
EXPECTED: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "numbered_plan": [("青蓝工程", "mentoring", None, None),
                      ("新教师岗前培训", "training", "9月下旬", "2022-09-21"),
                      ("跨校集体备课", "joint_research", "每月", None),
                      ("青年教师课堂教学比武", "competition", "11月", "2022-11-01"),
                      ("期末质量分析会", "quality_analysis", "12月中旬", "2022-12-11")],
    "month_calendar": [("集团理事会", "meeting", "九月份", "2023-09-01"),
                       ("新教师亮相课", "open_lesson", "九月份", "2023-09-01"),
                       ("集团教学视导", "inspection", "十月份", "2023-10-01"),
                       ("数学学科同课异构活动", "joint_research", "十月份", "2023-10-01"),
                       ("青年教师说课比赛", "competition", "十一月份", "2023-11-01"),
                       ("集团例会", "meeting", "十一月份", "2023-11-01"),
                       ("集团例会", "meeting", "十二月份", "2023-12-01"),
                       ("期末复习研讨", "seminar", "十二月份", "2023-12-01")],
    "header_table": [("语文学科联合教研", "joint_research", "9月18日", "2022-09-18"),
                     ("青年教师评课比赛", "competition", "10月9日", "2022-10-09"),
                     ("集团校长例会", "meeting", "10月30日", "2022-10-30")],
    "prose_summary": [("新学期工作推进会", "meeting", "3月", "2022-03-01"),
                      ("青年教师教学基本功大赛", "competition", "5月中旬", "2022-05-11"),
                      ("“大单元教学设计”专题讲座", "training", "9月", "2022-09-01"),
                      ("期中学业质量分析研讨活动", "quality_analysis", "11月下旬", "2022-11-21"),
                      ("跨校课题研究", "research_project", "明年", "2023-01-01")],
    "headerless_table": [("同课异构", "joint_research", "3月", "2022-03-01"),
                         ("教学视导", "inspection", "4月", "2022-04-01"),
                         ("课堂教学展示", "open_lesson", "5月", "2022-05-01")],
    "numbered_summary": [("语文学科同课异构活动", "joint_research", None, None),
                         ("青年教师说课比赛", "competition", "4月", "2023-04-01"),
                         ("两校互派4名骨干教师跟岗学习一个月", "teacher_exchange", "3月", "2023-03-01")],
    "half_day_item": [("听课评课", "inspection", "10月20日", "2022-10-20"),  # 听课: inspection
                      ("专家讲座", "training", "10月20日", "2022-10-20"),
                      ("班主任培训", "training", "11月", "2022-11-01")],
    "weekly_table": [("开学工作会议", "meeting", "第1周", "2023-09-04"),
                     ("教研组长会议", "meeting", "第1周", "2023-09-04"),
                     ("集团青年教师课堂教学评比", "competition", "第5周", "2023-10-02"),
                     ("期中质量分析会", "quality_analysis", "第10周", "2023-11-06")],
    "plan_recalls_past": [("联合教研活动", "joint_research", "上一学年", "2019-09-01"),
                          ("联合教研活动", "joint_research", "10月", "2020-10-01")],
    "attribute_lines": [("集团数学教学研讨会", "seminar", "10月12日", "2022-10-12"),
                        ("集团英语课堂教学展示", "open_lesson", "11月下旬", "2022-11-21")],
    "recurring_lines": [("集团例会", "meeting", "9月", "2021-09-01"),
                        ("集团例会", "meeting", "10月", "2021-10-01"),
                        ("集团例会", "meeting", "11月", "2021-11-01"),
                        ("青年教师汇报课", "open_lesson", "11月", "2021-11-01")],
    "coordinated": [("校本课程开发", "curriculum", None, None),
                    ("小课题研究", "research_project", None, None),
                    ("新教师培训", "training", None, None), ("课堂展示活动", "open_lesson", None, None)],
    "umbrella_list": [("集团理事会会议", "meeting", "9月", "2022-09-01"),
                      ("语文学科联合教研", "joint_research", "10月", "2022-10-01")],
    "term_weeks_summary": [("数学学科联合教研活动", "joint_research", "第二学期第5周", "2022-03-21"),
                           ("青年教师课堂教学比武", "competition", "第12周", "2022-05-09"),
                           ("资料整理", "review", "期末", None)],
    "calendar_year_plan": [("集团工作启动会", "meeting", "3月上旬", "2023-03-01"),
                           ("集团教学视导", "inspection", "4月中旬", "2023-04-11"),
                           ("年度工作总结交流", "review", "6月底", "2023-06-21")],
    "section_rows": [("送教下乡活动", "teacher_exchange", "10月", "2022-10-01"),
                     ("送教下乡活动", "teacher_exchange", "11月", "2022-11-01")],
    "leaf_headings": [("师徒结对活动", "mentoring", "每学期", None),
                      ("集团科技节", "student_activity", "12月", "2022-12-01")],
}


@pytest.fixture(scope="module")
def extracted() -> dict:
    return {name: extract(build(spec, name)) for name, spec in DOCS.items()}


def test_activities_fixture_set_is_large_enough() -> None:
    assert len(DOCS) >= 15 and set(DOCS) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_activities_found_named_typed_and_dated(extracted: dict, name: str) -> None:
    got = [(a.name, a.type, a.time_text, a.date_start.isoformat() if a.date_start else None)
           for a in extracted[name].activities]
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_activities_evidence_and_ids_point_into_the_text(extracted: dict, name: str) -> None:
    doc = build(DOCS[name], name)
    acts = extracted[name].activities
    assert [a.activity_id for a in acts] == [f"A{i}" for i in range(1, len(acts) + 1)]
    for a in acts:
        assert doc.text[a.start:a.end] == a.evidence
        assert a.name and a.name in doc.text
        assert a.type in a.types and 0 < a.confidence <= 1


@pytest.mark.parametrize(("name", "index", "field", "value"), [
    ("month_calendar", 0, "types", ("meeting", "planning")),
    ("month_calendar", 2, "schools", ("东湖小学",)),
    ("header_table", 0, "schools", ("金山小学",)),
    ("header_table", 1, "subjects", ()),
    ("headerless_table", 1, "subjects", ("英语",)),
    ("prose_summary", 2, "theme", "大单元教学设计"),
    ("attribute_lines", 0, "schools", ("育才小学",)),
    ("weekly_table", 0, "term", 1),
    ("weekly_table", 0, "week", 1),
    ("term_weeks_summary", 0, "schools", ("光明小学",)),
    ("leaf_headings", 1, "schools", ("绿洲小学",)),
])
def test_activities_attributes(extracted: dict, name: str, index: int, field: str, value: object) -> None:
    assert getattr(extracted[name].activities[index], field) == value


@pytest.mark.parametrize(("name", "moods"), [
    ("prose_summary", ["reported", "reported", "reported", "reported", "planned"]),
    ("plan_recalls_past", ["reported", "planned"]),
    ("numbered_summary", ["reported", "reported", "reported"]),
    ("calendar_year_plan", ["planned", "planned", "planned"]),
])
def test_activities_mood(extracted: dict, name: str, moods: list[str]) -> None:
    assert [a.mood for a in extracted[name].activities] == moods


@pytest.mark.parametrize("spec", [
    [("h", "一、指导思想"), ("p", "坚持“开放共享、合作共赢”的原则，完善集团工作机制，营造良好的教研氛围。")],
    [("p", "集团将开展丰富多彩的教研活动，具体安排如下：")],
    [("p", "但教研活动的深度还不够，学科之间发展还不平衡。")],
    [("p", "根据区教育局要求，结合集团工作计划，努力提升教育教学质量。")],
])
def test_activities_aims_umbrellas_and_problems_are_not_activities(spec: list[tuple]) -> None:
    assert extract(build([("h", "2022学年某某教育集团工作计划"), *spec])).activities == ()


# -- generalisation: activity nouns, coordination, time inheritance, table rows, types -------------

def _acts(spec: list[tuple]) -> list:
    return list(extract(build(spec, "gen")).activities)


@pytest.mark.parametrize(("line", "name", "code"), [
    ("10月：召开集团家长会", "集团家长会", "meeting"),
    ("9月：举行联盟开学典礼", "联盟开学典礼", "student_activity"),  # ceremonies: shared/gold conventions
    ("11月：集团教研日", "集团教研日", "joint_research"),
    ("4月：组织骨干教师赴深圳考察学习", "骨干教师赴深圳考察学习", "other"),
    ("5月：举办“书香校园”读书周", "“书香校园”读书周", "student_activity"),
    ("3月：召开学区期中成绩分析会", "学区期中成绩分析会", "quality_analysis"),
    ("6月：举行青年教师拜师仪式", "青年教师拜师仪式", "mentoring"),
    ("1月：召开集团总结表彰大会", "集团总结表彰大会", "review"),
])
def test_activities_head_nouns_alone_make_an_activity(line: str, name: str, code: str) -> None:
    acts = _acts([("h", "龙岗区小学教育联盟2023学年工作计划"), ("p", line)])
    assert [(a.name, a.type) for a in acts] == [(name, code)]


def test_activities_week_label_dates_every_item_of_its_line() -> None:
    acts = _acts([("h", "白云区教育集团2023学年第一学期行事历"),
                  ("p", "第3周：开学工作会议；教研组长会议；新教师见面会")])
    assert [a.name for a in acts] == ["开学工作会议", "教研组长会议", "新教师见面会"]
    assert {a.week for a in acts} == {3}


def test_activities_month_heading_dates_the_items_below() -> None:
    acts = _acts([("h", "西湖区学区2022学年工作计划"), ("h", "一、九月份", 1),
                  ("li", "1. 召开学区校长例会"), ("li", "2. 开展语文集体备课")])
    assert [a.time_text for a in acts] == ["九月份", "九月份"]
    assert [a.date_start.isoformat() for a in acts] == ["2022-09-01", "2022-09-01"]


@pytest.mark.parametrize(("line", "names"), [
    ("12月：期末质量检测与质量分析会", ["期末质量检测", "质量分析会"]),
    ("5月：开展朗诵、书法、征文三项活动", ["朗诵活动", "书法活动", "征文"]),
    ("11月：开展青年教师读书沙龙和班主任论坛", ["青年教师读书沙龙", "班主任论坛"]),
    ("9月1日举行开学典礼，10月开展教学开放周活动", ["开学典礼", "教学开放周活动"]),
])
def test_activities_coordinated_items_are_split(line: str, names: list[str]) -> None:
    acts = _acts([("h", "南明区初中教育联盟2021学年工作计划"), ("p", line)])
    assert [a.name for a in acts] == names


def test_activities_each_time_gives_its_own_activity() -> None:
    acts = _acts([("h", "天河区教育集团2022年工作计划"),
                  ("li", "1. 3月中旬和9月下旬各召开一次集团理事会")])
    assert [(a.name, a.time_text) for a in acts] == [("集团理事会", "3月中旬"), ("集团理事会", "9月下旬")]


def test_activities_clauses_with_their_own_school_subject_are_separate() -> None:
    acts = _acts([("h", "龙泉学区2021学年工作总结"),
                  ("p", "10月，龙泉中学选派两名英语教师到龙泉中心小学支教，龙泉幼儿园与龙泉第二小学开展了"
                        "幼小衔接专题研讨。")])
    assert [a.type for a in acts] == ["teacher_exchange", "seminar"]
    assert all(a.time_text == "10月" for a in acts)


def test_activities_sub_items_of_a_numbered_line_are_separate() -> None:
    acts = _acts([("h", "东区学区2022学年工作总结"),
                  ("li", "1.数学学科。（1）10月，学区在东区小学开展了计算教学联合教研活动。"
                         "（2）12月，东区二小承办了小学数学作业设计研讨会。")])
    assert [a.type for a in acts] == ["joint_research", "seminar"]


def test_activities_head_outside_brackets_decides_the_type() -> None:
    acts = _acts([("h", "北仑区教育集团2023学年工作计划"),
                  ("p", "11月：教学常规检查（重点查备课、作业批改）")])
    assert [a.type for a in acts] == ["inspection"]


@pytest.mark.parametrize(("line", "code"), [
    ("5月：举办联盟学生课本剧展演", "student_activity"),
    ("6月：举办六一文艺展演", "student_activity"),
    ("6月：举办教师文艺展演", "showcase"),
])
def test_activities_student_performance_is_a_student_activity(line: str, code: str) -> None:
    acts = _acts([("h", "江北区教育联盟2023学年工作计划"), ("p", line)])
    assert [a.type for a in acts] == [code]


def test_activities_document_pasted_in_one_column_reads_as_lines() -> None:
    rows = [["滨海新区教育集团2023学年工作计划"], ["一、指导思想"],
            ["以立德树人为根本任务，坚持教研引领，全面提升集团教育教学质量。"], ["二、主要工作"],
            ["1. 每月开展一次集体备课。"], ["2. 11月举办青年教师赛课。"], ["10月："], ["召开集团理事会"],
            ["常规工作"], ["三、保障措施"], ["加强组织领导，确保各项工作落到实处。"]]
    acts = _acts([("table", rows, False)])
    assert [(a.name, a.time_text) for a in acts] == [("集体备课", "每月"), ("青年教师赛课", "11月"),
                                                     ("集团理事会", "10月")]


def test_activities_table_rows_without_activity_are_dropped() -> None:
    acts = _acts([("h", "临江区小学教育集团2024学年第一学期活动安排表"), ("table", [
        ["时间", "活动内容", "承办学校"],
        ["9月", "新教师见面", "临江实验小学"],
        ["10月：", "", ""],
        ["第一学期", "常规", ""],
        ["10月", "工作", ""],
        ["10月", "国庆节放假", ""],
        ["11月", "本学期我们将认真贯彻上级文件精神，全面提升教育教学质量，不断深化课堂改革，努力办好教育。",
         ""],
        ["第6周", "学科教研活动", "临江第二小学"],
    ], True)])
    assert [a.name for a in acts] == ["新教师见面", "学科教研活动"]
    assert [a.schools for a in acts] == [("临江实验小学",), ("临江第二小学",)]


def test_activities_merged_host_cell_serves_every_row() -> None:
    b = DocumentBuilder()
    b.heading("萧山区城区小学教育联盟2024学年第二学期行事历")
    host = MergedCell("育才小学")
    b.table([["周次", "工作内容", "责任部门"],
             ["第2周", "联盟校长例会", host],
             ["第3周", "青年教师基本功比赛", host]], header=True)
    acts = extract(b.build(doc_id="m", source="m.docx", format="docx")).activities
    assert [a.schools for a in acts] == [("育才小学",), ("育才小学",)]


def test_activities_dated_turns_give_one_activity_each() -> None:
    acts = _acts([("h", "金牛区小学教育联盟2022学年工作计划"),
                  ("li", "4. 举办联盟课堂教学开放周，上学期由金牛实验小学承办，下学期由金牛第二小学承办。")])
    assert [a.name for a in acts] == ["联盟课堂教学开放周", "联盟课堂教学开放周"]
    assert [a.time_text for a in acts] == ["上学期", "下学期"]
    assert [a.schools for a in acts] == [("金牛实验小学",), ("金牛第二小学",)]


def test_activities_schools_of_one_semicolon_part() -> None:
    # one unit of two parts joined by an ASCII semicolon: the school of the second is not the first's
    # (the rules' candidates, before the learned vetting decides which of them it keeps)
    spec = [("h", "红枫中学2021年对口支援工作总结"),
            ("p", "(一)在教学方面给予帮助:我校一方面落实市局的支教任务,在2019学年选派骨干教师"
                  "李明到山阳县支教一年;另一方面派出优秀教师到青岭中学上公开课,和那里的老师座谈。")]
    found, _ = candidates(build(spec, "gen"))
    acts = list(found.activities)
    assert any("公开课" in a.name and a.schools == ("青岭中学",) for a in acts)
    first_part = spec[1][1].split(";")[0]
    others = [a for a in acts if a.name in first_part]  # (the second part's 座谈 is at 青岭中学 too)
    assert others and all(a.schools == () for a in others), [(a.name, a.schools) for a in others]
    assert all(a.schools == ("青岭中学",) for a in acts if a.name not in first_part)


def test_activities_bare_designation_gives_its_school_but_names_none() -> None:
    # 中心小学 stands for the one 中心小学 of the document: the activity has that school, but the
    # mentions table lists only the forms that name a school (the gold's convention)
    b = DocumentBuilder()
    b.heading("柳河学区2023学年工作计划")
    b.paragraph("柳河中心小学是学区的龙头学校。")
    b.paragraph("10月，中心小学举办青年教师课堂教学比赛。")
    found = extract(b.build(doc_id="bare", source="bare.docx", format="docx"))
    assert [m.text for m in found.mentions if m.kind == "school"] == ["柳河中心小学"]
    contest = [a for a in found.activities if "比赛" in a.name]
    assert contest and contest[0].schools == ("柳河中心小学",)


def test_activities_a_basis_then_a_verb_of_doing_names_the_event() -> None:
    acts = _acts([("h", "青山幼儿园2023学年第一学期工作计划"), ("h", "一、十月份", 1),
                  ("li", "1. 结合消防宣传月开展全园应急疏散演练。")])
    assert [a.name for a in acts] == ["全园应急疏散演练"]
    assert extract(build([("h", "青山幼儿园2023学年工作计划"),
                          ("p", "为了更好地开展教研活动，努力提升教师素养。")])).activities == ()


def test_activities_a_later_day_inside_the_clause_dates_it_over_its_term() -> None:
    acts = _acts([("h", "滨江小学2023-2024学年校历说明"),
                  ("p", "第二学期定于2024年2月26日召开全体教师大会，3月1日正式上课。")])
    meeting = [a for a in acts if "教师大会" in a.name]
    assert meeting and meeting[0].date_start is not None and meeting[0].date_start.isoformat() == "2024-02-26"
