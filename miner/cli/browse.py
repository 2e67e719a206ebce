"""`miner browse`: the store in Datasette, with descriptions, labels and facets (group, period, type)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from miner.cli.app import DEFAULT_DB, DbOption, DebugOption, app, console, open_db, run, setup


@app.command()
def browse(
    port: Annotated[int, typer.Option("--port", help="Port to serve on (127.0.0.1 only).")] = 8001,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            help="Only write Datasette's metadata JSON here (for your own `datasette` command) and exit.",
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    debug: DebugOption = False,
) -> None:
    """Browse the tables in your web browser with Datasette: facets by group, period, type and status.

    Needs the optional extra: pip install 'miner\\[browse]'. Stop it with Ctrl-C.

    Example: [bold]miner browse --db demo-output/miner.db[/] then open http://127.0.0.1:8001
    """
    setup(debug)
    import tempfile

    from miner.analyze.browse import serve, write_metadata

    with open_db(db):  # a coded line for a missing or junk file; brings an older schema up to date
        pass
    if metadata is not None:
        console.print(f"wrote {run(lambda: write_metadata(db, metadata))}", highlight=False)
        return
    with tempfile.TemporaryDirectory() as tmp:
        meta = run(lambda: write_metadata(db, Path(tmp) / "metadata.json"))
        console.print(f"serving {db} on http://127.0.0.1:{port} (Ctrl-C stops)", highlight=False)
        raise typer.Exit(run(lambda: serve(db, meta, port=port)))
