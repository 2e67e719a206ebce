"""Tests for miner.report: one self-contained, escaped HTML file with SVG charts, checked in Chromium."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from miner.compare.align import PairComparison, align
from miner.compare.pairing import DocInfo, Unpaired
from miner.records import Activity
from miner.report import render_report, report_from_pairs
from miner.report.html import highlight, sentence, shared_spans
from miner.settings import load_settings
from miner.synth import generate_pairs

PLAN = "二、工作安排\n1、10月中旬：<script>alert(1)</script>大单元教学专题研讨（城东实验学校）\n"
SUMMARY = "10月15日，城东实验承办了大单元教学研讨活动，老师们积极参与。11月，集团组织了新教师培训。"


Item = tuple[str, str, str, dt.date | None]


def _acts(text: str, items: list[Item], mood: str, doc: str) -> list[Activity]:
    out = []
    for i, (name, type_, school, day) in enumerate(items, 1):
        start = text.index(name)
        out.append(Activity(doc, f"A{i}", type_, name, start, start + len(name), mood, name=name,
                            date_start=day, date_end=day, schools=(school,) if school else (),
                            time_text=str(day) if day else None))
    return out


@pytest.fixture()
def comparison() -> PairComparison:
    plans = _acts(PLAN, [("<script>alert(1)</script>大单元教学专题研讨", "seminar", "城东实验学校",
                          dt.date(2023, 10, 11))], "planned", "p")
    reports = _acts(SUMMARY, [("大单元教学研讨活动", "seminar", "城东实验学校", dt.date(2023, 10, 15)),
                              ("新教师培训", "training", "", dt.date(2023, 11, 1))], "reported", "s")
    matches, notes = align(plans, reports)
    return PairComparison("城东教育集团", "2023学年", ("p",), "s", matches, notes + ("two plans & <one>",))


@pytest.fixture()
def html(comparison: PairComparison) -> str:
    unpaired = [Unpaired(DocInfo("x", "x.txt", "summary", "铜青桃协作型教育集团", "2021年", None, None),
                         "different groups: no plan of 铜青桃协作型教育集团 was found")]
    return render_report([comparison], unpaired, {"p": PLAN, "s": SUMMARY}, {"p": "plan.txt", "s": "sum.txt"})


def test_report_html_escapes_document_text(html: str) -> None:
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "two plans &amp; &lt;one&gt;" in html


def test_report_html_self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html


def test_report_html_headline_charts_and_rows(html: str) -> None:
    assert html.count("<svg") == 2
    for label in ("planned", "done", "unplanned", "fulfilment", "By school", "城东实验学校"):
        assert label in html
    assert "Documents that could not be paired" in html and "different groups" in html
    assert "<mark>大单元教学</mark>" in html  # the words both evidences share


@pytest.mark.parametrize(("text", "other", "expected"), [
    ("大单元教学专题研讨", "大单元教学研讨活动", [(0, 5), (7, 9)]),
    ("集团领导工作例会", "集团领导例会", [(0, 4), (6, 8)]),
    ("教学视导", "期末考试", []),
    ("，。，", "，。，", []),
])
def test_report_html_shared_spans(text: str, other: str, expected: list[tuple[int, int]]) -> None:
    assert shared_spans(text, other) == expected


def test_report_html_highlight_escapes() -> None:
    assert highlight("<b>语文</b>", "语文") == "&lt;b&gt;<mark>语文</mark>&lt;/b&gt;"


def test_report_html_sentence_around_activity() -> None:
    a = Activity("s", "A2", "training", "新教师培训", SUMMARY.index("新教师培训"),
                 SUMMARY.index("新教师培训") + 5, "reported")
    assert sentence(SUMMARY, a) == "11月，集团组织了新教师培训。"


@pytest.mark.slow
def test_report_html_renders_in_chromium(tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is not installed: run `make system-deps`"
    page = report_from_pairs(list(generate_pairs(2, seed=3)), load_settings(), tmp_path / "r.html")
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90,
                         check=True).stdout
    assert dom.count("<svg") >= 4 and "<circle" in dom and "<mark>" in dom
    shot = tmp_path / "r.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()],
                   capture_output=True, timeout=90, check=True)
    assert shot.exists() and shot.stat().st_size > 10_000
