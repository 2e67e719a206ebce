"""Benchmark: extraction throughput (documents and characters per second) and peak memory on one core.

The corpus mixes generated plan/summary pairs (miner.synth), varied copies of the real seed and gold
documents, and compilations of several of them of about 5,000 characters: 1,000 distinct texts by
default. Each text is parsed to a Document once (not timed); resources are loaded once (timed
separately); then only `extract(doc, resources)` is timed, in this single process pinned to one
core. Peak memory is reported as the resident high-water mark (getrusage) after each stage and as
the tracemalloc peak of a second, traced extraction pass over a sample.

    python benchmarks/extract_bench.py                 # 1,000 documents
    python benchmarks/extract_bench.py --n 2000 --seed 7 --profile
    python benchmarks/extract_bench.py --empty-caches all   # each document as if it were the first
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one core: no BLAS threads
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import pstats  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from miner.cli.worker import start_worker  # noqa: E402
from miner.extract import Resources, extract, load_resources  # noqa: E402
from miner.extract.text.memo import BatchMemo  # noqa: E402
from miner.native import describe  # noqa: E402
from miner.parse import parse  # noqa: E402
from miner.records import Document, RawInput  # noqa: E402
from miner.settings import load_settings  # noqa: E402
from miner.synth import generate_pair  # noqa: E402

TARGET_DOCS_PER_S = 100  # the target: documents of 5,000 characters per second per core
NORM_CHARS = 5000
BUCKETS = ((0, 1000, "< 1k"), (1000, 3000, "1k–3k"), (3000, 10**9, "≥ 3k"))


@dataclass(frozen=True, slots=True)
class Text:
    """One benchmark document before parsing."""

    name: str
    origin: str  # synth | seed | gold
    text: str


@dataclass(slots=True)
class Run:
    """What one pass of extraction over the corpus measured."""

    wall_s: float = 0.0
    cpu_s: float = 0.0
    chars: int = 0
    activities: int = 0
    mentions: int = 0
    per_doc: list[tuple[float, int, str]] = field(default_factory=list)  # (seconds, chars, name)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (name, error)


def real_texts() -> list[tuple[str, str, str]]:
    """(name, origin, text) of the bundled real documents: the seeds and the gold corpus."""
    out = []
    corpora = ROOT / "corpora"
    for origin, folder in (("seed", corpora / "seeds"), ("gold", corpora / "gold" / "docs")):
        for path in sorted(folder.glob("*.txt")):
            out.append((path.stem, origin, path.read_text(encoding="utf-8-sig")))
    return out


def vary(text: str, i: int, rng: random.Random) -> str:
    """A distinct but still realistic copy: years moved, sometimes a line dropped, an archive number added."""
    shift = i % 7 - 3
    text = re.sub(r"(?<!\d)(20[12]\d)(?=\s*(?:学?年|-|—|至|/))",
                  lambda m: str(int(m.group(1)) + shift), text)
    lines = text.split("\n")
    if len(lines) > 10 and rng.random() < 0.5:
        del lines[rng.randrange(5, len(lines))]
    return "\n".join(lines) + f"\n（存档编号 {i:05d}）\n"


def compilation(i: int, pieces: list[Text], rng: random.Random) -> Text:
    """A long document as schools post them: several plans and summaries in one file (汇编)."""
    parts = [f"集团各校工作计划与总结汇编（第{i + 1}辑）"]
    while sum(map(len, parts)) < NORM_CHARS:
        parts.append(rng.choice(pieces).text.strip())
    return Text(f"compilation_{i:04d}", "compilation", "\n\n".join(parts) + "\n")


def build_corpus(n: int, seed: int, real_share: float = 0.2, long_share: float = 0.1) -> list[Text]:
    """`n` distinct texts: varied real documents (`real_share`), compilations of about 5,000 characters
    (`long_share`), and generated plan/summary pairs for the rest."""
    rng = random.Random(seed)
    reals = real_texts()
    n_real = round(n * real_share) if reals else 0
    n_long = round(n * long_share)
    out: list[Text] = []
    for i in range(n_real):
        name, origin, text = reals[i % len(reals)]
        out.append(Text(f"{name}~{i}", origin, vary(text, i, rng)))
    index = 0
    while len(out) < n - n_long:
        pair = generate_pair(index, seed)
        out.append(Text(f"plan_{pair.stem}", "synth", pair.plan_text))
        if len(out) < n - n_long:
            out.append(Text(f"summary_{pair.stem}", "synth", pair.summary_text))
        index += 1
    pieces = list(out)
    out += [compilation(i, pieces, rng) for i in range(n_long)]
    seen: set[str] = set()
    for k, item in enumerate(out):  # never two byte-identical documents (ingest would skip one)
        if item.text in seen:
            out[k] = Text(item.name, item.origin, f"{item.text}\n（副本 {k}）\n")
        seen.add(out[k].text)
    rng.shuffle(out)
    return out


def parse_all(texts: list[Text]) -> list[tuple[Text, Document]]:
    settings = load_settings()
    return [(t, parse(RawInput(f"{t.name}.txt", t.text.encode("utf-8"), f"{t.name}.txt"), settings))
            for t in texts]


# caches keyed by a character, a numeral or a short window, kept by `--empty-caches lines`
_SMALL_KEYS = ("_simplified_char", "_fold_short", "tagged", "number")


def cache_emptier(resources: Resources, which: str) -> Callable[[], None] | None:
    """A function that empties extraction's caches of text it has read (found by looking: the
    functools caches of miner.extract that hold more than a few entries (the taxonomy's and the
    detector's among them), and the batch caches of the line atoms and the typer), so that each
    document is read as if it were the first (`which`: "all", or "lines" to keep the caches of short
    keys); None for "none"."""
    if which == "none":
        return None
    modules = [m for name, m in sorted(sys.modules.items()) if name.startswith("miner.extract")]
    funcs = []
    for module in modules:
        for name, obj in vars(module).items():
            info = getattr(obj, "cache_info", None)
            if info is None or getattr(obj, "__module__", "") != module.__name__:
                continue
            size = info()
            if (size.maxsize is None or size.maxsize >= 256) and size.currsize > 8 and not (
                    which == "lines" and name in _SMALL_KEYS):
                funcs.append(obj)
    # the caches filled a batch at a time (the line atoms, the typer's scores)
    funcs += [v for module in modules for v in vars(module).values() if isinstance(v, BatchMemo)]
    if isinstance(typer_memo := getattr(resources.typer, "_known", None), BatchMemo):
        funcs.append(typer_memo)

    def empty() -> None:
        for f in funcs:
            f.cache_clear()
    return empty


def extract_all(docs: list[tuple[Text, Document]], resources: Resources,
                empty: Callable[[], None] | None = None) -> Run:
    """Extract every document once, timing each; a failure is counted, never stops the run."""
    run = Run()
    clock, cpu = time.perf_counter, time.process_time
    w0, c0 = clock(), cpu()
    for text, doc in docs:
        if empty is not None:  # emptying the caches is not extraction: its time is left out
            w1, c1 = clock(), cpu()
            empty()
            w0, c0 = w0 + clock() - w1, c0 + cpu() - c1
        t0 = clock()
        try:
            result = extract(doc, resources)
        except Exception as exc:  # noqa: BLE001 - the benchmark reports failures and goes on
            run.failures.append((text.name, f"{type(exc).__name__}: {exc}"))
            continue
        took = clock() - t0
        run.per_doc.append((took, len(doc.text), text.name))
        run.chars += len(doc.text)
        run.activities += len(result.activities)
        run.mentions += len(result.mentions)
    run.wall_s, run.cpu_s = clock() - w0, cpu() - c0
    return run


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def traced_peak_mb(docs: list[tuple[Text, Document]], resources: Resources) -> float:
    """tracemalloc peak of an extraction pass (allocations made during the loop only)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    for _, doc in docs:
        try:
            extract(doc, resources)
        except Exception:  # noqa: BLE001, S112 - failures are reported by the timed pass
            continue
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def profile(docs: list[tuple[Text, Document]], resources: Resources, top: int) -> str:
    """cProfile of an extraction pass: the top functions by cumulative and by own time."""
    prof = cProfile.Profile()
    prof.enable()
    for _, doc in docs:
        try:
            extract(doc, resources)
        except Exception:  # noqa: BLE001, S112
            continue
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs()
    out.write(f"\n── profile of {len(docs)} documents: top {top} by cumulative time ──\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write(f"\n── top {top} by own time (tottime) ──\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def _rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("nan")


def report(texts: list[Text], docs: list[tuple[Text, Document]], run: Run, times: dict[str, float],
           mem: dict[str, float], cores: str) -> list[str]:
    """The printed table, one line per figure."""
    lengths = [len(d.text) for _, d in docs]
    origins = Counter(t.origin for t in texts)
    distinct = len({t.text for t in texts})
    n_ok = len(run.per_doc)
    lines = [
        f"corpus       {len(texts)} documents ({', '.join(f'{k} {v}' for k, v in sorted(origins.items()))}), "
        f"{distinct} distinct",
        f"length       mean {statistics.mean(lengths):,.0f} chars, median {statistics.median(lengths):,.0f}, "
        f"max {max(lengths):,}; {sum(lengths) / 1e6:.2f} M chars in all",
        f"prepare      corpus built in {times['build']:.1f} s, parsed in {times['parse']:.1f} s "
        "(not timed below)",
        f"resources    load_resources() {times['load']:.2f} s; "
        f"first extraction (warm-up) {times['warm']:.2f} s",
        f"extraction   one process on core(s) {cores}: {n_ok} documents, {len(run.failures)} failed, "
        f"{run.activities:,} activities, {run.mentions:,} mentions",
        f"code         {describe()}",
        "",
        f"  {'clock':<6}{'seconds':>9}{'docs/s':>10}{'chars/s':>12}{'5k-char docs/s':>16}{'ms/doc':>9}",
    ]
    for label, secs in (("wall", run.wall_s), ("cpu", run.cpu_s)):
        lines.append(f"  {label:<6}{secs:>9.1f}{_rate(n_ok, secs):>10.1f}{_rate(run.chars, secs):>12,.0f}"
                     f"{_rate(run.chars / NORM_CHARS, secs):>16.1f}{1000 * _rate(secs, n_ok):>9.1f}")
    norm = _rate(run.chars / NORM_CHARS, run.cpu_s)
    lines += [
        "",
        f"target       {TARGET_DOCS_PER_S} documents of {NORM_CHARS:,} chars/s per core "
        f"({TARGET_DOCS_PER_S * NORM_CHARS / 1e3:,.0f}k chars/s): "
        f"{100 * norm / TARGET_DOCS_PER_S:.1f} % reached "
        f"({'met' if norm >= TARGET_DOCS_PER_S else 'not met'}, cpu clock)",
        "by length    " + "; ".join(_bucket(run, lo, hi, label) for lo, hi, label in BUCKETS),
        "slowest      " + "; ".join(f"{name} ({chars:,} chars, {1000 * s:.0f} ms)"
                                    for s, chars, name in sorted(run.per_doc, reverse=True)[:5]),
        f"memory       maxrss after parsing {mem['parse']:.0f} MB, "
        f"after load_resources {mem['load']:.0f} MB, "
        f"after extraction {mem['extract']:.0f} MB",
        f"             tracemalloc peak during an extraction pass of {int(mem['traced_n'])} documents: "
        f"{mem['traced']:.1f} MB",
    ]
    for name, error in run.failures[:5]:
        lines.append(f"failed       {name}: {error[:150]}")
    return lines


def _bucket(run: Run, lo: int, hi: int, label: str) -> str:
    rows = [(s, c) for s, c, _ in run.per_doc if lo <= c < hi]
    if not rows:
        return f"{label}: none"
    secs, chars = sum(s for s, _ in rows), sum(c for _, c in rows)
    return (f"{label} chars: {len(rows)} docs, {_rate(len(rows), secs):.0f} docs/s, "
            f"{_rate(chars, secs) / 1e3:.0f}k chars/s")


def pin_one_core() -> str:
    """Pin this process to one core (where the platform allows) so the figures are per core."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
    return ",".join(map(str, sorted(os.sched_getaffinity(0)))) if hasattr(os, "sched_getaffinity") else "?"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="documents in the corpus (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the generated pairs and the variations")
    ap.add_argument("--real-share", type=float, default=0.2, help="share of varied seed/gold documents")
    ap.add_argument("--long-share", type=float, default=0.1,
                    help="share of ~5,000-character compilations of several documents")
    ap.add_argument("--trace-n", type=int, default=300,
                    help="documents in the tracemalloc pass (0 = all; tracing slows extraction down)")
    ap.add_argument("--empty-caches", choices=("none", "lines", "all"), default="none",
                    help="empty extraction's caches of read text before each document: 'all', or 'lines' "
                         "(keep those of characters, numerals and short windows); shows what the corpus's "
                         "repeated text is worth (default none)")
    ap.add_argument("--profile", action="store_true", help="also print the hot spots (cProfile)")
    ap.add_argument("--profile-n", type=int, default=300, help="documents in the profiled pass (0 = all)")
    ap.add_argument("--top", type=int, default=25, help="functions listed per profile table")
    args = ap.parse_args(argv)
    cores = pin_one_core()
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    texts = build_corpus(args.n, args.seed, args.real_share, args.long_share)
    times["build"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = parse_all(texts)
    times["parse"] = time.perf_counter() - t0
    mem = {"parse": maxrss_mb()}
    t0 = time.perf_counter()
    settings = load_settings()
    resources = load_resources(settings)
    times["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    start_worker(settings)  # as every CLI worker starts: warm up, then gc.freeze() the loaded objects
    with contextlib.suppress(Exception):  # the timed pass reports failures
        extract(docs[0][1], resources)  # first-use caches (regexes, dictionaries) are not throughput
    times["warm"] = time.perf_counter() - t0
    mem["load"] = maxrss_mb()
    empty = None
    if args.empty_caches != "none":
        for _, doc in docs[:200]:  # fill the caches first, to tell them from the loaders
            with contextlib.suppress(Exception):
                extract(doc, resources)
        empty = cache_emptier(resources, args.empty_caches)
    run = extract_all(docs, resources, empty)
    mem["extract"] = maxrss_mb()
    traced = docs[: args.trace_n] if args.trace_n > 0 else docs
    mem["traced"], mem["traced_n"] = traced_peak_mb(traced, resources), len(traced)
    print("\n".join(report(texts, docs, run, times, mem, cores)))
    if empty is not None:
        print(f"caches       emptied before each document ({args.empty_caches}): each document is read as if "
              "it were the first of its kind")
    if args.profile:
        print(profile(docs[: args.profile_n] if args.profile_n > 0 else docs, resources, args.top))


if __name__ == "__main__":
    main()
