"""Tests for miner.extract.activities.loose: the extra candidates the activity model judges."""

from __future__ import annotations

import pytest

from miner.extract.activities.detection import Detector
from miner.extract.activities.loose import LABEL_SCORE, LOOSE_SCORE, loose_drafts
from miner.extract.activities.units import Span, Unit, split_units
from miner.extract.lexicons.taxonomy import load_taxonomy
from miner.parse.builder import DocumentBuilder


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_taxonomy())


def _drafts(det: Detector, *lines: str) -> list[tuple[str, float]]:
    b = DocumentBuilder()
    for line in lines:
        b.paragraph(line)
    doc = b.build(doc_id="l", source="l.txt", format="txt")
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
