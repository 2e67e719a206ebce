"""An extractor that answers with the gold itself: the scorer's sanity check (it must score 1.0)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from miner.errors import ExtractError
from miner.evaluate.gold import GoldActivity, GoldDocument
from miner.evaluate.run import Extractor
from miner.records import Activity, DocKind, Document, DocumentFacts, Extraction, Mention, MentionKind

MOOD = {"plan": "planned", "summary": "reported"}


def _mentions(doc: Document, kind: MentionKind, texts: Iterable[str]) -> list[Mention]:
    out = []
    for text in texts:
        start = max(doc.text.find(text), 0)
        out.append(Mention(doc.doc_id, kind, text, start, start + len(text)))
    return out


def _activity(doc: Document, gold: GoldDocument, a: GoldActivity) -> Activity:
    start = max(doc.text.find(a.evidence), 0)
    return Activity(
        doc_id=doc.doc_id, activity_id=a.id, type=a.types[0], evidence=a.evidence, start=start,
        end=start + len(a.evidence), mood="planned" if gold.kind == "plan" else "reported",
        name=a.evidence, types=a.types, time_text=a.time,
        date_start=a.when[0] if a.when else None, date_end=a.when[1] if a.when else None,
        schools=a.schools, subjects=(a.subject,) if a.subject else (), theme=a.theme, also=a.also)


def gold_extraction(doc: Document, gold: GoldDocument) -> Extraction:
    """The Extraction that the gold annotation describes, placed on `doc`."""
    mentions = _mentions(doc, "school", gold.schools) + _mentions(doc, "time", gold.times)
    kind: DocKind = "plan" if gold.kind == "plan" else "summary"
    return Extraction(
        facts=DocumentFacts(kind=kind, group_name=gold.group, period=None),
        mentions=tuple(mentions),
        activities=tuple(_activity(doc, gold, a) for a in gold.activities))


def oracle_extractor(golds: Iterable[GoldDocument]) -> Extractor:
    """An extractor that looks each document up by its file name among `golds`."""
    by_source = {g.source: g for g in golds}

    def extract(doc: Document) -> Extraction:
        gold = by_source.get(Path(doc.source).name)
        if gold is None:
            raise ExtractError(f"no gold annotation for {doc.source}")
        return gold_extraction(doc, gold)

    return extract
