"""Exports: one file per table in every format, readable by Excel (BOM) and pandas."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from miner.cli.app import app
from miner.core import ingest
from miner.export import EXPORTERS, export_tables

runner = CliRunner()


@pytest.fixture()
def filled(store, seeds_dir, settings):
    ingest([seeds_dir], store, settings)
    return store


def test_export_registry_pins_the_formats():
    import miner.export.formats  # noqa: F401

    assert sorted(EXPORTERS) == ["csv", "ics", "jsonl", "parquet", "xlsx"]


def test_export_csv_has_bom_and_reads_back_in_pandas(filled, tmp_path):
    files = export_tables(filled, tmp_path, "csv")
    assert {f.name for f in files} >= {"documents.csv", "mentions.csv", "activities.csv", "errors.csv"}
    raw = (tmp_path / "activities.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(tmp_path / "activities.csv", encoding="utf-8-sig")
    assert len(frame) == filled.count("activities") and frame["evidence"].str.contains("研讨").any()


@pytest.mark.parametrize(
    ("fmt", "reader"),
    [
        ("xlsx", pd.read_excel),
        ("parquet", pd.read_parquet),
        ("jsonl", lambda p: pd.read_json(p, lines=True)),
    ],
)
def test_export_formats_round_trip_the_documents_table(filled, tmp_path, fmt, reader):
    (path,) = export_tables(filled, tmp_path, fmt, ["documents"])
    frame = reader(path)
    assert sorted(frame["kind"]) == ["plan", "summary"]
    assert "育秀教育集团" in set(frame["group_name"])


def test_export_ics_has_one_event_per_dated_activity(filled, tmp_path):
    (path,) = export_tables(filled, tmp_path, "ics")
    text = path.read_text(encoding="utf-8")
    dated = filled.conn.execute("SELECT COUNT(*) FROM activities WHERE date_start IS NOT NULL").fetchone()[0]
    assert dated > 0 and text.count("BEGIN:VEVENT") == dated


def test_export_ics_folds_long_lines_at_75_octets_without_cutting_a_character(filled, tmp_path):
    (path,) = export_tables(filled, tmp_path, "ics")
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the Chinese summaries are long enough to fold
    for line in lines:
        line.decode("utf-8")  # no character is cut between two lines
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")  # RFC 5545 unfolding gives the lines back
    dated = "SELECT evidence FROM activities WHERE date_start IS NOT NULL"
    evidence = {r[0] for r in filled.conn.execute(dated)}
    described = {line.removeprefix("DESCRIPTION:") for line in unfolded.split("\r\n")
                 if line.startswith("DESCRIPTION:")}
    plain = {e for e in evidence if not any(c in e for c in ",;\\\n")}
    assert plain and plain <= described


def test_export_unknown_format_is_a_readable_error(filled, tmp_path):
    result = runner.invoke(
        app, ["export", "--to", str(tmp_path), "--format", "docx", "--db", str(filled.path)]
    )
    assert result.exit_code == 2 and "unknown export format" in result.output
