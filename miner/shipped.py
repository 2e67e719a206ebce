"""The files miner ships beside its code (trained models, term calendars, the gazetteer, seed documents).

They live at the top of the repository (`models/`, `corpora/`) and the build maps them into the
installed package as `miner.models` and `miner.corpora` (pyproject.toml, setup.py), so a wheel
carries them and an editable install reads them in place. Code finds them only through
`importlib.resources`, never through a path relative to a source file. A file that should be
there and is not is a coded error (R001), never a silent fallback.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from miner.errors import ResourceError

MODELS = "miner.models"
CORPORA = "miner.corpora"
# What extraction reads at run time (the spaCy pipeline in models/nlp serves `miner.nlp()` only).
RUN_TIME = ((MODELS, "activity_typer", "model.joblib"), (MODELS, "vetting", "model.joblib"),
            (MODELS, "matcher", "matcher.pkl"), (CORPORA, "calendars.csv"),
            (CORPORA, "gazetteer", "schools.txt"))


def shipped_root(package: str) -> Path:
    """The folder of `miner.models` or `miner.corpora` as installed (a real folder on disk)."""
    try:
        root = resources.files(package)
    except ModuleNotFoundError as exc:
        raise ResourceError(f"the package data {package} is not installed; reinstall miner") from exc
    if not isinstance(root, Path):  # a zipped install: spaCy and joblib need real files
        raise ResourceError(f"{package} is installed as {type(root).__name__}, not as files on disk; "
                            "install miner unzipped (pip does)")
    return root


def shipped(package: str, *parts: str) -> Path:
    """A file or folder shipped in `package` (raises R001 when the installation lacks it)."""
    path = shipped_root(package).joinpath(*parts)
    if not path.exists():
        raise ResourceError(f"{'/'.join(parts)} is missing from the installed {package} ({path}); "
                            "reinstall miner, or rebuild the models with `miner train` in a checkout")
    return path


def model_dir(name: str) -> Path:
    """A trained model's folder (models/activity_typer, models/nlp)."""
    return shipped(MODELS, name)


def corpus_file(*parts: str) -> Path:
    """A run-time file of corpora/ (calendars.csv, gazetteer/schools.txt, seeds/...)."""
    return shipped(CORPORA, *parts)


def check_installed() -> None:
    """Raise R001 for the first run-time file the installation lacks: a cheap check before a batch,
    which otherwise would record the same error for every document."""
    for package, *parts in RUN_TIME:
        shipped(package, *parts)
