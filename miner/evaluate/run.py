"""Run an extractor over a folder of gold files and collect the scores into an EvalReport."""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from miner.errors import MinerError
from miner.evaluate.gold import GoldDocument, load_gold_dir, resolve_docs_dir
from miner.evaluate.score import PRF, DocScore, Ratio, failed_document, score_document
from miner.records import Document, Extraction

log = logging.getLogger(__name__)

Extractor = Callable[[Document], Extraction]

# Headline figures: name -> (DocScore field summed over documents, property read from the sum).
HEADLINES: dict[str, tuple[str, str]] = {
    "schools_f1": ("schools", "f1"),
    "times_f1": ("times", "f1"),
    "when_accuracy": ("when", "value"),
    "interval_f1": ("intervals", "f1"),
    "activities_precision": ("activities", "precision"),
    "activities_recall": ("activities", "recall"),
    "activities_f1": ("activities", "f1"),
    "type_accuracy": ("types", "value"),
    "activity_schools_f1": ("activity_schools", "f1"),
    "mood_accuracy": ("mood", "value"),
    "kind_accuracy": ("kind", "value"),
}
_SUMMED = ("schools", "times", "activities", "types", "when", "intervals", "activity_schools", "mood", "kind")


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Per-document scores and their micro-averaged totals."""

    gold_dir: str
    docs_dir: str
    documents: tuple[DocScore, ...]
    corpus_sha256: str

    def total(self, name: str) -> PRF | Ratio:
        """The sum over documents of one DocScore field (micro-average)."""
        items = [getattr(d, name) for d in self.documents]
        start: PRF | Ratio = PRF() if isinstance(getattr(DocScore(""), name), PRF) else Ratio()
        for item in items:
            start = start + item
        return start

    @property
    def overall(self) -> dict[str, float]:
        """The headline figures, micro-averaged over documents."""
        return {key: round(float(getattr(self.total(attr), prop)), 4)
                for key, (attr, prop) in HEADLINES.items()}

    def subset(self, doc_ids: set[str]) -> EvalReport:
        """The same report restricted to some documents (a genre, a region), for figures per group."""
        docs = tuple(d for d in self.documents if d.doc in doc_ids)
        return EvalReport(self.gold_dir, self.docs_dir, docs, self.corpus_sha256)

    @property
    def failed(self) -> tuple[DocScore, ...]:
        return tuple(d for d in self.documents if d.error)

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold_dir": self.gold_dir, "docs_dir": self.docs_dir, "corpus_sha256": self.corpus_sha256,
            "n_documents": len(self.documents), "n_failed": len(self.failed), "overall": self.overall,
            "totals": {name: self.total(name).as_dict() for name in _SUMMED},
            "documents": [_doc_dict(d) for d in self.documents],
        }


def _doc_dict(d: DocScore) -> dict[str, Any]:
    out: dict[str, Any] = {"doc": d.doc, "error": d.error}
    for name in _SUMMED:
        out[name] = getattr(d, name).as_dict()
    out["matches"] = [{"gold": m.gold_id, "pred": m.pred_id, "score": m.score} for m in d.matches]
    out["missed"], out["spurious"] = list(d.missed), list(d.spurious)
    return out


def corpus_hash(gold_dir: str | Path, docs_dir: str | Path | None = None) -> str:
    """sha256 over the gold files and the documents they name (names and bytes, sorted)."""
    gold_dir = Path(gold_dir)
    docs = resolve_docs_dir(gold_dir, docs_dir)
    h = hashlib.sha256()
    for gold in load_gold_dir(gold_dir):
        assert gold.path is not None
        for path in (gold.path, docs / gold.source):
            h.update(path.name.encode("utf-8") + b"\0")
            h.update(path.read_bytes() if path.is_file() else b"<missing>")
            h.update(b"\0")
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Floors:
    """Pinned floors of an accuracy gate, and the corpus hash they were set on (None: any corpus)."""

    floors: dict[str, float]
    corpus_sha256: str | None = None


def read_floors(path: str | Path) -> Floors:
    """Read a floors file: {"corpus_sha256": "...", "floors": {"schools_f1": 0.9, ...}}."""
    import json

    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        floors = {str(k): float(v) for k, v in raw["floors"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise MinerError(f"cannot read the floors file {path}: {exc}", code="M005") from exc
    unknown = sorted(set(floors) - set(HEADLINES))
    if unknown:
        raise MinerError(f"floors file {path}: unknown metrics {unknown} (known: {sorted(HEADLINES)})",
                         code="M005")
    return Floors(floors, raw.get("corpus_sha256"))


def check_floors(report: EvalReport, pinned: Floors) -> list[str]:
    """Sentences for every figure below its floor, and for a corpus other than the pinned one."""
    problems = []
    if pinned.corpus_sha256 and pinned.corpus_sha256 != report.corpus_sha256:
        problems.append(f"the corpus changed (sha256 {report.corpus_sha256}, pinned "
                        f"{pinned.corpus_sha256}): re-check the floors and re-pin them")
    overall = report.overall
    for metric, floor in pinned.floors.items():
        if overall[metric] < floor:
            problems.append(f"{metric} {overall[metric]:.3f} is below its floor {floor:.3f}")
    if report.failed:
        problems.append(f"{len(report.failed)} documents could not be read or extracted")
    return problems


def read_document(path: Path, settings: Any = None) -> Document:
    """Read one document with miner's own parser (gold strings are substrings of its text)."""
    from miner.parse import parse_path

    return parse_path(path, settings)


def default_extractor(settings: Any = None) -> Extractor:
    """miner's own extractor, with the resources the settings select loaded once."""
    from miner.extract import extract, load_resources

    return functools.partial(extract, resources=load_resources(settings))


def evaluate(gold_dir: str | Path, docs_dir: str | Path | None = None, *,
             extractor: Extractor | None = None, settings: Any = None) -> EvalReport:
    """Score `extractor` (default: miner's) on every gold file of `gold_dir`.

    Documents are looked up as DOCS_DIR/<source>, DOCS_DIR defaulting to GOLD_DIR/docs and then
    GOLD_DIR/../seeds. A document that cannot be read or extracted scores zero and carries its error.
    """
    gold_dir = Path(gold_dir)
    docs = resolve_docs_dir(gold_dir, docs_dir)
    golds = load_gold_dir(gold_dir)
    if not golds:
        raise MinerError(f"no gold files (*.json) in {gold_dir}", code="M001")
    run = extractor or default_extractor(settings)
    scores = [_score_one(gold, docs, run, settings) for gold in golds]
    return EvalReport(str(gold_dir), str(docs), tuple(scores), corpus_hash(gold_dir, docs))


def scored_documents(gold_dir: str | Path, docs_dir: str | Path | None = None, only: set[str] | None = None,
                     ) -> Iterator[tuple[GoldDocument, Document, Extraction, DocScore]]:
    """Each gold document (of `only`, when given) with its document, miner's reading of it and the
    score: the loop of the error-analysis scripts (scripts/*_errors.py)."""
    docs = resolve_docs_dir(gold_dir, docs_dir)
    run = default_extractor()
    for gold in load_gold_dir(gold_dir):
        if only and gold.id not in only:
            continue
        doc = read_document(docs / gold.source)
        extraction = run(doc)
        yield gold, doc, extraction, score_document(gold, extraction)


def _score_one(gold: GoldDocument, docs: Path, run: Extractor, settings: Any) -> DocScore:
    path = docs / gold.source
    try:
        doc = read_document(path, settings)
        extraction = run(doc)
    except Exception as exc:  # a batch never crashes on one input: the document scores zero
        log.warning("%s: %s", gold.source, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        return failed_document(gold, f"{type(exc).__name__}: {exc}")
    return score_document(gold, extraction)
