"""`miner export`: one file per table, in csv, xlsx, jsonl, parquet or ics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from miner.cli.app import DEFAULT_DB, DbOption, DebugOption, app, console, open_db, run, safe, setup


@app.command()
def export(
    to: Annotated[Path, typer.Option("--to", help="Folder to write the files into.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv | xlsx | jsonl | parquet | ics")] = "csv",
    table: Annotated[list[str] | None, typer.Option("--table", "-t",
                                                    help="Only these tables (repeatable).")] = None,
    db: DbOption = DEFAULT_DB,
    neutralise: Annotated[bool, typer.Option(
        "--neutralise-formulas/--keep-formulas",
        help="In CSV and XLSX, put an apostrophe before text starting with = + - @ (OWASP).")] = True,
    debug: DebugOption = False,
) -> None:
    """Write the database's tables to files: documents, mentions, activities, comparison, errors, ...

    CSV is UTF-8 with a byte-order mark so Excel shows Chinese correctly; every file also opens
    in pandas. Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
    apostrophe in CSV and XLSX (--keep-formulas turns that off); the database, Parquet and JSONL
    keep it raw. `ics` writes dated activities as calendar events.

    Example: [bold]miner export --to out --format xlsx[/]
    """
    setup(debug)
    from miner.export import export_tables

    with open_db(db) as store:
        files = run(lambda: export_tables(store, to, fmt, table, neutralise=neutralise))
    for path in files:
        console.print(f"wrote {safe(str(path))}", highlight=False)
