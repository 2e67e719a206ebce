"""Tests for miner.compare.rollup: fulfilment and on-time rates per dimension."""

from __future__ import annotations

import datetime as dt

import pytest

from miner.compare.align import Match, PairComparison
from miner.compare.rollup import rollup, term_label
from miner.records import Activity


def act(aid: str, type_: str, day: dt.date | None, schools: tuple[str, ...]) -> Activity:
    return Activity("p", aid, type_, "活动", 0, 2, "planned", date_start=day, date_end=day, schools=schools)


@pytest.fixture()
def comparison() -> PairComparison:
    a1 = act("A1", "seminar", dt.date(2023, 10, 9), ("城东实验学校",))
    a2 = act("A2", "seminar", dt.date(2023, 10, 20), ("城东实验学校", "梅溪小学"))
    a3 = act("A3", "inspection", dt.date(2024, 3, 4), ("梅溪小学",))
    a4 = act("A4", "training", None, ())
    r1 = act("B1", "training", dt.date(2024, 4, 1), ())
    matches = (Match(a1, a1, "done", 0.9, 0, ""), Match(a2, a2, "shifted", 0.7, 30, ""),
               Match(a3, None, "not_reported", None, None, ""), Match(a4, a4, "done", 0.8, None, ""),
               Match(None, r1, "unplanned", None, None, ""))
    return PairComparison("城东教育集团", "2023学年", ("p",), "s", matches)


def test_rollup_group_rates(comparison: PairComparison) -> None:
    row = rollup([comparison], by=("group",))["group"].iloc[0]
    assert (row.planned, row.done, row.shifted, row.not_reported, row.unplanned) == (4, 2, 1, 1, 1)
    assert row.fulfilment == pytest.approx(0.75) and row.on_time == pytest.approx(0.5)


@pytest.mark.parametrize(("dimension", "key", "fulfilment", "on_time"), [
    ("school", "城东实验学校", 1.0, 0.5),
    ("school", "梅溪小学", 0.5, 0.0),
    ("type", "seminar", 1.0, 0.5),
    ("month", "2023-10", 1.0, 0.5),
    ("term", "2023学年第二学期", 0.0, 0.0),
])
def test_rollup_dimensions(comparison: PairComparison, dimension: str, key: str, fulfilment: float,
                           on_time: float) -> None:
    frame = rollup([comparison])[dimension].set_index(dimension)
    assert frame.loc[key, "fulfilment"] == pytest.approx(fulfilment)
    assert frame.loc[key, "on_time"] == pytest.approx(on_time)


@pytest.mark.parametrize(("day", "label"), [
    (dt.date(2023, 9, 4), "2023学年第一学期"), (dt.date(2024, 1, 8), "2023学年第一学期"),
    (dt.date(2024, 3, 1), "2023学年第二学期"), (None, "—"),
])
def test_rollup_term_label(day: dt.date | None, label: str) -> None:
    assert term_label(day) == label


def test_rollup_unknown_dimension(comparison: PairComparison) -> None:
    with pytest.raises(ValueError, match="unknown roll-up dimension"):
        rollup([comparison], by=("weekday",))


def test_rollup_cancelled_apart_and_fulfilment_without_flagged() -> None:
    a = [act(f"A{i}", "seminar", dt.date(2023, 10, 9), ()) for i in range(1, 6)]
    matches = (Match(a[0], a[0], "done", 0.95, 0, ""),
               Match(a[1], a[1], "done", 0.55, 0, "", needs_review=True),
               Match(a[2], None, "cancelled", 0.9, None, "", statement="因台风未能开展"),
               Match(a[3], None, "not_reported", 0.6, None, "", needs_review=True),
               Match(a[4], a[4], "shifted", 0.9, 30, ""))
    comp = PairComparison("城东教育集团", "2023学年", ("p",), "s", matches)
    row = rollup([comp], by=("group",))["group"].iloc[0]
    assert (row.planned, row.done, row.shifted, row.cancelled, row.not_reported) == (5, 2, 1, 1, 1)
    assert row.fulfilment == pytest.approx(3 / 5)
    assert row.needs_review == 2
    assert row.fulfilment_sure == pytest.approx(2 / 3, abs=1e-3)  # A1 done, A5 shifted, A3 cancelled
    assert comp.counts(sure_only=True)["planned"] == 3


def test_rollup_fulfilment_is_one_definition() -> None:
    from miner.compare.rollup import fulfilment

    assert fulfilment(3, 1, 8) == pytest.approx(0.5)
    assert fulfilment(0, 0, 0) is None
