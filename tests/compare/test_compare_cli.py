"""Tests for `miner compare` and `miner report` on a real store, and the seeds' pairing end to end."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.compare import compare_store
from miner.parse.builder import DocumentBuilder
from miner.records import DocumentFacts, Extraction, Period
from miner.settings import load_settings
from miner.store import open_store
from miner.synth import generate_pair, gold_activities

SEEDS = Path(__file__).resolve().parents[2] / "corpora" / "seeds"


def _add(store, text: str, gold: dict, source: str) -> str:  # type: ignore[no-untyped-def]
    b = DocumentBuilder()
    for line in text.split("\n"):
        b.paragraph(line)
    doc_id = hashlib.sha256(text.encode()).hexdigest()
    doc = b.build(doc_id=doc_id, source=source, format="txt")
    year = int(gold["period"][:4])
    period = (Period(gold["period"], "school_year", year, dt.date(year, 9, 1), dt.date(year + 1, 8, 31))
              if gold["period"].endswith("学年") else
              Period(gold["period"], "calendar_year", year, dt.date(year, 1, 1), dt.date(year, 12, 31)))
    store.write_document(doc, Extraction(DocumentFacts(gold["kind"], gold["group"], period), (),
                                         gold_activities(gold, doc.text, doc_id)))
    store.add_source(source, doc_id)
    return doc_id


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    with open_store(path) as store:
        pair = generate_pair(4, seed=2)
        _add(store, pair.plan_text, pair.plan_gold, "plan_004.txt")
        _add(store, pair.summary_text, pair.summary_gold, "summary_004.txt")
        other = generate_pair(9, seed=2)
        _add(store, other.summary_text, other.summary_gold, "summary_009.txt")
    return path


def _app():  # type: ignore[no-untyped-def]
    from miner.cli.app import app

    for name in ("compare", "report"):
        importlib.import_module(f"miner.cli.{name}")
    return app


def test_compare_cli_prints_pairs_and_unpaired(db: Path) -> None:
    res = CliRunner().invoke(_app(), ["compare", "--db", str(db), "--by", "type", "--by", "month"])
    assert res.exit_code == 0, res.output
    assert "plan versus report" in res.output and "not paired" in res.output
    assert "fulfilment by type" in res.output and "fulfilment by month" in res.output
    with open_store(db) as store:
        assert store.count("comparison") > 5


def test_compare_cli_unknown_reference_is_one_line(db: Path) -> None:
    res = CliRunner().invoke(_app(), ["compare", "--db", str(db), "--plan", "zzz", "--summary", "yyy"])
    assert res.exit_code == 2 and "no document matches" in res.output


def test_report_cli_writes_html(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    res = CliRunner().invoke(_app(), ["report", "--db", str(db), "--to", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") >= 2 and "could not be paired" in html and "<mark>" in html


def test_compare_seeds_not_pairable(tmp_path: Path) -> None:
    """The seeds (育秀教育集团 2019学年 plan, 铜青桃协作型教育集团 2021年 summary) read by the real parser."""
    from miner import parse
    from miner.extract.mentions import document

    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 2, f"seed documents missing from {SEEDS}"
    with open_store(tmp_path / "seeds.db") as store:
        for path in seeds:
            doc = parse.parse_path(path)
            store.write_document(doc, facts=document.document_facts(doc))
        result = compare_store(store, load_settings())
    assert not result.comparisons
    assert len(result.unpaired) == 2
    assert all(u.reason.startswith("different groups") for u in result.unpaired)
