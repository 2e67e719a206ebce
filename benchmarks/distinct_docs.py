"""Generate distinct plans and summaries of about 3,000 characters in which no line repeats.

Each body line names a teacher and a school chosen by a permutation of its global line number
(line u gets the pair number (u·A) mod M, A prime to M), so two lines anywhere in a corpus of
any size up to M lines never coincide, and extraction's line and clause caches find nothing to
reuse (unlike a corpus of the same few texts with a serial number changed). The rest of a line
(activity, subject, theme, time) is drawn from the synth pools with a seeded generator.

    python benchmarks/distinct_docs.py --n 2000 --to /tmp/docs      # writes txt files
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from math import gcd
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from miner.synth.pools import load_pools  # noqa: E402

GIVEN = "晓明华丽建国秀英志强海燕红梅文静俊杰雅琴子涵思远欣怡浩然雨桐嘉怡宇轩梓萱一鸣佳慧"
LINES_PER_DOC = 96  # an upper bound: line numbers of document i are i·96 … i·96 + 95
NUMERALS = "一二三四五六七八九十"
PARTS = ("上旬", "中旬", "下旬", "初", "底")


class Namer:
    """Distinct (teacher, school) pairs for global line numbers, by a modular permutation."""

    def __init__(self) -> None:
        pools = load_pools()
        lines = (ROOT / "miner" / "data" / "surnames.txt").read_text(encoding="utf-8").splitlines()
        self.surnames = [s.strip() for s in lines if s.strip() and not s.startswith("#")]
        self.schools = [c + sfx for c in pools.cores for sfx, _ in pools.suffixes]
        self.radix = (len(self.surnames), len(GIVEN), len(GIVEN), len(self.schools))
        self.size = 1
        for r in self.radix:
            self.size *= r
        self.mult = 2_654_435_761 % self.size
        while gcd(self.mult, self.size) != 1:
            self.mult += 1

    def __call__(self, u: int) -> tuple[str, str]:
        if u >= self.size:
            raise ValueError(f"corpus too large for distinct lines: {u} ≥ {self.size}")
        v = (u * self.mult) % self.size
        digits = []
        for r in self.radix:
            v, d = divmod(v, r)
            digits.append(d)
        s, g1, g2, school = digits
        return self.surnames[s] + GIVEN[g1] + GIVEN[g2], self.schools[school]


def _activity(rng: random.Random, pools: object) -> str:
    template = rng.choice(pools.activities)  # type: ignore[attr-defined]
    name = rng.choice(template.plan)
    return name.format(subject=rng.choice(pools.subjects), theme=rng.choice(pools.themes),  # type: ignore[attr-defined]
                       school="")


def document(i: int, namer: Namer, pools: object, rng: random.Random, target: int = 3000) -> tuple[str, str]:
    """Document number i: (file stem, text)."""
    summary = i % 2 == 1
    year = 2015 + i % 10
    core = rng.choice(pools.cores)  # type: ignore[attr-defined]
    group = rng.choice(pools.group_patterns).format(core=core)  # type: ignore[attr-defined]
    term = rng.choice(("第一学期", "第二学期", ""))
    kind = "工作总结" if summary else "工作计划"
    lines = [f"{year}学年{group}{term}{kind}（集团办〔{year}〕{i + 1}号）"]
    u = i * LINES_PER_DOC
    section = 0
    size = len(lines[0])
    while size < target and u < (i + 1) * LINES_PER_DOC - 1:
        teacher, school = namer(u)
        u += 1
        if section == 0 or rng.random() < 0.12:
            line = f"{NUMERALS[section % 10]}、{rng.choice(pools.themes)}引领，{school}{teacher}工作室牵头"  # type: ignore[attr-defined]
            section += 1
        else:
            month = rng.randint(1, 12)
            when = rng.choice((f"{month}月{rng.choice(PARTS)}", f"{month}月{rng.randint(1, 28)}日",
                               f"第{rng.randint(2, 19)}周"))
            act = _activity(rng, pools)
            if summary:
                line = (f"{when}，集团在{school}开展了{act}，{teacher}老师主持，"
                        f"{rng.randint(12, 180)}名教师参加，反响良好。")
            else:
                line = f"{when}，由{school}承办{act}，{teacher}老师负责组织，各成员校骨干教师参加。"
        lines.append(line)
        size += len(line) + 1
    stem = f"{'summary' if summary else 'plan'}_{i:06d}"
    return stem, "\n".join(lines) + "\n"


def generate(n: int, seed: int = 0, start: int = 0) -> Iterator[tuple[str, str]]:
    """Documents start … start + n − 1 of the corpus of this seed (deterministic)."""
    namer, pools = Namer(), load_pools()
    for i in range(start, start + n):
        yield document(i, namer, pools, random.Random(seed * 1_000_003 + i))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--to", type=Path, required=True)
    args = ap.parse_args()
    args.to.mkdir(parents=True, exist_ok=True)
    for stem, text in generate(args.n, args.seed):
        (args.to / f"{stem}.txt").write_text(text, encoding="utf-8")
    print(f"wrote {args.n} documents to {args.to}")


if __name__ == "__main__":
    main()
