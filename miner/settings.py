"""One settings object: shipped defaults, a user file that overrides the keys it sets, CLI flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_file_mb: float = 50
    max_unzipped_mb: float = 200
    max_zip_ratio: float = 200
    max_archive_members: int = 5000
    workers: int = 0
    libreoffice: str = "soffice"
    libreoffice_timeout_s: float = 120


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    region: str = "default"
    calendar: str = ""  # a user's calendars CSV; empty: the bundled corpora/calendars.csv


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    user_agent: str = "miner/0.1"
    delay_s: float = 1.0
    concurrency_per_host: int = 2
    timeout_s: float = 20.0
    retries: int = 3
    max_response_mb: float = 50
    max_pages: int = 500
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CompareSettings:
    tolerance_days: int = 14
    threshold: float = 0.5  # minimum matcher probability for a match
    review_below: float = 0.8  # decisions less sure than this get needs_review
    model: str = ""  # a trained matcher folder; empty: the shipped models/matcher


@dataclass(frozen=True, slots=True)
class Settings:
    """All of miner's settings; stage functions receive it explicitly."""

    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    compare: CompareSettings = field(default_factory=CompareSettings)

    def replace(self, section: str, **changes: Any) -> Settings:
        """A copy with some keys of one section changed (None values are ignored)."""
        changes = {k: v for k, v in changes.items() if v is not None}
        current = getattr(self, section)
        return dataclasses.replace(self, **{section: dataclasses.replace(current, **changes)})


USER_FILE = Path(os.environ.get("MINER_CONFIG", "~/.config/miner/settings.toml")).expanduser()


def _merge(settings: Settings, data: dict[str, Any], origin: str) -> Settings:
    for section, values in data.items():
        if not hasattr(settings, section) or not isinstance(values, dict):
            raise ValueError(f"{origin}: unknown settings section [{section}]")
        known = {f.name for f in dataclasses.fields(getattr(settings, section))}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"{origin}: unknown key(s) in [{section}]: {', '.join(sorted(unknown))}")
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        settings = settings.replace(section, **values)
    return settings


def load_settings(path: str | Path | None = None) -> Settings:
    """Shipped defaults, then the user file (or `path`) on top."""
    shipped = resources.files("miner.data").joinpath("settings.toml").read_text(encoding="utf-8")
    settings = _merge(Settings(), tomllib.loads(shipped), "shipped settings.toml")
    user = Path(path) if path else USER_FILE
    if path and not user.is_file():
        raise FileNotFoundError(f"settings file not found: {user}")
    if user.is_file():
        settings = _merge(settings, tomllib.loads(user.read_text(encoding="utf-8")), str(user))
    return settings
