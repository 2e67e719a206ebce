"""A research corpus: many groups, each with its own habits, planning and reporting over several years."""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from miner.synth.generate import GroupProfile
from miner.synth.model import make_schools
from miner.synth.pools import TYPE_CODES, Pools, load_pools
from miner.synth.truth import SynthPair, generate_pair, write_pair

# Habits a group can have: the types it plans far more often than others (weight) - what a researcher
# comparing groups should find again in the extracted tables.
HABITS: tuple[dict[str, float], ...] = (
    {"joint_research": 8.0},
    {"open_lesson": 6.0, "competition": 4.0},
    {"inspection": 6.0, "quality_analysis": 5.0},
    {"training": 6.0, "mentoring": 4.0},
    {"seminar": 6.0, "research_project": 5.0},
    {"teacher_exchange": 8.0},
    {},  # no particular habit
)


@dataclass(frozen=True, slots=True)
class CorpusPair:
    """One generated pair of a research corpus, with the group and school year it belongs to."""

    group: GroupProfile
    year: int
    pair: SynthPair


def draw_groups(n: int, seed: int = 0, pools: Pools | None = None) -> tuple[GroupProfile, ...]:
    """`n` groups with distinct lead schools, 3–8 member schools each and a habit from HABITS."""
    pools = pools or load_pools()
    rng = random.Random(f"groups:{seed}")
    groups: list[GroupProfile] = []
    used: set[str] = set()
    while len(groups) < n:
        schools = make_schools(rng, pools, rng.randint(3, 8))
        if any(s.core in used for s in schools):
            continue  # no school in two groups: a network across groups stays readable
        used.update(s.core for s in schools)
        name = rng.choice(pools.group_patterns).format(core=schools[0].core)
        groups.append(
            GroupProfile(name, schools, rng.choice(pools.regions), HABITS[len(groups) % len(HABITS)])
        )
    return tuple(groups)


def generate_corpus(
    groups: int = 12, years: int = 3, seed: int = 0, first_year: int = 2021
) -> Iterator[CorpusPair]:
    """A plan and a summary for every group and school year: `groups` × `years` pairs (reproducible)."""
    if groups < 1 or years < 1:
        raise ValueError("a corpus needs at least one group and one year")
    for g, group in enumerate(draw_groups(groups, seed)):
        for y in range(years):
            year = first_year + y
            index = g * 100 + y
            stem = f"g{g + 1:02d}_{year}"
            yield CorpusPair(group, year, generate_pair(index, seed, group=group, year=year, stem=stem))


def planted_types(pair: SynthPair) -> Counter[str]:
    """How many activities of each type the pair's plan really holds (the truth, not an extraction)."""
    return Counter(a["type"] for a in pair.plan_gold["activities"] if a["type"] in TYPE_CODES)


def write_corpus(to: str | Path, groups: int = 12, years: int = 3, seed: int = 0) -> Path:
    """Write the documents into `to`/documents (a folder per group, plan_*.txt and summary_*.txt with
    their truth files) and `to`/truth.csv (planned types per group and year); returns truth.csv.
    Ingest `to`/documents."""
    to = Path(to)
    rows = []
    for cp in generate_corpus(groups, years, seed):
        write_pair(cp.pair, to / "documents" / cp.group.name)
        for code, count in sorted(planted_types(cp.pair).items()):
            rows.append({"group": cp.group.name, "period": f"{cp.year}学年", "type": code, "planned": count})
    to.mkdir(parents=True, exist_ok=True)
    truth = to / "truth.csv"
    with truth.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["group", "period", "type", "planned"])
        writer.writeheader()
        writer.writerows(rows)
    return truth
