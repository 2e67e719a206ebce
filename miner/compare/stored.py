"""Compare the plans and summaries in the store and write the comparison table (idempotent)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from miner.compare.align import PairComparison, align
from miner.compare.pairing import DocInfo, Pairing, Unpaired, _pair_one, pair_documents, same_group
from miner.errors import CompareError, MinerError
from miner.records import Activity
from miner.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CompareResult:
    """All pair comparisons of a run, the documents left unpaired and why."""

    comparisons: tuple[PairComparison, ...]
    unpaired: tuple[Unpaired, ...]
    notes: tuple[str, ...] = ()


def compare_activities(plans: Sequence[Activity], reports: Sequence[Activity], settings: Settings,
                       pairing: Pairing | None = None, *, plan_doc: str = "", summary_doc: str = "",
                       group_name: str | None = None, period_label: str | None = None) -> PairComparison:
    """Compare one plan's (or several term plans') activities with one summary's.

    Only planned activities of the plan and reported activities of the summary take part: a plan's
    look back at last year and a summary's plans for next year are left out (and counted in a note).
    """
    kept_plans = [a for a in plans if a.mood == "planned"]
    kept_reports = [a for a in reports if a.mood == "reported"]
    dropped = []
    if len(kept_plans) < len(plans):
        dropped.append(f"{len(plans) - len(kept_plans)} activity(ies) of the plan read as already done "
                       "were left out")
    if len(kept_reports) < len(reports):
        dropped.append(f"{len(reports) - len(kept_reports)} activity(ies) of the summary read as future "
                       "plans were left out")
    matches, notes = align(kept_plans, kept_reports, settings.compare)
    notes = tuple(dropped) + notes
    if pairing:
        plan_docs = tuple(p.doc_id for p in pairing.plans)
        summary_doc = pairing.summary.doc_id
        group_name = pairing.summary.group_name or pairing.plans[0].group_name
        period_label = pairing.summary.period_label
        notes = pairing.notes + notes
    else:
        plan_docs = (plan_doc,)
    return PairComparison(group_name, period_label, plan_docs, summary_doc, matches, notes)


def within_summary(plans: Sequence[Activity], pairing: Pairing,
                   margin_days: int) -> tuple[list[Activity], str | None]:
    """When the plan covers a longer period than the summary (a school-year plan, a term summary),
    leave out planned activities dated entirely outside the summary's period."""
    s = pairing.summary
    if not (s.period_start and s.period_end):
        return list(plans), None
    span = s.period_end - s.period_start
    longer = any(p.period_start and p.period_end and p.period_end - p.period_start > span
                 for p in pairing.plans)
    if not longer:
        return list(plans), None
    lo, hi = s.period_start - dt.timedelta(days=margin_days), s.period_end + dt.timedelta(days=margin_days)
    kept = [a for a in plans
            if a.date_start is None or ((a.date_end or a.date_start) >= lo and a.date_start <= hi)]
    if len(kept) == len(plans):
        return kept, None
    return kept, (f"{len(plans) - len(kept)} planned activity(ies) fall outside the summary's period "
                  f"({s.period_label}) and were left out")


def _resolve(store: Any, ref: str, docs: dict[str, DocInfo], role: str) -> DocInfo:
    doc_id = store.resolve_document(ref)
    if doc_id is None or doc_id not in docs:
        raise CompareError(f"no document matches {role} {ref!r} (give a doc_id, a unique prefix, "
                           "or the path or URL it was ingested from)")
    return docs[doc_id]


def _explicit(store: Any, docs: dict[str, DocInfo], plan: str | None,
              summary: str | None) -> tuple[list[Pairing], list[Unpaired]]:
    all_docs = list(docs.values())
    if plan and summary:
        p, s = _resolve(store, plan, docs, "plan"), _resolve(store, summary, docs, "summary")
        notes = []
        if p.kind != "plan":
            notes.append(f"{p.describe()} does not read as a plan (kind: {p.kind}); compared as one anyway")
        if s.kind != "summary":
            notes.append(f"{s.describe()} does not read as a summary (kind: {s.kind}); "
                         "compared as one anyway")
        if not same_group(p.group_name, s.group_name):
            notes.append(f"different groups ({p.group_name} / {s.group_name}): compared because you asked")
        if p.period_label != s.period_label:
            notes.append(f"different periods ({p.period_label} / {s.period_label})")
        return [Pairing((p,), s, tuple(notes))], []
    if summary:
        s = _resolve(store, summary, docs, "summary")
        result = _pair_one(s, [d for d in all_docs if d.kind == "plan"])
        return ([], [Unpaired(s, result)]) if isinstance(result, str) else ([result], [])
    assert plan is not None
    p = _resolve(store, plan, docs, "plan")
    pairings, unpaired = pair_documents(all_docs)
    chosen = [x for x in pairings if p.doc_id in {d.doc_id for d in x.plans}]
    if not chosen:
        reason = next((u.reason for u in unpaired if u.doc.doc_id == p.doc_id), "no summary pairs with it")
        return [], [Unpaired(p, reason)]
    return chosen, []


Job = tuple[int, Pairing, list[Activity], list[Activity]]


def _jobs(store: Any, pairings: Sequence[Pairing], settings: Settings) -> Iterator[Job]:
    """Each pairing with its planned and reported activities, read from the store as needed."""
    for index, pairing in enumerate(pairings):
        plans = [a for p in pairing.plans for a in store.activities(p.doc_id)]
        plans, note = within_summary(plans, pairing, settings.compare.tolerance_days)
        if note:
            pairing = dataclasses.replace(pairing, notes=pairing.notes + (note,))
        yield index, pairing, plans, list(store.activities(pairing.summary.doc_id))


class _Aligner:
    """Picklable: compares one job where it runs (this process, or a Dask worker)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, job: Job) -> tuple[int, PairComparison]:
        index, pairing, plans, reports = job
        return index, compare_activities(plans, reports, self.settings, pairing)


def _aligned(jobs: Iterator[Job], settings: Settings) -> Iterator[PairComparison]:
    """The comparisons in the pairings' order, computed here or on the Dask engine (`[engine]`)."""
    if settings.engine.name != "dask":
        for job in jobs:
            yield _Aligner(settings)(job)[1]
        return
    from miner.batch_dask import map_batches_dask

    waiting: dict[int, PairComparison] = {}
    following = 0
    results = map_batches_dask(_Aligner(settings), jobs, scheduler=settings.engine.scheduler or None,
                               workers=settings.ingest.workers, chunk_size=32)
    try:
        for index, comp in results:
            waiting[index] = comp
            while following in waiting:  # written in order, so the table is the same as the local run's
                yield waiting.pop(following)
                following += 1
    except MinerError:
        raise
    except Exception as exc:  # a worker lost: the pairs written so far stay, running again redoes the rest
        raise CompareError(f"the Dask cluster failed while comparing ({type(exc).__name__}: {exc}); "
                           "comparisons written so far are kept, run the command again") from exc


def compare_store(store: Any, settings: Settings, plan: str | None = None,
                  summary: str | None = None) -> CompareResult:
    """Pair documents (or take --plan/--summary), align them and replace their comparison rows."""
    docs = {d.doc_id: d for d in (DocInfo.from_row(r) for r in store.documents())}
    if plan or summary:
        pairings, unpaired = _explicit(store, docs, plan, summary)
    else:
        pairings, unpaired = pair_documents(list(docs.values()))
    comparisons = []
    for comp in _aligned(_jobs(store, pairings, settings), settings):
        rows = comp.rows()
        with store.transaction():
            for plan_doc in comp.plan_docs:
                mine = [r for r in rows if r.plan_doc == plan_doc]
                store.replace_comparison(plan_doc, comp.summary_doc, mine)
        comparisons.append(comp)
        log.info("compared %s with %s: %s", comp.plan_docs, comp.summary_doc, comp.counts())
    notes = () if docs else ("the store holds no documents: ingest plans and summaries first",)
    return CompareResult(tuple(comparisons), tuple(unpaired), notes)
