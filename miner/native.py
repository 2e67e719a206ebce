"""Which extraction modules run as compiled C (mypyc, see setup.py), and whether any is out of date.

An editable install puts each compiled module beside its source, where Python imports it first. A
source edited after the build is therefore not what runs until the package is rebuilt (`make test`,
`make demo` or `pip install -e .`); `stale_modules()` names such modules so nobody measures or tests
old code by mistake.

Writing for the compiler. The compiled modules stay plain typed Python, with a few habits that keep
mypyc's code fast (each measured with callgrind on the extraction benchmark):
- The records built by the thousand per document (units, spans, hits, time expressions, drafts)
  spell their `__init__` out. A dataclass's generated `__init__` is Python run by the interpreter
  even in a compiled class, and a frozen one sets every field through `object.__setattr__`: about
  750 ns a record against 30 ns for a compiled `__init__`. The ones that were frozen (spans, hits,
  mentions, time expressions) no longer are: a hand-written `__init__` could set a frozen field
  only through that same slow `object.__setattr__`. `unsafe_hash=True` keeps them hashable as
  before, and no code assigns to them after construction.
- Call methods on the object (`fields.get(key)`), not through a saved bound method (`get =
  fields.get`), and import functions by name (`from bisect import bisect_left`): mypyc calls
  dict and list methods directly, but a saved method or a module attribute through Python's
  generic call.
- Compare whole numbers rather than dates or other objects in tight loops.
"""

from __future__ import annotations

import importlib.machinery
from pathlib import Path

EXTRACT = Path(__file__).resolve().parent / "extract"
_SHARED = "_native__mypyc"  # the one library holding the code of every compiled module


def _compiled_files(folder: Path) -> dict[str, Path]:
    """Module → its compiled file, for the modules of `folder` and its subpackages that have one; a
    module is named by its path under `folder` without the ending ("times", "mentions/people")."""
    found: dict[str, Path] = {}
    for path in folder.rglob("*"):
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            if path.name.endswith(suffix):
                found[path.relative_to(folder).as_posix()[: -len(suffix)]] = path
                break
    return found


def _modules(files: dict[str, Path], folder: Path) -> list[str]:
    return sorted(name for name in files if (folder / f"{name}.py").exists())


def compiled_modules(folder: Path = EXTRACT) -> list[str]:
    """The `miner.extract` modules that run compiled, by path under miner/extract without the ending
    (as setup.py's COMPILED list names them), sorted (empty for a pure-Python install)."""
    return _modules(_compiled_files(folder), folder)


def stale_modules(folder: Path = EXTRACT) -> list[str]:
    """Compiled modules whose source changed after the build: what runs is not what the source says."""
    files = _compiled_files(folder)
    library = files.get(_SHARED)
    built = library.stat().st_mtime if library else 0.0
    return [name for name in _modules(files, folder) if (folder / f"{name}.py").stat().st_mtime > built]


def stale_notice() -> str:
    """A sentence saying which compiled modules are out of date and how to rebuild ("" when none)."""
    stale = stale_modules()
    if not stale:
        return ""
    return (f"compiled miner.extract code is older than its source ({', '.join(stale)}), so the old code "
            "runs: rebuild with `make test` or `.venv/bin/pip install -e .`")


def describe() -> str:
    """One line for the benchmarks: compiled or pure Python, and whether it is current."""
    names = compiled_modules()
    if not names:
        return "extraction code: pure Python (not compiled)"
    stale = stale_modules()
    note = f"; OUT OF DATE, rebuild: {', '.join(stale)}" if stale else ""
    return f"extraction code: {len(names)} modules compiled with mypyc{note}"
