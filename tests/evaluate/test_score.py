"""Tests for miner.evaluate.score, run and oracle: matching, metrics, failures, the eval CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.errors import ExtractError, MinerError
from miner.evaluate.gold import GoldActivity, load_gold_dir
from miner.evaluate.oracle import gold_extraction, oracle_extractor
from miner.evaluate.run import EvalReport, Floors, check_floors, evaluate, read_document, read_floors
from miner.evaluate.score import PRF, DocScore, match_activities, pair_score, text_score
from miner.records import Activity, Document, Extraction, Mention

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpora" / "gold"
D = dt.date

TEXT = (
    "2021年星河教育集团工作计划\n"
    "1、3月，在星河小学召开集团理事会会议。\n"
    "2、主题式联合教研活动：第4周 河西中学 语文；第8周 星河小学 数学。\n"
    "3、11月中旬，河西中学承办青年教师教学比武。\n"
    "4、12月，开展集团工作总结交流。\n"
)


def _act(i: int, evidence: str, type_: str, time: str | None, when: tuple[str, str] | None,
         schools: list[str], subject: str | None = None) -> dict:
    return {"id": f"A{i}", "evidence": evidence, "type": type_, "time": time,
            "when": {"start": when[0], "end": when[1]} if when else None, "schools": schools,
            "subject": subject, "theme": None, "also": []}


GOLD = {
    "id": "plan1", "source": "plan1.txt", "kind": "plan", "group": "星河教育集团", "period": "2021年",
    "published": None, "schools": ["星河小学", "河西中学"], "school_aliases": {},
    "group_members": ["星河小学", "河西中学"], "times": ["2021年", "3月", "11月中旬", "12月"],
    "activities": [
        _act(1, "集团理事会会议", "meeting", "3月", ("2021-03-01", "2021-03-31"), ["星河小学"]),
        _act(2, "青年教师教学比武", "competition", "11月中旬", ("2021-11-11", "2021-11-20"), ["河西中学"]),
        _act(3, "集团工作总结交流", "review", "12月", ("2021-12-01", "2021-12-31"), []),
        _act(4, "主题式联合教研活动", "joint_research", None, None, ["河西中学"], "语文"),
        _act(5, "主题式联合教研活动", "joint_research", None, None, ["星河小学"], "数学"),
    ],
}


@pytest.fixture()
def gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "plan1.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def _degraded(doc: Document) -> Extraction:
    """The gold with: school 河西中学 replaced by 东山小学, time 12月 dropped, A2's type changed,
    A3's dates shifted inside December, A5 dropped, and one unrelated activity added."""
    gold = load_gold_dir(Path(doc.meta["gold_dir"]))[0]
    exact = gold_extraction(doc, gold)
    mentions = [m for m in exact.mentions if m.text not in ("河西中学", "12月")]
    mentions.append(Mention(doc.doc_id, "school", "东山小学", 0, 4))
    acts = list(exact.activities[:4])
    acts[1] = dataclasses.replace(acts[1], type="training", types=("training",))
    acts[2] = dataclasses.replace(acts[2], date_start=D(2021, 12, 1), date_end=D(2021, 12, 10))
    acts.append(Activity(doc.doc_id, "A9", "other", "学生春游", 0, 4, "planned", name="学生春游"))
    return dataclasses.replace(exact, mentions=tuple(mentions), activities=tuple(acts))


def test_score_oracle_scores_one_on_synthetic_gold(gold_dir: Path) -> None:
    report = evaluate(gold_dir, extractor=oracle_extractor(load_gold_dir(gold_dir)))
    assert set(report.overall.values()) == {1.0}
    pairs = [(m.gold_id, m.pred_id) for m in report.documents[0].matches]
    assert pairs == [(f"A{i}", f"A{i}") for i in range(1, 6)]


def test_score_oracle_scores_one_on_corpus() -> None:
    report = evaluate(CORPUS, extractor=oracle_extractor(load_gold_dir(CORPUS)))
    assert not report.failed
    assert set(report.overall.values()) == {1.0}
    assert all(m.gold_id == m.pred_id for d in report.documents for m in d.matches)


def test_score_degraded_extractor_scores_as_computed_by_hand(gold_dir: Path) -> None:
    def extractor(doc: Document) -> Extraction:
        return _degraded(dataclasses.replace(doc, meta={"gold_dir": str(gold_dir)}))

    report = evaluate(gold_dir, extractor=extractor)
    d = report.documents[0]
    assert (d.schools.tp, d.schools.fp, d.schools.fn) == (1, 1, 1)  # 星河小学 / 东山小学 / 河西中学
    assert (d.times.tp, d.times.fp, d.times.fn) == (3, 0, 1)
    assert (d.activities.tp, d.activities.fp, d.activities.fn) == (4, 1, 1)
    assert d.missed == ("A5",) and d.spurious == ("A9",)
    assert (d.types.correct, d.types.total) == (3, 4)
    assert (d.when.correct, d.when.total) == (2, 3)  # A3 shifted
    assert (d.intervals.tp, d.intervals.fp, d.intervals.fn) == (2, 1, 1)
    overall = report.overall
    assert overall["schools_f1"] == pytest.approx(0.5)
    assert overall["times_f1"] == pytest.approx(round(2 * 1 * 0.75 / 1.75, 4))
    assert overall["activities_precision"] == overall["activities_recall"] == pytest.approx(0.8)
    assert overall["type_accuracy"] == pytest.approx(0.75)
    assert overall["when_accuracy"] == pytest.approx(round(2 / 3, 4))


def test_score_predictions_of_the_other_mood_are_out_of_scope(gold_dir: Path) -> None:
    """A plan's gold lists planned activities only: a recalled (reported) extra is not spurious,
    a planned extra is."""

    def extractor(doc: Document) -> Extraction:
        exact = gold_extraction(doc, load_gold_dir(gold_dir)[0])
        recalled = Activity(doc.doc_id, "A8", "meeting", "去年召开了理事会", 0, 4, "reported", name="理事会")
        invented = Activity(doc.doc_id, "A9", "other", "学生春游", 0, 4, "planned", name="学生春游")
        return dataclasses.replace(exact, activities=(*exact.activities, recalled, invented))

    d = evaluate(gold_dir, extractor=extractor).documents[0]
    assert (d.activities.tp, d.activities.fp, d.activities.fn) == (5, 1, 0)
    assert d.spurious == ("A9",)


def _gold_act(evidence: str, also: tuple[str, ...] = (), time: str | None = None,
              when: tuple[dt.date, dt.date] | None = None) -> GoldActivity:
    return GoldActivity("A1", evidence, ("seminar",), time, when, (), None, None, also)


def _pred(evidence: str, name: str = "", time: str | None = None,
          dates: tuple[dt.date, dt.date] | None = None) -> Activity:
    return Activity("d", "P1", "seminar", evidence, 0, len(evidence), "planned", name=name, time_text=time,
                    date_start=dates[0] if dates else None, date_end=dates[1] if dates else None)


W10 = (D(2020, 4, 20), D(2020, 4, 26))  # week 10 of 2019学年 term 2


@pytest.mark.parametrize(("gold", "pred", "compatible"), [
    (_gold_act("强校工程推进专题研讨"), _pred("第10周 强校工程推进专题研讨 西渡学校"), True),
    (_gold_act("集团内教学视导", also=("教学视导",)), _pred("2、教学视导 肇文学校"), True),
    (_gold_act("“育秀杯”育秀教育集团青年教师教学技能比武"), _pred("x", name="青年教师教学技能比武"), True),
    (_gold_act("阅读课程建设推进会"), _pred("召开阅读课程建设工作推进会议"), True),
    (_gold_act("阅读课程建设推进会"), _pred("学生秋季运动会"), False),
    (_gold_act("教研组建设专题研讨", time="3月", when=(D(2020, 3, 1), D(2020, 3, 31))),
     _pred("教研组建设专题研讨", time="5月", dates=(D(2020, 5, 1), D(2020, 5, 31))), False),
    (_gold_act("教研组建设专题研讨", time="第10周", when=W10),
     _pred("教研组建设专题研讨", time="第3周"), False),
    (_gold_act("教研组建设专题研讨", time="第10周", when=W10),
     _pred("教研组建设专题研讨", time="第二学期第10周"), True),
    (_gold_act("教研组建设专题研讨", time="4月", when=(D(2020, 4, 1), D(2020, 4, 30))),
     _pred("教研组建设专题研讨", time="每学期"), True),
    (_gold_act("教研组建设专题研讨", time="年初"), _pred("教研组建设专题研讨", time="第3周"), True),
])
def test_score_pair_compatibility(gold: GoldActivity, pred: Activity, compatible: bool) -> None:
    doc = _minimal_gold(gold)
    assert (pair_score(doc, gold, pred) is not None) is compatible
    assert (text_score(gold, pred) > 0) or not compatible


def _minimal_gold(*acts: GoldActivity):
    from miner.evaluate.gold import GoldDocument

    return GoldDocument("g", "g.txt", "plan", "x", "2019学年", None, (), {}, (), (), tuple(acts))


def test_score_matching_uses_time_and_subject_to_break_ties() -> None:
    name, jr = "主题式联合教研活动", ("joint_research",)
    a = GoldActivity("A1", name, jr, "第4周", (D(2019, 9, 23), D(2019, 9, 29)),
                     ("育秀实验学校",), "中小学语文", None, ())
    b = GoldActivity("A2", name, jr, "第8周", (D(2019, 10, 21), D(2019, 10, 27)),
                     ("肇文学校",), "中小学道德与法治", None, ())
    doc = _minimal_gold(a, b)
    p1 = dataclasses.replace(_pred("主题式联合教研活动 肇文学校"), activity_id="P1", schools=("肇文学校",))
    p2 = dataclasses.replace(_pred("主题式联合教研活动 育秀实验学校"), activity_id="P2",
                             schools=("育秀实验学校",), subjects=("语文",))
    pairs = match_activities(doc, (p1, p2))
    assert sorted((i, j) for i, j, _ in pairs) == [(0, 1), (1, 0)]


@pytest.mark.parametrize(("prf", "p", "r", "f"), [
    (PRF(3, 1, 1), 0.75, 0.75, 0.75),
    (PRF(0, 0, 0), 1.0, 1.0, 1.0),
    (PRF(0, 2, 0), 0.0, 1.0, 0.0),
    (PRF(1, 0, 3), 1.0, 0.25, 0.4),
])
def test_score_prf(prf: PRF, p: float, r: float, f: float) -> None:
    assert (prf.precision, prf.recall) == (p, r)
    assert prf.f1 == pytest.approx(f)


def test_score_failing_extractor_becomes_an_error_row(gold_dir: Path) -> None:
    def broken(doc: Document) -> Extraction:
        raise ExtractError("cannot read this one")

    report = evaluate(gold_dir, extractor=broken)
    assert len(report.failed) == 1 and "cannot read this one" in (report.failed[0].error or "")
    assert report.overall["activities_recall"] == 0.0
    json.dumps(report.as_dict(), ensure_ascii=False)


def test_score_read_document_keeps_gold_substrings(gold_dir: Path) -> None:
    doc = read_document(gold_dir / "docs" / "plan1.txt")
    assert all(a["evidence"] in doc.text for a in GOLD["activities"])


def test_score_cli_eval_writes_json(gold_dir: Path, tmp_path: Path) -> None:
    import miner.cli.eval  # noqa: F401  (registers the command)
    from miner.cli.app import app

    out = tmp_path / "eval.json"
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--oracle", "--per-doc", "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["overall"]["activities_f1"] == 1.0 and data["n_documents"] == 1


def test_run_check_floors_names_each_figure_below_its_floor_and_a_changed_corpus(tmp_path: Path) -> None:

    report = EvalReport("g", "d", (DocScore("a", schools=PRF(3, 1, 0), activities=PRF(1, 1, 2)),), "abc")
    assert check_floors(report, Floors({"schools_f1": 0.8}, "abc")) == []
    problems = check_floors(report, Floors({"schools_f1": 0.9, "activities_f1": 0.4}, "other"))
    assert any("corpus changed" in p for p in problems)
    assert any(p.startswith("schools_f1 0.857 is below") for p in problems)
    assert not any(p.startswith("activities_f1") for p in problems)
    path = tmp_path / "floors.json"
    path.write_text('{"floors": {"no_such_metric": 1}}', encoding="utf-8")
    with pytest.raises(MinerError, match="unknown metrics"):
        read_floors(path)
    with pytest.raises(MinerError, match="cannot read the floors file"):
        read_floors(path.with_name("missing.json"))
