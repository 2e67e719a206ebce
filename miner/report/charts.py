"""Inline SVG charts for the report: planned-versus-reported timeline and fulfilment by type."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from html import escape

from miner.compare.align import Match

COLORS = {"done": "#2e7d32", "shifted": "#e69500", "cancelled": "#6a1b9a", "not_reported": "#c62828",
          "unplanned": "#1565c0"}
LABELS = {"done": "done", "shifted": "shifted", "cancelled": "cancelled", "not_reported": "not reported",
          "unplanned": "unplanned"}
FONT = "font-family='system-ui,-apple-system,Segoe UI,Noto Sans CJK SC,Microsoft YaHei,sans-serif'"


def _short(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _months(lo: dt.date, hi: dt.date) -> list[dt.date]:
    out, d = [], dt.date(lo.year, lo.month, 1)
    while d <= hi:
        out.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def legend(x: float, y: float) -> str:
    parts = []
    for i, (status, color) in enumerate(COLORS.items()):
        cx = x + i * 110
        parts.append(f"<rect x='{cx}' y='{y - 9}' width='10' height='10' rx='2' fill='{color}'/>"
                     f"<text x='{cx + 15}' y='{y}' font-size='11' fill='#444'>{LABELS[status]}</text>")
    return "".join(parts)


def timeline_svg(matches: Sequence[Match], width: int = 1080) -> str:
    """One row per planned (or unplanned) activity: the planned interval as a bar, the report as a dot."""
    rows = [m for m in matches if (m.plan and m.plan.date_start) or (m.report and m.report.date_start)]
    if not rows:
        return "<p class='muted'>No dated activities: no timeline to draw.</p>"
    days = [d for m in rows for a in (m.plan, m.report) if a for d in (a.date_start, a.date_end) if d]
    lo, hi = min(days) - dt.timedelta(days=5), max(days) + dt.timedelta(days=5)
    left, right, top, step = 230, 20, 44, 20
    span = max((hi - lo).days, 1)

    def x(d: dt.date) -> float:
        return left + (width - left - right) * (d - lo).days / span

    height = top + step * len(rows) + 16
    out = [f"<svg class='chart' role='img' aria-label='timeline of planned and reported dates' "
           f"viewBox='0 0 {width} {height}' width='100%' {FONT}>", legend(left, 14)]
    for month in _months(lo, hi):
        if month < lo:
            continue
        mx = x(month)
        if mx > width - right - 44:
            continue
        out.append(f"<line x1='{mx:.1f}' y1='{top - 12}' x2='{mx:.1f}' y2='{height - 8}' stroke='#e3e6ea'/>"
                   f"<text x='{mx + 3:.1f}' y='{top - 4}' font-size='10' fill='#777'>{month:%Y-%m}</text>")
    for i, m in enumerate(sorted(rows, key=_row_key)):
        y = top + step * i + 10
        color = COLORS[m.status]
        name = (m.plan or m.report).name or (m.plan or m.report).evidence  # type: ignore[union-attr]
        out.append(f"<text x='{left - 8}' y='{y + 4}' font-size='11' text-anchor='end' fill='#333'>"
                   f"{escape(_short(name))}</text>")
        if i % 2:
            out.append(f"<rect x='{left}' y='{y - 9}' width='{width - left - right}' height='{step}' "
                       "fill='#f7f8fa' opacity='0.6'/>")
        if m.plan and m.plan.date_start:
            a, b = x(m.plan.date_start), x(m.plan.date_end or m.plan.date_start)
            out.append(f"<rect x='{a:.1f}' y='{y - 5}' width='{max(b - a, 3):.1f}' height='10' rx='3' "
                       f"fill='{color}' opacity='0.28' stroke='{color}'><title>planned "
                       f"{escape(m.plan.time_text or str(m.plan.date_start))}</title></rect>")
        if m.report and m.report.date_start:
            r = x(m.report.date_start)
            if m.plan and m.plan.date_start and m.status == "shifted":
                a = x(m.plan.date_start)
                out.append(f"<line x1='{a:.1f}' y1='{y}' x2='{r:.1f}' y2='{y}' stroke='{color}' "
                           "stroke-dasharray='3 2'/>")
            out.append(f"<circle cx='{r:.1f}' cy='{y}' r='5' fill='{color}' stroke='#fff'><title>reported "
                       f"{escape(m.report.time_text or str(m.report.date_start))}</title></circle>")
    out.append("</svg>")
    return "".join(out)


def _row_key(m: Match) -> tuple[dt.date, str]:
    a = m.plan if m.plan and m.plan.date_start else m.report
    return (a.date_start if a and a.date_start else dt.date.max, a.activity_id if a else "")


def by_type_svg(matches: Sequence[Match], names: dict[str, str] | None = None, width: int = 560) -> str:
    """Stacked horizontal bars: done / shifted / cancelled / not reported per activity type, unplanned
    as a count."""
    names = names or {}
    counts: dict[str, Counter[str]] = {}
    for m in matches:
        a = m.plan or m.report
        if a is not None:
            counts.setdefault(a.type, Counter())[m.status] += 1
    if not counts:
        return "<p class='muted'>No activities.</p>"
    order = sorted(counts, key=lambda t: -sum(counts[t].values()))
    planned = ("done", "shifted", "cancelled", "not_reported")
    most = max(sum(c[s] for s in planned) for c in counts.values()) or 1
    left, top, step = 200, 30, 22
    bar_w = width - left - 80
    height = top + step * len(order) + 10
    out = [f"<svg class='chart' role='img' aria-label='fulfilment by activity type' "
           f"viewBox='0 0 {width} {height}' width='100%' {FONT}>"]
    for i, t in enumerate(order):
        y = top + i * step
        label = names.get(t, t)
        out.append(f"<text x='{left - 8}' y='{y + 12}' font-size='11' text-anchor='end' fill='#333'>"
                   f"{escape(label)}</text>")
        x = float(left)
        for status in ("done", "shifted", "cancelled", "not_reported"):
            n = counts[t][status]
            if n:
                w = bar_w * n / most
                out.append(f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='15' fill='{COLORS[status]}'>"
                           f"<title>{escape(label)}: {n} {LABELS[status]}</title></rect>")
                if w > 14:
                    out.append(f"<text x='{x + w / 2:.1f}' y='{y + 11.5}' font-size='10' fill='#fff' "
                               f"text-anchor='middle'>{n}</text>")
                x += w
        if counts[t]["unplanned"]:
            out.append(f"<text x='{x + 6:.1f}' y='{y + 12}' font-size='10' fill='{COLORS['unplanned']}'>"
                       f"+{counts[t]['unplanned']} unplanned</text>")
    out.append("</svg>")
    return "".join(out)
