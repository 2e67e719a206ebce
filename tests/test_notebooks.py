"""Every researcher notebook in notebooks/ is stored without outputs and runs from top to bottom."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # runs the notebooks top to bottom

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
TIMEOUT_S = 180  # each notebook takes seconds; the limit only stops a hung run

# Executes a notebook's code cells in order in one namespace, as a kernel would: a cell's last
# expression is evaluated and its repr printed (a failing repr fails the run), and a traceback
# names the notebook and the cell. Plain Python: IPython magics are not allowed in the notebooks.
RUNNER = r"""
import ast, json, sys
path = sys.argv[1]
nb = json.load(open(path, encoding="utf-8"))
namespace = {"__name__": "__main__"}
code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
for n, cell in enumerate(code_cells, 1):
    source = "".join(cell["source"])
    name = f"{path} [code cell {n}]"
    tree = ast.parse(source, name)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, name, "exec"), namespace)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
        if value is not None:
            print(repr(value))
print(f"ran {len(code_cells)} code cells")
"""


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _code(nb: dict[str, Any]) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_notebooks_present() -> None:
    names = {p.stem for p in NOTEBOOKS}
    expected = {"01_ingest_and_explore", "02_plan_vs_report", "03_profile_one_group", "04_compare_groups",
                "05_fulfilment_across_groups"}
    assert expected <= names, f"missing researcher notebooks in {NOTEBOOK_DIR}: {sorted(expected - names)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_stored_without_outputs(path: Path) -> None:
    nb = _load(path)
    assert nb["nbformat"] == 4
    assert nb["cells"][0]["cell_type"] == "markdown", "a notebook opens by saying what it does"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, "strip outputs before saving"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_use_the_library_not_the_cli(path: Path) -> None:
    code = "\n".join(_code(_load(path)))
    assert "import miner" in code or "from miner" in code
    for banned in ("subprocess", "miner.cli", "os.system", "\n!", "\n%"):
        assert banned not in "\n" + code, f"{path.name} uses {banned.strip()!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_run_top_to_bottom(path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "MPLBACKEND": "Agg", "TMPDIR": str(tmp_path), "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, "-c", RUNNER, str(path)], cwd=NOTEBOOK_DIR, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, f"{path.name} failed:\n{done.stderr[-4000:]}"
    n_code = len(_code(_load(path)))
    assert f"ran {n_code} code cells" in done.stdout
