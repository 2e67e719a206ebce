"""Shared, session-scoped fixtures: settings, a temporary store, paths to the bundled corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from miner.native import stale_notice
from miner.settings import Settings, load_settings
from miner.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to test compiled extraction code that is older than its source (see setup.py)."""
    if notice := stale_notice():
        raise pytest.UsageError(notice)


@pytest.fixture(scope="session")
def settings() -> Settings:
    # One worker: tests run in parallel under xdist already.
    return load_settings().replace("ingest", workers=1)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "corpora" / "seeds"
