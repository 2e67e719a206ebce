"""Build step: compile the extraction modules to C with mypyc.

Everything else about the package is declared in pyproject.toml. Extraction is plain, fully typed
Python; mypyc turns the modules listed in `COMPILED` into one C extension (plus a small one per
module) that runs the same code about one and a half times as fast (benchmarks/extract_bench.py
prints the figures). The Python sources stay the reference: a machine without a C compiler, or
MINER_COMPILE=0, installs them as they are, and tests/extract/test_compiled.py checks that both
give the same output.

An editable install (`pip install -e .`, what `make` does) puts the compiled files next to the
sources, where Python prefers them. After editing one of these modules, rebuild (`make test` and
`make demo` do it by themselves); `miner.native.stale_modules()` lists modules whose source is newer
than their compiled file, and the test suite refuses to run against them.
"""

from __future__ import annotations

import os
import shutil
import sysconfig
import warnings
from pathlib import Path

from setuptools import find_namespace_packages, setup

# The extraction path, measured hot; not the spaCy glue (nlp), the gazetteer builder or members.
COMPILED = [
    f"miner/extract/{name}.py"
    for name in (
        "activities/attributes", "activities/blocks", "activities/calendar_items", "activities/clauses",
        "activities/detection", "activities/linear", "activities/loose", "activities/merge",
        "activities/mood", "activities/pieces", "activities/rows", "activities/typer", "activities/units",
        "activities/vetting", "lexicons/calendar", "lexicons/school_rules",
        "lexicons/taxonomy", "lexicons/time_lexicon", "mentions/document", "mentions/people",
        "mentions/schools/body", "mentions/schools/canonical", "mentions/schools/context",
        "mentions/schools/endings", "mentions/schools/filters", "mentions/schools/finder",
        "mentions/schools/names", "mentions/subjects", "mentions/themes",
        "mentions/times/anchoring", "mentions/times/anchors", "mentions/times/atoms",
        "mentions/times/expressions", "mentions/times/furniture", "mentions/times/groups",
        "mentions/times/fields", "mentions/times/weekplan", "pipeline",
        "resources", "text/fold", "text/memo", "text/regexes", "text/segment", "text/span",
    )
]


def _can_compile() -> str:
    """Why the modules cannot be compiled here, or "" when they can."""
    if os.environ.get("MINER_COMPILE", "1") == "0":
        return "MINER_COMPILE=0"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if not shutil.which(compiler):
        return f"no C compiler ({compiler}) on PATH"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "no Python headers (Python.h)"
    return ""


def _ext_modules() -> list:
    reason = _can_compile()
    if reason:
        warnings.warn(f"miner: extraction installed as pure Python ({reason}); it runs slower", stacklevel=1)
        return []
    from mypyc.build import mypycify

    return mypycify(COMPILED, opt_level="3", group_name="miner.extract._native")


# miner's packages, and the top-level models/ and corpora/ that pyproject.toml maps into the package
# (package-dir) so that a wheel carries the run-time files (see miner/shipped.py).
PACKAGES = [*find_namespace_packages(include=["miner", "miner.*"], exclude=["*.__pycache__"]),
            "miner.models", "miner.corpora"]

setup(ext_modules=_ext_modules(), packages=PACKAGES)
