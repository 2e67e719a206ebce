"""Tests for miner.evaluate.gold and miner.evaluate.dates: the gold validator and the date rules."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from miner.evaluate.dates import default_term_starts, expected_when, parse_period
from miner.evaluate.gold import check_gold, load_gold, load_gold_dir, resolve_docs_dir, validate_dir

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpora" / "gold"
SEED_GOLD = REPO / "corpora" / "seed_gold"
D = dt.date

DOC_TEXT = (
    "2021年星河教育集团工作总结\n"
    "3月，集团在星河小学召开了理事会会议。11月中旬，河西中学承办了“双减”主题研讨会。\n"
    "星河实验小学学校开展了青年教师教学比武。\n"
)


def _gold() -> dict:
    return {
        "id": "doc1", "source": "doc1.txt", "kind": "summary", "group": "星河教育集团", "period": "2021年",
        "published": None, "schools": ["星河小学", "河西中学", "星河实验小学学校"],
        "school_aliases": {"星河实验小学学校": "星河实验小学", "星河实验小学": "星河小学"},
        "group_members": ["星河小学", "河西中学"], "times": ["2021年", "3月", "11月中旬"],
        "activities": [
            {"id": "A1", "evidence": "理事会会议", "type": "meeting", "time": "3月",
             "when": {"start": "2021-03-01", "end": "2021-03-31"}, "schools": ["星河小学"],
             "subject": None, "theme": None, "also": []},
            {"id": "A2", "evidence": "“双减”主题研讨会", "type": "seminar", "time": "11月中旬",
             "when": {"start": "2021-11-11", "end": "2021-11-20"}, "schools": ["河西中学"],
             "subject": None, "theme": "双减", "also": []},
        ],
    }


@pytest.fixture()
def gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "doc1.txt").write_text(DOC_TEXT, encoding="utf-8")
    return tmp_path


def _write(gold_dir: Path, gold: dict) -> Path:
    path = gold_dir / "doc1.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def test_gold_corpus_is_valid() -> None:
    problems = {name: errs for name, errs in validate_dir(CORPUS).items() if errs}
    assert problems == {}


def test_gold_corpus_has_enough_varied_documents() -> None:
    golds = load_gold_dir(CORPUS)
    assert len(golds) >= 22
    assert {g.kind for g in golds} == {"plan", "summary"}
    for g in golds:
        text = (CORPUS / "docs" / g.source).read_text(encoding="utf-8")
        assert 800 <= len(text) <= 4000, g.id
        assert 8 <= len(g.activities) <= 30, g.id


def test_gold_seed_gold_is_valid() -> None:
    assert resolve_docs_dir(SEED_GOLD) == REPO / "corpora" / "seeds"
    problems = validate_dir(SEED_GOLD)
    assert len(problems) == 2 and all(not errs for errs in problems.values()), problems


def test_gold_valid_file_has_no_problems(gold_dir: Path) -> None:
    gold = _gold()
    del gold["school_aliases"]["星河实验小学"]
    gold["school_aliases"]["星河实验小学学校"] = "星河小学"
    path = _write(gold_dir, gold)
    assert check_gold(path, gold_dir / "docs") == []
    loaded = load_gold(path)
    assert loaded.activities[1].when == (D(2021, 11, 11), D(2021, 11, 20))
    assert loaded.canonical("星河实验小学学校") == "星河小学"


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda g: g["activities"][0].update(evidence="理事会议"), "not an exact substring"),
    (lambda g: g["activities"][0].update(when={"start": "2021-03-01", "end": "2021-03-30"}), "!= expected"),
    (lambda g: g["activities"][1].update(theme="“双减”"), "theme contains quote marks"),
    (lambda g: g["activities"][1].update(type="debate"), "type 'debate'"),
    (lambda g: g["activities"][1].update(type=["seminar", "seminar"]), "type list"),
    (lambda g: g["activities"][0].update(time="11月中旬"), "when"),
    (lambda g: g["activities"][0].update(id="A7"), "id should be A1"),
    (lambda g: g["schools"].append("各校"), "generic word"),
    (lambda g: g["times"].append("3月"), "times: duplicates"),
    (lambda g: g["activities"][1].update(time="12月"), "not an exact substring"),
    (lambda g: g.update(id="other"), "id 'other' != file stem"),
    (lambda g: g.update(source="missing.txt"), "document not found"),
])
def test_gold_check_reports_each_defect(gold_dir: Path, mutate, message: str) -> None:
    gold = _gold()
    gold["school_aliases"] = {"星河实验小学学校": "星河小学"}
    mutate(gold)
    errs = check_gold(_write(gold_dir, gold), gold_dir / "docs")
    assert any(message in e for e in errs), errs


def test_gold_check_reports_key_order(gold_dir: Path) -> None:
    gold = _gold()
    reordered = {"source": gold.pop("source"), **gold}
    errs = check_gold(_write(gold_dir, reordered), gold_dir / "docs")
    assert any("top-level keys" in e for e in errs)


def test_gold_alias_chain_is_rejected(gold_dir: Path) -> None:
    errs = check_gold(_write(gold_dir, _gold()), gold_dir / "docs")
    assert any("is itself an alias" in e for e in errs)


@pytest.mark.parametrize(("period", "time", "expected"), [
    ("2019学年", "10月底", (D(2019, 10, 22), D(2019, 10, 31))),
    ("2019学年", "5月", (D(2020, 5, 1), D(2020, 5, 31))),
    ("2019学年", "第一学期第7周", (D(2019, 10, 14), D(2019, 10, 20))),
    ("2019学年", "元月", (D(2020, 1, 1), D(2020, 1, 31))),
    ("2021年", "1210日下午", (D(2021, 12, 10), D(2021, 12, 10))),
    ("2021年", "4月中旬", (D(2021, 4, 11), D(2021, 4, 20))),
    ("2021年", "去年", (D(2020, 1, 1), D(2020, 12, 31))),
    ("2021年度", "上半年", (D(2021, 1, 1), D(2021, 6, 30))),
    ("2022学年第二学期", "第十二周", (D(2023, 5, 8), D(2023, 5, 14))),
    ("2022学年第二学期", "3月", (D(2023, 3, 1), D(2023, 3, 31))),
    ("2020—2021学年第一学期", "十一月份", (D(2020, 11, 1), D(2020, 11, 30))),
    ("2023年", "１２月 ２０日", (D(2023, 12, 20), D(2023, 12, 20))),
    ("2024学年", "9月2日—9月8日", (D(2024, 9, 2), D(2024, 9, 8))),
    ("2021年", "年初", None),
    ("2021年", "双周一下午", None),
])
def test_gold_expected_when(period: str, time: str, expected) -> None:
    assert expected_when(period, time) == expected


def test_gold_bare_week_in_school_year_offers_both_terms() -> None:
    assert expected_when("2019学年", "第10周") == [(D(2019, 11, 4), D(2019, 11, 10)),
                                                 (D(2020, 4, 20), D(2020, 4, 26))]


@pytest.mark.parametrize(("label", "kind", "year", "term"), [
    ("2019学年", "school_year", 2019, None),
    ("2022学年第二学期", "school_year", 2022, 2),
    ("2020-2021学年第一学期", "school_year", 2020, 1),
    ("2021年", "calendar_year", 2021, None),
    ("2019年度", "calendar_year", 2019, None),
])
def test_gold_parse_period(label: str, kind: str, year: int, term: int | None) -> None:
    info = parse_period(label)
    assert info is not None and (info.kind, info.year, info.term) == (kind, year, term)


@pytest.mark.parametrize(("year", "starts"), [
    (2019, (D(2019, 9, 2), D(2020, 2, 17))),
    (2020, (D(2020, 9, 7), D(2021, 2, 15))),
    (2022, (D(2022, 9, 5), D(2023, 2, 20))),
])
def test_gold_default_term_starts(year: int, starts) -> None:
    assert default_term_starts(year) == starts


def test_gold_term_starts_agree_with_calendars_csv() -> None:
    path = REPO / "corpora" / "calendars.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = [r for r in csv.DictReader(lines)
            if r["region"] == "default" and 2016 <= int(r["school_year"]) <= 2024]
    assert rows
    for r in rows:
        start = default_term_starts(int(r["school_year"]))[int(r["term"]) - 1]
        assert start.isoformat() == r["start"], r
