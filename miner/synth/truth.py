"""Turn a rendered scenario into truth files (gold format) and an alignment list; read them back."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from miner.records import Activity, Mood
from miner.synth.generate import GroupProfile, draw_scenario
from miner.synth.model import Scenario, When, gap_days
from miner.synth.pools import load_pools
from miner.synth.render import Writer, render_plan, render_summary


@dataclass(frozen=True, slots=True)
class SynthPair:
    """One generated plan/summary pair with its truth."""

    stem: str  # "007"
    plan_text: str
    summary_text: str
    plan_gold: dict[str, Any]
    summary_gold: dict[str, Any]
    alignment: tuple[dict[str, Any], ...]  # {"plan", "summary", "status", "shift_days"}


def _ordered(text: str, strings: list[str]) -> list[str]:
    seen = {s for s in strings if s and s in text}
    return sorted(seen, key=lambda s: (text.find(s), -len(s)))


def _when(w: When | None) -> dict[str, str] | None:
    if w is None or w.start is None or w.end is None or not w.text:
        return None
    return {"start": w.start.isoformat(), "end": w.end.isoformat()}


def _gold(sc: Scenario, text: str, w: Writer, kind: str, stem: str) -> dict[str, Any]:
    marks = sorted(w.marks, key=lambda m: m[0])
    acts = []
    for n, (_, item) in enumerate(marks, 1):
        planned = kind == "plan"
        name = item.plan_name if planned else item.report_name
        when = item.plan_when if planned else item.report_when
        if planned:
            item.plan_id, item.plan_evidence = f"A{n}", name
        else:
            item.report_id, item.report_evidence = f"A{n}", name
        theme = item.theme if item.theme and f"“{item.theme}”" in (name or "") else None
        acts.append({
            "id": f"A{n}", "evidence": name, "type": item.template.type,
            "time": when.text if when and when.text else None, "when": _when(when),
            "schools": [s.canonical for s in (item.schools if planned or item.report_schools is None
                                              else item.report_schools)],
            "subject": item.subject if item.subject and item.subject in (name or "") else None,
            "theme": theme, "also": [],
        })
    canon = {s.canonical for s in sc.schools}
    forms = _ordered(text, w.schools)
    aliases = {}
    for s in sc.schools:
        for form in (s.short, s.core):
            if form != s.canonical and form in forms:
                aliases[form] = s.canonical
    return {
        "id": f"{kind}_{stem}", "source": f"{kind}_{stem}.txt", "kind": kind, "group": sc.group,
        "period": sc.period_label, "published": w.published, "schools": forms, "school_aliases": aliases,
        "group_members": [s.canonical for s in sc.schools if s.canonical in text and s.canonical in canon],
        "times": _ordered(text, w.times), "activities": acts,
    }


def _alignment(sc: Scenario) -> tuple[dict[str, Any], ...]:
    rows = []
    for item in sc.items:
        gap = gap_days(item.plan_when, item.report_when)
        rows.append({"plan": item.plan_id, "summary": item.report_id, "status": item.status,
                     "shift_days": gap if item.status in ("done", "shifted") else None})
    return tuple(rows)


def generate_pair(index: int, seed: int = 0, tolerance_days: int = 14, group: GroupProfile | None = None,
                  year: int | None = None, stem: str | None = None) -> SynthPair:
    """Pair number `index` of the run seeded with `seed` (reproducible); of `group` in `year` if given."""
    pools = load_pools()
    sc = draw_scenario(index, seed, pools, tolerance_days, group=group, year=year)
    rng = random.Random(f"render:{seed}:{index}")
    stem = stem or f"{index:03d}"
    plan_text, pw = render_plan(rng, pools, sc)
    summary_text, sw = render_summary(rng, pools, sc)
    plan_gold = _gold(sc, plan_text, pw, "plan", stem)
    summary_gold = _gold(sc, summary_text, sw, "summary", stem)
    return SynthPair(stem, plan_text, summary_text, plan_gold, summary_gold, _alignment(sc))


def generate_pairs(n: int, seed: int = 0, tolerance_days: int = 14) -> Iterator[SynthPair]:
    for i in range(n):
        yield generate_pair(i, seed, tolerance_days)


def write_pair(pair: SynthPair, to: Path) -> list[Path]:
    """Write plan_XXX.txt/json, summary_XXX.txt/json and align_XXX.json into `to`."""
    to.mkdir(parents=True, exist_ok=True)
    files = {
        f"plan_{pair.stem}.txt": pair.plan_text,
        f"summary_{pair.stem}.txt": pair.summary_text,
        f"plan_{pair.stem}.json": json.dumps(pair.plan_gold, ensure_ascii=False, indent=1),
        f"summary_{pair.stem}.json": json.dumps(pair.summary_gold, ensure_ascii=False, indent=1),
        f"align_{pair.stem}.json": json.dumps(list(pair.alignment), ensure_ascii=False, indent=1),
    }
    paths = []
    for name, content in files.items():
        path = to / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def gold_activities(gold: dict[str, Any], text: str, doc_id: str | None = None) -> tuple[Activity, ...]:
    """The activities of a gold file as records.Activity (what a perfect extractor would return)."""
    mood: Mood = "planned" if gold["kind"] == "plan" else "reported"
    out = []
    cursor = 0
    for a in gold["activities"]:
        start = text.find(a["evidence"], cursor)
        if start < 0:
            start = max(text.find(a["evidence"]), 0)
        cursor = start + 1
        types = tuple(a["type"]) if isinstance(a["type"], list) else (a["type"],)
        when = a.get("when") or {}
        out.append(Activity(
            doc_id=doc_id or gold["id"], activity_id=a["id"], type=types[0], evidence=a["evidence"],
            start=start, end=start + len(a["evidence"]), mood=mood, name=a["evidence"], types=types,
            time_text=a.get("time"), date_start=_date(when.get("start")), date_end=_date(when.get("end")),
            schools=tuple(a.get("schools") or ()), subjects=(a["subject"],) if a.get("subject") else (),
            theme=a.get("theme"), also=tuple(a.get("also") or ()),
        ))
    return tuple(out)


