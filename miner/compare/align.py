"""Decide each planned and reported activity: matched (done/shifted), cancelled, not reported, unplanned."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from miner.compare.features import gap_days, label, same_name, shared_names, types_of
from miner.compare.model import Matcher, load_matcher
from miner.records import Activity, ComparisonRow, Status
from miner.settings import CompareSettings

log = logging.getLogger(__name__)

__all__ = ["Match", "PairComparison", "align", "gap_days", "same_name"]

UNMATCHABLE = 1e6
EXTRA_SLOT_COST = 0.05  # a second plan row on one report costs a little more than the first
# Among pairings equally probable (calibrated probabilities have plateaus), the nearer dates win:
# at most this much cost for a year apart.
DATE_TIE_COST = 0.01
# A report that speaks of several occurrences at once (`开展联合教研6次`, `各学科均完成了…`,
# `6所学校进行了视导`, `语文、数学两个组完成了…`, `运动会、艺术节按计划举行`).
AGGREGATE = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)(?:次|场|轮|期|节|所|个(?:组|学科|学段|年级|学校))"
                       r"|均|分别|多次|系列|都已|全部|先后|每月|每周|逐一|陆续|各学科|各学段|各年级|各校"
                       r"|[\u4e00-\u9fff]{2}、[\u4e00-\u9fff]{2}")
AGGREGATE_SCHOOLS = 3  # a report naming this many schools covers the plan's rows school by school
STATUSES: tuple[Status, ...] = ("done", "shifted", "cancelled", "not_reported", "unplanned")


@dataclass(frozen=True, slots=True)
class Match:
    """One decision: a planned activity, a reported one, or both, with its status, probability and why.

    `probability` is the matcher's probability that the decision is right (for a match, that the two
    are one event; for not_reported/unplanned, that nothing else is); `statement` is the summary's
    sentence for a cancelled activity."""

    plan: Activity | None
    report: Activity | None
    status: Status
    probability: float | None
    shift_days: int | None
    reasons: str
    needs_review: bool = False
    manual: bool = False
    statement: str | None = None


@dataclass(frozen=True, slots=True)
class PairComparison:
    """The comparison of one plan (or several term plans) with one summary."""

    group_name: str | None
    period_label: str | None
    plan_docs: tuple[str, ...]
    summary_doc: str
    matches: tuple[Match, ...]
    notes: tuple[str, ...] = ()  # what could not be done, in sentences

    @property
    def plan_doc(self) -> str:
        return self.plan_docs[0] if self.plan_docs else ""

    def counts(self, *, sure_only: bool = False) -> dict[str, int]:
        """Decisions per status and `planned` (every planned activity, cancelled ones included);
        `sure_only` leaves out the decisions that need review."""
        out: dict[str, int] = {"planned": 0, **{s: 0 for s in STATUSES}}
        for m in self.matches:
            if sure_only and m.needs_review:
                continue
            out[m.status] += 1
            if m.status != "unplanned":
                out["planned"] += 1
        return out

    def rows(self) -> tuple[ComparisonRow, ...]:
        return tuple(ComparisonRow(
            group_name=self.group_name, period_label=self.period_label,
            plan_doc=m.plan.doc_id if m.plan else self.plan_doc, summary_doc=self.summary_doc,
            plan_activity_id=m.plan.activity_id if m.plan else None,
            report_activity_id=m.report.activity_id if m.report else None,
            status=m.status, probability=None if m.probability is None else round(m.probability, 3),
            needs_review=m.needs_review, manual=m.manual,
            plan_evidence=m.plan.evidence if m.plan else None,
            report_evidence=m.report.evidence if m.report else m.statement,
            plan_date_start=m.plan.date_start if m.plan else None,
            report_date_start=m.report.date_start if m.report else None,
            shift_days=m.shift_days, reasons=m.reasons) for m in self.matches)


def _why(plan: Activity, report: Activity) -> list[str]:
    """What a pair shares, in words a reviewer reads."""
    out = []
    shared_types = types_of(plan) & types_of(report)
    if shared_types:
        out.append("type " + "/".join(sorted(shared_types)))
    schools = shared_names(plan.schools, report.schools)
    if schools:
        out.append("school " + "、".join(schools))
    subjects = shared_names(plan.subjects, report.subjects)
    if subjects:
        out.append("subject " + "、".join(subjects))
    gap = gap_days(plan, report)
    if gap is not None:
        out.append("same time" if gap == 0 else f"{gap:+d} days")
    return out


def _status(plan: Activity, report: Activity, tolerance: int) -> tuple[Status, int | None, str | None]:
    gap = gap_days(plan, report)
    if gap is None:
        side = "plan" if plan.date_start is None else "report"
        if plan.date_start is None and report.date_start is None:
            side = "plan and report"
        return "done", None, f"no date on the {side}: matched on the rest, status assumed done"
    if abs(gap) > tolerance:
        return "shifted", gap, None
    return "done", gap, None


def aggregate(report: Activity) -> bool:
    """Whether a reported activity may stand for several planned ones."""
    return bool(AGGREGATE.search(report.evidence or report.name)) or len(report.schools) >= AGGREGATE_SCHOOLS


def _slots(plans: Sequence[Activity], columns: Sequence[Activity],
           n_reports: int) -> tuple[list[int], list[int]]:
    """Rows (plan slots) and columns (report slots) of the assignment: a recurring plan item may take
    several reports, an aggregate report or a cancellation statement several plan items."""
    rows = [i for i, p in enumerate(plans) for _ in range(max(1, n_reports) if p.recurrence else 1)]
    many = max(1, len(plans))
    cols = [j for j, r in enumerate(columns)
            for _ in range(many if j >= n_reports or aggregate(r) else 1)]
    return rows, cols


def _ranks(slots: list[int]) -> list[int]:
    """0 for the first slot of each index, 1 for its second, ..."""
    seen: dict[int, int] = {}
    out = []
    for k in slots:
        seen[k] = seen.get(k, -1) + 1
        out.append(seen[k])
    return out


def _days(acts: Sequence[Activity]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each activity's first and last day (ordinals) and whether it has a date."""
    start = [a.date_start.toordinal() if a.date_start else 0 for a in acts]
    end = [(a.date_end or a.date_start).toordinal() if a.date_start else 0 for a in acts]
    return (np.array(start, dtype=np.int64), np.array(end, dtype=np.int64),
            np.array([a.date_start is not None for a in acts], dtype=bool))


def _date_cost(plans: Sequence[Activity], columns: Sequence[Activity]) -> np.ndarray:
    """A small cost growing with the days between two activities (0 when a date is unknown): the
    days of `gap_days` for every pair at once."""
    ps, pe, p_known = _days(plans)
    rs, re_, r_known = _days(columns)
    ps, pe, rs, re_ = ps[:, None], pe[:, None], rs[None, :], re_[None, :]
    gap = np.where(rs > pe, rs - pe, np.where(re_ < ps, ps - re_, 0))
    cost = DATE_TIE_COST * np.minimum(gap, 365) / 365
    return np.where(p_known[:, None] & r_known[None, :], cost, 0.0)


def _alike(acts: Sequence[Activity]) -> list[list[int]]:
    """Groups (of two or more) of activities the matcher cannot tell apart: same name, subjects and
    schools (a monthly 例会, a 联合教研 each term)."""
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for k, a in enumerate(acts):
        groups.setdefault((label(a), a.schools), []).append(k)
    return [g for g in groups.values() if len(g) > 1]


def level_alike(prob: np.ndarray, plans: Sequence[Activity], reports: Sequence[Activity]) -> np.ndarray:
    """`prob` with the pairs of alike plan items and alike reports set to their mean: the matcher
    reads such pairs alike but for their dates, and its calibrated probabilities jump by date
    (1.0 on the same month, 0.98 three weeks off), so that the largest sum crossed two monthly items
    over (one on time, one 47 days late, rather than both three weeks late). Leveled, the dates
    alone decide among them, through the assignment's date cost. Columns past the reports (the
    summary's statements) stay as they are."""
    out = prob.copy()
    rows, cols = _alike(plans), _alike(reports)
    if not rows and not cols:
        return out
    in_rows, in_cols = {i for g in rows for i in g}, {j for g in cols for j in g}
    rows += [[i] for i in range(len(plans)) if i not in in_rows]
    cols += [[j] for j in range(len(reports)) if j not in in_cols]
    for r in rows:
        for c in cols:
            if len(r) > 1 or len(c) > 1:
                block = np.ix_(r, c)
                out[block] = out[block].mean()
    return out


def _assign(prob: np.ndarray, rows: list[int], cols: list[int], threshold: float,
            tie: np.ndarray) -> dict[int, list[int]]:
    """Plan index → the column indexes assigned to it (linear_sum_assignment on 1 − probability,
    plus `tie`, the date tie-breaker)."""
    from scipy.optimize import linear_sum_assignment

    if not rows or not cols:
        return {}
    grid = np.ix_(rows, cols)
    p = prob[grid]
    extra = (np.array(_ranks(rows)) > 0)[:, None].astype(np.int64) + (np.array(_ranks(cols)) > 0)[None, :]
    cost = np.where(p >= threshold, 1.0 - p + EXTRA_SLOT_COST * extra + tie[grid], UNMATCHABLE)
    picked: dict[int, list[int]] = {}
    taken: set[tuple[int, int]] = set()
    for a, b in zip(*linear_sum_assignment(cost), strict=True):
        i, j = rows[a], cols[b]
        if cost[a, b] < UNMATCHABLE and (i, j) not in taken:
            taken.add((i, j))
            picked.setdefault(i, []).append(j)
    return picked


def align(plans: Sequence[Activity], reports: Sequence[Activity], settings: CompareSettings | None = None,
          statements: Sequence[Activity] = (), matcher: Matcher | None = None,
          moved: dict[str, str] | None = None,
          prob: np.ndarray | None = None) -> tuple[tuple[Match, ...], tuple[str, ...]]:
    """Decide every planned and reported activity; `statements` are the summary's cancellation
    sentences (a plan item matched to one is cancelled). `prob`: the matcher's probabilities of
    plans × (reports, statements) when already computed. Returns the decisions and notes."""
    settings = settings or CompareSettings()
    moved = moved or {}
    notes = []
    if not plans:
        notes.append("the plan has no activities: every reported activity is listed as unplanned")
    if not reports and not statements:
        notes.append("the summary has no activities: every planned activity is listed as not reported")
    columns = [*reports, *statements]
    if prob is None:
        matcher = matcher or load_matcher(settings.model or None)
        prob = matcher.probabilities(plans, columns, len(statements))
    rows, cols = _slots(plans, columns, len(reports))
    level = level_alike(prob, plans, reports)  # (the statements' columns stay as they are)
    picked = _assign(level, rows, cols, settings.threshold, _date_cost(plans, columns))
    review = settings.review_below
    matches: list[Match] = []
    used: set[int] = set()
    undated = 0
    for i, plan in enumerate(plans):
        best_other = float(prob[i].max()) if len(columns) else 0.0
        chosen = sorted(picked.get(i, []), key=lambda j: columns[j].date_start or dt.date.min)
        said = [j for j in chosen if j >= len(reports)]
        done = [j for j in chosen if j < len(reports)]
        for j in done:
            used.add(j)
            report, p = reports[j], float(prob[i, j])
            status, shift, note = _status(plan, report, settings.tolerance_days)
            undated += note is not None
            why = [*_why(plan, report), *(x for x in (note, moved.get(report.activity_id)) if x)]
            matches.append(Match(plan, report, status, p, shift, "; ".join(why), p < review))
        if not done and said:
            j = said[0]
            p = float(prob[i, j])
            matches.append(Match(plan, None, "cancelled", p, None,
                                 "the summary says it did not take place",
                                 p < review, statement=columns[j].evidence))
        elif not done:
            p = 1.0 - best_other
            matches.append(Match(plan, None, "not_reported", p, None,
                                 f"no reported activity matches (best {best_other:.2f})", p < review))
    for j, report in enumerate(reports):
        if j in used:
            continue
        best = float(prob[:, j].max()) if len(plans) else 0.0
        p = 1.0 - best
        matches.append(Match(None, report, "unplanned", p, None,
                             f"no planned activity matches (best {best:.2f})", p < review))
    if undated:
        notes.append(f"{undated} match(es) without dates on one side: status assumed done, shift unknown")
    log.debug("aligned %d planned with %d reported activities", len(plans), len(reports))
    return tuple(matches), tuple(notes)
