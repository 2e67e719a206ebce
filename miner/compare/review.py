"""Reviewers' corrections: read them from an edited comparison export, keep them, lay them over re-runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from miner.compare.align import STATUSES, Match
from miner.errors import CompareError
from miner.records import Activity

KEY = ("plan_doc", "summary_doc", "plan_activity_id", "report_activity_id", "status")


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _truthy(value: Any) -> bool:
    return _text(value) is not None and str(value).strip().lower() not in ("0", "false", "no", "否")


def read_review(path: str | Path) -> list[dict[str, Any]]:
    """The rows of an exported comparison table (XLSX, or CSV) as a reviewer left them."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise CompareError(f"no review file at {path}")
    try:
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
    except (ValueError, OSError, KeyError) as exc:
        raise CompareError(f"cannot read the review file {path}: {exc}") from exc
    missing = [c for c in KEY if c not in frame.columns]
    if missing:
        raise CompareError(f"{path.name} is not an exported comparison table: "
                           f"no column(s) {', '.join(missing)}")
    return [dict(r) for r in frame.to_dict(orient="records")]


Correction = tuple[str, str, str | None, str | None, str]  # plan_doc, summary_doc, plan id, report id, status


def corrections(rows: Sequence[Mapping[str, Any]], stored: Sequence[Mapping[str, Any]],
                known: Mapping[str, set[str]], origin: str) -> list[Correction]:
    """The rows a reviewer changed (a decision not in the store) or marked manual, checked.

    `known` maps a doc_id to its activity ids."""
    current = {tuple(_text(r.get(k)) for k in KEY) for r in stored}
    out: list[Correction] = []
    for n, row in enumerate(rows, 2):  # row 1 is the header
        key = tuple(_text(row.get(k)) for k in KEY)
        if key in current and not _truthy(row.get("manual")):
            continue
        plan_doc, summary_doc, plan_id, report_id, status = key
        where = f"{origin} row {n}"
        if status not in STATUSES:
            raise CompareError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
        if not plan_doc or not summary_doc:
            raise CompareError(f"{where}: plan_doc and summary_doc must stay filled in")
        if plan_id and plan_id not in known.get(plan_doc, set()):
            raise CompareError(f"{where}: the plan has no activity {plan_id}")
        if report_id and report_id not in known.get(summary_doc, set()):
            raise CompareError(f"{where}: the summary has no activity {report_id}")
        needs = {"done": (True, True), "shifted": (True, True), "cancelled": (True, False),
                 "not_reported": (True, False), "unplanned": (False, True)}[status]
        if (bool(plan_id), bool(report_id)) != needs:
            raise CompareError(f"{where}: a {status} decision needs "
                               f"{'a planned' if needs[0] else 'no planned'} and "
                               f"{'a reported' if needs[1] else 'no reported'} activity id")
        out.append((plan_doc, summary_doc, plan_id, report_id, status))
    return out


def overlay(matches: Sequence[Match], reviews: Sequence[Mapping[str, Any]], plans: Sequence[Activity],
            reports: Sequence[Activity]) -> tuple[Match, ...]:
    """The decisions with reviewers' corrections laid over them: a correction replaces every decision
    of its activities; an activity it frees becomes not reported / unplanned and needs review."""
    if not reviews:
        return tuple(matches)
    by_plan = {a.activity_id: a for a in plans}
    by_report = {a.activity_id: a for a in reports}
    fixed: list[Match] = []
    for r in reviews:
        plan = by_plan.get(r["plan_activity_id"] or "")
        report = by_report.get(r["report_activity_id"] or "")
        if (r["plan_activity_id"] and plan is None) or (r["report_activity_id"] and report is None):
            continue  # the document changed since the review: its activity is gone
        statement = next((m.statement for m in matches if m.plan is plan and m.statement), None)
        fixed.append(Match(plan, report, r["status"], 1.0, None, "corrected by a reviewer",
                           False, True, statement if r["status"] == "cancelled" else None))
    fixed = [m for n, m in enumerate(fixed)  # a later correction of the same activity wins
             if not any((m.plan and x.plan is m.plan) or (m.report and x.report is m.report)
                        for x in fixed[n + 1:])]
    fixed = [_with_shift(m) for m in fixed]
    taken_p = {id(m.plan) for m in fixed if m.plan}
    taken_r = {id(m.report) for m in fixed if m.report}
    kept = []
    for m in matches:
        hit_p = m.plan is not None and id(m.plan) in taken_p
        hit_r = m.report is not None and id(m.report) in taken_r
        if not hit_p and not hit_r:
            kept.append(m)
        elif hit_p and m.report is not None and not hit_r:
            kept.append(Match(None, m.report, "unplanned", None, None,
                              "its planned partner was reassigned by a reviewer", True))
        elif hit_r and m.plan is not None and not hit_p:
            kept.append(Match(m.plan, None, "not_reported", None, None,
                              "its reported partner was reassigned by a reviewer", True))
    seen_r: set[int] = set()
    out = []
    for m in [*kept, *fixed]:  # a report freed twice (an aggregate) is listed once
        if m.plan is None and m.report is not None:
            if id(m.report) in seen_r:
                continue
            seen_r.add(id(m.report))
        out.append(m)
    return tuple(out)


def _with_shift(m: Match) -> Match:
    from miner.compare.features import gap_days

    if m.plan is None or m.report is None:
        return m
    gap = gap_days(m.plan, m.report)
    return Match(m.plan, m.report, m.status, m.probability, gap, m.reasons, m.needs_review, m.manual)


def apply_review(store: Any, path: str | Path) -> int:
    """Read a reviewed comparison export and keep its corrections in the store (they are laid over
    every later `miner compare`). Returns how many corrections were kept."""
    rows = read_review(path)
    stored = store.rows("SELECT plan_doc, summary_doc, plan_activity_id, report_activity_id, status, manual "
                        "FROM comparison")
    docs = {str(r.get("plan_doc")) for r in rows} | {str(r.get("summary_doc")) for r in rows}
    of = store.activities_of(sorted(d for d in docs if d))  # one query per PARAMS documents
    known = {d: {a.activity_id for a in of.get(d, [])} for d in docs if d}
    found = corrections(rows, [r for r in stored if not r["manual"]], known, Path(path).name)
    return int(store.save_review(found, str(Path(path).name)))
