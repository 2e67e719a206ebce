"""`miner synth`: generate plan/summary pairs with known truth, and score alignment on them."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from miner.cli.app import ConfigOption, DebugOption, app, console, out, run, setup


@app.command()
def synth(
    pairs: Annotated[int, typer.Option("--pairs", "-n", min=1, help="How many plan/summary pairs.")] = 20,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")] = 0,
    to: Annotated[Path | None, typer.Option("--to", help="Folder to write the pairs and truth into.")] = None,
    evaluate: Annotated[bool, typer.Option("--eval", help="Score alignment against the truth.")] = False,
    end_to_end: Annotated[bool, typer.Option(
        "--end-to-end", help="With --eval: run the real parser and extractor on the text first.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Also write an HTML report.")] = None,
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Generate realistic plan/summary pairs (plan_XXX.txt, summary_XXX.txt, their truth JSON and
    align_XXX.json) and optionally score plan-versus-report alignment on them.

    Example: [bold]miner synth --pairs 200 --seed 7 --to synth/ --eval[/]
    """
    setup(debug)
    from miner.settings import load_settings
    from miner.synth import evaluate as evaluate_pairs
    from miner.synth import generate_pairs, write_pair

    settings = run(lambda: load_settings(config))
    if to is None and not evaluate and report is None:
        console.print("nothing to do: give --to DIR, --eval or --report FILE")
        raise typer.Exit(2)
    generated = list(generate_pairs(pairs, seed, settings.compare.tolerance_days)) if to or report else []
    if to:
        folder = to
        for pair in generated:
            run(partial(write_pair, pair, folder))
        console.print(f"wrote {len(generated)} pair(s) with truth to {to}")
    if report:
        from miner.report import report_from_pairs

        run(lambda: report_from_pairs(generated, settings, report))
        console.print(f"wrote the report to {report}")
    if evaluate:
        from rich.table import Table

        mode = "extract" if end_to_end else "truth"
        result = run(lambda: evaluate_pairs(pairs, seed, settings, mode))
        table = Table("measure", "value", title=f"alignment on {result.pairs} generated pairs ({mode})")
        table.add_row("activities", str(result.activities))
        table.add_row("status accuracy", f"{result.accuracy:.3f}")
        for status in ("done", "shifted", "not_reported", "unplanned"):
            table.add_row(f"recall {status}", f"{result.recall(status):.3f} (n={result.support[status]})")
        if mode == "extract":
            table.add_row("truth activities not found", str(result.missed))
        out.print(table)
