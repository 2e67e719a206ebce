"""Tests for the batched comparison: features per comparison, one classifier call for many pairs."""

from __future__ import annotations

import random
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pytest

from miner.compare.corpus import GoldPair, load_split
from miner.compare.features import _PUNCT, RUN_CAP, bare, common_run
from miner.compare.model import load_matcher
from miner.compare.pairing import DocInfo, Pairing
from miner.compare.statements import cancellations, with_names
from miner.compare.stored import Job, compare_activities, compare_jobs
from miner.settings import load_settings
from miner.synth import generate_pair, gold_activities

PAIRS = Path(__file__).resolve().parents[2] / "corpora" / "pairs"
CHARS = "联合教研活动视导城东实验小学语文数学“春晖杯”赛课、（）1234"


def _longest_run(a: str, b: str) -> int:
    """The definition common_run stands for: difflib's longest common block, capped."""
    a, b = _PUNCT.sub("", a), _PUNCT.sub("", b)
    size = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
    return min(size, RUN_CAP)


def test_batch_common_run_is_the_longest_shared_run() -> None:
    rng = random.Random(3)
    for _ in range(500):
        a = "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 14)))
        b = "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 14)))
        assert common_run(bare(a), bare(b)) == _longest_run(a, b), (a, b)


def _pairs_of_corpus() -> list[GoldPair]:
    return load_split(PAIRS / "train")[:12]


def test_batch_probabilities_many_equal_one_call_each() -> None:
    matcher = load_matcher()
    problems = []
    for pair in _pairs_of_corpus():
        plans, reports = pair.plan_activities(), pair.report_activities()
        statements = with_names(cancellations(pair.summary_text, "s", pair.period()), plans)
        problems.append((plans, [*reports, *statements], len(statements)))
    problems.append(((), problems[0][1], 0))  # an empty side takes part without a row
    together = matcher.probabilities_many(problems)
    for (plans, columns, n), prob in zip(problems, together, strict=True):
        alone = matcher.probabilities(plans, columns, n)
        assert prob.shape == (len(plans), len(columns))
        assert np.array_equal(prob, alone)
    assert any(p.size and p.max() > 0.5 for p in together)


def _info(doc_id: str, kind: str, gold: dict) -> DocInfo:
    return DocInfo(doc_id=doc_id, source=f"{doc_id}.txt", kind=kind, group_name=gold["group"],
                   period_label=gold["period"], period_start=None, period_end=None)


@pytest.mark.parametrize("seed", [5, 9])
def test_batch_compare_jobs_decide_as_compare_activities(seed: int) -> None:
    settings = load_settings()
    jobs = []
    for i in range(6):
        pair = generate_pair(i, seed=seed)
        plans = gold_activities(pair.plan_gold, pair.plan_text, f"p{i}")
        reports = gold_activities(pair.summary_gold, pair.summary_text, f"s{i}")
        plan_info = _info(f"p{i}", "plan", pair.plan_gold)
        pairing = Pairing((plan_info,), _info(f"s{i}", "summary", pair.summary_gold))
        jobs.append(Job(i, pairing, list(plans), list(reports), pair.summary_text, None, []))
    batched = compare_jobs(jobs, settings)
    for job, comp in zip(jobs, batched, strict=True):
        alone = compare_activities(job.plans, job.reports, settings, job.pairing,
                                   summary_text=job.summary_text, period=job.period)
        assert comp.rows() == alone.rows() and comp.notes == alone.notes
    assert sum(m.status == "done" for c in batched for m in c.matches) > 10
