"""The typer alone: type each gold activity's evidence as extraction would, scored against the gold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from miner.evaluate.gold import GoldDocument, load_gold_dir
from miner.extract.resources import Resources, load_resources

DEFAULT: Any = object()  # "the typer of the resources"


@dataclass(frozen=True, slots=True)
class TypedGold:
    """One gold activity with the type the typer gives its evidence."""

    doc_id: str
    evidence: str
    gold: tuple[str, ...]  # the gold code, or two when the annotator found it ambiguous
    predicted: str
    by_rule: bool  # a strong taxonomy word decided (the model was not asked)

    @property
    def correct(self) -> bool:
        return self.predicted in self.gold


@dataclass(frozen=True, slots=True)
class TypeReport:
    """Typer-alone accuracy over gold activities, overall, by route (rule / model) and by group."""

    items: tuple[TypedGold, ...]
    groups: Mapping[str, str] = field(default_factory=dict)  # doc id -> genre (or any grouping)

    @property
    def n(self) -> int:
        return len(self.items)

    @property
    def accuracy(self) -> float:
        return _accuracy(self.items)

    def by_route(self) -> dict[str, tuple[int, float]]:
        """{"rule" | "model": (count, accuracy)}."""
        out: dict[str, tuple[int, float]] = {}
        for route, flag in (("rule", True), ("model", False)):
            part = [t for t in self.items if t.by_rule is flag]
            out[route] = (len(part), _accuracy(part))
        return out

    def by_group(self) -> dict[str, tuple[int, float]]:
        """{genre: (count, accuracy)} over the documents `groups` names (others under "")."""
        parts: dict[str, list[TypedGold]] = {}
        for t in self.items:
            parts.setdefault(self.groups.get(t.doc_id, ""), []).append(t)
        return {g: (len(p), _accuracy(p)) for g, p in sorted(parts.items())}

    def confusions(self, top: int = 10) -> list[tuple[tuple[str, str], int]]:
        """The most frequent (gold code, predicted code) errors."""
        return Counter((t.gold[0], t.predicted) for t in self.items if not t.correct).most_common(top)

    def as_dict(self) -> dict[str, object]:
        return {"n": self.n, "accuracy": round(self.accuracy, 4),
                "by_route": {k: {"n": n, "accuracy": round(a, 4)} for k, (n, a) in self.by_route().items()},
                "by_group": {k: {"n": n, "accuracy": round(a, 4)} for k, (n, a) in self.by_group().items()}}


def _accuracy(items: Iterable[TypedGold]) -> float:
    items = list(items)
    return sum(t.correct for t in items) / len(items) if items else 0.0


def type_gold(golds: Iterable[GoldDocument], resources: Resources | None = None,
              groups: Mapping[str, str] | None = None, typer: Any = DEFAULT,
              rule_strength: int | None = None, min_prob: float | None = None) -> TypeReport:
    """Type each gold activity's evidence (folded as extraction folds it) through the same rules and model
    that type extracted activities, and compare with its gold codes. `typer`, `rule_strength` and
    `min_prob` replace the shipped model and decision (cross-validation tries others)."""
    from miner.extract.activities.typer import MIN_MODEL_PROB, RULE_STRENGTH, type_names
    from miner.extract.pipeline import _detector
    from miner.extract.text.fold import fold

    res = resources or load_resources()
    det = _detector(res)
    rows = [(g.id, a.evidence, a.types) for g in golds for a in g.activities]
    names = [fold(evidence) for _, evidence, _ in rows]
    hits = [det.hits(name) for name in names]
    model = res.typer if typer is DEFAULT else typer
    typed = type_names(names, hits, model, det.tax, RULE_STRENGTH if rule_strength is None else rule_strength,
                       MIN_MODEL_PROB if min_prob is None else min_prob)
    items = tuple(TypedGold(doc_id, evidence, types, code, any(h.strength >= 2 for h in found))
                  for (doc_id, evidence, types), found, (code, _) in zip(rows, hits, typed, strict=True))
    return TypeReport(items, dict(groups or {}))


def type_gold_dir(gold_dir: str | Path, resources: Resources | None = None,
                  groups: Mapping[str, str] | None = None) -> TypeReport:
    """`type_gold` over every gold file of a folder."""
    return type_gold(load_gold_dir(gold_dir), resources, groups)
