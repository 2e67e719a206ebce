"""Score every planned × reported activity pair and assign them one-to-one with statuses and reasons."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from miner.compare.tfidf import cosine_block
from miner.records import Activity, ComparisonRow, Status
from miner.settings import CompareSettings

log = logging.getLogger(__name__)

# Weights of the score's parts; a part that cannot be judged (no schools on one side) is left out.
WEIGHTS = {"text": 0.35, "type": 0.3, "school": 0.2, "subject": 0.1, "time": 0.25}
TYPE_MISMATCH_FACTOR = 0.5  # different activity types halve the score ...
TYPE_FORGIVEN_SIMILARITY = 0.4  # ... unless the names are this similar (a type read differently)
TIME_ZERO_DAYS = 100  # the time part: 1 when the dates overlap, else 0.9·(1 − days/100), at least 0
UNMATCHABLE = 1e6


@dataclass(frozen=True, slots=True)
class Match:
    """One decision: a planned activity, a reported one, or both, with its status and why."""

    plan: Activity | None
    report: Activity | None
    status: Status
    score: float | None
    shift_days: int | None
    reasons: str


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

    def counts(self) -> dict[str, int]:
        out = {"planned": 0, "done": 0, "shifted": 0, "not_reported": 0, "unplanned": 0}
        for m in self.matches:
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
            status=m.status, score=None if m.score is None else round(m.score, 3),
            plan_evidence=m.plan.evidence if m.plan else None,
            report_evidence=m.report.evidence if m.report else None,
            plan_date_start=m.plan.date_start if m.plan else None,
            report_date_start=m.report.date_start if m.report else None,
            shift_days=m.shift_days, reasons=m.reasons) for m in self.matches)


def same_name(a: str, b: str) -> bool:
    """School or subject names match by containment: 城东实验 ~ 城东实验学校, 语文 ~ 中小学语文."""
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a in b or b in a)


def _shared(a: Sequence[str], b: Sequence[str]) -> list[str]:
    return [x for x in a if any(same_name(x, y) for y in b)]


def _types(a: Activity) -> set[str]:
    return set(a.types or (a.type,))


def gap_days(plan: Activity, report: Activity) -> int | None:
    """Signed days from the planned interval to the reported one (0 when they overlap)."""
    ps, rs = plan.date_start, report.date_start
    if ps is None or rs is None:
        return None
    pe, re_ = plan.date_end or ps, report.date_end or rs
    if rs > pe:
        return (rs - pe).days
    if re_ < ps:
        return -(ps - re_).days
    return 0


def time_score(gap: int) -> float:
    """1 for overlapping dates, then a step down and a linear fall: among same-named items (two
    校本课程交流 in different months) the on-time pairing wins over two half-way pairings.
    Chosen on generated pairs (benchmarks/compare_eval.py), end to end and on truth."""
    return 1.0 if gap == 0 else max(0.0, 0.9 * (1.0 - abs(gap) / TIME_ZERO_DAYS))


def _label(a: Activity) -> str:
    return (a.name or a.evidence or "") + " " + " ".join(a.also)


def text_similarity(plans: Sequence[Activity], reports: Sequence[Activity]) -> np.ndarray:
    """Cosine similarity of TF-IDF character 1–3-grams, fitted on this pair's activity names."""
    return cosine_block([_label(a) for a in plans], [_label(a) for a in reports])


def score_pair(plan: Activity, report: Activity, similarity: float) -> tuple[float, list[str]]:
    """The alignment score of one planned/reported pair and the reasons behind it."""
    parts: dict[str, float] = {"text": similarity}
    reasons = []
    shared_types = _types(plan) & _types(report)
    parts["type"] = 1.0 if shared_types else 0.0
    if shared_types:
        reasons.append("type " + "/".join(sorted(shared_types)))
    if plan.schools and report.schools:
        shared = _shared(plan.schools, report.schools)
        parts["school"] = len(shared) / min(len(plan.schools), len(report.schools))
        if shared:
            reasons.append("school " + "、".join(shared))
    if plan.subjects and report.subjects:
        shared = _shared(plan.subjects, report.subjects)
        parts["subject"] = 1.0 if shared else 0.0
        if shared:
            reasons.append("subject " + "、".join(shared))
    gap = gap_days(plan, report)
    if gap is not None:
        parts["time"] = time_score(gap)
        reasons.append("same time" if gap == 0 else f"{gap:+d} days")
    total = sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)
    forgiven = similarity >= TYPE_FORGIVEN_SIMILARITY or "other" in _types(plan) | _types(report)
    if not shared_types and not forgiven:
        total *= TYPE_MISMATCH_FACTOR
    reasons.append(f"similarity {similarity:.2f}")
    return total, reasons


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


def align(plans: Sequence[Activity], reports: Sequence[Activity],
          settings: CompareSettings | None = None) -> tuple[tuple[Match, ...], tuple[str, ...]]:
    """Match planned to reported activities one-to-one; returns the decisions and notes."""
    from scipy.optimize import linear_sum_assignment

    settings = settings or CompareSettings()
    notes = []
    if not plans:
        notes.append("the plan has no activities: every reported activity is listed as unplanned")
    if not reports:
        notes.append("the summary has no activities: every planned activity is listed as not reported")
    # A recurring plan item (recurrence set) may match several reported occurrences: repeat its column.
    columns = [i for i, p in enumerate(plans) for _ in range(max(1, len(reports)) if p.recurrence else 1)]
    sim = text_similarity(plans, reports)
    score = np.zeros((len(columns), len(reports)))
    why: dict[tuple[int, int], list[str]] = {}
    rows_of: dict[int, list[int]] = {}
    for row, col in enumerate(columns):
        rows_of.setdefault(col, []).append(row)
    for r in range(len(reports)):
        for i, rows in rows_of.items():
            s, reasons = score_pair(plans[i], reports[r], float(sim[i, r]))
            why[i, r] = reasons
            score[rows, r] = s
    matched_plan: dict[int, list[tuple[int, float]]] = {}
    matched_report: set[int] = set()
    if columns and reports:
        cost = np.where(score >= settings.threshold, 1.0 - score, UNMATCHABLE)
        rows, cols = linear_sum_assignment(cost)
        for row, r in zip(rows, cols, strict=True):
            if cost[row, r] < UNMATCHABLE:
                matched_plan.setdefault(columns[row], []).append((int(r), float(score[row, r])))
                matched_report.add(int(r))
    matches: list[Match] = []
    undated = 0
    for i, plan in enumerate(plans):
        for r, s in sorted(matched_plan.get(i, []), key=lambda x: reports[x[0]].date_start or dt.date.min):
            status, shift, note = _status(plan, reports[r], settings.tolerance_days)
            reasons = why[i, r] + ([note] if note else [])
            undated += note is not None
            matches.append(Match(plan, reports[r], status, s, shift, "; ".join(reasons)))
        if i not in matched_plan:
            matches.append(Match(plan, None, "not_reported", None, None,
                                 "no reported activity scored above the threshold"))
    for r, report in enumerate(reports):
        if r not in matched_report:
            matches.append(Match(None, report, "unplanned", None, None, "no planned activity matches"))
    if undated:
        notes.append(f"{undated} match(es) without dates on one side: status assumed done, shift unknown")
    log.debug("aligned %d planned with %d reported activities", len(plans), len(reports))
    return tuple(matches), tuple(notes)
