"""`miner train --more-real-typer`: added annotated pages teach the activity typer and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.cli.app import app
from miner.extract.activities.typer import CORPUS_DIR, load_typer
from miner.learn.typer_data import training_extra

runner = CliRunner()


def _gold(path: Path, text: str, code: str) -> None:
    raw = {"id": path.stem, "source": f"{path.stem}.txt", "kind": "plan", "group": None, "period": None,
           "published": None, "schools": [], "school_aliases": {}, "group_members": [], "times": [],
           "activities": [{"id": "A1", "evidence": text, "type": code, "time": None, "when": None,
                           "schools": [], "subject": None, "theme": None, "also": []}]}
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")


@pytest.mark.slow
def test_train_more_real_typer_feeds_the_typer_card_and_trains_no_vetting_model(tmp_path: Path) -> None:
    rows = (CORPUS_DIR / "units.jsonl").read_text("utf-8").splitlines()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "units.jsonl").write_text("\n".join(rows[::6]) + "\n", "utf-8")
    more = tmp_path / "added"
    (more / "train").mkdir(parents=True)
    items = [("周二组织学生跳蚤市场义卖", "student_activity"), ("办理新学期学生学籍变动手续", "other")]
    for n, (text, code) in enumerate(items):
        _gold(more / "train" / f"a{n}.json", text, code)
        (more / "train" / f"a{n}.txt").write_text(text + "\n", "utf-8")
    (more / "sources.csv").write_text("id,split,address,genre\na0,train,https://a.example.cn/1,school_plan\n"
                                      "a1,train,https://b.example.cn/2,school_plan\n", "utf-8")
    out = tmp_path / "typer"
    args = ["train", "--corpus", str(corpus), "--to", str(out), "--skip-nlp", "--more-real-typer", str(more),
            "--more-real-typer", str(more)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    card = json.loads((out / "card.json").read_text("utf-8"))
    assert set(card["training_data"]["extra"]["more"]) == {"added"}
    assert card["training_data"]["n_extra"] == len(training_extra(None)[0]) + len(items)  # each page once
    assert "vetting" not in result.output  # no --real: no vetting model is trained
    assert sorted(p.name for p in out.iterdir()) == ["card.json", "model.joblib"]
    learnt = load_typer(str(out))
    assert learnt is not None and learnt.predict([text for text, _ in items]) == [code for _, code in items]
