"""Load the shared read-only resources of extraction (taxonomy, typer, gazetteer, calendar) once."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from miner.extract.lexicons.taxonomy import Taxonomy, load_taxonomy
from miner.settings import Settings, load_settings

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Resources:
    """Read-only things every document's extraction shares; build with `load_resources()`."""

    settings: Settings
    taxonomy: Taxonomy
    calendar: Any = None  # miner.extract.lexicons.calendar.SchoolCalendar
    gazetteer: Any = None  # miner.extract.lexicons.gazetteer.Gazetteer
    typer: Any = None  # miner.extract.activities.typer.ActivityTyper
    extra: dict[str, Any] = field(default_factory=dict)


def _calendar(settings: Settings) -> Any:
    from miner.extract.lexicons.calendar import SchoolCalendar

    return SchoolCalendar.load(settings.extract.calendar or None, region=settings.extract.region)


def _gazetteer() -> Any:
    from miner.extract.lexicons.gazetteer import Gazetteer

    return Gazetteer.load()


def _typer() -> Any:
    from miner.extract.activities.typer import load_typer

    return load_typer()


@lru_cache(maxsize=4)
def _cached(settings: Settings) -> Resources:
    # A missing or unreadable resource raises a coded error (R001, R002): extraction never runs
    # without its calendar, gazetteer or typer.
    return Resources(
        settings=settings,
        taxonomy=load_taxonomy(),
        calendar=_calendar(settings),
        gazetteer=_gazetteer(),
        typer=_typer(),
    )


def load_resources(settings: Settings | None = None) -> Resources:
    """Gazetteer, calendar (`extract.calendar`, else the bundled one), typer model and taxonomy,
    loaded once per process and settings. (The CLI's workers also warm them up: miner.cli.worker.)"""
    return _cached(settings or load_settings())
