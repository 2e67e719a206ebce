"""Tests for miner.extract.mentions.schools.finder: surfaces, left edges, generic words, members."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from miner.extract.lexicons.gazetteer import Gazetteer
from miner.extract.lexicons.school_rules import parse_rules
from miner.extract.mentions.schools.canonical import aliases, repair, split_suffix
from miner.extract.mentions.schools.finder import canonical_map, find_schools, group_members, harvest_names
from miner.extract.mentions.schools.members import descriptive_group_part, group_core


def _surfaces(text: str, **kw: object) -> list[str]:
    return [m.text for m in find_schools(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ("3月12日在城南实验小学举行语文教研活动", ["城南实验小学"]),
    ("组织鹿城区第二中学与瓯海中学开展联合教研", ["鹿城区第二中学", "瓯海中学"]),
    ("三校校长集中在铜井中学进行质量分析", ["铜井中学"]),
    ("依托红星中学科技基地，引导向阳小学朝阳小学学生参加", ["红星中学", "向阳小学", "朝阳小学"]),
    ("赴宁波市鄞州区东湖小学学习", ["宁波市鄞州区东湖小学"]),
    ("北京市第十一中学与人大附中交流", ["北京市第十一中学", "人大附中"]),
    ("在华东师范大学附属中学观摩", ["华东师范大学附属中学"]),
    ("到安吉县昆铜乡中心幼儿园指导", ["安吉县昆铜乡中心幼儿园"]),
    ("启明小学和希望小学联合开展活动", ["启明小学", "希望小学"]),
    ("促进与佳和中学的交流融合", ["佳和中学"]),
    ("2020学年城西实验学校承办集团活动", ["城西实验学校"]),
    ("第12周\t 梧桐学校      中小学英语", ["梧桐学校"]),
    ("承办单位：临平区特殊教育学校", ["临平区特殊教育学校"]),
    ("沙河九年一贯制学校举行开放日", ["沙河九年一贯制学校"]),
    ("余杭职业学校与良渚职高合作", ["余杭职业学校", "良渚职高"]),
])
def test_schools_named_with_clean_left_edge(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize("text", [
    "各校要认真落实，我校将组织成员学校和兄弟学校开展活动",
    "全区中小学开展读书节，集团学校、民办学校均参加",
    "集团内各学校、成员校、理事长学校、薄弱学校、农村学校",
    "探索学校管理新模式，提升学校品质，有利于全面提高学校教学质量",
    "本学期初中学段教研，高中学业水平考试，农村初中学情分析",
    "中小学生安全教育，中学生运动会，小学部活动",
    "十九届五中全会精神学习，每天锻炼一小时",
    "为促进公民办学校的合作与交流，助推优质学校建设",
    "区教育局教研室组织，震泽视导片开课",
    "两所学校结对，三所学校联动，每所学校都要参加",
    "各中小学校要高度重视，区属学校和镇属学校参加",
    "全市各级各类学校、家长学校、城乡学校结对",
    "小学一年级新生，中学高级教师评审，大学生志愿者",
    "教师进修学校培训，本校教师和外校教师",
])
def test_schools_generic_words_are_not_schools(text: str) -> None:
    assert _surfaces(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("张桥、溪水、明德等小学参加了比赛", [("张桥", "张桥小学"), ("溪水", "溪水小学"), ("明德", "明德小学")]),
    ("城南和城北两所中学的教师代表参加", [("城南", "城南中学"), ("城北", "城北中学")]),
    ("组织丰乐、清溪等幼儿园开展游戏活动", [("丰乐", "丰乐幼儿园"), ("清溪", "清溪幼儿园")]),
])
def test_schools_shared_suffix_lists(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.canonical) for m in find_schools(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("赴衡水一中学习，九小与五中结对", ["衡水一中", "九小", "五中"]),
    ("48中和二附中教师来我校", ["48中", "二附中"]),
    ("新市镇中心小学东校区开放日", ["新市镇中心小学东校区"]),
    ("光华幼儿园分园正式启用", ["光华幼儿园分园"]),
    ("区少体校举办运动会", ["少体校"]),
    ("前往实验二小听课", ["实验二小"]),
    ("邀请八一学校专家，赴北京十一学校考察", ["八一学校", "北京十一学校"]),
    ("在西湖区转塘小学象山校区开展", ["西湖区转塘小学象山校区"]),
    ("在南湖幼儿园白马园区开放", ["南湖幼儿园白马园区"]),
])
def test_schools_short_forms_and_branches(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "surface", "canonical"), [
    ("城东实验学校承办，城东实验教师展示", "城东实验", "城东实验学校"),
    ("实验小学教师参加了梅村实验小学的展示", "实验小学", "梅村实验小学"),
    ("第3周 凤鸣实验学校 语文\n12月 凤鸣学校学校 视导", "凤鸣学校学校", "凤鸣实验学校"),
    ("与塘栖佳禾中学结对。促进与佳禾中学的交流", "佳禾中学", "塘栖佳禾中学"),
    ("白鹭中学开展活动。\nCopyright© 2021 杭州市临安区白鹭中学 版权所有", "杭州市临安区白鹭中学", "白鹭中学"),
])
def test_schools_canonical_within_document(text: str, surface: str, canonical: str) -> None:
    found = {m.text: m.canonical for m in find_schools(text)}
    assert found[surface] == canonical


def test_schools_typo_surface_and_repaired_alias() -> None:
    text = "第3周 凤鸣实验学校 语文\n12月 凤鸣学校学校 视导"
    mapping = {m.text: m.canonical for m in find_schools(text)}
    assert aliases(mapping) == {"凤鸣学校学校": "凤鸣实验学校", "凤鸣学校": "凤鸣实验学校"}


@pytest.mark.parametrize(("surfaces", "body", "expected"), [
    (["盛泽佳诚中学", "佳诚中学"], "", {"佳诚中学": "盛泽佳诚中学", "盛泽佳诚中学": "盛泽佳诚中学"}),
    (["江南小学", "江南小学东校区", "东校区"], "", {"东校区": "江南小学东校区"}),
    (["湖州市吴兴区月河小学", "月河小学"], "月河小学承办\n© 湖州市吴兴区月河小学",
     {"湖州市吴兴区月河小学": "月河小学"}),
    (["湖州市吴兴区月河小学", "月河小学"], "湖州市吴兴区月河小学承办。月河小学展示",
     {"月河小学": "湖州市吴兴区月河小学"}),
    (["城南实验小学", "城北实验小学", "实验小学"], "", {"实验小学": "实验小学"}),
    (["第九小学", "九小"], "", {"九小": "第九小学"}),
])
def test_schools_canonical_map(surfaces: list[str], body: str, expected: dict[str, str]) -> None:
    mapping = canonical_map(surfaces, body_text=body)
    for surface, canonical in expected.items():
        assert mapping[surface] == canonical


def test_schools_group_members_from_initials() -> None:
    text = ("2021年梅兰竹协作型教育集团工作总结\n梅山中学、兰亭中学、竹溪中学三校开展教研。"
            "三校与外区的华新中学结对帮扶。")
    mentions = find_schools(text, group_name="梅兰竹协作型教育集团")
    assert group_members(text, "梅兰竹协作型教育集团", mentions) == ["梅山中学", "兰亭中学", "竹溪中学"]
    assert "梅兰竹协作型教育集团" not in {m.text for m in mentions}


def test_schools_group_members_excludes_partners() -> None:
    text = ("城北教育集团计划\n1、城北小学承办联合教研。\n2、春晖小学开课。\n"
            "3、与山区的石门小学结对帮扶，送教下乡。")
    mentions = find_schools(text, group_name="城北教育集团")
    assert group_members(text, "城北教育集团", mentions) == ["城北小学", "春晖小学"]


def test_schools_group_members_from_explicit_list() -> None:
    text = "集团成员校：东山小学、西山小学、南山小学。本学期东山小学与北山中学交流。"
    mentions = find_schools(text)
    assert group_members(text, "东山教育集团", mentions) == ["东山小学", "西山小学", "南山小学"]


@pytest.mark.parametrize(("name", "core"), [
    ("铜青桃协作型教育集团", "铜青桃"), ("2020学年城东教育集团", "城东"), ("江南教育联盟", "江南"),
])
def test_schools_group_core(name: str, core: str) -> None:
    assert group_core(name) == core


@pytest.mark.parametrize(("name", "parts"), [
    ("育秀实验学校", ("育秀", "实验学校")), ("江山小学", ("江山", "小学")), ("城东实验", ("城东实验", "")),
])
def test_schools_split_suffix(name: str, parts: tuple[str, str]) -> None:
    assert split_suffix(name) == parts


def test_schools_repair_doubled_ending() -> None:
    assert repair("凤鸣学校学校") == "凤鸣学校"
    assert repair("凤鸣学校") == "凤鸣学校"


def test_schools_offsets_point_at_surface() -> None:
    text = "10月，组织丁兰小学与笕桥中学开展同课异构。Copyright 2020 杭州市上城区笕桥中学"
    for m in find_schools(text):
        assert text[m.start:m.end] == m.text


@pytest.fixture()
def gazetteer_file(tmp_path: Path) -> Path:
    path = tmp_path / "gaz.txt"
    path.write_text("# test gazetteer\n青少年宫艺术团\n  东湖书院  \n\n", encoding="utf-8")
    return path


def test_schools_gazetteer_roundtrip(gazetteer_file: Path, tmp_path: Path) -> None:
    gaz = Gazetteer.load(gazetteer_file)
    assert gaz.names() == ["青少年宫艺术团", "东湖书院"]
    gaz.add(["西溪小学", "西溪小学", "x"])
    assert len(gaz) == 3
    for out in (tmp_path / "g.json", tmp_path / "g.txt"):
        gaz.save(out)
        assert Gazetteer.load(out).names() == gaz.names()
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert data["names"][-1] == "西溪小学"
    assert gaz.jieba_userdict_lines()[0] == "青少年宫艺术团 2000 nt"


def test_schools_gazetteer_names_found_in_text(gazetteer_file: Path) -> None:
    gaz = Gazetteer.load(gazetteer_file)
    assert _surfaces("本月在东湖书院举办讲座", gazetteer=gaz) == ["东湖书院"]


def test_schools_gazetteer_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Gazetteer.load(tmp_path / "nope.txt")


def test_schools_shipped_gazetteer_loads() -> None:
    assert "人大附中" in Gazetteer.load()


def test_schools_harvest_names_counts_documents() -> None:
    texts = ["在城南小学开会", "城南小学承办", "枫桥中学展示"]
    assert harvest_names(texts, min_docs=2) == ["城南小学"]


def test_schools_rules_validation_names_the_bad_key() -> None:
    with pytest.raises(ValueError, match="suffixes"):
        parse_rules({"suffixes": {"names": "学校"}})


@pytest.mark.parametrize(("text", "surface", "canonical"), [
    ("梨园小学承办联合教研。5月，梨小骨干教师到石门小学上课", "梨小", "梨园小学"),
    ("浦沿幼儿园、西兴幼儿园牵头，浦幼参与子课题", "浦幼", "浦沿幼儿园"),
])
def test_schools_initial_short_forms_of_own_schools(text: str, surface: str, canonical: str) -> None:
    assert {m.text: m.canonical for m in find_schools(text)}[surface] == canonical


@pytest.mark.parametrize(("text", "expected"), [
    ("学区内凤凰小学、金桥小学负责人参加", ["凤凰小学", "金桥小学"]),
    ("本学期东山小学与北山中学交流", ["东山小学", "北山中学"]),
    ("邀请杭州师范大学学前教育学院教授讲座", ["杭州师范大学"]),  # (a faculty: the university is named)
    ("由学区长学校凤凰小学召集", ["凤凰小学"]),
])
def test_schools_prefixes_that_are_not_names(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


def test_schools_group_members_leave_out_universities_keep_campuses() -> None:
    text = ("江岸幼教联盟总结\n长河幼儿园、浦沿幼儿园开展互访。邀请杭州师范大学周教授讲座。"
            "资料交至长河幼儿园东园区。材料存放在浦沿幼儿园分园。")
    mentions = find_schools(text, group_name="江岸幼教联盟")
    assert group_members(text, "江岸幼教联盟", mentions) == [
        "长河幼儿园", "浦沿幼儿园", "长河幼儿园东园区", "浦沿幼儿园分园"]


@pytest.mark.parametrize(("text", "members"), [
    ("联盟各校（舜耕中学、燕山小学、千佛山小学）同心协力。舜耕中学与区外的白泉中学结对帮扶。",
     ["舜耕中学", "燕山小学", "千佛山小学"]),
    ("本集团由钟山第五中学（牵头校）、梅园九年一贯制学校以及青林、紫荆等小学组成，共有教职工三百人。"
     "第6周，五中骨干教师到青林小学送教。", ["钟山第五中学", "梅园九年一贯制学校", "青林小学", "紫荆小学"]),
    ("共同体成员为吴家营中学、乌龙小学。吴家营中学与乌龙小学开展城乡教师结对帮扶。",
     ["吴家营中学", "乌龙小学"]),
])
def test_schools_group_members_from_member_lists(text: str, members: list[str]) -> None:
    assert group_members(text, None, find_schools(text)) == members


@pytest.mark.parametrize(("text", "surface", "canonical"), [
    ("成员：凤桥中心小学、新丰镇中学。核心校派教师到凤桥中小、新丰中学任教。", "凤桥中小", "凤桥中心小学"),
    ("成员：凤桥中心小学、新丰镇中学。核心校派教师到凤桥中小、新丰中学任教。", "新丰中学", "新丰镇中学"),
    ("锦华初级中学的实验室开放。锦华初中教师参加。", "锦华初中", "锦华初级中学"),
    ("石油附中（北京石油学院附属中学）承办", "石油附中", "北京石油学院附属中学"),
    ("澄湖中心小学承办。澄湖中心校教师参加", "澄湖中心校", "澄湖中心小学"),
    ("望湖小学北校区、望湖小学南校区。本学期北校区与南校区互派教师", "北校区", "望湖小学北校区"),
    ("明德小学承办，明德小学学校作交流", "明德小学学校", "明德小学"),
])
def test_schools_document_short_forms(text: str, surface: str, canonical: str) -> None:
    assert {m.text: m.canonical for m in find_schools(text)}[surface] == canonical


@pytest.mark.parametrize(("surfaces", "kept"), [
    (["枫林小学", "枫林第二小学"], "枫林小学"),
    (["雁南小学", "雁南中学附属小学"], "雁南小学"),
])
def test_schools_numbered_or_attached_school_is_another_school(surfaces: list[str], kept: str) -> None:
    assert canonical_map(surfaces)[kept] == kept


def test_schools_traditional_characters() -> None:
    text = "集團成員：鳳城中學、鳳城實驗小學、桂畔小學。發揮集團核心校鳳城中學的作用。"
    mentions = find_schools(text)
    assert [m.text for m in mentions] == ["鳳城中學", "鳳城實驗小學", "桂畔小學", "鳳城中學"]
    assert group_members(text, None, mentions) == ["鳳城中學", "鳳城實驗小學", "桂畔小學"]
    assert canonical_map(["拱北二幼", "拱北第二幼兒園"])["拱北二幼"] == "拱北第二幼兒園"


@pytest.mark.parametrize(("text", "expected"), [
    ("、展春园幼儿园。南湖路小学与望湖城幼儿园共建", ["展春园幼儿园", "南湖路小学", "望湖城幼儿园"]),
    ("集团目前有望湖小学北校区", ["望湖小学北校区"]),
    ("，由龙溪中学承办；充分发挥龙潭中学的作用", ["龙溪中学", "龙潭中学"]),
    ("联盟各校（舜耕中学、舜耕学校）", ["舜耕中学", "舜耕学校"]),
    ("、棠下小学、龙口西小学四校", ["棠下小学", "龙口西小学"]),
    ("学院路第一小学与学院路第二小学", ["学院路第一小学", "学院路第二小学"]),
    ("在七甸九年一贯制学校开展乡村小规模学校复式教学研讨", ["七甸九年一贯制学校"]),
])
def test_schools_jieba_glued_or_split_names(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("东关完小、南塔村小两校数学教师到党岔九年制学校参加活动", ["东关完小", "南塔村小", "党岔九年制学校"]),
    ("3月在瓯海职业中专召开研讨会，永嘉县职业高级中学参加", ["瓯海职业中专", "永嘉县职业高级中学"]),
    ("个别村小师资薄弱，农村完小和乡村小规模学校寄宿生管理有待加强", []),
    ("推进中职学校与高职院校衔接，中专学历教师培训", []),
])
def test_schools_rural_and_vocational_names(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


def test_schools_member_list_after_school_count() -> None:
    text = ("城关学区2021年工作总结\n立足学区四所学校（城关一小、东关完小、南塔村小、城关幼儿园）实际。"
            "继续与宝塔区枣园小学开展对口帮扶。")
    mentions = find_schools(text, group_name="城关学区")
    assert group_members(text, "城关学区", mentions) == ["城关一小", "东关完小", "南塔村小", "城关幼儿园"]


def test_schools_partner_is_not_a_member_without_a_list() -> None:
    text = ("1、城北小学承办联合教研。\n2、春晖小学开课。\n"
            "3、为促进公民办学校交流，三校与育英学校开展结对帮扶活动。促进与育英学校的交流。")
    mentions = find_schools(text)
    assert group_members(text, None, mentions) == ["城北小学", "春晖小学"]


@pytest.mark.parametrize(("text", "expected"), [
    ("鹤峰山区寄宿制学校联盟工作总结\n联盟组织走马镇白果小学开展送教", ["走马镇白果小学"]),
    ("伊犁河谷高中教育联盟2024年工作计划\n在察布查尔县第一中学召开研讨会", ["察布查尔县第一中学"]),
    ("松林坡九年一贯制学校集团工作计划\n集团内松林坡学校与北岸小学开展教研", ["松林坡学校", "北岸小学"]),
    ("澜沧农村小学教育联盟工作要点\n糯扎渡小学承办", ["糯扎渡小学"]),
    # a lead school's name counts only where the document writes it on its own (the gold lists
    # 成都市玉林小学教育集团 beside 玉林小学 as the school 玉林小学 alone)
    ("阿荣旗那吉中学教育集团工作计划\n那吉中学牵头开展教研", ["那吉中学"]),
    ("育才中学教育集团工作计划", []),
    ("育才中学教育集团召开会议，育才中学校长主持", ["育才中学", "育才中学"]),
    ("推进城南小学集团化办学", ["城南小学"]),
    ("湘西山区寄宿制学校发展联盟工作计划", []),
    ("北疆高中教育联盟成立。北疆高中承办首次活动", ["北疆高中", "北疆高中"]),
])
def test_schools_group_name_parts(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("集团内松林坡学校开展活动", ["松林坡学校"]),
    ("承办单位普洱农业学校", ["普洱农业学校"]),
    ("确保各项工作落实，保证中心小学教学质量", []),
    ("组织城关小学和县实验小学开展活动", ["城关小学", "和县实验小学"]),
    ("马鞍山和县实验小学开展活动", ["马鞍山和县实验小学"]),
    ("城关小学和平小学联合", ["城关小学", "和平小学"]),
    ("城关小学与县实验小学联合", ["城关小学", "县实验小学"]),  # the county's own: one school
    ("伊宁三中和霍城二中联合命题", ["伊宁三中", "霍城二中"]),
])
def test_schools_left_edge_words_before_the_name(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("三溪口小学开展活动", ["三溪口小学"]),
    ("在上坪小学和下坪小学开展送教", ["上坪小学", "下坪小学"]),
    ("雷山县下坪小学承办", ["雷山县下坪小学"]),
    ("全镇三所小学参加，三是加强管理", []),
    ("老师要上好小学第一课", []),
    ("北岸小学开展活动，以上学校参加", ["北岸小学"]),
    ("石门村小学开展活动，各村小参加", ["石门村小学"]),
    ("廈門雙十中學開展活動", ["廈門雙十中學"]),
    ("石門村小學與三溪口小學", ["石門村小學", "三溪口小學"]),
    ("前往四方坪小学、五里牌小学、三元里小学考察", ["四方坪小学", "五里牌小学", "三元里小学"]),
    ("2023年三月城关小学开学，评选十佳学校", ["城关小学"]),
    ("新建的七里河小学投入使用，原三里店小学撤并", ["七里河小学", "三里店小学"]),
    ("义务教育阶段学校全面落实课后服务，十佳教师、百强学校评选", []),
])
def test_schools_names_opening_with_numerals_or_directions(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "surface", "canonical"), [
    ("霍城县第二中学承办。霍城二中教师展示", "霍城二中", "霍城县第二中学"),
    ("城关县实验小学承办。县实验小学教师上课", "县实验小学", "城关县实验小学"),
    ("城关小学和城西县实验小学结对。城关小学和县实验小学开展活动", "县实验小学", "城西县实验小学"),
    ("桃源镇中心学校承办。中心学校教师参加", "中心学校", "桃源镇中心学校"),
    ("霍城县实验小学承办。霍城实小教师参加", "霍城实小", "霍城县实验小学"),
    ("清水河镇中心小学参加。清水河中小教师", "清水河中小", "清水河镇中心小学"),
    ("金山湾学校、北岸小学参加。金山湾、北岸两校教师", "金山湾", "金山湾学校"),
    ("育英学校和明德学校参加。育英、明德等校教师", "明德", "明德学校"),
])
def test_schools_short_forms_of_the_documents_schools(text: str, surface: str, canonical: str) -> None:
    assert {m.text: m.canonical for m in find_schools(text)}[surface] == canonical


@pytest.mark.parametrize(("text", "absent"), [
    ("城南镇中心学校和城北镇中心学校参加。中心学校教师", "中心学校"),
    ("霍城县实验小学承办，霍城实验高中参加", "霍城实验"),
])
def test_schools_ambiguous_short_forms_are_left_out(text: str, absent: str) -> None:
    assert absent not in _surfaces(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("普洱职业教育集团咖啡产业学院开展培训", []),
    ("滇西职教集团旅游服务学院开展培训，邀请湖州师范学院专家", ["湖州师范学院"]),
    ("开展“办人民满意的学校”主题活动，“创建品质学校”", []),
    ("开展“走进城南小学”活动", ["城南小学"]),
    ("“双减”背景下红星小学开展活动", ["红星小学"]),
    ("与澳门培正中学缔结姊妹学校", ["澳门培正中学"]),
    ("邀请华南师范大学专家到石井中心小学指导", ["华南师范大学", "石井中心小学"]),
    ("金山湾学校初中部开展活动", ["金山湾学校"]),
    ("金山湾学校小学部开展活动", ["金山湾学校"]),
])
def test_schools_departments_slogans_and_sections(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


def test_schools_descriptive_group_part() -> None:
    assert descriptive_group_part("北疆高中")
    assert descriptive_group_part("黔东南山区寄宿制学校")
    assert not descriptive_group_part("扎兰屯市雅鲁中学")


def test_schools_simplified_skips_only_texts_without_a_convertible_character() -> None:
    """`simplified` returns a text untranslated when no character of it converts: that must never
    skip a character OpenCC would change (every BMP character above U+2E80 is tried)."""
    from miner.extract.text.fold import _convertible, _simplified_char, simplified

    convertible = _convertible()
    for code in range(0x2E81, 0x10000):
        ch = chr(code)
        if convertible.search(ch) is None:
            assert _simplified_char(ch) == ch, f"U+{code:04X} converts but is not in the class"
    text = "".join(map(chr, range(0x4E00, 0xA000)))
    assert simplified(text) == "".join(map(_simplified_char, text))
    assert simplified("鳳城實驗小學") == "凤城实验小学"


# Failure causes found on real pages written by others (issue 10); the sentences are our own.

@pytest.mark.parametrize("text", [
    "本学期共有十二所参评学校提交材料",
    "学校被评为区先进学校",
    "组织骨干教师到帮扶学校送课",
    "2016小学、初中同步开学",
    "我园成功创建省示范幼儿园",
    "进一步夯实人文学科特色高中建设基础",
    "以创建省现代化学校为目标",
    "第五联盟组共同体学校开展同课异构",
    "按照城区乡镇幼儿园结对要求",
    "全市小学、幼儿园统一放假",
    "争创县域普通高中发展示范",
    "为了总结学校一学期以来的工作",
    "由于开学前学校做了大量准备",
    "组织教师认真学习学校常规制度",
    "学生放假小学、幼儿园教师到校",
    "加强家庭、社会和学校的沟通",
    "建设一所优秀学校",
    "评选市级文明学校和绿色学校",
    "全市中小学、中等职业学校开学",
    "乡镇中心幼儿园及村级幼儿园参加",
    "办好社区学校和网络学校",
    "企业捐建小学一所",
    "全日制幼儿园寒假放假时间",
    "规范艺术学校和培训学校办学行为",
])
def test_schools_describing_phrases_are_not_names(text: str) -> None:
    assert _surfaces(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("本周三到李庄小学听课", ["李庄小学"]),
    ("10月望江桥小学承办教研活动", ["望江桥小学"]),
    ("地点：望江桥小学", ["望江桥小学"]),
    ("由李庄小学与望江桥小学轮流承办", ["李庄小学", "望江桥小学"]),
    ("、后里國民小學\n本校活动", ["后里國民小學"]),
    ("教师和对口中学老师结对", []),
    # a person, a subject, a prize or an office written right before the name is not part of it
    ("区教研室专家李庄小学调研", ["李庄小学"]),
    ("数学望江桥小学、语文组白沙小学", ["望江桥小学", "白沙小学"]),
    ("一等奖杨林小学", ["杨林小学"]),
    ("开学典礼大课间北京小学开放", ["北京小学"]),  # common words before a proper name
    ("新丰镇中学、望湖城幼儿园开放", ["新丰镇中学", "望湖城幼儿园"]),
    ("3月5日高桥小学开放", ["高桥小学"]),
    ("会议定于高桥小学召开", ["高桥小学"]),
])
def test_schools_left_edge_on_real_pages(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("明珠中心小学小学部开展活动", [("明珠中心小学", "明珠中心小学")]),
    ("城东中心小学小学语文教研", [("城东中心小学", "城东中心小学")]),
    ("育秀实验学校学校开展活动", [("育秀实验学校学校", "育秀实验学校")]),
])
def test_schools_do_not_run_on_into_a_stage_word(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.canonical) for m in find_schools(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("十月到忠明國小參觀", ["忠明國小"]),
    ("新竹市立光武國中來校交流", ["新竹市立光武國中"]),
    ("台中市立青山高級中學 來校參訪", ["台中市立青山高級中學"]),
    ("全國中小學校長會議", []),
    ("國小部畢業典禮", []),
])
def test_schools_traditional_taiwan_endings(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the page's own school in its title is the document's body (a group), not a mention
    ("青山國民小學 113學年度第1學期行事曆\n第1週 開學", []),
    ("学期计划.pdf\n海棠湾小学2023学年第二学期少先队工作行事历\n三月 学雷锋", []),
    ("第四周工作计划\n湖滨实验幼儿园教育工作周计划\n周一 升旗", []),
    # a title whose words start like a group qualifier (教学, 教研), a year in Chinese numerals, a
    # 规划 or 报告: still the school's own title, which names it wherever the body does
    ("桃源小学教学工作总结\n本学期桃源小学狠抓常规", []),
    ("二〇二四年桃源小学工作总结\n一年来桃源小学稳步发展", []),
    ("桃源小学“十五五”发展规划\n一、现状\n桃源小学始建于1958年", []),
    ("桃源小学教学联盟工作总结\n联盟由桃源小学牵头", ["桃源小学"]),
    # a class's or an office's plan is that body's: the school is a name it gives (as 实验小学英语教研组)
    ("城南幼儿园小（2）班第5周工作计划\n周一 晨间活动", ["城南幼儿园"]),
    ("城南小学德育处第3周工作安排\n周一 升旗", ["城南小学"]),
    ("城南小学2023年工作计划\n一、城南小学概况", []),
    # a bare or numbered form in the title is the document's own school too
    ("县实验小学工作总结\n一年来，我校稳步发展", []),
    ("镇中心小学工作总结\n一年来，柳河镇中心小学稳步发展", ["柳河镇中心小学"]),
    ("县一中工作总结\n一年来，县一中稳步发展", []),
    ("送教下乡——春晖幼儿园结对帮扶活动\n5月10日，我园前往山口中心幼儿园", ["山口中心幼儿园"]),
    ("东湖小学举行秋季运动会\n10月8日，东湖小学师生与西林小学代表队参加比赛", ["西林小学"]),
    # a school line above a 教研组 title, and a line naming two schools, are not titles of a school
    ("城南小学\n语文教研组工作总结\n本学期我组", ["城南小学"]),
    ("第二学期实验小学英语教研组工作计划\n一、目标", ["实验小学"]),
    ("启明小学和希望小学联合开展活动\n活动内容", ["启明小学", "希望小学"]),
    ("----- 油田二小教育集团开展交流活动\n油田二小教育集团成立以来", []),
    ("----- 油田二小教育集团开展交流活动\n活动在油田二小举行", ["油田二小"]),
])
def test_schools_title_owner_and_sub_units(text: str, expected: list[str]) -> None:
    assert list(dict.fromkeys(_surfaces(text))) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("海门市第三实验幼儿园召开会议。三实幼党支部开展学习", [
        ("海门市第三实验幼儿园", "海门市第三实验幼儿园"), ("三实幼", "海门市第三实验幼儿园")]),
    ("到溪口实小研学", [("溪口实小", "溪口实小")]),
    ("群星美术学校师生参加", [("群星美术学校", "群星美术学校")]),
    ("要落实小组分工，充实小学生课余生活", []),
    ("到霍城县实验二小参观", [("霍城县实验二小", "霍城县实验二小")]),
    # a city's or county's own numbered school: the unit stays in the name, the numeral no count
    ("在市一中召开复习研讨会，赴县二中听课", [("市一中", "市一中"), ("县二中", "县二中")]),
    ("全县三小学生参加", []),
    ("组织宁海县城关一小教师。在全县实验二小推广", [("宁海县城关一小", "宁海县城关一小"),
                                                 ("实验二小", "实验二小")]),
    ("组织丰乐、清溪等幼儿园开展游戏活动", [("丰乐", "丰乐幼儿园"), ("清溪", "清溪幼儿园")]),
])
def test_schools_kindergartens_and_abbreviations(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.canonical) for m in find_schools(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("争创数字化学校和学习型学校", []),
    ("成功创建省级示范性幼儿园", []),
    ("江苏省四星级高中评估", []),
    ("建设信息化学校", []),
    ("台江县方召寄宿制学校开展活动", ["台江县方召寄宿制学校"]),
    ("德化小学开展活动", ["德化小学"]),
    # where a school is, said from the writer's side
    ("县城小学教师到乡下学校送教，又去隔壁学校参观", []),
    ("城关小学开展活动", ["城关小学"]),
    ("引导孩子观察秋天里幼儿园中的树叶", []),
])
def test_schools_attribute_words_grade_schools(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("孩子们在游戏中学会等待，在集体中学着合作", []),
    ("从实践中学到本领，在玩中学", []),
    ("在城南中学召开会议，在东湖中学会议室交流", ["城南中学", "东湖中学"]),
    ("专家在育才中学做报告", ["育才中学"]),
    ("在课堂教学中学校领导听课，一日生活中幼儿园老师示范", []),
    ("在实验中学校园内举行", ["实验中学"]),
    # a kind of school as the object of a verb, in a kindergarten's or a class's plan
    ("大班幼儿即将升入小学，做好幼儿进入小学前的准备", []),
    ("主题活动《我爱幼儿园》，认识新幼儿园", []),
    ("毕业于城南中学，学生进入城南中学学习", ["城南中学", "城南中学"]),
])
def test_schools_learning_in_something_is_no_school(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("区教师发展中心组织小学数学教研", []),
    ("县教师进修学校举办培训", []),
    ("区青少年活动中心和市少年宫开展暑期活动", []),
    ("市教育局、区教研室领导来校指导", []),
])
def test_schools_authorities_and_venues_are_not_schools(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("树人学校九龙湖校区校长作交流", ["树人学校九龙湖校区"]),
    ("城东小学两校区教师参加", ["城东小学"]),
    ("青州中学明德教育集团召开月度会议", []),
    ("育才中学教育集团召开会议", []),
    ("在东湖小学召开东湖小学教育联盟推进会", ["东湖小学", "东湖小学"]),
    ("城南小学的新校区投入使用", ["城南小学"]),
    ("在华东师范大学附属城南实验学校举行", ["华东师范大学附属城南实验学校"]),
])
def test_schools_campuses_and_group_names(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


def test_schools_inline_pinyin_readings_stay_in_the_surface() -> None:
    text = "6月，青石小學(xué)與(yǔ)石門(mén)學(xué)校開展交流。青石小學(xué)教師參加。"
    found = [(m.text, m.canonical) for m in find_schools(text)]
    assert found == [("青石小學(xué)", "青石小學(xué)"), ("石門(mén)學(xué)校", "石門(mén)學(xué)校"),
                     ("青石小學(xué)", "青石小學(xué)")]
    for m in find_schools(text):
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize(("text", "expected"), [
    # a founder's 市立/國立 opens the name, whatever jieba makes of it and of the word after it
    ("本月前往新北市立光復高級中學觀摩", ["新北市立光復高級中學"]),
    ("前往臺北市立大同國民小學參訪", ["臺北市立大同國民小學"]),
    # a school a university or a 學院 runs is one name with it
    ("邀请西南师范大学附属高级中学教师讲座", ["西南师范大学附属高级中学"]),
    ("与圆玄学院第三中学开展交流", ["圆玄学院第三中学"]),
    ("专家到石井中心小学指导", ["石井中心小学"]),  # a clause between: two names, not one
])
def test_schools_founders_and_running_bodies_stay_in_the_name(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize("title", [
    "臺北市立大同國民小學113學年度第1學期行事曆",
    "新北市立光復高級中學 113學年度 行事曆",
    "國立中興大學附屬高級中學113學年度行事曆",
])
def test_schools_a_calendars_own_school_in_its_title_is_its_body(title: str) -> None:
    assert _surfaces(title + "\n週次 日期 重要行事\n9/1 開學典禮\n") == []


@pytest.mark.parametrize(("text", "expected"), [
    # a stop word inside the name: a road named by it, or a name right after its town
    ("城关镇发展路小学开展读书活动", ["城关镇发展路小学"]),
    ("这一年，河口县石岭镇发展小学稳步前进", ["河口县石岭镇发展小学"]),
    ("到和美幼儿园送教", ["和美幼儿园"]),  # 和 opens the name here
    ("东湖小学和美术学校联合举办画展", ["东湖小学"]),  # here it joins two (美术学校 is no name)
    ("组织到村小学送教", []),  # 到 is no part of a name
    ("各乡镇发展小学教育", []),  # which towns develop their schools: no name
    ("推动全镇发展学校", []),
])
def test_schools_stop_words_inside_names_after_a_town_or_before_a_road(text: str,
                                                                       expected: list[str]) -> None:
    assert _surfaces(text) == expected
