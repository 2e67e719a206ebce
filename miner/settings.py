"""One settings object: shipped defaults, a user file that overrides the keys it sets, CLI flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from miner.errors import SettingsError


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_file_mb: float = 50
    max_unzipped_mb: float = 200
    max_zip_ratio: float = 200
    max_archive_members: int = 5000
    workers: int = 0
    libreoffice: str = "soffice"
    libreoffice_timeout_s: float = 120.0
    doc_timeout_s: float = 30.0
    worker_memory_mb: float = 2048
    max_pdf_pages: int = 200
    max_table_rows: int = 5000
    max_table_cols: int = 200
    max_table_cells: int = 250_000


@dataclass(frozen=True, slots=True)
class EngineSettings:
    name: str = "local"  # local (processes on this machine) | dask (a dask.distributed cluster)
    scheduler: str = ""  # address of a running Dask scheduler; empty: a LocalCluster for the run


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
    deadline_s: float = 120.0
    max_list_pages: int = 200
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
    engine: EngineSettings = field(default_factory=EngineSettings)

    def replace(self, section: str, **changes: Any) -> Settings:
        """A copy with some keys of one section changed (None values are ignored)."""
        changes = {k: v for k, v in changes.items() if v is not None}
        current = getattr(self, section)
        return dataclasses.replace(self, **{section: dataclasses.replace(current, **changes)})


def user_file() -> Path:
    """The user's settings file: $MINER_CONFIG, else ~/.config/miner/settings.toml (read at each call)."""
    return Path(os.environ.get("MINER_CONFIG", "~/.config/miner/settings.toml")).expanduser()


def _merge(settings: Settings, data: dict[str, Any], origin: str) -> Settings:
    for section, values in data.items():
        if not hasattr(settings, section) or not isinstance(values, dict):
            raise SettingsError(f"{origin}: unknown settings section [{section}]")
        current = getattr(settings, section)
        known = {f.name for f in dataclasses.fields(current)}
        unknown = set(values) - known
        if unknown:
            raise SettingsError(f"{origin}: unknown key(s) in [{section}]: {', '.join(sorted(unknown))}")
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        for key, value in values.items():
            if not _same_kind(getattr(current, key), value):
                raise SettingsError(f"{origin}: [{section}] {key} = {value!r} should be "
                                    f"{type(getattr(current, key)).__name__} like {getattr(current, key)!r}")
        settings = settings.replace(section, **values)
    return settings


def _same_kind(default: Any, value: Any) -> bool:
    """Whether a file's value may replace a default: same type, an int for a float, strings in a tuple."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, tuple):
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def load_settings(path: str | Path | None = None) -> Settings:
    """Shipped defaults, then the user file (or `path`) on top. A missing or malformed file, an
    unknown key or a value of the wrong type raises a coded error (M002)."""
    shipped = resources.files("miner.data").joinpath("settings.toml").read_text(encoding="utf-8")
    settings = _merge(Settings(), tomllib.loads(shipped), "shipped settings.toml")
    user = Path(path) if path else user_file()
    if path and not user.is_file():
        raise SettingsError(f"settings file not found: {user}" + (" (a folder)" if user.is_dir() else ""))
    if user.is_file():
        try:
            data = tomllib.loads(user.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"settings file {user} cannot be read as TOML: {exc}") from exc
        settings = _merge(settings, data, str(user))
    return settings
