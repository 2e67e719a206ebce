"""Tests for miner.extract.lexicons.calendar: term starts, weeks as dates, user tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from miner.errors import ResourceError
from miner.extract.lexicons.calendar import BUNDLED, SchoolCalendar, default_term_start, school_year_range

D = dt.date


@pytest.fixture()
def user_table(tmp_path: Path) -> Path:
    path = tmp_path / "calendars.csv"
    path.write_text(
        "# a region's own published term dates\n"
        "region,school_year,term,start,end,midterm_week,final_week,source\n"
        "杭州,2021,1,2021-08-30,2022-01-16,10,19,区教育局校历\n"
        "杭州,2021,2,2022-02-14,,9,,区教育局校历\n"
        "default,2021,1,2021-09-06,,,,default rule\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(("year", "term", "start"), [
    (2019, 1, D(2019, 9, 2)),
    (2019, 2, D(2020, 2, 17)),
    (2020, 1, D(2020, 9, 7)),
    (2020, 2, D(2021, 2, 15)),
    (2021, 1, D(2021, 9, 6)),
    (2021, 2, D(2022, 2, 21)),
    (2023, 1, D(2023, 9, 4)),
    (2023, 2, D(2024, 2, 19)),
    (2025, 1, D(2025, 9, 1)),
])
def test_calendar_default_rule_gives_mondays(year: int, term: int, start: dt.date) -> None:
    assert default_term_start(year, term) == start
    assert start.weekday() == 0
    assert SchoolCalendar().term_start(year, term) == start


@pytest.mark.parametrize(("term", "n", "n_end", "expected"), [
    (1, 1, None, (D(2019, 9, 2), D(2019, 9, 8))),
    (1, 10, None, (D(2019, 11, 4), D(2019, 11, 10))),
    (2, 3, None, (D(2020, 3, 2), D(2020, 3, 8))),
    (2, 10, None, (D(2020, 4, 20), D(2020, 4, 26))),
    (1, 3, 5, (D(2019, 9, 16), D(2019, 10, 6))),
])
def test_calendar_week_range_of_2019(term: int, n: int, n_end: int | None,
                                     expected: tuple[dt.date, dt.date]) -> None:
    assert SchoolCalendar.load().week_range(2019, term, n, n_end) == expected


def test_calendar_bundled_table_has_the_2019_row() -> None:
    assert BUNDLED.is_file()
    cal = SchoolCalendar.load()
    assert (2019, 1) in cal.rows and cal.rows[(2019, 2)].start == D(2020, 2, 17)


def test_calendar_term_ranges_follow_the_documented_end_rule() -> None:
    cal = SchoolCalendar.load()
    assert cal.term_range(2019, 1) == (D(2019, 9, 2), D(2020, 2, 16))
    assert cal.term_range(2019, 2) == (D(2020, 2, 17), D(2020, 7, 12))
    assert school_year_range(2019) == (D(2019, 9, 1), D(2020, 8, 31))


def test_calendar_user_table_region_rows_win(user_table: Path) -> None:
    cal = SchoolCalendar.load(user_table, region="杭州")
    assert cal.term_start(2021, 1) == D(2021, 8, 30)
    assert cal.term_range(2021, 1) == (D(2021, 8, 30), D(2022, 1, 16))
    assert cal.week_range(2021, 2, 1) == (D(2022, 2, 14), D(2022, 2, 20))
    assert cal.exam_range(2021, 1, "midterm") == (D(2021, 11, 1), D(2021, 11, 7))
    assert cal.exam_range(2021, 2, "final") is None
    assert cal.term_start(2022, 1) == default_term_start(2022, 1)  # missing year: the rule


def test_calendar_other_region_gets_default_rows(user_table: Path) -> None:
    cal = SchoolCalendar.load(user_table, region="default")
    assert cal.term_start(2021, 1) == D(2021, 9, 6)
    assert cal.exam_range(2021, 1, "midterm") is None


@pytest.mark.parametrize("body", [
    "region,school_year,term\ndefault,2019,1\n",  # no start column
    "region,school_year,term,start\ndefault,2019,3,2019-09-02\n",  # no such term
    "region,school_year,term,start\ndefault,二〇一九,1,2019-09-02\n",  # not a number
    "region,school_year,term,start\ndefault,2019,1,2019/09/02\n",  # not an ISO date
])
def test_calendar_invalid_table_is_refused(tmp_path: Path, body: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ResourceError, match=r"^\[R002\] calendar table .* cannot be read"):
        SchoolCalendar.load(path)


def test_calendar_missing_user_table_raises(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match=r"^\[R002\] calendar table not found"):
        SchoolCalendar.load(tmp_path / "none.csv")


@pytest.mark.parametrize(("day", "year", "term"), [
    (D(2019, 9, 1), 2019, 1),
    (D(2020, 1, 15), 2019, 1),
    (D(2020, 2, 17), 2019, 2),
    (D(2020, 8, 31), 2019, 2),
    (D(2021, 12, 28), 2021, 1),
])
def test_calendar_school_year_and_term_of_a_date(day: dt.date, year: int, term: int) -> None:
    cal = SchoolCalendar.load()
    assert cal.school_year_of(day) == year
    assert cal.term_of(day) == (year, term)


def test_calendar_rejects_bad_weeks() -> None:
    with pytest.raises(ValueError):
        SchoolCalendar().week_range(2019, 1, 5, 3)
