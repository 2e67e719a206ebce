"""`miner documents`: the documents in the store as a readable table."""

from __future__ import annotations

from typing import Annotated

import typer

from miner.cli.app import DEFAULT_DB, DbOption, DebugOption, app, open_db, out, safe, setup


@app.command()
def documents(
    db: DbOption = DEFAULT_DB,
    errors: Annotated[bool, typer.Option("--errors", help="List the errors table instead.")] = False,
    debug: DebugOption = False,
) -> None:
    """Show what the database holds: one line per document (or per error with --errors).

    Example: [bold]miner documents --db miner.db[/]
    """
    setup(debug)
    from rich.table import Table

    with open_db(db) as store:
        if errors:
            table = Table("source", "stage", "error", title=f"errors in {safe(db)}", show_lines=False)
            for r in store.rows("SELECT source, stage, error FROM errors ORDER BY source"):
                table.add_row(safe(r["source"]), safe(r["stage"]), safe(r["error"]))
        else:
            table = Table(
                "doc_id",
                "kind",
                "group",
                "period",
                "format",
                "chars",
                "acts",
                "title",
                title=f"documents in {safe(db)}",
            )
            for r in store.documents():
                table.add_row(
                    r["doc_id"][:12],
                    r["kind"] or "",
                    safe(r["group_name"] or ""),
                    safe(r["period_label"] or ""),
                    safe(r["format"]),
                    str(r["n_chars"]),
                    str(r["n_activities"] or 0),
                    safe((r["title"] or "")[:40]),
                )
    out.print(table)
