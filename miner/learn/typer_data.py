"""The typer's training signal from gold annotations; its cross-validation grouped by site on real pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from miner import PROJECT_ROOT
from miner.evaluate.gold import GoldDocument, load_gold, load_gold_dir
from miner.evaluate.typeeval import TypedGold, type_gold
from miner.extract.activities.typer import Example, corpus_sha256
from miner.learn.real import data_sha256, sites

# Gold-format annotations the project wrote itself whose activities the typer learns from (in-sample for
# the typer from then on). corpora/heldout and corpora/pairs/dev stay out: they measure the typer on
# self-written text it never saw; corpora/pairs/test is never trained on.
GOLD_SOURCES = ("corpora/gold", "corpora/pairs/train")


def gold_folder_docs(folder: Path) -> list[GoldDocument]:
    """The gold files of a folder, or of its pair folders (PAIR/plan.json and PAIR/summary.json)."""
    if any(folder.glob("*.json")):
        return load_gold_dir(folder)
    return [load_gold(p) for pair in sorted(folder.iterdir()) if pair.is_dir()
            for p in (pair / "plan.json", pair / "summary.json") if p.is_file()]


def activity_examples(golds: Iterable[GoldDocument]) -> list[Example]:
    """Each gold activity's evidence and `also` mentions, labelled with its first code."""
    return [Example(text, a.types[0]) for g in golds for a in g.activities
            for text in dict.fromkeys((a.evidence, *a.also))]


def project_gold_examples(root: Path = PROJECT_ROOT, sources: Sequence[str] = GOLD_SOURCES) -> list[Example]:
    """The activities of the project's own gold-format corpora (GOLD_SOURCES) that are present."""
    return [e for s in sources if (root / s).is_dir() for e in activity_examples(gold_folder_docs(root / s))]


@dataclass(frozen=True, slots=True)
class FoldResult:
    """Typer-alone accuracy over the held-out sites of every fold, for one setting."""

    setting: str
    n: int
    accuracy: float
    rule_accuracy: float
    model_accuracy: float
    items: tuple[TypedGold, ...] = ()  # every held-out gold activity with its type


@dataclass(frozen=True, slots=True)
class Setting:
    """One way to train and apply the typer: build_model's C and taxonomy_words, decide's thresholds."""

    label: str
    c: float
    taxonomy_words: bool = False
    rule_strength: int = 2
    min_prob: float = 0.3
    learn_more: bool = True  # the training folds' pages of grouped_cv's `more` folders are learnt too


def grouped_cv(real_dir: Path, base: Sequence[Example], settings: Sequence[Setting],
               folds: int = 5, seed: int = 0, more: Sequence[Path] = ()) -> list[FoldResult]:
    """Per setting: train on `base` plus the real train pages of the other sites, type the gold evidence
    of the held-out sites, pool over the folds. The train pages of the `more` folders (shaped as REAL)
    join the folds: held out by site like the others, learnt only by settings with `learn_more`."""
    from sklearn.model_selection import GroupKFold

    from miner.extract.activities.typer import ActivityTyper, build_model, training_set

    extra = [g for folder in more for g in load_gold_dir(folder / "train")]
    golds = load_gold_dir(real_dir / "train") + extra
    added = {g.id for g in extra}
    host = sites(real_dir, more)
    groups = [host.get(g.id, g.id) for g in golds]
    split = GroupKFold(n_splits=folds).split(golds, groups=groups)
    pooled: dict[str, list[TypedGold]] = {s.label: [] for s in settings}
    for train_idx, test_idx in split:
        models: dict[tuple[float, bool, bool], ActivityTyper] = {}
        sets: dict[bool, tuple[list[str], list[str]]] = {}  # the fold's training set, with or without `more`
        for s in settings:
            key = (s.c, s.taxonomy_words, s.learn_more and bool(added))
            if key not in models:
                if key[2] not in sets:
                    learnt = [golds[i] for i in train_idx if key[2] or golds[i].id not in added]
                    sets[key[2]] = training_set(list(base) + activity_examples(learnt))
                texts, labels = sets[key[2]]
                models[key] = ActivityTyper(build_model(seed, s.c, s.taxonomy_words).fit(texts, labels))
            report = type_gold([golds[i] for i in test_idx], typer=models[key], rule_strength=s.rule_strength,
                               min_prob=s.min_prob)
            pooled[s.label].extend(report.items)
    out = []
    for label, items in pooled.items():
        rule = [t for t in items if t.by_rule]
        model = [t for t in items if not t.by_rule]
        out.append(FoldResult(label, len(items), _share(items), _share(rule), _share(model), tuple(items)))
    return out


def _share(items: Sequence[TypedGold]) -> float:
    return sum(t.correct for t in items) / len(items) if items else 0.0


def training_extra(real_dir: Path | None, root: Path = PROJECT_ROOT,
                   more: Sequence[Path] = ()) -> tuple[list[Example], dict[str, object]]:
    """What `miner train` adds to corpora/training: the project's gold-format activities, with `real_dir`
    the real train pages' ones, and those of the `more` folders (shaped alike: train/, sources.csv); with
    a description of the sources for the model card."""
    extra = project_gold_examples(root)
    source: dict[str, object] = {"gold": {s: corpus_sha256(root / s, ("**/*.json",)) for s in GOLD_SOURCES
                                          if (root / s).is_dir()}}
    if real_dir is not None:
        extra += activity_examples(load_gold_dir(real_dir / "train"))
        source.update(dir="real/train", sha256=data_sha256(real_dir))
    more = tuple(dict.fromkeys(more))  # a folder named twice is learnt once
    for folder in more:
        extra += activity_examples(load_gold_dir(folder / "train"))
    if more:
        source["more"] = {folder.name: data_sha256(folder) for folder in more}
    return extra, source


# The corpora the typer did not learn from, typed alone after training (see GOLD_SOURCES).
MEASURED = {"heldout": "corpora/heldout", "pairs_dev": "corpora/pairs/dev"}


def measure_typer(model_dir: Path, real_dir: Path | None,
                  root: Path = PROJECT_ROOT) -> dict[str, dict[str, float]]:
    """Typer-alone accuracy of the saved model on gold evidence (real dev and train, and the project's
    corpora the typer did not learn from); written into its card under metrics.typer_alone."""
    import json

    from miner.extract.activities.typer import load_typer

    typer = load_typer(str(model_dir))
    folders = {name: root / rel for name, rel in MEASURED.items()}
    if real_dir is not None:
        folders = {"real_dev": real_dir / "dev", "real_train (in-sample)": real_dir / "train", **folders}
    figures: dict[str, dict[str, float]] = {}
    for name, folder in folders.items():
        if folder.is_dir():
            report = type_gold(gold_folder_docs(folder), typer=typer)
            figures[name] = {"n": report.n, "accuracy": round(report.accuracy, 4)}
    card_file = model_dir / "card.json"
    card = json.loads(card_file.read_text(encoding="utf-8"))
    card.setdefault("metrics", {})["typer_alone"] = figures
    card_file.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return figures
