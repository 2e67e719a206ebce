"""`miner compare`: pair plans with summaries, align their activities, write the comparison table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from miner.cli.app import (
    DEFAULT_DB,
    ConfigOption,
    DbOption,
    DebugOption,
    EngineOption,
    SchedulerOption,
    app,
    console,
    open_db,
    out,
    run,
    safe,
    setup,
)


@app.command()
def compare(
    plan: Annotated[str | None, typer.Option("--plan", help="Plan: doc_id, prefix, path or URL.")] = None,
    summary: Annotated[str | None, typer.Option(
        "--summary", help="Summary: doc_id, unique prefix, path or URL.")] = None,
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
    tolerance: Annotated[int | None, typer.Option(
        "--tolerance", help="Days a match may be off before it counts as shifted.")] = None,
    threshold: Annotated[float | None, typer.Option(
        "--threshold", help="Minimum matcher probability for a match.")] = None,
    review_below: Annotated[float | None, typer.Option(
        "--review-below", help="Decisions less probable than this need review.")] = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", help="Also print rates by group, school, type, month or term (repeatable).")] = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    apply_review: Annotated[Path | None, typer.Option(
        "--apply-review", help="An exported comparison XLSX (or CSV) with a reviewer's corrections: "
        "keep them, then compare again.")] = None,
    eval_dir: Annotated[Path | None, typer.Option(
        "--eval", help="Score the comparison on annotated pairs (a corpora/pairs split) instead; "
        "no database needed.")] = None,
    debug: DebugOption = False,
) -> None:
    """Compare what was planned with what was reported, for every plan/summary pair of the same group
    and period (or the pair you name), and write the comparison table. Each decision carries the
    matcher's probability; the unsure ones are marked needs_review.

    Example: [bold]miner compare --db miner.db[/]   or   [bold]miner compare --plan 9f62 --summary 34e6[/]
    or   [bold]miner compare --apply-review tables/comparison.xlsx[/]   or
    [bold]miner compare --eval corpora/pairs/test[/]
    """
    setup(debug)
    from rich.table import Table

    from miner.compare import compare_store, fulfilment
    from miner.settings import load_settings

    settings = run(lambda: load_settings(config)).replace("compare", tolerance_days=tolerance,
                                                           threshold=threshold, review_below=review_below)
    settings = settings.replace("engine", name=engine, scheduler=scheduler)
    if eval_dir is not None:
        _evaluate(eval_dir, settings)
        return
    with open_db(db) as store:
        if apply_review is not None:
            from miner.compare import apply_review as keep_review

            kept = run(lambda: keep_review(store, apply_review))
            console.print(f"{kept} correction(s) from {safe(apply_review.name)} kept; comparing again")
        result = run(lambda: compare_store(store, settings, plan, summary))
    for note in result.notes:
        console.print(safe(note), highlight=False)
    table = Table("group", "period", "planned", "done", "shifted", "cancelled", "not reported", "unplanned",
                  "needs review", "fulfilment", "without review", title="plan versus report")
    for comp in result.comparisons:
        c, sure = comp.counts(), comp.counts(sure_only=True)
        flagged = sum(m.needs_review for m in comp.matches)
        table.add_row(safe(comp.group_name or "?"), safe(comp.period_label or "?"), str(c["planned"]),
                      str(c["done"]), str(c["shifted"]), str(c["cancelled"]), str(c["not_reported"]),
                      str(c["unplanned"]), str(flagged),
                      _rate(fulfilment(c["done"], c["shifted"], c["planned"])),
                      _rate(fulfilment(sure["done"], sure["shifted"], sure["planned"])))
        for note in comp.notes:
            console.print(f"[yellow]note[/] {safe(comp.group_name)}: {safe(note)}", highlight=False,
                          soft_wrap=True)
    if result.comparisons:
        out.print(table)
    if result.comparisons and by:
        _print_rollups(result.comparisons, by)
    if result.unpaired:
        left = Table("kind", "group", "period", "document", "reason", title="not paired", expand=True)
        for u in result.unpaired:
            left.add_row(u.doc.kind or "?", safe(u.doc.group_name or "?"), safe(u.doc.period_label or "?"),
                         safe((u.doc.source or u.doc.doc_id[:12]).rsplit("/", 1)[-1]), safe(u.reason))
        out.print(left)
    if not result.comparisons:
        raise typer.Exit(1)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _evaluate(folder: Path, settings: object) -> None:
    from miner.compare.align import STATUSES
    from miner.compare.score import evaluate_pairs

    for mode in ("extract", "gold"):
        score = run(lambda: evaluate_pairs(folder, settings, mode))  # type: ignore[arg-type]  # noqa: B023
        d = score.as_dict()
        what = ("end to end (parse + extract + match)" if mode == "extract"
                else "annotated activities (match only)")
        out.print(f"{what}: {d['pairs']} pairs, {d['decisions']} decisions, "
                  f"status accuracy {d['accuracy']:.3f}, "
                  f"unflagged accuracy {d['unflagged_accuracy']:.3f}, flagged {d['flagged_share']:.1%}"
                  + (f", not found by the extractor {d['missed']}" if mode == "extract" else ""),
                  highlight=False, soft_wrap=True)
        out.print("  recall " + ", ".join(f"{s} {score.recall(s):.2f} (n={score.support[s]})"
                                          for s in STATUSES),
                  highlight=False, soft_wrap=True)


def _print_rollups(comparisons: object, by: list[str]) -> None:
    from rich.table import Table

    from miner.compare import rollup

    frames = run(lambda: rollup(comparisons, by))  # type: ignore[arg-type]
    for key, frame in frames.items():
        table = Table(*[str(c) for c in frame.columns], title=f"fulfilment by {key}")
        for row in frame.itertuples(index=False):
            table.add_row(*["—" if v != v else (f"{v:.0%}" if isinstance(v, float) else safe(v))
                            for v in row])
        out.print(table)
