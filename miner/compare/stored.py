"""Compare the plans and summaries in the store and write the comparison table (idempotent)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from miner.compare.align import PairComparison, align
from miner.compare.pairing import DocInfo, Pairing, Unpaired, _pair_one, pair_documents, same_group
from miner.compare.review import overlay
from miner.compare.statements import cancellations, inside, redate, with_names
from miner.errors import CompareError, MinerError
from miner.records import Activity, Period
from miner.settings import Settings

log = logging.getLogger(__name__)
# Comparisons read, predicted and written together: a few queries, one call of the matcher's classifier
# (about 10 ms of fixed cost a call) and one transaction a batch; on the Dask engine, a worker's task.
BATCH = 256
TASK = 64  # comparisons in one task of the Dask engine (a batch keeps two workers busy from 128 pairs)


@dataclass(frozen=True, slots=True)
class CompareResult:
    """All pair comparisons of a run, the documents left unpaired and why."""

    comparisons: tuple[PairComparison, ...]
    unpaired: tuple[Unpaired, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Prepared:
    """A comparison's activities as the matcher takes them: planned and reported activities in the
    right mood, the summary's cancellation statements, the moved reports, and what was left out."""

    plans: list[Activity]
    reports: list[Activity]
    statements: tuple[Activity, ...]
    moved: dict[str, str]
    dropped: tuple[str, ...]

    def problem(self) -> tuple[list[Activity], list[Activity], int]:
        """The matcher's input: plans × (reports, then statements)."""
        return self.plans, [*self.reports, *self.statements], len(self.statements)


def prepare(plans: Sequence[Activity], reports: Sequence[Activity], *, summary_id: str = "",
            summary_text: str | None = None, period: Period | None = None) -> Prepared:
    """Only planned activities of the plan and reported activities of the summary take part: a plan's
    look back at last year and a summary's plans for next year are left out (and counted in a note).
    With the summary's text, its statements that planned work did not happen become cancellations
    (an activity read from such a statement is not a report), and a reported activity that was
    moved (`推迟至5月下旬`) takes the date it took place."""
    kept_plans = _in_mood(plans, "planned")
    kept_reports = _in_mood(reports, "reported")
    dropped = []
    if len(kept_plans) < len(plans):
        dropped.append(f"{len(plans) - len(kept_plans)} activity(ies) of the plan read as already done "
                       "were left out")
    if len(kept_reports) < len(reports):
        dropped.append(f"{len(reports) - len(kept_reports)} activity(ies) of the summary read as future "
                       "plans were left out")
    statements: tuple[Activity, ...] = ()
    moved: dict[str, str] = {}
    if summary_text:
        sid = kept_reports[0].doc_id if kept_reports else summary_id
        statements = with_names(cancellations(summary_text, sid, period), kept_plans)
        kept_reports = [a for a in kept_reports if not inside(a, statements)]
        kept_reports, moved = redate(kept_reports, summary_text, period)
    return Prepared(kept_plans, kept_reports, statements, moved, tuple(dropped))


def decide(prep: Prepared, settings: Settings, pairing: Pairing | None = None, *, plan_doc: str = "",
           summary_doc: str = "", group_name: str | None = None, period_label: str | None = None,
           reviews: Sequence[dict[str, Any]] = (), prob: Any = None) -> PairComparison:
    """Align a prepared comparison (with the matcher's probabilities `prob` when already computed)
    and lay the reviewers' corrections over it."""
    matches, notes = align(prep.plans, prep.reports, settings.compare, prep.statements, moved=prep.moved,
                           prob=prob)
    matches = overlay(matches, reviews, prep.plans, prep.reports)
    notes = prep.dropped + notes
    if pairing:
        plan_docs = tuple(p.doc_id for p in pairing.plans)
        summary_doc = pairing.summary.doc_id
        group_name = pairing.summary.group_name or pairing.plans[0].group_name
        period_label = pairing.summary.period_label
        notes = pairing.notes + notes
    else:
        plan_docs = (plan_doc,)
    return PairComparison(group_name, period_label, plan_docs, summary_doc, matches, notes)


def compare_activities(plans: Sequence[Activity], reports: Sequence[Activity], settings: Settings,
                       pairing: Pairing | None = None, *, plan_doc: str = "", summary_doc: str = "",
                       group_name: str | None = None, period_label: str | None = None,
                       summary_text: str | None = None, period: Period | None = None,
                       reviews: Sequence[dict[str, Any]] = ()) -> PairComparison:
    """Compare one plan's (or several term plans') activities with one summary's (see `prepare` for
    what takes part). `reviews`: reviewers' corrections."""
    prep = prepare(plans, reports, summary_id=pairing.summary.doc_id if pairing else summary_doc,
                   summary_text=summary_text, period=period)
    return decide(prep, settings, pairing, plan_doc=plan_doc, summary_doc=summary_doc,
                  group_name=group_name, period_label=period_label, reviews=reviews)


_FUTURE = re.compile(r"明年|来年|下学期|下学年|下一步|今后|将(?:继续|进一步|开展|组织|举办)"
                     r"|计划|拟|打算|争取|努力")
_PAST = re.compile(r"去年|上学期|上学年|已经|已于|曾")


def _in_mood(acts: Sequence[Activity], mood: str) -> list[Activity]:
    """The activities of a plan (mood planned) or a summary (reported). When the extractor read most
    of a document in the other mood, that reading is not trusted: only activities whose own
    evidence looks ahead (a summary's 明年计划…) or back (a plan's 上学期…) are left out."""
    kept = [a for a in acts if a.mood == mood]
    if len(kept) * 2 >= len(acts):
        return kept
    other = _FUTURE if mood == "reported" else _PAST
    return [a for a in acts if a.mood == mood or not other.search(a.evidence)]


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


@dataclass(frozen=True, slots=True)
class Job:
    """One pairing with everything its comparison reads from the store."""

    index: int
    pairing: Pairing
    plans: list[Activity]
    reports: list[Activity]
    summary_text: str | None
    period: Period | None
    reviews: list[Any]


class _Reader:
    """Reads the pairings' activities, summary texts and reviews from the store a batch at a time:
    a few queries per batch instead of four per pairing."""

    def __init__(self, store: Any, settings: Settings) -> None:
        self.store = store
        self.margin = settings.compare.tolerance_days
        self.reviewed = store.reviewed_pairs()
        self.periods: dict[str, Period | None] = {}

    def batches(self, pairings: Sequence[Pairing]) -> Iterator[list[Job]]:
        for at in range(0, len(pairings), BATCH):
            part = pairings[at:at + BATCH]
            acts = self.store.activities_of({d.doc_id for p in part for d in (*p.plans, p.summary)})
            texts = self.store.texts({p.summary.doc_id for p in part})
            yield [self._job(at + k, p, acts, texts) for k, p in enumerate(part)]

    def _job(self, index: int, pairing: Pairing, acts: dict[str, list[Activity]],
             texts: dict[str, str | None]) -> Job:
        plans = [a for p in pairing.plans for a in acts.get(p.doc_id, ())]
        plans, note = within_summary(plans, pairing, self.margin)
        if note:
            pairing = dataclasses.replace(pairing, notes=pairing.notes + (note,))
        summary = pairing.summary
        reports = list(acts.get(summary.doc_id, ()))
        reviews = [r for p in pairing.plans if (p.doc_id, summary.doc_id) in self.reviewed
                   for r in self.store.reviews(p.doc_id, summary.doc_id)]
        return Job(index, pairing, plans, reports, texts.get(summary.doc_id), self._period(summary), reviews)

    def _period(self, summary: DocInfo) -> Period | None:
        """The summary's period (what its cancellation and postponement statements are dated in)."""
        from miner.extract.mentions.document import find_period

        label = summary.period_label
        if not label:
            return None
        if label not in self.periods:
            self.periods[label] = find_period(label, "")
        return self.periods[label]


def compare_jobs(jobs: Sequence[Job], settings: Settings) -> list[PairComparison]:
    """Compare several jobs with one call of the matcher's classifier (the same decisions as one
    comparison at a time, at a fraction of the cost)."""
    from miner.compare.model import load_matcher

    preps = [prepare(j.plans, j.reports, summary_id=j.pairing.summary.doc_id, summary_text=j.summary_text,
                     period=j.period) for j in jobs]
    probs = load_matcher(settings.compare.model or None).probabilities_many([p.problem() for p in preps])
    return [decide(prep, settings, job.pairing, reviews=job.reviews, prob=prob)
            for job, prep, prob in zip(jobs, preps, probs, strict=True)]


class _Aligner:
    """Picklable: compares a batch of jobs where it runs (this process, or a Dask worker)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, jobs: list[Job]) -> tuple[int, list[PairComparison]]:
        return jobs[0].index, compare_jobs(jobs, self.settings)


def _aligned(batches: Iterator[list[Job]], settings: Settings) -> Iterator[list[PairComparison]]:
    """The comparisons of each batch, in the pairings' order, computed here or on the Dask engine
    (`[engine]`), TASK comparisons to a worker's task."""
    if settings.engine.name != "dask":
        for batch in batches:
            yield compare_jobs(batch, settings)
        return
    from miner.batch_dask import map_batches_dask

    waiting: dict[int, list[PairComparison]] = {}
    following = 0
    tasks = (batch[at:at + TASK] for batch in batches for at in range(0, len(batch), TASK))
    results = map_batches_dask(_Aligner(settings), tasks, scheduler=settings.engine.scheduler or None,
                               workers=settings.ingest.workers, chunk_size=1)
    try:
        for index, comps in results:
            waiting[index] = comps
            while following in waiting:  # written in order, so the table is the same as the local run's
                comps = waiting.pop(following)
                following += len(comps)
                yield comps
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
    for batch in _aligned(_Reader(store, settings).batches(pairings), settings):
        with store.transaction():  # one transaction a batch
            for comp in batch:
                rows = comp.rows()
                for plan_doc in comp.plan_docs:
                    mine = [r for r in rows if r.plan_doc == plan_doc]
                    store.replace_comparison(plan_doc, comp.summary_doc, mine)
        for comp in batch:
            comparisons.append(comp)
            log.info("compared %s with %s: %s", comp.plan_docs, comp.summary_doc, comp.counts())
    notes = () if docs else ("the store holds no documents: ingest plans and summaries first",)
    return CompareResult(tuple(comparisons), tuple(unpaired), notes)
