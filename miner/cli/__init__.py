"""The command-line interface: a thin Typer layer over miner's library functions."""

from __future__ import annotations

import importlib

# One module per command; importing a module registers its command on `miner.cli.app.app`.
COMMANDS = (
    "ingest", "documents", "export", "scrape", "eval", "train", "synth", "compare", "report", "samples",
    "analyze", "browse", "extract", "load",
)

for _name in COMMANDS:
    importlib.import_module(f"miner.cli.{_name}")
