"""A gazetteer of school names known from the corpus: grows with `add`, saved as text or JSON."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from miner.errors import ResourceError
from miner.shipped import CORPORA, shipped_root

log = logging.getLogger(__name__)

DEFAULT_PATH = shipped_root(CORPORA) / "gazetteer" / "schools.txt"  # installed as package data
_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9（）()·]{2,40}$")
USERDICT_FREQ = 2000  # high enough that jieba keeps a known name as one token
USERDICT_TAG = "nt"  # jieba's tag for organisations


class Gazetteer:
    """Names of schools and institutions, one canonical spelling each, in insertion order.

    Files: a `.json` file holds a list of names (or {"names": [...]}); any other file holds
    one name a line, with `#` comments and blank lines ignored.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names: dict[str, None] = {}
        self.add(names)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        """Read a gazetteer file; with no path, the shipped seed file (R001 when it is missing)."""
        file = Path(path) if path is not None else DEFAULT_PATH
        if not file.is_file():
            if path is not None:
                raise FileNotFoundError(f"gazetteer file not found: {file}")
            raise ResourceError(f"the shipped gazetteer is missing: {file}; reinstall miner")
        text = file.read_text(encoding="utf-8")
        if file.suffix.lower() == ".json":
            data = json.loads(text)
            names = data.get("names", []) if isinstance(data, dict) else data
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ValueError(f"{file}: a JSON gazetteer is a list of names or {{'names': [...]}}")
        else:
            names = [line.split("#", 1)[0].strip() for line in text.splitlines()]
        return cls(n for n in names if n)

    def add(self, names: Iterable[str]) -> None:
        """Add names (whitespace stripped); malformed entries are skipped with a log line."""
        for raw in names:
            name = raw.strip()
            if not _NAME.match(name):
                log.debug("gazetteer: skipping malformed name %r", raw)
                continue
            self._names.setdefault(name, None)

    def save(self, path: str | Path) -> None:
        """Write the names: JSON for a `.json` path, otherwise one name a line."""
        file = Path(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        if file.suffix.lower() == ".json":
            file.write_text(json.dumps({"names": self.names()}, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
        else:
            file.write_text("".join(f"{n}\n" for n in self.names()), encoding="utf-8")

    def names(self) -> list[str]:
        """All names in insertion order."""
        return list(self._names)

    def longest_first(self) -> list[str]:
        """All names, longest first: the order to match them in text."""
        return sorted(self._names, key=len, reverse=True)

    def jieba_userdict_lines(self) -> list[str]:
        """Lines for `jieba.load_userdict`: "name freq tag" (names with spaces are left out)."""
        return [f"{n} {USERDICT_FREQ} {USERDICT_TAG}" for n in self._names if " " not in n]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __len__(self) -> int:
        return len(self._names)
