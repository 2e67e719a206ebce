"""`miner load`: merge folders of Parquet shards (from `miner ingest --shards`) into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from miner.cli.app import DEFAULT_DB, DbOption, DebugOption, app, console, open_db, run, safe, setup


@app.command()
def load(
    shards: Annotated[list[Path], typer.Argument(help="Folders written by `miner ingest --shards`.")],
    db: DbOption = DEFAULT_DB,
    debug: DebugOption = False,
) -> None:
    """Merge Parquet shards into the database; documents it already holds (same sha256) are skipped,
    so loading the same shards twice changes nothing.

    Example: [bold]miner load shards-node1/ shards-node2/ --db miner.db[/]
    """
    setup(debug)
    from miner.store.shards import load_shards

    with open_db(db, must_exist=False) as store:
        summary = run(lambda: load_shards(shards, store))
    console.print(f"[bold]{summary.added}[/] documents added, [bold]{summary.skipped}[/] already present, "
                  f"{summary.errors} error rows, from {summary.parts} parts  →  {safe(db)}", highlight=False)
