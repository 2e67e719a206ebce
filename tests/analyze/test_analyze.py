"""The research analyses find again what the generator planted: type habits, fulfilment, partners."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pandas as pd
import pytest

from miner import analyze
from miner.analyze.keywords import stop_words
from miner.errors import MinerError


def test_profile_finds_each_groups_planted_habit(research) -> None:
    shares = analyze.profile(research.db, by="type", per_period=False)
    assert set(shares["group"]) == set(research.habits)
    for group, habit in research.habits.items():
        mine = shares[shares["group"] == group].set_index("type")["share"]
        for code in habit:  # the habit type is far above its share in groups without that habit
            others = shares[
                (shares["type"] == code)
                & ~shares["group"].isin([g for g, h in research.habits.items() if code in h])
            ]["share"]
            assert mine[code] > 2 * others.mean(), (group, code)


def test_profile_shares_match_the_planted_shares_within_noise(research) -> None:
    truth = research.truth.groupby(["group", "type"])["planned"].sum()
    truth_share = truth / truth.groupby(level=0).transform("sum")
    found = analyze.profile(research.db, per_period=False).set_index(["group", "type"])["share"]
    both = pd.concat([truth_share.rename("truth"), found.rename("found")], axis=1).fillna(0)
    assert (both["truth"] - both["found"]).abs().max() < 0.08
    jr = both.xs("joint_research", level="type")
    for group in [g for g, h in research.habits.items() if "joint_research" in h]:
        assert abs(jr.loc[group, "truth"] - jr.loc[group, "found"]) < 0.05


def test_profile_by_month_and_week_count_dated_activities(research) -> None:
    months = analyze.profile(research.db, by="month")
    assert months["month"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert (months.groupby(["group", "period"])["share"].sum().round(3) == 1.0).all()
    weeks = analyze.profile(research.db, by="week", per_period=False)
    assert weeks["week"].between(1, 25).all()
    with pytest.raises(ValueError, match="unknown profile dimension"):
        analyze.profile(research.db, by="colour")


def test_schools_count_each_schools_activities_in_its_group(research) -> None:
    frame = analyze.schools(research.db, mood="planned")
    members = {g: set(frame[frame["group"] == g]["school"]) for g in research.habits}
    assert all(len(m) >= 2 for m in members.values())
    assert not set.intersection(*members.values())  # no school is in two generated groups
    assert (frame["hosted"] <= frame["activities"]).all() and frame["hosted"].sum() > 0


def test_network_edges_are_schools_named_together_in_the_truth(research) -> None:
    truth: Counter[tuple[str, str]] = Counter()
    for _, gold in research.plan_golds():
        for a in gold["activities"]:
            truth.update(combinations(sorted(set(a["schools"])), 2))
    net = analyze.network(research.db, mood="planned")
    found = {(r.source, r.target): r.weight for r in net.edges.itertuples()}
    assert len(found) >= 0.8 * len(truth)
    assert sum(1 for e in found if tuple(sorted(e)) in truth) >= 0.9 * len(found)
    top_truth = max(truth.values())
    assert abs(max(found.values()) - top_truth) <= 0.25 * top_truth
    nodes = net.nodes.set_index("school")
    assert (nodes["weighted_degree"] >= nodes["partners"]).all()
    assert nodes["betweenness"].between(0, 1).all() and (nodes["eigenvector"] > 0).any()


def test_fulfilment_by_group_is_close_to_the_true_rate(research) -> None:
    counts = pd.crosstab(research.statuses()["group"], research.statuses()["status"])
    true_rate = (counts["done"] + counts["shifted"]) / (
        counts["done"] + counts["shifted"] + counts["not_reported"]
    )
    found = analyze.fulfilment(research.db, by=["group"]).set_index("group")["fulfilment"]
    assert set(found.index) == set(true_rate.index)
    assert (found - true_rate).abs().max() < 0.1
    per_year = analyze.fulfilment(research.db)
    assert list(per_year.columns[:2]) == ["group", "period"] and len(per_year) == 36
    by_type = analyze.fulfilment(research.db, by=["type"])
    assert by_type["planned"].sum() == per_year["planned"].sum()
    with pytest.raises(ValueError, match="unknown fulfilment dimension"):
        analyze.fulfilment(research.db, by=["colour"])


def test_keywords_rank_content_words_without_stop_words_or_names(research) -> None:
    words = analyze.keywords(research.db, top=10)
    assert set(words["group"]) == set(research.habits)
    assert not set(words["word"]) & stop_words()
    assert not words["word"].str.fullmatch(r"第?[一二三四五六七八九十\d]+[月周]?").any()
    school_names = set(analyze.schools(research.db)["school"])
    assert not any(w in name for w in words["word"] for name in school_names)
    per_period = analyze.keywords(research.db, by=("group", "period"), top=5)
    assert per_period.groupby(["group", "period"]).size().max() == 5


def test_themes_list_quoted_titles_per_group(research) -> None:
    frame = analyze.themes(research.db)
    assert len(frame) and frame["theme"].str.len().gt(1).all()
    assert set(frame["group"]) <= set(research.habits)


def test_compare_groups_tells_planted_differences_from_chance(research) -> None:
    everyone = analyze.compare_groups(research.db)
    assert everyone.differ and everyone.p_value < 1e-6 and 0.1 < everyone.cramers_v < 1
    same_habit = [g for g, h in research.habits.items() if h == {"joint_research": 8.0}]
    assert len(same_habit) == 2
    alike = analyze.compare_groups(research.db, groups=same_habit)
    assert not alike.differ
    long = everyone.to_pandas()
    top = long.sort_values("residual").iloc[-1]
    assert top["type"] in research.habits[top["group"]]
    with pytest.raises(MinerError, match="at least two groups"):
        analyze.compare_groups(research.db, groups=same_habit[:1])


def test_analyses_refuse_a_missing_database(tmp_path) -> None:
    with pytest.raises(MinerError, match="no database"):
        analyze.profile(tmp_path / "none.db")


@pytest.fixture()
def two_schools(tmp_path):
    """A store with one document in which two schools work only with each other."""
    from miner.core import ingest
    from miner.settings import load_settings
    from miner.store import open_store

    text = tmp_path / "plan.txt"
    text.write_text("西岭教育联盟2024学年工作计划\n一、10月中旬，西岭小学与西岭中学联合开展数学教研活动。\n",
                    encoding="utf-8")
    db = tmp_path / "two.db"
    with open_store(db) as store:
        ingest([text], store, load_settings().replace("ingest", workers=1))
    return db


def test_network_of_a_pair_of_schools_alone_has_centralities(two_schools) -> None:
    net = analyze.network(two_schools)
    assert set(net.nodes["school"]) == {"西岭小学", "西岭中学"}
    assert (net.nodes["eigenvector"] > 0).all() and net.edges["weight"].tolist() == [1]


def test_fulfilment_without_a_comparison_says_run_compare_first(two_schools) -> None:
    with pytest.raises(MinerError, match=r"\[C002\].*miner compare"):
        analyze.fulfilment(two_schools)
