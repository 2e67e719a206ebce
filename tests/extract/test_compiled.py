"""The compiled extraction modules (mypyc, setup.py) are built, current, and agree with the sources."""

from __future__ import annotations

import ast
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from miner.extract import extract, load_resources
from miner.native import compiled_modules, describe, stale_modules
from miner.parse import parse_path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "corpora" / "seeds", ROOT / "corpora" / "gold" / "docs", ROOT / "corpora" / "heldout" / "docs"]

# Run extraction in a fresh interpreter that imports every miner.extract module from its .py file,
# whatever compiled files lie beside them, and print one JSON line per document.
PURE = """
import importlib.abc, importlib.util, json, sys
from pathlib import Path
from miner.native import EXTRACT

class Sources(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        source = EXTRACT.joinpath(*name.split(".")[2:]).with_suffix(".py")
        if name.startswith("miner.extract.") and source.exists():
            return importlib.util.spec_from_file_location(name, source)
        return None

sys.meta_path.insert(0, Sources())
from miner.extract import extract, load_resources
from miner.parse import parse_path
import miner.extract.pipeline
assert miner.extract.pipeline.__file__.endswith(".py"), miner.extract.pipeline.__file__
resources = load_resources()
for path in sys.argv[1:]:
    extraction = extract(parse_path(Path(path)), resources)
    print(json.dumps(extraction.as_dict(), ensure_ascii=False, sort_keys=True))
"""


def _setup_modules() -> list[str]:
    """The module names setup.py compiles, read from its COMPILED list."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            generator = node.value
            assert isinstance(generator, ast.ListComp)
            names = generator.generators[0].iter
            assert isinstance(names, ast.Tuple)
            return sorted(ast.literal_eval(names))
    raise AssertionError("setup.py has no COMPILED list")


def test_every_listed_module_runs_compiled_and_current() -> None:
    if os.environ.get("MINER_COMPILE") == "0":
        assert compiled_modules() == []
        return
    assert compiled_modules() == _setup_modules()
    assert stale_modules() == []
    import miner.extract.pipeline as pipeline

    assert not pipeline.__file__.endswith(".py"), pipeline.__file__


def test_describe_says_how_extraction_runs() -> None:
    names = compiled_modules()
    if names:
        assert describe() == f"extraction code: {len(names)} modules compiled with mypyc"
    else:
        assert describe() == "extraction code: pure Python (not compiled)"


def test_stale_module_is_named_after_its_source_changes(tmp_path: Path) -> None:
    """A source newer than the compiled library is reported; checked on a folder laid out like the package."""
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for name in ("units", "times", "_native__mypyc"):
        (tmp_path / f"{name}{suffix}").write_bytes(b"")
    (tmp_path / "units.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "times.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.py").write_text("x = 1\n", encoding="utf-8")  # never compiled: not listed
    built = (tmp_path / f"_native__mypyc{suffix}").stat().st_mtime
    for name in ("units", "times", "notes"):
        os.utime(tmp_path / f"{name}.py", (built - 60, built - 60))
    assert compiled_modules(tmp_path) == ["times", "units"]
    assert stale_modules(tmp_path) == []
    os.utime(tmp_path / "units.py", (built + 60, built + 60))
    assert stale_modules(tmp_path) == ["units"]


@pytest.mark.slow
def test_compiled_and_pure_python_extraction_agree() -> None:
    paths = sorted(p for folder in DOCS for p in folder.iterdir() if p.suffix in {".txt", ".html", ".docx"})
    assert len(paths) >= 30
    pure = subprocess.run(
        [sys.executable, "-c", PURE, *map(str, paths)], capture_output=True, text=True, encoding="utf-8",
        cwd=ROOT, check=True,
    ).stdout.splitlines()
    resources = load_resources()
    compiled = [json.dumps(extract(parse_path(p), resources).as_dict(), ensure_ascii=False, sort_keys=True)
                for p in paths]
    assert len(pure) == len(compiled)
    for path, mine, theirs in zip(paths, compiled, pure, strict=True):
        assert mine == theirs, f"compiled and pure-Python extraction differ on {path.name}"
