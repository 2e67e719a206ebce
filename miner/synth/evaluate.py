"""Score plan-versus-report alignment on generated pairs against their known truth."""

from __future__ import annotations

import dataclasses
import logging
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from miner.compare.align import Match, align
from miner.compare.stored import compare_activities
from miner.records import Activity, Document, Extraction, RawInput
from miner.settings import Settings
from miner.synth.truth import SynthPair, generate_pairs, gold_activities

log = logging.getLogger(__name__)
STATUSES = ("done", "shifted", "not_reported", "unplanned")


@dataclass(slots=True)
class EvalResult:
    """Activity-level status accuracy and per-status recall over a set of pairs."""

    mode: str  # truth | noisy | extract
    pairs: int = 0
    activities: int = 0
    correct: int = 0
    support: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    missed: int = 0  # truth activities the extractor did not find (extract mode)

    @property
    def accuracy(self) -> float:
        return self.correct / self.activities if self.activities else 0.0

    def recall(self, status: str) -> float:
        return self.hits[status] / self.support[status] if self.support[status] else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"mode": self.mode, "pairs": self.pairs, "activities": self.activities,
                "accuracy": round(self.accuracy, 4), "missed": self.missed,
                **{f"recall_{s}": round(self.recall(s), 4) for s in STATUSES},
                **{f"n_{s}": self.support[s] for s in STATUSES}}


def _truth_side(pair: SynthPair) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(side, id) → (status, partner id) from the alignment list."""
    out: dict[tuple[str, str], tuple[str, str | None]] = {}
    for a in pair.alignment:
        if a["plan"]:
            out["plan", a["plan"]] = (a["status"], a["summary"])
        if a["summary"]:
            out["summary", a["summary"]] = (a["status"], a["plan"])
    return out


def _to_truth(found: Sequence[Activity], truth: Sequence[Activity]) -> dict[str, str]:
    """Map each found activity id to the truth activity whose evidence it overlaps most."""
    out = {}
    for f in found:
        best, overlap = None, 0
        for t in truth:
            o = min(f.end, t.end) - max(f.start, t.start)
            if o > overlap or (o == overlap and o > 0 and best and f.name and f.name in t.evidence):
                best, overlap = t, o
        if best is not None:
            out[f.activity_id] = best.activity_id
    return out


def _score(result: EvalResult, pair: SynthPair, matches: Sequence[Match], plan_map: dict[str, str],
           report_map: dict[str, str]) -> None:
    truth = _truth_side(pair)
    predicted: dict[tuple[str, str], tuple[str, str | None]] = {}
    for m in matches:
        p = plan_map.get(m.plan.activity_id) if m.plan else None
        r = report_map.get(m.report.activity_id) if m.report else None
        if p and ("plan", p) not in predicted:
            predicted["plan", p] = (m.status, r)
        if r and ("summary", r) not in predicted:
            predicted["summary", r] = (m.status, p)
    for key, (status, partner) in truth.items():
        if key[0] == "summary" and status != "unplanned":
            continue  # a matched pair is counted once, on the plan side
        result.activities += 1
        result.support[status] += 1
        got = predicted.get(key)
        if got is None:
            result.missed += 1
        elif got == (status, partner):
            result.correct += 1
            result.hits[status] += 1


NOISY_TYPES = ("seminar", "joint_research", "meeting", "other")


def degrade(acts: Sequence[Activity], text: str, rng: random.Random) -> tuple[Activity, ...]:
    """Truth activities spoiled the way an imperfect extractor spoils them: a whole sentence as
    evidence, lost schools or dates, a wrong type now and then."""
    out = []
    for a in acts:
        begin = max(text.rfind("。", 0, a.start), text.rfind("\n", 0, a.start)) + 1
        stop = [i for i in (text.find("。", a.end), text.find("\n", a.end)) if i >= 0]
        changes: dict[str, object] = {"evidence": text[begin:min(stop) if stop else len(text)]}
        if rng.random() < 0.2:
            changes["schools"] = ()
        if rng.random() < 0.1:
            changes.update(date_start=None, date_end=None, time_text=None)
        if rng.random() < 0.1:
            wrong = rng.choice(NOISY_TYPES)
            changes.update(type=wrong, types=(wrong,))
        out.append(dataclasses.replace(a, **changes))  # type: ignore[arg-type]
    return tuple(out)


def _extractor() -> Callable[[str, Settings], tuple[Document, Extraction]]:
    """parse + extract, as ingest runs them."""
    from miner.extract import extract, load_resources
    from miner.parse import parse

    def run(text: str, settings: Settings) -> tuple[Document, Extraction]:
        raw = RawInput(source="synth.txt", data=text.encode("utf-8"), name="synth.txt")
        doc = parse(raw, settings)
        return doc, extract(doc, load_resources(settings))

    return run


def evaluate(n: int, seed: int, settings: Settings, mode: str = "truth") -> EvalResult:
    """Generate `n` pairs, align them, and score statuses against the truth.

    mode "truth" aligns the truth activities (alignment alone); "noisy" spoils them first like an
    imperfect extractor would (see `degrade`); "extract" runs the real parser and extractor on the
    generated text first (end to end).
    """
    result = EvalResult(mode)
    run = _extractor() if mode == "extract" else None
    for pair in generate_pairs(n, seed, settings.compare.tolerance_days):
        result.pairs += 1
        if run is None:
            plans = gold_activities(pair.plan_gold, pair.plan_text)
            reports = gold_activities(pair.summary_gold, pair.summary_text)
            if mode == "noisy":
                rng = random.Random(f"noise:{seed}:{pair.stem}")
                plans = degrade(plans, pair.plan_text, rng)
                reports = degrade(reports, pair.summary_text, rng)
            matches, _ = align(plans, reports, settings.compare)
            _score(result, pair, matches, {a.activity_id: a.activity_id for a in plans},
                   {a.activity_id: a.activity_id for a in reports})
            continue
        pdoc, pext = run(pair.plan_text, settings)
        sdoc, sext = run(pair.summary_text, settings)
        plans, reports = tuple(pext.activities), tuple(sext.activities)
        matches = compare_activities(plans, reports, settings).matches
        _score(result, pair, matches, _to_truth(plans, gold_activities(pair.plan_gold, pdoc.text)),
               _to_truth(reports, gold_activities(pair.summary_gold, sdoc.text)))
    return result
