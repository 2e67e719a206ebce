"""Assemble the report's inputs from the store or from generated pairs, and write the HTML file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from miner.compare.stored import compare_activities, compare_store
from miner.report.html import render_report
from miner.settings import Settings


def write_report(store: Any, settings: Settings, to: str | Path, plan: str | None = None,
                 summary: str | None = None) -> tuple[Path, int, int]:
    """Compare the store's documents (refreshing the comparison table) and write the HTML report.

    Returns the file written, the number of pairs and of unpaired documents.
    """
    result = compare_store(store, settings, plan, summary)
    doc_ids = {d for c in result.comparisons for d in (*c.plan_docs, c.summary_doc)}
    texts, sources = {}, {}
    for doc_id in doc_ids:
        row = store.conn.execute("SELECT text, source FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row:
            texts[doc_id], sources[doc_id] = row[0] or "", row[1] or doc_id
    for u in result.unpaired:
        sources.setdefault(u.doc.doc_id, u.doc.source or u.doc.doc_id)
    html = render_report(result.comparisons, result.unpaired, texts, sources)
    path = Path(to)
    path.write_text(html, encoding="utf-8")
    return path, len(result.comparisons), len(result.unpaired)


def report_from_pairs(pairs: Sequence[Any], settings: Settings, to: str | Path) -> Path:
    """A demo report of generated pairs (miner.synth), aligned from their truth activities."""
    from miner.synth.truth import gold_activities

    comps, texts, sources = [], {}, {}
    for pair in pairs:
        pid, sid = f"plan_{pair.stem}", f"summary_{pair.stem}"
        plans = gold_activities(pair.plan_gold, pair.plan_text, pid)
        reports = gold_activities(pair.summary_gold, pair.summary_text, sid)
        comps.append(compare_activities(plans, reports, settings, plan_doc=pid, summary_doc=sid,
                                        group_name=pair.plan_gold["group"],
                                        period_label=pair.plan_gold["period"]))
        texts[pid], texts[sid] = pair.plan_text, pair.summary_text
        sources[pid], sources[sid] = f"{pid}.txt", f"{sid}.txt"
    path = Path(to)
    path.write_text(render_report(comps, (), texts, sources, title="Plan versus report (generated pairs)"),
                    encoding="utf-8")
    return path
