"""Tests for miner.compare.pairing: plans and summaries paired by group and period, with reasons."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from miner.compare.pairing import DocInfo, group_core, pair_documents, same_group

D = dt.date
GOLD = Path(__file__).resolve().parents[2] / "corpora" / "seed_gold"


def doc(doc_id: str, kind: str, group: str | None, label: str | None, start: dt.date | None = None,
        end: dt.date | None = None, published: dt.date | None = None) -> DocInfo:
    return DocInfo(doc_id, f"{doc_id}.txt", kind, group, label, start, end, published)


def school_year(y: int) -> tuple[dt.date, dt.date]:
    return D(y, 9, 1), D(y + 1, 8, 31)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("铜青桃协作型教育集团", "铜青桃教育集团", True),
    ("城东教育联盟", "城东教育联盟", True),
    ("梅溪学区", "枫林学区", False),
    ("育秀教育集团", "铜青桃协作型教育集团", False),
    (None, "育秀教育集团", False),
])
def test_pairing_same_group(a: str | None, b: str | None, expected: bool) -> None:
    assert same_group(a, b) is expected


def test_pairing_group_core() -> None:
    assert group_core("铜青桃协作型教育集团") == "铜青桃"
    assert group_core("城北紧密型教育集团") == "城北"  # the endings are schools.toml's, as extraction's


def test_pairing_group_endings_are_the_extractors() -> None:
    import tomllib
    from importlib import resources

    from miner.compare.pairing import group_endings

    data = tomllib.loads(resources.files("miner.data").joinpath("schools.toml").read_text(encoding="utf-8"))
    assert set(group_endings()) == set(data["groups"]["endings"])
    assert [len(e) for e in group_endings()] == sorted((len(e) for e in group_endings()), reverse=True)


def test_pairing_same_group_and_year() -> None:
    docs = [doc("p1", "plan", "城东教育集团", "2021年", D(2021, 1, 1), D(2021, 12, 31)),
            doc("s1", "summary", "城东教育集团", "2021年", D(2021, 1, 1), D(2021, 12, 31)),
            doc("p2", "plan", "城东教育集团", "2022年", D(2022, 1, 1), D(2022, 12, 31))]
    pairings, unpaired = pair_documents(docs)
    assert [(tuple(p.doc_id for p in x.plans), x.summary.doc_id) for x in pairings] == [(("p1",), "s1")]
    assert [(u.doc.doc_id, "no summary" in u.reason) for u in unpaired] == [("p2", True)]


def test_pairing_school_year_summary_with_two_term_plans() -> None:
    s, e = school_year(2022)
    docs = [doc("t1", "plan", "枫林学区", "2022学年第一学期", s, D(2023, 1, 31)),
            doc("t2", "plan", "枫林学区", "2022学年第二学期", D(2023, 2, 1), e),
            doc("s", "summary", "枫林学区", "2022学年", s, e)]
    pairings, unpaired = pair_documents(docs)
    assert [p.doc_id for p in pairings[0].plans] == ["t1", "t2"] and not unpaired
    assert "parts of it" in pairings[0].notes[0]


def test_pairing_two_plans_for_one_period_best_effort() -> None:
    s, e = school_year(2019)
    docs = [doc("old", "plan", "育秀教育集团", "2019学年", s, e, D(2019, 9, 1)),
            doc("new", "plan", "育秀教育集团", "2019学年", s, e, D(2019, 9, 20)),
            doc("sum", "summary", "育秀教育集团", "2019学年", s, e)]
    pairings, unpaired = pair_documents(docs)
    assert [p.doc_id for p in pairings[0].plans] == ["new"]
    assert "2 plans" in pairings[0].notes[0]
    assert [u.doc.doc_id for u in unpaired] == ["old"]


def test_pairing_summary_of_another_group() -> None:
    docs = [doc("p", "plan", "梅溪教育联盟", "2023学年", *school_year(2023)),
            doc("s", "summary", "云龙教育集团", "2023学年", *school_year(2023))]
    pairings, unpaired = pair_documents(docs)
    assert not pairings
    assert all("different groups" in u.reason for u in unpaired) and len(unpaired) == 2


def test_pairing_seed_documents_are_not_pairable() -> None:
    """The plan (育秀教育集团, 2019学年) and the summary (铜青桃协作型教育集团, 2021年) differ in group."""
    golds = sorted(GOLD.glob("*.json"))
    assert len(golds) >= 2, f"seed gold files missing from {GOLD}"
    docs = []
    for path in golds:
        g = json.loads(path.read_text(encoding="utf-8"))
        docs.append(doc(g["id"], g["kind"], g["group"], g["period"]))
    pairings, unpaired = pair_documents(docs)
    assert not pairings
    assert len(unpaired) == 2 and all("different groups" in u.reason for u in unpaired)


def test_pairing_other_kinds_are_listed() -> None:
    _, unpaired = pair_documents([doc("x", "other", "城东教育集团", None)])
    assert unpaired[0].reason == "neither a plan nor a summary"
