"""The school calendar: term start dates by region and school year, and term weeks as dates.

Term dates come from a CSV table (the bundled ``corpora/calendars.csv`` or a user's own file)
with the columns ``region, school_year, term, start, end, midterm_week, final_week, source``.
Lines starting with ``#`` are comments. ``end``, ``midterm_week`` and ``final_week`` may be empty.

When the table has no row for a school year, a documented default rule applies:

- term 1 (autumn, 第一学期) starts on the first Monday on or after 1 September of the start year;
- term 2 (spring, 第二学期) starts on the third Monday of February of the next year;
- term 1 ends the day before term 2 starts (the winter holiday belongs to term 1);
- term 2 ends on the Sunday of its 21st week (20 teaching weeks plus an exam week: early-mid July);
- the school year itself runs 1 September .. 31 August, whatever its terms.

期中/期末 (midterm/final exam) get dates only where a row gives their week.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from miner.errors import ResourceError
from miner.shipped import CORPORA, shipped_root

log = logging.getLogger(__name__)

BUNDLED = shipped_root(CORPORA) / "calendars.csv"  # corpora/calendars.csv, installed as package data
COLUMNS = ("region", "school_year", "term", "start", "end", "midterm_week", "final_week", "source")
_REQUIRED = ("region", "school_year", "term", "start")
TERM2_WEEKS = 21  # default length of term 2 in weeks (its end is the Sunday of this week)


@dataclass(frozen=True, slots=True)
class TermRow:
    """One term of one school year in one region, as given by a calendar table."""

    region: str
    school_year: int  # start year: 2019 for 2019学年
    term: int  # 1 autumn, 2 spring
    start: dt.date
    end: dt.date | None = None
    midterm_week: int | None = None
    final_week: int | None = None
    source: str = ""


def default_term_start(school_year: int, term: int) -> dt.date:
    """The default rule: first Monday ≥ 1 Sep (term 1); third Monday of February next year (term 2)."""
    if term == 1:
        first = dt.date(school_year, 9, 1)
        return first + dt.timedelta(days=(7 - first.weekday()) % 7)
    if term == 2:
        first = dt.date(school_year + 1, 2, 1)
        return first + dt.timedelta(days=(7 - first.weekday()) % 7 + 14)
    raise ValueError(f"term must be 1 or 2, not {term!r}")


def _int_or_none(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


def _parse_rows(text: str, origin: str) -> list[TermRow]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{origin}: calendar table lacks column(s) {', '.join(missing)}")
    rows: list[TermRow] = []
    for i, rec in enumerate(reader, start=2):
        try:
            term = int(rec["term"])
            if term not in (1, 2):
                raise ValueError(f"term must be 1 or 2, not {term}")
            end = (rec.get("end") or "").strip()
            rows.append(TermRow(
                region=rec["region"].strip(), school_year=int(rec["school_year"]), term=term,
                start=dt.date.fromisoformat(rec["start"].strip()),
                end=dt.date.fromisoformat(end) if end else None,
                midterm_week=_int_or_none(rec.get("midterm_week")),
                final_week=_int_or_none(rec.get("final_week")),
                source=(rec.get("source") or "").strip(),
            ))
        except (ValueError, TypeError, AttributeError) as exc:
            raise ValueError(f"{origin}: row {i} of the calendar table is invalid: {exc}") from exc
    return rows


@lru_cache(maxsize=8)
def _load_rows(path: str) -> tuple[TermRow, ...]:
    return tuple(_parse_rows(Path(path).read_text(encoding="utf-8-sig"), path))


@dataclass(frozen=True, slots=True, eq=False)  # one loaded table: equal only to itself (hashable)
class SchoolCalendar:
    """Term dates of one region; years missing from the table follow the default rule."""

    region: str = "default"
    rows: dict[tuple[int, int], TermRow] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None, region: str = "default") -> SchoolCalendar:
        """Read a calendar table (None: the bundled one). Rows of `region` win over "default" rows.

        A missing or malformed table is an error (R001 for the bundled one, R002 for a user's own).
        """
        file = Path(path) if path is not None else BUNDLED
        code = "R001" if path is None else "R002"
        if not file.is_file():
            raise ResourceError(f"calendar table not found: {file}", code=code)
        try:
            table = _load_rows(str(file.resolve()))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ResourceError(f"calendar table {file} cannot be read: {exc}", code=code) from exc
        rows: dict[tuple[int, int], TermRow] = {}
        for wanted in ("default", region) if region != "default" else ("default",):
            for row in table:
                if row.region == wanted:
                    rows[(row.school_year, row.term)] = row
        return cls(region=region, rows=rows)

    def term_start(self, school_year: int, term: int) -> dt.date:
        row = self.rows.get((school_year, term))
        return row.start if row else default_term_start(school_year, term)

    def term_range(self, school_year: int, term: int) -> tuple[dt.date, dt.date]:
        """First and last day of a term (see the module docstring for the end rule)."""
        start = self.term_start(school_year, term)
        row = self.rows.get((school_year, term))
        if row and row.end:
            return start, row.end
        if term == 1:
            return start, self.term_start(school_year, 2) - dt.timedelta(days=1)
        return start, start + dt.timedelta(days=7 * TERM2_WEEKS - 1)

    def week_range(self, school_year: int, term: int, n: int,
                   n_end: int | None = None) -> tuple[dt.date, dt.date]:
        """Week n (to week n_end) of a term: 7 days from term start + 7·(n−1)."""
        if n < 1 or (n_end is not None and n_end < n):
            raise ValueError(f"invalid week range {n}..{n_end}")
        start = self.term_start(school_year, term)
        first = start + dt.timedelta(days=7 * (n - 1))
        last = start + dt.timedelta(days=7 * ((n_end or n) - 1) + 6)
        return first, last

    def exam_range(self, school_year: int, term: int, which: str) -> tuple[dt.date, dt.date] | None:
        """The midterm ("midterm") or final ("final") exam week, where the table gives it."""
        row = self.rows.get((school_year, term))
        week = None if row is None else (row.midterm_week if which == "midterm" else row.final_week)
        return self.week_range(school_year, term, week) if week else None

    def school_year_of(self, day: dt.date) -> int:
        """The school year a date falls in (September to August): 2020-03-01 → 2019."""
        return day.year if day.month >= 9 else day.year - 1

    def term_of(self, day: dt.date) -> tuple[int, int]:
        """(school_year, term) of a date: term 2 from its start date on, else term 1."""
        year = self.school_year_of(day)
        return year, 2 if day >= self.term_start(year, 2) else 1


def school_year_range(school_year: int) -> tuple[dt.date, dt.date]:
    """2019 → 2019-09-01 .. 2020-08-31."""
    return dt.date(school_year, 9, 1), dt.date(school_year + 1, 8, 31)


@lru_cache(maxsize=8)
def default_calendar(region: str = "default") -> SchoolCalendar:
    """The bundled calendar for a region, loaded once per process."""
    return SchoolCalendar.load(None, region)
