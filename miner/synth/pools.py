"""Load and validate the generator's name pools and phrase templates (miner/data/synth_pools.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from miner.errors import MinerError

TYPE_CODES = frozenset({
    "meeting", "seminar", "joint_research", "inspection", "open_lesson", "competition", "training",
    "mentoring", "teacher_exchange", "quality_analysis", "showcase", "curriculum", "research_project",
    "student_activity", "review", "planning", "other",
})


PHRASES = ("plan_titles", "calendar_titles", "summary_titles", "plan_members", "summary_members",
           "glued_umbrella", "plan_dated_school", "plan_dated", "plan_undated_school", "plan_undated",
           "report_dated_schools", "report_dated_school", "report_dated", "report_undated_school",
           "report_undated")


@dataclass(frozen=True, slots=True)
class Template:
    """One kind of activity: how plans name it and how summaries paraphrase it."""

    type: str
    plan: tuple[str, ...]
    report: tuple[tuple[str, ...], ...]  # report[i]: paraphrases of plan[i]
    schools: int  # how many schools the activity names (0 = the group as a whole)


@dataclass(frozen=True, slots=True)
class Pools:
    """Everything the generator draws from."""

    cores: tuple[str, ...]
    suffixes: tuple[tuple[str, int], ...]
    regions: tuple[str, ...]
    group_patterns: tuple[str, ...]
    subjects: tuple[str, ...]
    themes: tuple[str, ...]
    school_years: tuple[int, ...]
    activities: tuple[Template, ...]
    recurring: tuple[Template, ...]
    prose: dict[str, tuple[str, ...]]
    phrases: dict[str, tuple[str, ...]]
    furniture: dict[str, tuple[str, ...]]


def _strings(data: dict[str, Any], key: str, origin: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise MinerError(f"{origin}: '{key}' must be a non-empty list of strings", code="C001")
    return tuple(value)


def _templates(items: Any, origin: str) -> tuple[Template, ...]:
    if not isinstance(items, list) or not items:
        raise MinerError(f"{origin}: activity templates missing", code="C001")
    out = []
    for item in items:
        if item.get("type") not in TYPE_CODES:
            raise MinerError(f"{origin}: unknown activity type {item.get('type')!r}", code="C001")
        plan = _strings(item, "plan", origin)
        report = item.get("report")
        if not isinstance(report, list) or len(report) != len(plan):
            raise MinerError(f"{origin}: {item['type']}: 'report' needs one list of paraphrases "
                             "per plan name", code="C001")
        paraphrases = tuple(_strings({"report": r}, "report", origin) for r in report)
        out.append(Template(item["type"], plan, paraphrases, int(item.get("schools", 0))))
    return tuple(out)


def parse_pools(data: dict[str, Any], origin: str = "synth_pools.toml") -> Pools:
    """Validate a loaded TOML mapping and turn it into Pools."""
    suffixes = tuple((str(s), int(w)) for s, w in data.get("suffixes", []))
    if not suffixes:
        raise MinerError(f"{origin}: 'suffixes' missing", code="C001")
    years = data.get("school_years", [])
    if not years or not all(isinstance(y, int) and 1990 <= y <= 2100 for y in years):
        raise MinerError(f"{origin}: 'school_years' must be a list of years such as 2023", code="C001")
    prose = data.get("prose", {})
    phrases = data.get("phrases", {})
    furniture = data.get("furniture", {})
    return Pools(
        cores=_strings(data, "cores", origin),
        suffixes=suffixes,
        regions=_strings(data, "regions", origin),
        group_patterns=_strings(data, "group_patterns", origin),
        subjects=_strings(data, "subjects", origin),
        themes=_strings(data, "themes", origin),
        school_years=tuple(years),
        activities=_templates(data.get("activity"), origin),
        recurring=_templates(data.get("recurring"), origin),
        prose={k: tuple(v) for k, v in prose.items()},
        furniture={k: _strings(furniture, k, origin) for k in ("head", "tail")},
        phrases={k: _strings(phrases, k, origin) for k in PHRASES},
    )


@lru_cache(maxsize=1)
def load_pools() -> Pools:
    """The shipped pools, loaded once."""
    text = resources.files("miner.data").joinpath("synth_pools.toml").read_text(encoding="utf-8")
    return parse_pools(tomllib.loads(text))
