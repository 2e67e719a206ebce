"""`miner report`: the self-contained HTML report of plan versus report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from miner.cli.app import DEFAULT_DB, ConfigOption, DbOption, DebugOption, app, console, open_db, run, setup


@app.command()
def report(
    to: Annotated[Path, typer.Option("--to", help="HTML file to write.")] = Path("report.html"),
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan (doc_id, path, URL).")] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="Only this summary.")] = None,
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Write ONE self-contained HTML file (no network needed): per pair a headline, a timeline of planned
    versus reported dates, fulfilment by type, a per-school table and every activity with its evidence.

    Example: [bold]miner report --db miner.db --to report.html[/]
    """
    setup(debug)
    from miner.report import write_report
    from miner.settings import load_settings

    settings = run(lambda: load_settings(config))
    with open_db(db) as store:
        path, n_pairs, n_unpaired = run(lambda: write_report(store, settings, to, plan, summary))
    console.print(f"wrote {path}: {n_pairs} pair(s), {n_unpaired} unpaired document(s)")
