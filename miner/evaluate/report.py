"""Render an EvalReport as rich tables (the CLI prints them; notebooks can too)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from rich.table import Table

from miner.evaluate.run import EvalReport
from miner.evaluate.score import Ratio

# (DocScore field, property, column label)
_DOC_COLUMNS = (("schools", "f1", "sch F1"), ("times", "f1", "time F1"), ("when", "value", "when"),
                ("activities", "precision", "act P"), ("activities", "recall", "act R"),
                ("activities", "f1", "act F1"), ("types", "value", "type"),
                ("activity_schools", "f1", "act-sch F1"))


def overall_table(report: EvalReport, floors: dict[str, float] | None = None) -> Table:
    """The headline figures, with a floor column when floors are given."""
    table = Table(title=f"miner eval: {report.gold_dir} ({len(report.documents)} documents, "
                        f"{len(report.failed)} failed)")
    table.add_column("metric")
    table.add_column("value", justify="right")
    if floors is not None:
        table.add_column("floor", justify="right")
    for key, value in report.overall.items():
        row = [key, f"{value:.3f}"]
        if floors is not None:
            floor = floors.get(key)
            mark = "" if floor is None else (f"{floor:.3f}" + (" [red]below[/]" if value < floor else ""))
            row.append(mark)
        table.add_row(*row)
    return table


def documents_table(report: EvalReport) -> Table:
    """One row per document: the main F1s and accuracies, and the error if it failed."""
    table = Table(title="per document")
    table.add_column("document")
    for _, _, label in _DOC_COLUMNS:
        table.add_column(label, justify="right")
    table.add_column("gold/pred/hit", justify="right")
    for d in report.documents:
        cells = [f"{getattr(getattr(d, attr), prop):.2f}" for attr, prop, _ in _DOC_COLUMNS]
        a = d.activities
        counts = f"{a.tp + a.fn}/{a.tp + a.fp}/{a.tp}"
        table.add_row(d.doc + (f" [red]({d.error})[/]" if d.error else ""), *cells, counts)
    return table


def read_groups(csv_path: str | Path, column: str = "genre") -> dict[str, set[str]]:
    """Document ids by the value of one column of a CSV with an `id` column (sources.csv)."""
    groups: dict[str, set[str]] = defaultdict(set)
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("id") and row.get(column):
                groups[row[column]].add(row["id"])
    return dict(groups)


def groups_table(report: EvalReport, groups: dict[str, set[str]], title: str = "per genre") -> Table:
    """The headline figures for each group of documents present in the report (micro-averaged)."""
    table = Table(title=title)
    table.add_column("group")
    table.add_column("docs", justify="right")
    for _, _, label in _DOC_COLUMNS:
        table.add_column(label, justify="right")
    table.add_column("kind", justify="right")
    present = {d.doc for d in report.documents}
    for name, ids in sorted(groups.items(), key=lambda kv: -len(kv[1] & present)):
        part = report.subset(ids & present)
        if not part.documents:
            continue
        cells = [f"{getattr(part.total(attr), prop):.2f}" for attr, prop, _ in _DOC_COLUMNS]
        kind = part.total("kind")
        assert isinstance(kind, Ratio)
        table.add_row(name, str(len(part.documents)), *cells, f"{kind.value:.2f}")
    return table
