"""`miner train`: retrain the activity typer and rebuild the spaCy pipeline from corpora/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from miner import PROJECT_ROOT
from miner.cli.app import DebugOption, app, console, out, run, setup

CORPUS_GOLD = PROJECT_ROOT / "corpora" / "gold"  # more plans and summaries for the kind model
PAIRS_TRAIN = PROJECT_ROOT / "corpora" / "pairs" / "train"  # and more for the document models
_SHOWN = ("activities_precision", "activities_recall", "activities_f1", "type_accuracy", "kind_accuracy")


@app.command()
def train(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Folder of labelled *.jsonl units.")] = None,
    to: Annotated[Path | None, typer.Option("--to", help="Folder for the typer model and card.")] = None,
    nlp_to: Annotated[Path | None, typer.Option("--nlp-to", help="Folder for the spaCy pipeline.")] = None,
    skip_nlp: Annotated[bool, typer.Option("--skip-nlp", help="Only retrain the typer.")] = False,
    pairs: Annotated[Path | None, typer.Option(
        "--pairs", help="Train the plan-versus-report matcher instead, on PAIRS/train.")] = None,
    real: Annotated[Path | None, typer.Option(
        "--real", help="Annotated real pages (train/, dev/, sources.csv, as ../shared/real): the typer also "
                       "learns their train units, and the vetting models (kind, news report, activity) "
                       "are trained on train/ and measured on dev/.")] = None,
    more_real: Annotated[list[Path] | None, typer.Option(
        "--more-real", help="More annotated real pages shaped as --real (train/, sources.csv), learnt "
                            "alongside its train/ (repeatable); never a site of --real's dev/.")] = None,
    more_real_typer: Annotated[list[Path] | None, typer.Option(
        "--more-real-typer", help="More annotated real pages (train/, sources.csv) that only the activity "
                                  "typer learns; the vetting models never see them (repeatable).")] = None,
    debug: DebugOption = False,
) -> None:
    """Retrain the activity typer on corpora/training and rebuild models/nlp; print held-out accuracy.
    With --pairs, train the plan-versus-report matcher on annotated pairs instead (into --to, default
    models/matcher).

    Example: [bold]miner train[/]  or  [bold]miner train --real ../shared/real --skip-nlp[/]  or
    [bold]miner train --real ../shared/real --more-real-typer more_pages --skip-nlp[/]  or
    [bold]miner train --pairs corpora/pairs[/]
    """
    setup(debug)
    if pairs is not None:
        _train_matcher(pairs, to)
        return
    from miner.extract.activities.typer import train as train_typer
    from miner.extract.nlp import build_nlp
    from miner.learn.typer_data import measure_typer, training_extra

    # the typer also learns the project's gold-format activities and, with --real, the real train pages'
    more = tuple(more_real or ())
    if more and real is None:
        raise typer.BadParameter("--more-real goes with --real", param_hint="--more-real")
    # --more-real's pages teach the typer and the vetting models, --more-real-typer's the typer only
    extra, source = run(lambda: training_extra(real, more=more + tuple(more_real_typer or ())))
    console.print("training the activity typer ...")
    report = run(lambda: train_typer(corpus, to, extra=extra, extra_source=source))
    para = "n/a" if report.paraphrase_accuracy is None else f"{report.paraphrase_accuracy:.3f}"
    out.print(f"typer: {report.n_train} train / {report.n_test} held-out units, "
              f"held-out accuracy {report.accuracy:.3f}, paraphrase accuracy {para} "
              f"({report.n_paraphrase} paraphrases) -> {report.model_path}", highlight=False)
    alone = run(lambda: measure_typer(Path(report.model_path).parent, real))
    out.print("typer alone on gold evidence: " + ", ".join(
        f"{name} {fig['accuracy']:.3f} ({fig['n']})" for name, fig in alone.items()), highlight=False)
    if real is not None:
        from miner.learn.vetting import train_vetting

        console.print("training the vetting models on the real pages (a few minutes) ...")
        pair_dirs = tuple(sorted(p for p in PAIRS_TRAIN.iterdir() if (p / "summary.json").is_file()))
        vet = run(lambda: train_vetting(real, extra_kind_dirs=(CORPUS_GOLD,), pair_dirs=pair_dirs,
                                           more_real=more))
        dev = ", ".join(f"{k} {vet.dev[k]:.3f}" for k in _SHOWN if k in vet.dev) or "no dev/ folder"
        out.print(f"vetting: {vet.n_documents} documents, {vet.n_candidates} candidates, threshold "
                  f"{vet.threshold}; out of fold on train: {vet.oof}; dev: {dev} -> {vet.model_path}",
                  highlight=False)
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
