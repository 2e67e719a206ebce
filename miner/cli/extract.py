"""`miner extract`: read files and show (or write) their tables at once, without a database."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from miner.cli.app import ConfigOption, DebugOption, app, console, exit_code, fail, out, run, safe, setup


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files to read (any format miner reads).")],
    to: Annotated[Path | None, typer.Option("--to", help="Also write the documents, mentions and "
                                            "activities tables of all files into this folder.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv | xlsx | jsonl | parquet")] = "csv",
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Extract files without a database: one table of activities per file, and with --to the
    documents, mentions and activities tables as `miner export` writes them.

    A file that cannot be read is one coded line and the others go on; the exit code is 1 when
    some files failed and 2 when all did.

    Example: [bold]miner extract corpora/examples/plan.txt --to plan-tables[/]
    """
    setup(debug)
    import pandas as pd
    from rich.table import Table

    import miner.export.formats  # noqa: F401  (registers the exporters)
    from miner.api import EXTRACT_TABLES, extract_file
    from miner.errors import MinerError
    from miner.export import EXPORTERS
    from miner.settings import load_settings

    settings = run(lambda: load_settings(config))
    if fmt not in EXPORTERS or fmt == "ics":
        fail(f"[M004] unknown table format {fmt!r}; choose csv, xlsx, jsonl or parquet")
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in EXTRACT_TABLES}
    failed = 0
    for path in paths:
        try:
            result = extract_file(path, settings)
        except MinerError as exc:
            failed += 1
            console.print(f"[red]{safe(str(path))}[/]: {safe(str(exc))}", highlight=False)
            continue
        facts = result.facts
        table = Table("id", "type", "mood", "time", "from", "to", "schools", "name",
                      title=f"{safe(str(path))}: {facts.kind}, {safe(facts.group_name or '?')}, "
                      f"{safe(facts.period.label if facts.period else '?')}")
        for a in result.activities:
            table.add_row(a.activity_id, a.type, a.mood, safe(a.time_text or ""), str(a.date_start or ""),
                          str(a.date_end or ""), safe("、".join(a.schools)),
                          safe(a.name or a.evidence[:30]))
        out.print(table)
        for name, frame in result.to_pandas().items():
            frames[name].append(frame)
    if to is not None and any(frames.values()):
        to.mkdir(parents=True, exist_ok=True)
        for name, parts in frames.items():
            path = to / f"{name}{EXPORTERS[fmt].suffix}"
            run(partial(EXPORTERS[fmt].write, pd.concat(parts, ignore_index=True), path))
            console.print(f"wrote {safe(str(path))}", highlight=False)
    raise typer.Exit(exit_code(failed, len(paths)))
