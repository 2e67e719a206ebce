"""`miner eval`: score the extractor against a folder of gold annotation files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from miner.cli.app import ConfigOption, DebugOption, app, console, fail, out, run, safe, setup


@app.command("eval")
def eval_command(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold *.json files.")],
    docs: Annotated[Path | None, typer.Option("--docs", help="Folder of the documents the gold files name "
                                              "(default: GOLD_DIR/docs, else GOLD_DIR/../seeds).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the full report as JSON here.")]
    = None,
    per_doc: Annotated[bool, typer.Option("--per-doc", help="Show a row per document.")] = False,
    by: Annotated[Path | None, typer.Option("--by", help="A CSV with `id` and `genre` columns (such as "
                                            "shared/real/sources.csv): also print the figures per genre.")]
    = None,
    floors: Annotated[Path | None, typer.Option(
        "--floors", exists=True, dir_okay=False,
        help="A JSON file of floors ({\"floors\": {metric: value}}, optionally \"corpus_sha256\"): "
             "exit 1 when a figure is below its floor or the corpus changed.")] = None,
    oracle: Annotated[bool, typer.Option("--oracle", help="Score the gold against itself (must be 1.0): "
                                         "checks the scorer and the corpus, not the extractor.")] = False,
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Score schools, times and activities against gold annotations.

    Example: [bold]miner eval corpora/gold --json eval.json[/]
    """
    setup(debug)
    from miner.evaluate.gold import load_gold_dir
    from miner.evaluate.oracle import oracle_extractor
    from miner.evaluate.report import documents_table, groups_table, overall_table, read_groups
    from miner.evaluate.run import check_floors, evaluate, read_floors
    from miner.settings import load_settings

    settings = run(lambda: load_settings(config))
    for folder in (gold_dir, docs):
        if folder is not None and not folder.is_dir():
            fail(f"[A001] no such folder: {folder}")
    if by is not None and not by.is_file():
        fail(f"[A001] no such file: {by}")
    extractor = oracle_extractor(load_gold_dir(gold_dir)) if oracle else None
    with console.status("scoring…"):
        report = run(lambda: evaluate(gold_dir, docs, extractor=extractor, settings=settings))
    if per_doc:
        out.print(documents_table(report))
    if by is not None:
        out.print(groups_table(report, run(lambda: read_groups(by))))
    pinned = run(lambda: read_floors(floors)) if floors is not None else None
    out.print(overall_table(report, pinned.floors if pinned else None))
    for failed in report.failed:
        console.print(f"[yellow]failed:[/] {safe(failed.doc)}: {safe(failed.error)}", highlight=False)
    if json_out is not None:
        json_out.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"wrote {json_out}")
    if report.failed and pinned is None:  # the figures leave these documents out: not a clean run
        console.print(f"[yellow]{len(report.failed)} of {len(report.documents)} documents could not be "
                      "scored[/] (see above); the figures count them as empty", highlight=False)
        raise typer.Exit(1)
    if pinned is not None:
        problems = check_floors(report, pinned)
        for problem in problems:
            console.print(f"[red]gate:[/] {problem}", highlight=False)
        if problems:
            raise typer.Exit(1)
        console.print(f"gate: every figure at or above its floor ({floors})")
