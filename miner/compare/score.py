"""Score plan-versus-report decisions on annotated pairs: end to end, or on the gold activities."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from miner.compare.align import STATUSES, Match
from miner.compare.corpus import GoldPair, load_split
from miner.compare.stored import compare_activities
from miner.records import Activity, Period, RawInput
from miner.settings import Settings

log = logging.getLogger(__name__)


@dataclass(slots=True)
class PairScore:
    """Status accuracy over the annotated activities (each planned activity once, each unplanned
    report once), how many decisions need review and how right the others are."""

    mode: str  # gold | extract
    pairs: int = 0
    decisions: int = 0
    correct: int = 0
    flagged: int = 0
    correct_unflagged: int = 0
    missed: int = 0  # annotated activities the extractor did not find (extract mode)
    support: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.correct / self.decisions if self.decisions else 0.0

    @property
    def unflagged_accuracy(self) -> float:
        n = self.decisions - self.flagged
        return self.correct_unflagged / n if n else 0.0

    @property
    def flagged_share(self) -> float:
        return self.flagged / self.decisions if self.decisions else 0.0

    def recall(self, status: str) -> float:
        return self.hits[status] / self.support[status] if self.support[status] else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"mode": self.mode, "pairs": self.pairs, "decisions": self.decisions,
                "accuracy": round(self.accuracy, 4), "unflagged_accuracy": round(self.unflagged_accuracy, 4),
                "flagged_share": round(self.flagged_share, 4), "missed": self.missed,
                **{f"recall_{s}": round(self.recall(s), 4) for s in STATUSES},
                **{f"n_{s}": self.support[s] for s in STATUSES}}


def _gold_keys(pair: GoldPair) -> dict[tuple[str, str], tuple[str, frozenset[str]]]:
    """(side, id) → (status, partner ids) for each activity that is scored."""
    out: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
    for d in pair.decisions:
        for p in d.plan:
            out["plan", p] = (d.status, frozenset(d.report))
        if d.status == "unplanned":
            for r in d.report:
                out["summary", r] = (d.status, frozenset())
    return out


def overlap_map(found: Sequence[Activity], gold: Sequence[Activity]) -> dict[str, str]:
    """Each found activity id → the gold activity whose evidence its own overlaps most; without an
    overlap (a gold string located at another of its occurrences), the gold activity whose evidence
    the found one contains, or that contains the found one's name."""
    out = {}
    for f in found:
        best, most = None, 0
        for g in gold:
            o = min(f.end, g.end) - max(f.start, g.start)
            if o > most:
                best, most = g, o
        if best is None:
            named = f.name or f.evidence
            best = next((g for g in gold
                         if g.evidence in f.evidence or (len(named) >= 4 and named in g.evidence)), None)
        if best is not None:
            out[f.activity_id] = best.activity_id
    return out


def score_pair(result: PairScore, pair: GoldPair, matches: Sequence[Match], plan_map: dict[str, str],
               report_map: dict[str, str]) -> None:
    """Add one pair's decisions to `result`; a gold activity's decision is that of the found
    activities mapped onto it (a match wins over a non-match)."""
    predicted: dict[tuple[str, str], tuple[str, str | None, bool]] = {}

    def put(key: tuple[str, str], value: tuple[str, str | None, bool]) -> None:
        if key not in predicted or (predicted[key][1] is None and value[1] is not None):
            predicted[key] = value

    for m in matches:
        p = plan_map.get(m.plan.activity_id) if m.plan else None
        r = report_map.get(m.report.activity_id) if m.report else None
        if p:
            put(("plan", p), (m.status, r, m.needs_review))
        if r:
            put(("summary", r), (m.status, p, m.needs_review))
    result.pairs += 1
    for key, (status, partners) in _gold_keys(pair).items():
        result.decisions += 1
        result.support[status] += 1
        got = predicted.get(key)
        if got is None:
            result.missed += 1
            continue
        ok = got[0] == status and (status not in ("done", "shifted") or got[1] in partners)
        result.flagged += got[2]
        result.correct += ok
        result.hits[status] += ok
        result.correct_unflagged += ok and not got[2]


def _extract(text: str, name: str, settings: Settings) -> tuple[str, tuple[Activity, ...], Period | None]:
    from miner.extract import extract, load_resources
    from miner.parse import parse

    doc = parse(RawInput(source=name, data=text.encode("utf-8"), name=name), settings)
    ext = extract(doc, load_resources(settings))
    return doc.text, tuple(ext.activities), ext.facts.period


def evaluate_pairs(folder: str | Path, settings: Settings, mode: str = "extract") -> PairScore:
    """Run the comparison on every pair under `folder` and score it against the annotations.

    "extract": the real parser and extractor on plan.txt and summary.txt, then the matcher (end to
    end); "gold": the annotated activities (plan.json, summary.json) straight into the matcher,
    which separates matching errors from extraction errors."""
    return score_pairs(load_split(folder), settings, mode)


def score_pairs(pairs: Sequence[GoldPair], settings: Settings, mode: str = "extract") -> PairScore:
    """`evaluate_pairs` on pairs already read (a fold of a cross-validation)."""
    result = PairScore(mode)
    for pair in pairs:
        gold_plans, gold_reports = pair.plan_activities(), pair.report_activities()
        if mode == "gold":
            comp = compare_activities(gold_plans, gold_reports, settings, summary_text=pair.summary_text,
                                      period=pair.period(), plan_doc=f"{pair.pair_id}.plan",
                                      summary_doc=f"{pair.pair_id}.summary")
            ident_p = {a.activity_id: a.activity_id for a in gold_plans}
            ident_r = {a.activity_id: a.activity_id for a in gold_reports}
            score_pair(result, pair, comp.matches, ident_p, ident_r)
            continue
        ptext, plans, _ = _extract(pair.plan_text, "plan.txt", settings)
        stext, reports, period = _extract(pair.summary_text, "summary.txt", settings)
        comp = compare_activities(plans, reports, settings, summary_text=stext,
                                  period=period or pair.period())
        from miner.compare.corpus import gold_activities

        gp = gold_activities(pair.plan_gold, ptext, "plan")
        gr = gold_activities(pair.summary_gold, stext, "summary")
        score_pair(result, pair, comp.matches, overlap_map(plans, gp), overlap_map(reports, gr))
    return result
