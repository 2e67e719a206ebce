"""Output that must not attack its reader: formulas in CSV/XLSX, markup and escapes in the terminal."""

from __future__ import annotations

import csv
import json
import zipfile

import pytest

from tests.hostile.cases import GOOD_TEXT, config, good_file, injected_text, miner

FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.slow
def test_hostile_formulas_are_neutralised_in_csv_and_xlsx_and_kept_raw_elsewhere(tmp_path):
    import openpyxl

    bad = injected_text(tmp_path / "inject.txt")
    db = tmp_path / "m.db"
    run = miner(["ingest", str(good_file(tmp_path)), str(bad), "--db", str(db), "--config",
                 str(config(tmp_path))], tmp_path)
    assert run.code == 0, run.err
    for fmt in ("csv", "xlsx", "jsonl"):
        assert miner(["export", "--to", str(tmp_path / fmt), "--format", fmt, "--db", str(db)],
                     tmp_path).code == 0
    with open(tmp_path / "csv" / "documents.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    titles = {r["title"] for r in rows}
    assert "'=1+1 集团工作计划" in titles
    for name in ("documents", "activities", "mentions", "sources"):
        with open(tmp_path / "csv" / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
            cells = [c for row in csv.reader(handle) for c in row]
        assert not [c for c in cells if c.startswith(FORMULA)], name
    for name in ("documents", "activities"):
        sheet = openpyxl.load_workbook(tmp_path / "xlsx" / f"{name}.xlsx").active
        cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        assert cells and not [c.value for c in cells if c.data_type == "f"], name
        assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA)]
    with open(tmp_path / "jsonl" / "documents.jsonl", encoding="utf-8") as handle:
        raw_titles = {json.loads(line)["title"] for line in handle}
    assert "=1+1 集团工作计划" in raw_titles
    keep = miner(["export", "--to", str(tmp_path / "raw"), "--format", "csv", "--keep-formulas",
                  "--db", str(db), "-t", "documents"], tmp_path)
    assert keep.code == 0
    with open(tmp_path / "raw" / "documents.csv", encoding="utf-8-sig", newline="") as handle:
        assert "=1+1 集团工作计划" in {r["title"] for r in csv.DictReader(handle)}


@pytest.mark.slow
def test_hostile_markup_and_escapes_in_names_and_titles_reach_no_terminal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good_file(folder)
    with zipfile.ZipFile(folder / "pack.zip", "w") as zf:
        zf.writestr("[/red]x.txt", GOOD_TEXT.replace("明德", "育才"))
        zf.writestr("[bold]broken.docx", b"PK\x03\x04 not really a docx")
    (folder / "\x1b[31mred\x1b[0m[bold].txt").write_bytes(b"")  # fails (empty): its name is printed
    (folder / "title.txt").write_text("[/bold]集团工作总结\n9月召开集团校长会议。\n", encoding="utf-8")
    config(tmp_path)
    runs = [miner(["ingest", "in", "--db", "m.db", "--config", "settings.toml"], tmp_path)]  # short names:
    runs.append(miner(["documents", "--db", "m.db"], tmp_path))  # the tables do not wrap them
    runs.append(miner(["documents", "--errors", "--db", "m.db"], tmp_path))
    for run in runs:
        assert not run.traceback and "MarkupError" not in run.err, run.err
        assert "\x1b" not in run.out + run.err and "\x07" not in run.out + run.err
    assert [r.code for r in runs] == [1, 0, 0]
    assert "[bold]broken.docx" in runs[0].err and "?[31mred?[0m[bold].txt" in runs[0].err
    assert "[/bold]" in runs[1].out  # the title, shown as text
    assert "[bold]broken.docx" in runs[2].out
