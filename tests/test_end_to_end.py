"""The issue's end-to-end checks: `miner ingest seeds && miner export --format csv` on the seeds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from miner.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    tmp = tmp_path_factory.mktemp("e2e")
    db, out = tmp / "m.db", tmp / "out"
    ingested = runner.invoke(app, ["ingest", str(ROOT / "corpora" / "seeds"), "--db", str(db)])
    assert ingested.exit_code == 0, ingested.output
    exported = runner.invoke(app, ["export", "--to", str(out), "--format", "csv", "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    return {name: pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype=str).fillna("")
            for name in ("documents", "activities", "mentions")}


def test_end_to_end_english_row_of_term_two_week_four(tables):
    acts = tables["activities"]
    row = acts[acts["schools"].str.contains("钱桥学校") & acts["subjects"].str.contains("中小学英语")]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["type"] == "joint_research" and row["term"] == "2" and row["week"] == "4"
    assert row["date_start"].startswith("2020-03") and row["date_end"].startswith("2020-03")


def test_end_to_end_summary_seminar_in_late_october(tables):
    acts = tables["activities"]
    row = acts[acts["evidence"].str.contains("减负不减质,提质增效")].iloc[0]
    assert row["type"] == "seminar" and row["time_text"] == "10月下旬"
    assert (row["date_start"], row["date_end"]) == ("2021-10-21", "2021-10-31")
    assert row["theme"] == "减负不减质,提质增效"


def test_end_to_end_documents_have_kind_group_and_period(tables):
    docs = tables["documents"].set_index("kind")
    assert docs.loc["plan", "group_name"] == "育秀教育集团" and docs.loc["plan", "period_label"] == "2019学年"
    assert (docs.loc["plan", "period_start"], docs.loc["plan", "period_end"]) == ("2019-09-01", "2020-08-31")
    assert docs.loc["summary", "group_name"] == "铜青桃协作型教育集团"
    assert docs.loc["summary", "published"] == "2021-12-28"


def test_end_to_end_mentions_carry_canonical_school_names(tables):
    schools = tables["mentions"].query("kind == 'school'")
    assert set(schools.loc[schools["text"] == "育秀学校学校", "value"]) == {"育秀实验学校"}
    assert set(schools.loc[schools["text"] == "佳诚中学", "value"]) == {"盛泽佳诚中学"}
