"""Pair plans with summaries of the same group and period; say why a document stays unpaired."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def group_endings() -> tuple[str, ...]:
    """Endings that name the kind of grouping, not the group, longest first: the one list in
    miner/data/schools.toml ([groups] endings) that extraction reads too."""
    from miner.extract.lexicons.school_rules import load_rules

    return load_rules().group_endings


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What pairing needs to know of a stored document."""

    doc_id: str
    source: str
    kind: str | None
    group_name: str | None
    period_label: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    published: dt.date | None = None
    title: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DocInfo:
        def day(key: str) -> dt.date | None:
            value = row.get(key)
            return dt.date.fromisoformat(str(value)[:10]) if value else None

        return cls(str(row["doc_id"]), str(row.get("source") or ""), row.get("kind"), row.get("group_name"),
                   row.get("period_label"), day("period_start"), day("period_end"), day("published"),
                   str(row.get("title") or ""))

    def short(self) -> str:
        return f"{self.group_name or 'unknown group'} {self.period_label or 'unknown period'}"

    def describe(self) -> str:
        where = self.source or self.doc_id[:12]
        return f"{self.group_name or 'unknown group'} {self.period_label or 'unknown period'} ({where})"


@dataclass(frozen=True, slots=True)
class Pairing:
    """A summary and the plan(s) it is compared with, with what pairing had to guess."""

    plans: tuple[DocInfo, ...]
    summary: DocInfo
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unpaired:
    doc: DocInfo
    reason: str


def _listing(docs: Sequence[DocInfo], limit: int = 3) -> str:
    names = list(dict.fromkeys(d.short() for d in docs))
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return "; ".join(names[:limit]) + more if names else "none"


def group_core(name: str | None) -> str:
    """The distinctive part of a group name: 铜青桃协作型教育集团 → 铜青桃."""
    core = re.sub(r"\s+", "", name or "")
    for ending in group_endings():
        if core.endswith(ending) and len(core) > len(ending):
            return core[: -len(ending)]
    return core


def same_group(a: str | None, b: str | None) -> bool:
    return _same_core(group_core(a), group_core(b))


def _same_core(ca: str, cb: str) -> bool:
    if not ca or not cb:
        return False
    return ca == cb or (min(len(ca), len(cb)) >= 2 and (ca in cb or cb in ca))


class _ByGroup:
    """Documents by group core, so that finding a group's documents costs the number of distinct
    groups, not of documents (pairing 5,000 summaries with 5,000 plans compared every pair before)."""

    def __init__(self, docs: Sequence[DocInfo]) -> None:
        self.docs = docs
        self.by_core: dict[str, list[int]] = {}
        for i, d in enumerate(docs):
            self.by_core.setdefault(group_core(d.group_name), []).append(i)
        self.cache: dict[str, list[DocInfo]] = {}

    def of(self, group_name: str | None) -> list[DocInfo]:
        """The documents of the same group, in their original order."""
        core = group_core(group_name)
        if core not in self.cache:
            found = sorted(i for c, idx in self.by_core.items() if _same_core(core, c) for i in idx)
            self.cache[core] = [self.docs[i] for i in found]
        return self.cache[core]


def _relation(plan: DocInfo, summary: DocInfo) -> str | None:
    """equal | within (a term plan inside a school-year summary) | covers | None."""
    if plan.period_label and plan.period_label == summary.period_label:
        return "equal"
    ps, pe, ss, se = plan.period_start, plan.period_end, summary.period_start, summary.period_end
    if not (ps and pe and ss and se):
        return None
    if (ps, pe) == (ss, se):
        return "equal"
    if ss <= ps and pe <= se:
        return "within"
    if ps <= ss and se <= pe:
        return "covers"
    return None


def _best(plans: Sequence[DocInfo]) -> DocInfo:
    """Best-effort choice among plans for one period: the latest published, then the longest title."""
    return max(plans, key=lambda d: (d.published or dt.date.min, len(d.title), d.doc_id))


def _pair_one(summary: DocInfo, plans: Sequence[DocInfo], index: _ByGroup | None = None) -> Pairing | str:
    same = (index or _ByGroup(plans)).of(summary.group_name)
    if not summary.group_name:
        return "the summary's group is unknown, so no plan can be chosen for it (use --plan/--summary)"
    if not same:
        return (f"different groups: no plan of {summary.group_name} was found "
                f"(plans in the store: {_listing(plans)})")
    by_rel: dict[str, list[DocInfo]] = {}
    for p in same:
        rel = _relation(p, summary)
        if rel:
            by_rel.setdefault(rel, []).append(p)
    notes: list[str] = []
    if "equal" in by_rel:
        chosen = by_rel["equal"]
        if len(chosen) > 1:
            best = _best(chosen)
            notes.append(f"{len(chosen)} plans of {summary.group_name} for {summary.period_label}: "
                         f"compared with {best.describe()} (latest published), the others are left out")
            chosen = [best]
        return Pairing(tuple(chosen), summary, tuple(notes))
    if "within" in by_rel:
        terms: dict[tuple[Any, Any], list[DocInfo]] = {}
        for p in by_rel["within"]:
            terms.setdefault((p.period_start, p.period_end), []).append(p)
        chosen = [_best(v) for _, v in sorted(terms.items(), key=lambda kv: str(kv[0][0]))]
        notes.append(f"no plan for the whole of {summary.period_label}: compared with "
                     f"{len(chosen)} plan(s) for parts of it")
        return Pairing(tuple(chosen), summary, tuple(notes))
    if "covers" in by_rel:
        best = _best(by_rel["covers"])
        notes.append(f"the plan covers a longer period ({best.period_label}) than the summary: "
                     "planned activities outside the summary's period count as not reported")
        return Pairing((best,), summary, tuple(notes))
    if summary.period_label is None or all(p.period_label is None for p in same):
        best = _best(same)
        return Pairing((best,), summary, (f"period unknown: paired by group only with {best.describe()}",))
    periods = ", ".join(sorted({p.period_label or "unknown period" for p in same}))
    period = summary.period_label or "an unknown period"
    return f"no plan of {summary.group_name} for {period} (its plans cover: {periods})"


def pair_documents(docs: Sequence[DocInfo]) -> tuple[list[Pairing], list[Unpaired]]:
    """Pair every summary with its plan(s); every document left over is listed with the reason."""
    plans = [d for d in docs if d.kind == "plan"]
    summaries = [d for d in docs if d.kind == "summary"]
    pairings: list[Pairing] = []
    unpaired: list[Unpaired] = []
    used: set[str] = set()
    plan_index, summary_index = _ByGroup(plans), _ByGroup(summaries)
    for summary in summaries:
        result = _pair_one(summary, plans, plan_index)
        if isinstance(result, str):
            unpaired.append(Unpaired(summary, result))
        else:
            pairings.append(result)
            used.update(p.doc_id for p in result.plans)
    for plan in plans:
        if plan.doc_id in used:
            continue
        mates = summary_index.of(plan.group_name)
        if not summaries:
            reason = "no summary in the store"
        elif not mates:
            reason = (f"different groups: no summary of {plan.group_name or 'its (unknown) group'} was found "
                      f"(summaries in the store: {_listing(summaries)})")
        else:
            reason = (f"no summary of {plan.group_name} for {plan.period_label or 'its period'}, "
                      "or another plan was chosen for it")
        unpaired.append(Unpaired(plan, reason))
    for doc in docs:
        if doc.kind not in ("plan", "summary"):
            unpaired.append(Unpaired(doc, "neither a plan nor a summary"))
    return pairings, unpaired
