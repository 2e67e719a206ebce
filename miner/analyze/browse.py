"""Browsing without code: Datasette metadata for a store (descriptions, labels, facets), and its server."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from miner.errors import MinerError


def datasette_metadata(db: str | Path) -> dict[str, Any]:
    """Datasette's metadata for the database file `db`: table and column descriptions, labels, facets."""
    raw = tomllib.loads(resources.files("miner.data").joinpath("columns.toml").read_text(encoding="utf-8"))
    tables: dict[str, Any] = {}
    for name, spec in raw["tables"].items():
        entry: dict[str, Any] = {"description": spec["description"]}
        if spec.get("columns"):
            entry["columns"] = dict(spec["columns"])
        if spec.get("facets"):
            entry["facets"] = list(spec["facets"])
        if spec.get("label"):
            entry["label_column"] = spec["label"]
        if spec.get("hidden"):
            entry["hidden"] = True
        tables[name] = entry
    return {
        "title": "miner: work plans and summaries of education groups",
        "description": "Documents, activities, mentions and plan-versus-report decisions extracted by miner.",
        "databases": {Path(db).stem: {"tables": tables}},
    }


def write_metadata(db: str | Path, path: str | Path) -> Path:
    """Write datasette_metadata(db) as JSON to `path`."""
    path = Path(path)
    path.write_text(json.dumps(datasette_metadata(db), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def datasette_command(
    db: str | Path, metadata: str | Path, host: str = "127.0.0.1", port: int = 8001
) -> list[str]:
    """The command line that serves `db` read-only with its metadata (Datasette is an optional extra)."""
    try:
        import datasette  # noqa: F401
    except ImportError as exc:
        raise MinerError("Datasette is not installed: pip install 'miner[browse]'", code="T001") from exc
    if not Path(db).is_file():
        raise MinerError(f"no database at {db}: ingest documents first", code="S004")
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "--immutable",
        str(db),
        "--metadata",
        str(metadata),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "default_facet_size",
        "15",
    ]


def serve(db: str | Path, metadata: str | Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette in the foreground until it is stopped (Ctrl-C, or SIGTERM to this process: the
    server is stopped with it, never left behind); returns its exit code."""
    server = subprocess.Popen(datasette_command(db, metadata, host, port))

    def stop(signum: int, frame: object) -> None:
        server.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return server.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            server.kill()
