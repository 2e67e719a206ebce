"""Tests for the typer-alone evaluation (miner.evaluate.typeeval): gold evidence typed as extraction would."""

from __future__ import annotations

from miner.evaluate.gold import GoldActivity, GoldDocument
from miner.evaluate.typeeval import type_gold


def _gold(doc_id: str, items: list[tuple[str, tuple[str, ...]]]) -> GoldDocument:
    acts = tuple(GoldActivity(f"A{n}", evidence, types, None, None, (), None, None, ())
                 for n, (evidence, types) in enumerate(items, 1))
    return GoldDocument(doc_id, f"{doc_id}.txt", "plan", None, None, None, (), {}, (), (), acts)


def test_typeeval_scores_rule_and_model_routes_and_groups() -> None:
    golds = [
        _gold("a", [("集团工作推进会", ("meeting",)),  # a strong head: the rule, right
                    ("青年教师基本功比赛", ("training",)),  # the rule, wrong
                    ("骨干教师示范课", ("open_lesson", "showcase"))]),  # two codes: either one counts
        _gold("b", [("各校校长聚在一起商量下学期安排", ("meeting",))]),  # no trigger word: the model
    ]
    report = type_gold(golds, groups={"a": "calendar", "b": "summary"}, typer=None)
    assert report.n == 4
    rule_n, rule_acc = report.by_route()["rule"]
    assert rule_n == 3 and abs(rule_acc - 2 / 3) < 1e-9
    assert report.by_route()["model"][0] == 1
    assert report.by_group()["calendar"][0] == 3 and report.by_group()["summary"][0] == 1
    assert ("training", "competition") in dict(report.confusions())
    assert report.as_dict()["n"] == 4


def test_typeeval_folds_traditional_evidence_before_typing() -> None:
    report = type_gold([_gold("t", [("開學典禮", ("student_activity",)), ("教師研習培訓", ("training",))])],
                       typer=None)
    assert [t.predicted for t in report.items] == ["student_activity", "training"]
    assert report.accuracy == 1.0


def test_typeeval_with_the_shipped_model_types_a_name_without_trigger() -> None:
    report = type_gold([_gold("m", [("各校校长聚在一起商量下学期安排", ("meeting",))])])
    assert report.items[0].by_rule is False and report.items[0].correct
