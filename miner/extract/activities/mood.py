"""Planned or reported: the document's kind by default, flipped by future or past cues in the unit."""

from __future__ import annotations

from miner.extract.lexicons.taxonomy import Taxonomy
from miner.records import DocKind, Mood


def mood_of(text: str, doc_kind: DocKind, taxonomy: Taxonomy) -> Mood:
    """A summary's `明年…计划/将…` is planned; a plan's `上一学年…开展了` is reported.

    A document of kind "other" reads as reported when the unit says 了/已, else planned.
    """
    if doc_kind == "summary":
        return "planned" if taxonomy.future_any.search(text) else "reported"
    if doc_kind == "plan":
        return "reported" if taxonomy.past_any.search(text) else "planned"
    if taxonomy.future_any.search(text):
        return "planned"
    return "reported" if ("了" in text or "已" in text) else "planned"
