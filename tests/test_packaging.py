"""A wheel carries everything extraction reads at run time: built, installed in a fresh virtual
environment and run there, it gives byte-identical tables to this (editable) installation."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

# Extract the seeds and the gold corpus with the miner this interpreter imports; print the tables.
SCRIPT = """
import json, sys
from pathlib import Path
import miner
from miner.shipped import CORPORA, MODELS, shipped_root

root = Path(sys.argv[1])
out = {"miner": miner.__file__, "models": str(shipped_root(MODELS)), "corpora": str(shipped_root(CORPORA))}
for folder in ("corpora/seeds", "corpora/gold/docs"):
    for path in sorted((root / folder).glob("*.txt")):
        tables = miner.extract_file(path).to_pandas()
        tables["documents"] = tables["documents"].drop(columns=["source"])  # the path differs, not the text
        out[f"{folder}/{path.name}"] = {name: frame.to_csv(index=False) for name, frame in tables.items()}
print(json.dumps(out, ensure_ascii=False))
"""


def _copy_sources(dest: Path) -> Path:
    """The repository's sources without build products (compiled modules, venv, caches)."""
    ignore = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", "*.so",
                                    "demo-output", "*.db")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def _run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600,
                            env={**os.environ, **env})
    assert result.returncode == 0, f"{cmd}\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module")
def wheel_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with only miner's wheel installed (its dependencies are borrowed
    from this environment through a path entry, so nothing is downloaded; miner itself is not)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = _copy_sources(tmp / "src")
    _run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(tmp / "dist"), "-q"], tmp, MINER_COMPILE="0")
    (wheel,) = (tmp / "dist").glob("miner-*.whl")
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
          str(wheel)], tmp)
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp).stdout.strip())
    borrowed = sysconfig.get_paths()["purelib"]
    (site / "zz_borrowed_dependencies.pth").write_text(borrowed + "\n", encoding="utf-8")
    return python


def _tables(python: Path | str, cwd: Path) -> dict[str, object]:
    return json.loads(_run([str(python), "-c", SCRIPT, str(ROOT)], cwd).stdout)


def test_packaging_wheel_gives_the_same_tables_as_the_checkout(wheel_python: Path, tmp_path: Path) -> None:
    installed = _tables(wheel_python, tmp_path)
    here = _tables(sys.executable, tmp_path)
    venv = wheel_python.parent.parent
    for key in ("miner", "models", "corpora"):  # the wheel's own files, not the checkout's
        assert Path(str(installed[key])).is_relative_to(venv), (key, installed[key])
        assert not Path(str(here[key])).is_relative_to(venv)
    documents = sorted(k for k in here if k.startswith("corpora/"))
    assert len(documents) >= 29
    assert sorted(k for k in installed if k.startswith("corpora/")) == documents
    for doc in documents:
        assert installed[doc] == here[doc], doc
    assert any(",joint_research," in here[doc]["activities"] for doc in documents)  # type: ignore[index]


def test_packaging_missing_shipped_file_is_a_coded_error(wheel_python: Path, tmp_path: Path) -> None:
    venv = wheel_python.parent.parent
    (calendars,) = venv.glob("lib/python*/site-packages/miner/corpora/calendars.csv")
    saved = calendars.read_bytes()
    calendars.unlink()
    try:
        code = ("import miner\n"
                "try:\n    miner.extract_text('2023学年工作计划\\n第3周，开展数学联合教研活动。')\n"
                "except miner.MinerError as exc:\n    print(exc.code, exc)\n")
        out = _run([str(wheel_python), "-c", code], tmp_path).stdout
        assert out.startswith("R001 [R001] calendar table not found:") and "calendars.csv" in out
        cli = subprocess.run([str(wheel_python), "-m", "miner", "ingest", str(ROOT / "corpora" / "seeds"),
                              "--db", str(tmp_path / "x.db")], cwd=tmp_path, capture_output=True, text=True,
                             timeout=300)
        assert cli.returncode == 2 and "Traceback" not in cli.stderr
        assert re.search(r"error: \[R001\]\s+calendars\.csv is missing", cli.stderr), cli.stderr
    finally:
        calendars.write_bytes(saved)
