"""Render plan-versus-report comparisons as ONE self-contained HTML file (inline CSS and SVG)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from html import escape
from importlib import resources

from miner.compare.align import Match, PairComparison
from miner.compare.pairing import Unpaired
from miner.compare.rollup import NO_VALUE, fulfilment, rollup
from miner.records import Activity
from miner.report.charts import COLORS, LABELS, by_type_svg, timeline_svg

_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_PUNCT = re.compile(r"^[\s\W_]+$")

CSS = """
:root{--ink:#1f2933;--muted:#6b7785;--line:#e3e6ea;--bg:#f5f6f8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.55 system-ui,-apple-system,"Segoe UI",
"Noto Sans CJK SC","Microsoft YaHei",sans-serif}
header.top{background:#17324d;color:#fff;padding:22px 40px}
header.top h1{margin:0;font-size:22px;font-weight:600}
header.top p{margin:4px 0 0;color:#c9d6e3;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:24px 40px 60px}
section.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:20px 24px;margin:0 0 24px}
h2{margin:0 0 4px;font-size:19px}
h3{margin:22px 0 8px;font-size:15px;color:#34495e}
.muted{color:var(--muted)}
.docs{font-size:12px;color:var(--muted);margin-bottom:12px}
.kpis{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.kpi{flex:1 1 120px;border:1px solid var(--line);border-radius:6px;padding:10px 14px;
border-top:4px solid #90a4ae}
.kpi b{display:block;font-size:24px;line-height:1.2}
.kpi span{font-size:12px;color:var(--muted)}
.notes{background:#fff8e1;border:1px solid #ffe08a;border-radius:6px;padding:8px 14px 8px 30px;
margin:10px 0;font-size:13px}
.notes li{margin:2px 0}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:24px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#fafbfc;font-weight:600;color:#455a64}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.schools td:first-child{white-space:nowrap}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;white-space:nowrap}
.ev{margin:0}
.ev small{display:block;color:var(--muted)}
mark{background:#fff0a8;padding:0 1px;border-radius:2px}
.reasons{font-size:12px;color:var(--muted)}
tr.review td{background:#fff8e1}
.flag{display:inline-block;margin-top:4px;padding:0 6px;border:1px solid #e0a800;border-radius:8px;
color:#8a6100;font-size:11px;white-space:nowrap}
.manual{display:inline-block;margin-top:4px;padding:0 6px;border:1px solid #17324d;border-radius:8px;
color:#17324d;font-size:11px}
details summary{cursor:pointer;color:#17324d}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:30px}
"""


@lru_cache(maxsize=1)
def type_names() -> dict[str, str]:
    """Chinese names of the taxonomy codes (from miner/data/taxonomy.toml when present)."""
    try:
        data = tomllib.loads(resources.files("miner.data").joinpath("taxonomy.toml").read_text("utf-8"))
        return {code: f"{v.get('zh', code)} {code}" for code, v in data.get("types", {}).items()}
    except (FileNotFoundError, tomllib.TOMLDecodeError):
        return {}


def sentence(text: str | None, a: Activity) -> str:
    """The sentence of `text` around an activity (its evidence when the text is not known)."""
    if not text or not (0 <= a.start < a.end <= len(text)):
        return a.evidence
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, a.start)]
    begin = starts[-1] if starts else 0
    end_match = _SENTENCE_END.search(text, a.end)
    end = end_match.end() if end_match else len(text)
    out = text[begin:end].strip()
    return out if len(out) <= 220 else a.evidence


def shared_spans(text: str, other: str, minimum: int = 2) -> list[tuple[int, int]]:
    """Spans of `text` that also occur in `other` (at least `minimum` characters, not just punctuation)."""
    marks = [False] * len(text)
    for i in range(len(text)):
        for j in range(len(text), i + minimum - 1, -1):
            piece = text[i:j]
            if piece in other and not _PUNCT.match(piece):
                for k in range(i, j):
                    marks[k] = True
                break
    spans, i = [], 0
    while i < len(text):
        if marks[i]:
            j = i
            while j < len(text) and marks[j]:
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def highlight(text: str, other: str | None) -> str:
    """Escaped `text` with the words it shares with `other` in <mark>."""
    if not other:
        return escape(text)
    out, last = [], 0
    for a, b in shared_spans(text, other):
        out.append(escape(text[last:a]) + "<mark>" + escape(text[a:b]) + "</mark>")
        last = b
    return "".join(out) + escape(text[last:])


def _badge(status: str) -> str:
    return f"<span class='badge' style='background:{COLORS[status]}'>{LABELS[status]}</span>"


def _evidence(a: Activity | None, text: str | None, partner: Activity | None) -> str:
    if a is None:
        return "<span class='muted'>—</span>"
    sent = sentence(text, a)
    other = (partner.name or partner.evidence) if partner else None
    when = a.time_text or (a.date_start.isoformat() if a.date_start else "no date")
    schools = "、".join(a.schools)
    meta = " · ".join(x for x in (escape(a.activity_id), escape(when), escape(schools)) if x)
    return f"<p class='ev'>{highlight(sent, other)}<small>{meta}</small></p>"


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _kpis(comp: PairComparison) -> str:
    c, sure = comp.counts(), comp.counts(sure_only=True)
    planned = c["planned"]
    flagged = sum(m.needs_review for m in comp.matches)
    cards = [("planned", str(planned), "#90a4ae"), ("done", str(c["done"]), COLORS["done"]),
             ("shifted", str(c["shifted"]), COLORS["shifted"]),
             ("cancelled", str(c["cancelled"]), COLORS["cancelled"]),
             ("not reported", str(c["not_reported"]), COLORS["not_reported"]),
             ("unplanned", str(c["unplanned"]), COLORS["unplanned"]),
             ("need review", str(flagged), "#e0a800"),
             ("fulfilment", _rate(fulfilment(c["done"], c["shifted"], planned)), "#17324d"),
             ("fulfilment, sure decisions", _rate(fulfilment(sure["done"], sure["shifted"], sure["planned"])),
              "#17324d"),
             ("on time", _rate(fulfilment(c["done"], 0, planned)), "#17324d")]
    return "<div class='kpis'>" + "".join(
        f"<div class='kpi' style='border-top-color:{col}'><b>{val}</b><span>{name}</span></div>"
        for name, val, col in cards) + "</div>"


def _school_table(comp: PairComparison) -> str:
    frame = rollup([comp], by=("school",))["school"]
    if not len(frame):
        return "<p class='muted'>No schools named.</p>"
    head = "<tr><th>school</th>" + "".join(f"<th class='num'>{h}</th>" for h in (
        "planned", "done", "shifted", "cancelled", "not reported", "unplanned", "fulfilment")) + "</tr>"
    body = []
    for r in frame.itertuples(index=False):
        rate = "—" if r.fulfilment != r.fulfilment else f"{r.fulfilment:.0%}"  # NaN check
        school = "(no school named)" if r.school == NO_VALUE else str(r.school)
        body.append(f"<tr><td>{escape(school)}</td><td class='num'>{r.planned}</td>"
                    f"<td class='num'>{r.done}</td><td class='num'>{r.shifted}</td>"
                    f"<td class='num'>{r.cancelled}</td><td class='num'>{r.not_reported}</td>"
                    f"<td class='num'>{r.unplanned}</td><td class='num'>{rate}</td></tr>")
    return f"<table class='schools'>{head}{''.join(body)}</table>"


def review_order(matches: Sequence[Match]) -> list[Match]:
    """Decisions that need review first (least probable first), then the others in their order."""
    flagged = sorted((m for m in matches if m.needs_review), key=lambda m: m.probability or 0.0)
    return flagged + [m for m in matches if not m.needs_review]


def _rows(matches: Sequence[Match], texts: Mapping[str, str]) -> str:
    head = ("<tr><th>status</th><th style='width:36%'>planned (plan)</th><th style='width:36%'>reported "
            "(summary)</th><th class='num'>days</th><th>probability · why</th></tr>")
    body = []
    for m in review_order(matches):
        ptext = texts.get(m.plan.doc_id) if m.plan else None
        rtext = texts.get(m.report.doc_id) if m.report else None
        shift = "" if m.shift_days is None else f"{m.shift_days:+d}"
        prob = "" if m.probability is None else f"{m.probability:.2f} · "
        flag = "<br><span class='flag'>needs review</span>" if m.needs_review else ""
        flag += "<br><span class='manual'>reviewer</span>" if m.manual else ""
        said = f"<p class='ev'>{escape(m.statement)}</p>" if m.statement and not m.report else None
        body.append(f"<tr{' class=review' if m.needs_review else ''}><td>{_badge(m.status)}{flag}</td>"
                    f"<td>{_evidence(m.plan, ptext, m.report)}</td>"
                    f"<td>{said or _evidence(m.report, rtext, m.plan)}</td><td class='num'>{shift}</td>"
                    f"<td class='reasons'>{escape(prob)}{escape(m.reasons)}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def _pair_section(comp: PairComparison, texts: Mapping[str, str], sources: Mapping[str, str]) -> str:
    title = f"{comp.group_name or 'unknown group'} · {comp.period_label or 'unknown period'}"
    docs = "plan: " + ", ".join(escape(sources.get(d, d[:12])) for d in comp.plan_docs)
    docs += " &nbsp;|&nbsp; summary: " + escape(sources.get(comp.summary_doc, comp.summary_doc[:12]))
    notes = ""
    if comp.notes:
        notes = "<ul class='notes'>" + "".join(f"<li>{escape(n)}</li>" for n in comp.notes) + "</ul>"
    return (f"<section class='card'><h2>{escape(title)}</h2><div class='docs'>{docs}</div>{notes}"
            f"{_kpis(comp)}<h3>Planned versus reported dates</h3>{timeline_svg(comp.matches)}"
            f"<div class='grid'><div><h3>Fulfilment by activity type</h3>"
            f"{by_type_svg(comp.matches, type_names())}</div>"
            f"<div><h3>By school</h3>{_school_table(comp)}</div></div>"
            f"<h3>Every activity, with its evidence</h3>{_rows(comp.matches, texts)}</section>")


def _unpaired(unpaired: Sequence[Unpaired], sources: Mapping[str, str], open_: bool) -> str:
    """The documents left unpaired, with reasons: after the pairs, folded when there are pairs."""
    if not unpaired:
        return ""
    rows = "".join(f"<tr><td>{escape(u.doc.kind or '?')}</td><td>{escape(u.doc.group_name or '—')}</td>"
                   f"<td>{escape(u.doc.period_label or '—')}</td>"
                   f"<td>{escape(sources.get(u.doc.doc_id, u.doc.source or u.doc.doc_id[:12]))}</td>"
                   f"<td>{escape(u.reason)}</td></tr>" for u in unpaired)
    return (f"<section class='card'><details{' open' if open_ else ''}><summary><h2 style='display:inline'>"
            f"Documents that could not be paired ({len(unpaired)})</h2></summary><table><tr><th>kind</th>"
            f"<th>group</th><th>period</th><th>document</th><th>reason</th></tr>{rows}</table>"
            "</details></section>")


def render_report(comparisons: Sequence[PairComparison], unpaired: Sequence[Unpaired] = (),
                  texts: Mapping[str, str] | None = None, sources: Mapping[str, str] | None = None,
                  title: str = "Plan versus report", subtitle: str = "") -> str:
    """The whole report as one HTML string: no scripts, no network, all document text escaped."""
    texts, sources = texts or {}, sources or {}
    totals: dict[str, int] = {}
    for comp in comparisons:
        for k, v in comp.counts().items():
            totals[k] = totals.get(k, 0) + v
    flagged = sum(m.needs_review for comp in comparisons for m in comp.matches)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    summary = (f"{len(comparisons)} pair(s) compared · {totals.get('planned', 0)} planned · "
               f"{totals.get('done', 0)} done · {totals.get('shifted', 0)} shifted · "
               f"{totals.get('cancelled', 0)} cancelled · {totals.get('not_reported', 0)} not reported · "
               f"{totals.get('unplanned', 0)} unplanned · {flagged} decision(s) need review · "
               f"{len(unpaired)} document(s) unpaired")
    body = "".join(_pair_section(c, texts, sources) for c in comparisons)
    if not comparisons:
        body = "<section class='card'><p class='muted'>No plan and summary could be paired.</p></section>"
    return ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            f"<header class='top'><h1>{escape(title)}</h1><p>{escape(subtitle or summary)}</p></header>"
            f"<main>{body}{_unpaired(unpaired, sources, open_=not comparisons)}"
            f"<footer>generated by miner · {stamp} · "
            f"{escape(summary)}</footer></main></body></html>")
