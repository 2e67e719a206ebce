"""`miner ingest`: files, folders and zips into the store, with a progress bar and a summary."""

from __future__ import annotations

from functools import partial
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
    exit_code,
    open_db,
    run,
    safe,
    setup,
)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders (read recursively) or .zip archives.")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int | None, typer.Option(help="Worker processes (0 = one per core).")] = None,
    max_file_mb: Annotated[float | None, typer.Option(help="Refuse files larger than this.")] = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    shards: Annotated[Path | None, typer.Option(
        help="Write Parquet shards to this folder, not the database (merge with `miner load`).")] = None,
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Read plans and summaries in any format into the database.

    Documents already in the database (same bytes) are skipped, so running it again is safe.
    Inputs that cannot be read become rows of the errors table; the exit code is 1 when some
    inputs failed and 2 when all did.

    With [bold]--engine dask[/] the documents are parsed on a Dask cluster ([bold]--scheduler[/]
    tcp://host:8786, or a local cluster); [bold]--shards DIR[/] leaves the tables as Parquet files
    where the workers run, for `miner load`.

    Example: [bold]miner ingest corpora/ old-docs.zip --db miner.db[/]
    """
    setup(debug)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from miner.cli.worker import check_resources, start_worker
    from miner.core import ingest as ingest_paths
    from miner.settings import load_settings

    settings = run(lambda: load_settings(config))
    settings = settings.replace("ingest", workers=workers, max_file_mb=max_file_mb)
    settings = settings.replace("engine", name=engine, scheduler=scheduler)
    run(lambda: check_resources(settings))
    counts = {"added": 0, "skipped": 0, "failed": 0}
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[status]}"), console=console, transient=True) as bar:
        task = bar.add_task("ingest", total=None, status="")

        def progress(event: str, source: str) -> None:
            counts[event] += 1
            bar.update(task, advance=1, status=f"added {counts['added']} · skipped {counts['skipped']} · "
                                             f"failed {counts['failed']}")
            if event == "failed":
                bar.console.print(f"[yellow]failed:[/] {safe(source)}", highlight=False)

        warm = partial(start_worker, settings)  # each worker loads, warms up and freezes the resources
        if shards is not None:
            from miner.sharded import ingest_to_shards

            summary = run(lambda: ingest_to_shards(paths, shards, settings, progress))
        else:
            with open_db(db, must_exist=False) as store:
                summary = run(lambda: ingest_paths(paths, store, settings, progress, warm))
    for err in summary.errors:
        console.print(f"  [red]{safe(err.source)}[/]: {safe(err.error)}", highlight=False)
    console.print(f"[bold]{summary.added}[/] documents added, [bold]{summary.skipped}[/] skipped as already "
                  f"present, [bold]{summary.failed}[/] failed  →  {safe(shards or db)}", highlight=False)
    raise typer.Exit(exit_code(summary.failed, summary.total))
