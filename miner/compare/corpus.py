"""Read the plan/summary pair corpus (corpora/pairs/<split>/<pair>/): texts, gold activities, decisions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from miner.errors import CompareError
from miner.records import Activity, Mood, Period

PAIR_FILES = ("plan.txt", "summary.txt", "plan.json", "summary.json", "alignment.json")


@dataclass(frozen=True, slots=True)
class GoldDecision:
    """One annotated decision: planned ids, reported ids, status and (cancelled) the reason sentence."""

    plan: tuple[str, ...]
    report: tuple[str, ...]
    status: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class GoldPair:
    """One annotated plan/summary pair."""

    pair_id: str
    folder: Path
    plan_text: str
    summary_text: str
    plan_gold: dict[str, Any]
    summary_gold: dict[str, Any]
    decisions: tuple[GoldDecision, ...]

    def plan_activities(self) -> tuple[Activity, ...]:
        return gold_activities(self.plan_gold, self.plan_text, f"{self.pair_id}.plan")

    def report_activities(self) -> tuple[Activity, ...]:
        return gold_activities(self.summary_gold, self.summary_text, f"{self.pair_id}.summary")

    def period(self) -> Period | None:
        """The period the pair covers, read from its annotated label (2024学年第一学期)."""
        from miner.extract.mentions.document import find_period

        label = self.summary_gold.get("period") or self.plan_gold.get("period")
        return find_period(label, "") if label else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def gold_activities(gold: dict[str, Any], text: str, doc_id: str) -> tuple[Activity, ...]:
    """The activities of a gold file as records (what a perfect extractor would return)."""
    mood: Mood = "planned" if gold.get("kind") == "plan" else "reported"
    out = []
    cursor = 0
    for a in gold.get("activities", []):
        evidence = a["evidence"]
        start = text.find(evidence, cursor)
        if start < 0:
            start = max(text.find(evidence), 0)
        cursor = start + 1
        types = tuple(a["type"]) if isinstance(a["type"], list) else (a["type"],)
        when = a.get("when") or {}
        out.append(Activity(
            doc_id=doc_id, activity_id=a["id"], type=types[0], evidence=evidence, start=start,
            end=start + len(evidence), mood=mood, name=evidence, types=types, time_text=a.get("time"),
            date_start=_date(when.get("start")), date_end=_date(when.get("end")),
            schools=tuple(a.get("schools") or ()), subjects=(a["subject"],) if a.get("subject") else (),
            theme=a.get("theme"), also=tuple(a.get("also") or ()),
        ))
    return tuple(out)


def is_pair(folder: Path) -> bool:
    return all((folder / name).is_file() for name in PAIR_FILES)


def load_pair(folder: str | Path) -> GoldPair:
    folder = Path(folder)
    try:
        read = {name: (folder / name).read_text(encoding="utf-8") for name in PAIR_FILES}
        align = json.loads(read["alignment.json"])
        decisions = tuple(GoldDecision(tuple(d.get("plan") or ()), tuple(d.get("report") or ()),
                                       str(d["status"]), d.get("reason")) for d in align["decisions"])
        return GoldPair(str(align.get("pair") or folder.name), folder, read["plan.txt"], read["summary.txt"],
                        json.loads(read["plan.json"]), json.loads(read["summary.json"]), decisions)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CompareError(f"not a readable plan/summary pair folder: {folder} ({exc})") from exc


def load_split(folder: str | Path) -> list[GoldPair]:
    """Every pair folder under `folder` (a split, or a folder holding split folders), sorted."""
    root = Path(folder)
    if not root.is_dir():
        raise CompareError(f"no pair folder at {root}")
    found = sorted({p.parent for p in root.rglob("alignment.json") if is_pair(p.parent)})
    return [load_pair(p) for p in found]


def corpus_hash(pairs: list[GoldPair]) -> str:
    """sha256 over every file of the pairs (the training data's fingerprint in a model card)."""
    h = hashlib.sha256()
    for pair in sorted(pairs, key=lambda p: p.pair_id):
        for name in PAIR_FILES:
            h.update(pair.pair_id.encode() + b"/" + name.encode() + b"\0")
            h.update((pair.folder / name).read_bytes())
    return h.hexdigest()
