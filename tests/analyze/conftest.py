"""One research corpus for the analysis tests: 12 generated groups × 3 school years, ingested, compared."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from miner.compare import compare_store
from miner.core import ingest
from miner.settings import load_settings
from miner.store import open_store
from miner.synth import draw_groups, write_corpus


@dataclass(frozen=True)
class ResearchCorpus:
    """The store, the generator's truth (planned types, statuses, schools) and the groups' habits."""

    db: Path
    folder: Path
    truth: pd.DataFrame  # group, period, type, planned
    habits: dict[str, dict[str, float]]

    def statuses(self) -> pd.DataFrame:
        """The generator's true status of every planned and unplanned activity, by group."""
        rows = [
            {"group": d.name, "status": r["status"]}
            for d in (self.folder / "documents").iterdir()
            for f in sorted(d.glob("align_*.json"))
            for r in json.loads(f.read_text(encoding="utf-8"))
        ]
        return pd.DataFrame(rows)

    def plan_golds(self) -> list[tuple[str, dict]]:
        return [
            (d.name, json.loads(f.read_text(encoding="utf-8")))
            for d in sorted((self.folder / "documents").iterdir())
            for f in sorted(d.glob("plan_*.json"))
        ]


@pytest.fixture(scope="session")
def research(tmp_path_factory: pytest.TempPathFactory) -> ResearchCorpus:
    folder = tmp_path_factory.mktemp("research")
    truth = write_corpus(folder, groups=12, years=3, seed=0)
    settings = load_settings().replace("ingest", workers=1)
    db = folder / "miner.db"
    with open_store(db) as store:
        summary = ingest([folder / "documents"], store, settings)
        assert summary.failed == 0 and summary.added == 72
        compare_store(store, settings)
    return ResearchCorpus(db, folder, pd.read_csv(truth), {g.name: g.weights for g in draw_groups(12, 0)})
