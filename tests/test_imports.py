"""The import graph of miner's modules: no cycle, and extraction's subpackages import only downwards.

Every import statement counts, those inside functions and under `if TYPE_CHECKING` too: an import
moved into a function still ties the two modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

import miner

PACKAGE = Path(miner.__file__).resolve().parent
# extraction's subpackages from the bottom up; the modules directly in miner/extract (pipeline,
# resources, nlp) sit on top of them all
EXTRACT_LAYERS = ("text", "lexicons", "mentions", "activities")


def module_files(package: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package (a package is its __init__.py)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = [package.name, *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """The dotted names an import statement names (`from a import b` names a and a.b)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative: resolved against the importing module's package
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def import_graph(files: dict[str, Path] | None = None) -> nx.DiGraph:
    """An edge from each module to each miner module it imports anywhere in its source."""
    files = module_files() if files is None else files
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            for name in _imported(node, module, path.name == "__init__.py"):
                while name and name not in files:  # a name inside a module: the module
                    name = name.rpartition(".")[0]
                if name and name != module:
                    graph.add_edge(module, name)
    return graph


def extract_layer(module: str) -> int:
    """The layer of a miner.extract module: its subpackage's place in EXTRACT_LAYERS, or the top."""
    parts = module.split(".")
    if parts[:2] == ["miner", "extract"] and len(parts) > 2 and parts[2] in EXTRACT_LAYERS:
        return EXTRACT_LAYERS.index(parts[2])
    return len(EXTRACT_LAYERS)


def test_imports_graph_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from . import b\n")
    (pkg / "a.py").write_text("def f():\n    from pkg.sub.b import g\n    return g\n")
    (pkg / "sub" / "b.py").write_text("from typing import TYPE_CHECKING\n"
                                      "if TYPE_CHECKING:\n    from ..a import f\n")
    graph = import_graph(module_files(pkg))
    assert set(graph.edges) == {("pkg.a", "pkg.sub.b"), ("pkg.sub", "pkg.sub.b"), ("pkg.sub.b", "pkg.a")}
    assert list(nx.simple_cycles(graph)) != []


def test_imports_have_no_cycle() -> None:
    graph = import_graph()
    assert "miner.extract.pipeline" in graph and graph.number_of_edges() > 100
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == [], f"import cycles among miner's modules: {cycles}"


@pytest.mark.parametrize("layer", EXTRACT_LAYERS)
def test_imports_extract_layers_import_only_downwards(layer: str) -> None:
    graph = import_graph()
    upward = [(a, b) for a, b in graph.edges
              if a.startswith(f"miner.extract.{layer}.") and b.startswith("miner.extract")
              and extract_layer(b) > extract_layer(a)]
    assert upward == [], f"miner.extract.{layer} imports modules above it: {upward}"


def test_imports_no_stage_imports_the_cli() -> None:
    graph = import_graph()
    into_cli = [(a, b) for a, b in graph.edges
                if b.startswith("miner.cli") and not a.startswith(("miner.cli", "miner.__main__"))]
    assert into_cli == [], f"the library imports the CLI: {into_cli}"
