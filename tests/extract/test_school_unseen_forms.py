"""School names on pages of new sites: generic 学校 after a verb phrase, founders' and funders' kinds,
stage words after a name (test text is our own)."""

from __future__ import annotations

import pytest

from miner.extract.mentions.schools.finder import find_schools


def _surfaces(text: str) -> list[str]:
    return [m.text for m in find_schools(text)]


@pytest.mark.parametrize("text", [
    # the generic 学校 as the object of a verb phrase names no school
    "全组老师都能认真执行学校的各项教学常规",
    "通过家长会让家长明白学校和家庭各自的责任",
    "坚持走学校内涵发展之路",
    "年内制定新一轮学校五年规划",
    "本月举行一次学校层面的读书分享会",
    "我们为大家收集了8篇小学英语组的总结",
    "力争教学质量达到同类学校的前列",
    "为及时掌握小学高年级的学习情况，开展抽测",
    # an adverb and its verb, kept as one word by the segmenter, before the generic 学校 or 幼儿园
    "各处室要严格执行学校的考勤规定",
    "班子成员认真落实学校的值周制度",
    "全体教师努力提高幼儿园的保教水平",
    "努力实现学校的三年发展目标",
    # who runs or funds a school, said alone: a kind of school, no name
    "家长可报考私立中学或公立中学",
    "新生报到日期：县立国中为5月3日",
    "留意资助中学和直资中学的开放日",
    "本年度香港学校朗诵节中取得佳绩",
    "决定在全州小学三年级开展质量监测",
    # a school's role or standing, and counted copies, name none
    "共有8所理事学校的教研组长参加",
    "推动局属幼儿园提升保教质量",
    "督学走进责任区学校开展督导",
    "新老校区的教师同台展示",
    "宣布全港学校停课一天",
    "下面是一份小学德育工作计划",
    # a time word of a term or year before a stage word
    "113学年度国中小新生报到",
])
def test_schools_generic_kind_is_no_name(text: str) -> None:
    assert _surfaces(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # 初高中 after a name is the stages it runs, not a second ending
    ("三明九中初高中贯通培养已满五年", ["三明九中"]),
    ("东岭中学初高中衔接课程启动", ["东岭中学"]),
    # a report's label before a name stops the name's left edge
    ("秋季开学工作情况汇报柳塘中心学校本学期开学平稳", ["柳塘中心学校"]),
    ("点击数:35 校园新闻白沙国小教师参访科技馆", ["白沙国小"]),
    # a real name still stands after the words added above
    ("代表队赴明德小学参加比赛", ["明德小学"]),
    ("在私立育英中学召开研讨会", ["私立育英中学"]),
    ("到香港培侨中学交流", ["香港培侨中学"]),
])
def test_schools_name_edges_on_new_pages(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


def test_schools_notice_title_names_the_document_own_school() -> None:
    # 某某国小校务会议开会通知单: a notice of the school itself, its body as a group is (not a mention)
    text = "青溪國小期末校務會議開會通知單\n開會時間：下午一時\n請全體教師準時出席，地點在本校禮堂。\n"
    assert _surfaces(text) == []
    # a notice about another school names it
    text = "关于组织教师赴青溪小学观摩的通知\n各校：\n定于下周三组织观摩。\n"
    assert _surfaces(text) == ["青溪小学"]


def test_schools_breadcrumb_line_is_furniture() -> None:
    # the site's breadcrumb does not count among the title lines: the news title's school is the page's own
    text = ("某某县教育网欢迎您\n您的位置：首页 > 新闻 > 校园动态\n\n校园动态\n\n"
            "南湖中心幼儿园：开展亲子阅读活动\n\n发布时间：2020-05-06\n"
            "本周南湖中心幼儿园邀请家长走进班级，与孩子共读绘本，共有二十多位家长参加。\n")
    assert _surfaces(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a faculty after its university is no school: the university is the name
    ("西江师范大学文学院李教授作专题讲座", ["西江师范大学"]),
    ("北江职业技术学院机电工程学院院长到场点评", ["北江职业技术学院"]),
    # a school the university runs keeps its whole name
    ("到南岭师范大学附属中学听课", ["南岭师范大学附属中学"]),
    ("南岭大学第二附属中学的老师来访", ["南岭大学第二附属中学"]),
])
def test_schools_faculty_of_a_university(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected
