"""Tests for miner.synth: seeded plan/summary pairs whose truth follows the gold format."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from miner.errors import MinerError
from miner.synth import SynthPair, generate_pair, generate_pairs, gold_activities, write_pair
from miner.synth.pools import TYPE_CODES, load_pools, parse_pools

TOP_KEYS = ["id", "source", "kind", "group", "period", "published", "schools", "school_aliases",
            "group_members", "times", "activities"]
ACT_KEYS = ["id", "evidence", "type", "time", "when", "schools", "subject", "theme", "also"]


@pytest.fixture(scope="module")
def pairs() -> list[SynthPair]:
    return list(generate_pairs(40, seed=3))


def test_synth_generate_reproducible() -> None:
    a, b = generate_pair(5, seed=9), generate_pair(5, seed=9)
    assert (a.plan_text, a.summary_text, a.alignment) == (b.plan_text, b.summary_text, b.alignment)
    assert generate_pair(5, seed=10).plan_text != a.plan_text


def _check_gold(gold: dict, text: str) -> None:
    assert list(gold) == TOP_KEYS
    for s in [gold["group"], gold["period"], *gold["schools"], *gold["times"], *gold["group_members"]]:
        assert s in text, s
    for alias, canonical in gold["school_aliases"].items():
        assert alias in text and canonical in gold["schools"]
    for i, a in enumerate(gold["activities"], 1):
        assert list(a) == ACT_KEYS and a["id"] == f"A{i}"
        assert a["evidence"] in text and 4 <= len(a["evidence"]) <= 40
        assert a["type"] in TYPE_CODES
        if a["time"] is not None:
            assert a["time"] in text and a["time"] in gold["times"]
        if a["when"]:
            assert a["time"] is not None
            assert dt.date.fromisoformat(a["when"]["start"]) <= dt.date.fromisoformat(a["when"]["end"])
        for s in a["schools"]:
            assert s in text


def test_synth_generate_truth_follows_gold_format(pairs: list[SynthPair]) -> None:
    for pair in pairs:
        _check_gold(pair.plan_gold, pair.plan_text)
        _check_gold(pair.summary_gold, pair.summary_text)
        assert pair.plan_gold["kind"] == "plan" and pair.summary_gold["kind"] == "summary"


def test_synth_generate_alignment_covers_every_activity(pairs: list[SynthPair]) -> None:
    for pair in pairs:
        plan_ids = {a["plan"] for a in pair.alignment if a["plan"]}
        report_ids = {a["summary"] for a in pair.alignment if a["summary"]}
        assert plan_ids == {a["id"] for a in pair.plan_gold["activities"]}
        assert report_ids == {a["id"] for a in pair.summary_gold["activities"]}
        for a in pair.alignment:
            assert (a["plan"] is None) == (a["status"] == "unplanned")
            assert (a["summary"] is None) == (a["status"] == "not_reported")
            if a["status"] == "shifted":
                assert abs(a["shift_days"]) > 14


@pytest.mark.parametrize(("what", "pattern", "where"), [
    ("flattened table, empty term cell", r"\n\t第[一二]学期\n\t第\d+周\n", "plan"),
    ("continuation row", r"\n\t\n\t第\d+周\n", "plan"),
    ("month calendar header", r"\n(?:\d{1,2}月|[一二三四五六七八九十]+月份|\d{1,2}月份)：\n", "plan"),
    ("numbered list", r"\n(?:\d+[、．.]|（\d+）)", "plan"),
    ("Chinese numerals", r"第[一二三四五六七八九十]+周|[一二三四五六七八九十]+月", "plan"),
    ("glued list number", r"\n2\d{4}年度", "summary"),
    ("lost 月 in a date", r"1[012][1-3]\d日", "summary"),
    ("furniture", r"浏览次数|点击：|备案号|打印本页|当前位置", "summary"),
])
def test_synth_generate_variety(pairs: list[SynthPair], what: str, pattern: str, where: str) -> None:
    texts = [p.plan_text if where == "plan" else p.summary_text for p in pairs]
    assert any(re.search(pattern, t) for t in texts), what


def test_synth_generate_abbreviated_schools(pairs: list[SynthPair]) -> None:
    aliases = [(k, v) for p in pairs for k, v in p.summary_gold["school_aliases"].items()]
    assert aliases and all(v.startswith(k) and k != v for k, v in aliases)


def test_synth_generate_paraphrased_names(pairs: list[SynthPair]) -> None:
    names = {(a["plan"], a["summary"]) for p in pairs for a in p.alignment if a["status"] == "done"}
    assert names
    differ = 0
    for p in pairs:
        plan = {a["id"]: a["evidence"] for a in p.plan_gold["activities"]}
        rep = {a["id"]: a["evidence"] for a in p.summary_gold["activities"]}
        differ += sum(plan[a["plan"]] != rep[a["summary"]] for a in p.alignment if a["status"] == "done")
    assert differ > 0


def test_synth_generate_write_pair(tmp_path: Path) -> None:
    pair = generate_pair(0, seed=1)
    paths = write_pair(pair, tmp_path)
    assert sorted(p.name for p in paths) == ["align_000.json", "plan_000.json", "plan_000.txt",
                                             "summary_000.json", "summary_000.txt"]
    gold = json.loads((tmp_path / "plan_000.json").read_text(encoding="utf-8"))
    assert gold["source"] == "plan_000.txt"
    assert (tmp_path / "plan_000.txt").read_text(encoding="utf-8") == pair.plan_text


def test_synth_generate_gold_activities_records() -> None:
    pair = generate_pair(2, seed=4)
    acts = gold_activities(pair.summary_gold, pair.summary_text, "s")
    assert len(acts) == len(pair.summary_gold["activities"])
    for a in acts:
        assert a.mood == "reported" and pair.summary_text[a.start:a.end] == a.evidence


@pytest.mark.parametrize(("change", "message"), [
    ({"suffixes": []}, "suffixes"),
    ({"activity": [{"type": "party", "plan": ["x"], "report": [["y"]]}]}, "unknown activity type"),
    ({"activity": [{"type": "seminar", "plan": ["x", "z"], "report": [["y"]]}]}, "one list of paraphrases"),
    ({"school_years": ["2020学年"]}, "school_years"),
])
def test_synth_pools_validated(change: dict, message: str) -> None:
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("miner.data").joinpath("synth_pools.toml").read_text("utf-8"))
    data.update(change)
    with pytest.raises(MinerError, match=message):
        parse_pools(data)
    assert load_pools().activities
