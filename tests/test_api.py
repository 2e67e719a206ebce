"""Tests for the one-call API (miner.extract_text, miner.extract_file, miner.compare) and `import miner`."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import miner
from miner.errors import MinerError
from miner.export.registry import read_table
from miner.store import open_store

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "corpora" / "examples" / "plan.txt"
SUMMARY = ROOT / "corpora" / "examples" / "summary.txt"
TEXT = ("2023学年第一学期工作计划\n9月下旬，在禾丰小学开展数学联合教研活动。\n"
        "10月中旬，举办青年教师课堂教学比武。\n")


def test_api_names_are_public_with_docstrings() -> None:
    for name in ("extract_text", "extract_file", "compare", "ExtractResult", "Comparison", "MinerError"):
        assert name in miner.__all__
        assert getattr(miner, name).__doc__, name
    assert callable(miner.compare) and miner.compare.__call__.__doc__


def test_api_extract_text_gives_the_three_tables() -> None:
    tables = miner.extract_text(TEXT).to_pandas()
    assert set(tables) == {"documents", "mentions", "activities"}
    assert all(isinstance(t, pd.DataFrame) for t in tables.values())
    acts = tables["activities"]
    assert list(acts["type"]) == ["joint_research", "competition"]
    assert list(acts["date_start"]) == ["2023-09-21", "2023-10-11"]
    assert acts.loc[0, "schools"] == "禾丰小学"
    assert tables["documents"].loc[0, "kind"] == "plan"


def test_api_extract_text_equals_extract_file_of_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    from_text, from_file = miner.extract_text(TEXT, source=str(path)), miner.extract_file(path)
    assert from_text.extraction == from_file.extraction
    for name, frame in from_text.to_pandas().items():
        pd.testing.assert_frame_equal(frame, from_file.to_pandas()[name])


def test_api_extract_text_reads_bytes_as_a_txt_file_and_refuses_other_values() -> None:
    def rows(result: miner.ExtractResult) -> list[tuple[object, ...]]:  # doc_id is the bytes' sha256
        return [(a.name, a.type, a.date_start, a.schools) for a in result.activities]

    from_str = miner.extract_text(TEXT)
    assert miner.extract_text(TEXT.encode("utf-8")).extraction == from_str.extraction
    from_gbk = miner.extract_text(TEXT.encode("gbk"))
    assert from_gbk.document.text == from_str.document.text and rows(from_gbk) == rows(from_str)
    with pytest.raises(MinerError) as caught:
        miner.extract_text(12345)  # type: ignore[arg-type]
    assert caught.value.code == "M004" and "extract_file" in str(caught.value)


def test_api_tables_have_the_columns_miner_export_writes(tmp_path: Path) -> None:
    result = miner.extract_file(PLAN)
    with open_store(tmp_path / "x.db") as store:
        store.write_document(result.document, result.extraction)
        stored = {t: read_table(store, t) for t in ("documents", "mentions", "activities")}
    mine = result.to_pandas()
    pd.testing.assert_frame_equal(mine["documents"], stored["documents"].drop(columns=["ingested_at"]))
    for name in ("mentions", "activities"):
        pd.testing.assert_frame_equal(mine[name], stored[name])


def test_api_compare_takes_paths_texts_and_results_alike() -> None:
    by_path = miner.compare(PLAN, str(SUMMARY)).to_pandas()
    by_text = miner.compare(PLAN.read_text(encoding="utf-8"), SUMMARY.read_text(encoding="utf-8")).to_pandas()
    by_result = miner.compare(miner.extract_file(PLAN), miner.extract_file(SUMMARY)).to_pandas()
    columns = ["status", "plan_activity_id", "report_activity_id", "shift_days", "reasons"]
    pd.testing.assert_frame_equal(by_path[columns], by_text[columns])
    pd.testing.assert_frame_equal(by_path, by_result)
    counts = by_path["status"].value_counts().to_dict()
    # item 6 gives two plan activities (its 送教 clause beside the 示范课 the rules name), both not
    # reported: the gold conventions would make it one event, a known over-split of the clause rule
    assert counts == {"done": 4, "not_reported": 4, "unplanned": 2, "shifted": 1}
    shifted = by_path[by_path["status"] == "shifted"].iloc[0]
    assert "比武" in shifted["plan_evidence"] and shifted["shift_days"] == 22
    assert set(by_path["plan_doc"]) == {miner.extract_file(PLAN).document.doc_id}


def test_api_compare_result_counts_match_its_rows() -> None:
    result = miner.compare(PLAN, SUMMARY)
    counts = result.counts()
    planned = len(miner.extract_file(PLAN).activities)
    assert planned >= 8  # one at least for each numbered item of the plan
    assert counts["planned"] == planned and len(result.rows) == counts["planned"] + counts["unplanned"]


@pytest.mark.parametrize(("call", "code"), [
    (lambda: miner.extract_text(""), "P001"),
    (lambda: miner.extract_file("no/such/plan.docx"), "A001"),
    (lambda: miner.extract_file(ROOT / "corpora"), "A001"),
    (lambda: miner.compare("no/such/plan.docx", SUMMARY), "A001"),
])
def test_api_failures_are_coded_errors(call, code: str) -> None:
    with pytest.raises(MinerError) as info:
        call()
    assert info.value.code == code and str(info.value).startswith(f"[{code}] ")


def test_api_extract_calendar_setting_dates_term_weeks(tmp_path: Path) -> None:
    """`extract.calendar`: a user's own calendars CSV decides where week 1 of a term starts."""
    text = "2030学年第一学期工作计划\n第3周，在禾丰小学开展数学联合教研活动。\n"
    shipped = miner.extract_text(text).activities[0]
    table = tmp_path / "calendars.csv"
    table.write_text("region,school_year,term,start\ndefault,2030,1,2030-09-09\n", encoding="utf-8")
    settings = miner.load_settings().replace("extract", calendar=str(table))
    mine = miner.extract_text(text, settings).activities[0]
    assert (shipped.date_start.isoformat(), shipped.date_end.isoformat()) == ("2030-09-16", "2030-09-22")
    assert (mine.date_start.isoformat(), mine.date_end.isoformat()) == ("2030-09-23", "2030-09-29")
    missing = miner.load_settings().replace("extract", calendar=str(tmp_path / "none.csv"))
    with pytest.raises(MinerError, match=r"^\[R002\] calendar table not found"):
        miner.extract_text(text, missing)


def test_api_readme_example_runs() -> None:
    """The README's three-line example, run as it is written there (from the repository root)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- example: one-call -->\n```python\n(.*?)```", readme, re.S)
    assert block, "README lost its one-call example"
    code = block.group(1)
    assert len([line for line in code.splitlines() if line.strip()]) <= 4
    out = io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the documented example itself
    printed = out.getvalue()
    assert "joint_research" in printed and "禾丰小学" in printed
    assert re.search(r"done\s+4", printed) and re.search(r"shifted\s+1", printed)


@pytest.mark.slow
def test_api_import_is_light_and_changes_nothing_in_the_caller() -> None:
    """`import miner` loads no heavy library and keeps a NullHandler; extracting never freezes the
    caller's garbage collector (only the CLI's workers do)."""
    code = (
        "import gc, logging, sys\n"
        "import miner\n"
        "heavy = [m for m in ('spacy', 'sklearn', 'pandas', 'numpy', 'jieba', 'scipy') if m in sys.modules]\n"
        "handlers = [type(h).__name__ for h in logging.getLogger('miner').handlers]\n"
        "miner.extract_text('2023学年工作计划\\n9月下旬，在禾丰小学开展数学联合教研活动。')\n"
        "print(heavy, handlers, gc.get_freeze_count(), gc.get_threshold()[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[]", "['NullHandler']", "0", "700"]


@pytest.mark.slow
def test_api_cli_worker_start_up_warms_and_freezes() -> None:
    code = (
        "import gc\n"
        "from miner.cli.worker import start_worker\n"
        "from miner.settings import load_settings\n"
        "start_worker(load_settings())\n"
        "print(gc.get_freeze_count() > 100_000, gc.get_threshold()[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["True", "50000"], out.stderr


def test_api_cli_extract_writes_the_same_tables(tmp_path: Path) -> None:
    """`miner extract` is extract_file on the command line: its CSV files hold the same rows."""
    from typer.testing import CliRunner

    from miner.cli.app import app

    result = CliRunner().invoke(app, ["extract", str(PLAN), str(SUMMARY), "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(tmp_path / "activities.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    expected = pd.concat([miner.extract_file(p).to_pandas()["activities"] for p in (PLAN, SUMMARY)])
    assert list(written["evidence"]) == list(expected["evidence"])
    assert list(written["date_start"]) == list(expected["date_start"].fillna(""))
