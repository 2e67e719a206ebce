"""Importing this module registers every reader in miner.parse.registry.READERS."""

from __future__ import annotations

import importlib

# One module per format; each registers itself with @register(format, *extensions).
READER_MODULES = ("text", "html", "docx", "pdf", "spreadsheet", "legacy")

for _name in READER_MODULES:
    importlib.import_module(f"miner.parse.{_name}")
