"""The review round trip end to end: ingest, compare, export XLSX, edit two decisions with openpyxl,
apply, compare again: the corrections stay and are marked manual."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from miner.cli.app import app
from miner.compare.review import corrections
from miner.errors import CompareError
from miner.store import open_store

runner = CliRunner()

PLAN = """城西教育集团2024学年第一学期工作计划
一、主要工作安排
1. 9月上旬召开集团理事会工作会议，部署本学期工作。
2. 10月中旬在城西小学开展语文联合教研活动。
3. 11月举办“启航杯”青年教师课堂教学比赛。
4. 12月开展集团教学视导。
5. 1月上旬召开期末工作总结会。
"""

SUMMARY = """城西教育集团2024学年第一学期工作总结
本学期，集团各项工作有序推进，现总结如下。
9月5日，集团理事会工作会议在城西小学召开，部署了本学期的重点工作。
10月17日，语文联合教研活动在城西小学举行。
11月下旬，第二届“启航杯”青年教师课堂教学比赛圆满落幕。
原定12月的集团教学视导，因故未能开展。
1月8日，集团召开期末工作总结会。
此外，集团还组织了新教师心理健康专题培训。
"""


def _invoke(*args: str) -> str:
    import importlib

    for name in ("ingest", "compare", "export"):
        importlib.import_module(f"miner.cli.{name}")
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture()
def compared(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text(PLAN, encoding="utf-8")
    (docs / "summary.txt").write_text(SUMMARY, encoding="utf-8")
    db = tmp_path / "m.db"
    _invoke("ingest", str(docs), "--db", str(db))
    _invoke("compare", "--db", str(db))
    return db


def _rows(db: Path) -> list[dict]:
    with open_store(db) as store:
        return store.rows("SELECT * FROM comparison")


def test_review_round_trip_keeps_two_corrections(compared: Path, tmp_path: Path) -> None:
    db = compared
    assert _rows(db), "the comparison wrote no rows"
    _invoke("export", "--to", str(tmp_path / "x"), "--format", "xlsx", "--table", "comparison",
            "--db", str(db))
    path = tmp_path / "x" / "comparison.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.active
    head = [c.value for c in sheet[1]]
    col = {name: head.index(name) + 1 for name in head}
    flags = [sheet.cell(r, col["needs_review"]).value for r in range(2, sheet.max_row + 1)]
    assert flags == sorted(flags, reverse=True), "decisions that need review must come first"

    def cell(row: int, name: str) -> object:
        return sheet.cell(row, col[name]).value

    matched = [r for r in range(2, sheet.max_row + 1)
               if cell(r, "plan_activity_id") and cell(r, "report_activity_id")]
    assert len(matched) >= 2, [[c.value for c in row] for row in sheet.iter_rows()]
    first, second = matched[0], matched[1]
    edits = {}
    # 1: a match whose status the reviewer changes
    old = sheet.cell(first, col["status"]).value
    sheet.cell(first, col["status"]).value = "shifted" if old != "shifted" else "done"
    edits[cell(first, "plan_activity_id")] = (cell(first, "status"), cell(first, "report_activity_id"))
    # 2: a match the reviewer undoes: the planned activity did not take place
    freed = sheet.cell(second, col["report_activity_id"]).value
    sheet.cell(second, col["status"]).value = "cancelled"
    sheet.cell(second, col["report_activity_id"]).value = None
    edits[sheet.cell(second, col["plan_activity_id"]).value] = ("cancelled", None)
    book.save(path)

    out = _invoke("compare", "--db", str(db), "--apply-review", str(path))
    assert "2 correction(s)" in out
    for _ in range(2):  # applied, then kept by a plain re-run
        rows = _rows(db)
        manual = {r["plan_activity_id"]: (r["status"], r["report_activity_id"]) for r in rows if r["manual"]}
        assert manual == edits
        assert all(r["needs_review"] == 0 and r["probability"] == 1.0 for r in rows if r["manual"])
        _invoke("compare", "--db", str(db))
    # the report the reviewer took away is listed as unplanned and needs review
    left = [r for r in _rows(db) if r["report_activity_id"] == freed]
    assert [(r["status"], r["needs_review"]) for r in left] == [("unplanned", 1)]
    # every planned activity is still decided exactly once
    plan_ids = [r["plan_activity_id"] for r in _rows(db) if r["plan_activity_id"]]
    assert len(plan_ids) == len(set(plan_ids))


def test_review_rejects_an_unknown_status() -> None:
    rows = [{"plan_doc": "p", "summary_doc": "s", "plan_activity_id": "A1", "report_activity_id": None,
             "status": "finished"}]
    with pytest.raises(CompareError, match="row 2: status 'finished'"):
        corrections(rows, [], {"p": {"A1"}, "s": set()}, "comparison.xlsx")


def test_review_rejects_ids_that_do_not_fit_the_status() -> None:
    rows = [{"plan_doc": "p", "summary_doc": "s", "plan_activity_id": "A1", "report_activity_id": None,
             "status": "done"}]
    with pytest.raises(CompareError, match="needs a planned and a reported"):
        corrections(rows, [], {"p": {"A1"}, "s": set()}, "comparison.xlsx")
    rows[0].update(status="not_reported", plan_activity_id="A9")
    with pytest.raises(CompareError, match="no activity A9"):
        corrections(rows, [], {"p": {"A1"}, "s": set()}, "comparison.xlsx")


def test_review_unchanged_rows_are_not_corrections() -> None:
    row = {"plan_doc": "p", "summary_doc": "s", "plan_activity_id": "A1", "report_activity_id": "A2",
           "status": "done"}
    assert corrections([row], [row], {"p": {"A1"}, "s": {"A2"}}, "x.xlsx") == []
    assert corrections([{**row, "manual": 1}], [row], {"p": {"A1"}, "s": {"A2"}}, "x.xlsx") == [
        ("p", "s", "A1", "A2", "done")]
