"""`miner compare`: pair plans with summaries, align their activities, write the comparison table."""

from __future__ import annotations

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
    threshold: Annotated[float | None, typer.Option("--threshold", help="Minimum score for a match.")] = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", help="Also print rates by group, school, type, month or term (repeatable).")] = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    debug: DebugOption = False,
) -> None:
    """Compare what was planned with what was reported, for every plan/summary pair of the same group
    and period (or the pair you name), and write the comparison table.

    Example: [bold]miner compare --db miner.db[/]   or   [bold]miner compare --plan 9f62 --summary 34e6[/]
    """
    setup(debug)
    from rich.table import Table

    from miner.compare import compare_store
    from miner.settings import load_settings

    settings = run(lambda: load_settings(config)).replace("compare", tolerance_days=tolerance,
                                                           threshold=threshold)
    settings = settings.replace("engine", name=engine, scheduler=scheduler)
    with open_db(db) as store:
        result = run(lambda: compare_store(store, settings, plan, summary))
    for note in result.notes:
        console.print(safe(note), highlight=False)
    table = Table("group", "period", "planned", "done", "shifted", "not reported", "unplanned", "fulfilment",
                  title="plan versus report")
    for comp in result.comparisons:
        c = comp.counts()
        rate = f"{(c['done'] + c['shifted']) / c['planned']:.0%}" if c["planned"] else "—"
        table.add_row(safe(comp.group_name or "?"), safe(comp.period_label or "?"), str(c["planned"]),
                      str(c["done"]), str(c["shifted"]), str(c["not_reported"]), str(c["unplanned"]), rate)
        for note in comp.notes:
            console.print(f"[yellow]note[/] {safe(comp.group_name)}: {safe(note)}", highlight=False)
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
