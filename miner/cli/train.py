"""`miner train`: retrain the activity typer and rebuild the spaCy pipeline from corpora/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from miner.cli.app import DebugOption, app, console, out, run, setup


@app.command()
def train(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Folder of labelled *.jsonl units.")] = None,
    to: Annotated[Path | None, typer.Option("--to", help="Folder for the typer model and card.")] = None,
    nlp_to: Annotated[Path | None, typer.Option("--nlp-to", help="Folder for the spaCy pipeline.")] = None,
    skip_nlp: Annotated[bool, typer.Option("--skip-nlp", help="Only retrain the typer.")] = False,
    pairs: Annotated[Path | None, typer.Option(
        "--pairs", help="Train the plan-versus-report matcher instead, on PAIRS/train.")] = None,
    debug: DebugOption = False,
) -> None:
    """Retrain the activity typer on corpora/training and rebuild models/nlp; print held-out accuracy.
    With --pairs, train the plan-versus-report matcher on annotated pairs instead (into --to, default
    models/matcher).

    Example: [bold]miner train[/]  or  [bold]miner train --pairs corpora/pairs[/]
    """
    setup(debug)
    if pairs is not None:
        _train_matcher(pairs, to)
        return
    from miner.extract.nlp import build_nlp
    from miner.extract.typer import train as train_typer

    console.print("training the activity typer ...")
    report = run(lambda: train_typer(corpus, to))
    para = "n/a" if report.paraphrase_accuracy is None else f"{report.paraphrase_accuracy:.3f}"
    out.print(f"typer: {report.n_train} train / {report.n_test} held-out units, "
              f"held-out accuracy {report.accuracy:.3f}, paraphrase accuracy {para} "
              f"({report.n_paraphrase} paraphrases) -> {report.model_path}", highlight=False)
    if not skip_nlp:
        folder = run(lambda: build_nlp(nlp_to))
        out.print(f"nlp pipeline -> {folder}", highlight=False)


def _train_matcher(pairs: Path, to: Path | None) -> None:
    from miner.compare.training import train_matcher

    console.print(f"training the plan-versus-report matcher on {pairs}/train ...")
    report = run(lambda: train_matcher(pairs, to))
    out.print(f"matcher: {report.n_train} train pairs -> {report.model_dir}", highlight=False)
    if report.dev:
        d = report.dev
        out.print(f"dev ({report.n_dev} pairs, annotated activities): status accuracy {d['accuracy']:.3f}, "
                  f"unflagged {d['unflagged_accuracy']:.3f}, flagged {d['flagged_share']:.1%}",
                  highlight=False, soft_wrap=True)
