"""Read gold annotation files into typed records and validate them against their documents."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from miner.errors import MinerError
from miner.evaluate.dates import expected_when

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class GoldSpec:
    """The format's fixed parts, from goldspec.toml."""

    top_keys: tuple[str, ...]
    activity_keys: tuple[str, ...]
    kinds: frozenset[str]
    codes: frozenset[str]
    generic_schools: frozenset[str]
    evidence_min_chars: int
    evidence_max_chars: int


@lru_cache(maxsize=1)
def gold_spec() -> GoldSpec:
    """Load and check goldspec.toml once."""
    raw = tomllib.loads(resources.files("miner.evaluate").joinpath("goldspec.toml").read_text("utf-8"))
    for key in ("top_keys", "activity_keys", "kinds", "codes", "generic_schools"):
        if not isinstance(raw.get(key), list) or not all(isinstance(v, str) for v in raw[key]):
            raise ValueError(f"goldspec.toml: {key} must be a list of strings")
    return GoldSpec(tuple(raw["top_keys"]), tuple(raw["activity_keys"]), frozenset(raw["kinds"]),
                    frozenset(raw["codes"]), frozenset(raw["generic_schools"]),
                    int(raw["evidence_min_chars"]), int(raw["evidence_max_chars"]))


@dataclass(frozen=True, slots=True)
class GoldActivity:
    """One annotated activity."""

    id: str
    evidence: str
    types: tuple[str, ...]  # one code, or two when the annotator found it genuinely ambiguous
    time: str | None
    when: tuple[dt.date, dt.date] | None
    schools: tuple[str, ...]
    subject: str | None
    theme: str | None
    also: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One gold file: header facts, school and time surface forms, activities."""

    id: str
    source: str
    kind: str
    group: str | None  # null in the gold when the document names no body
    period: str | None  # null when it names no period
    published: str | None
    schools: tuple[str, ...]
    school_aliases: dict[str, str]
    group_members: tuple[str, ...]
    times: tuple[str, ...]
    activities: tuple[GoldActivity, ...]
    path: Path | None = None

    def canonical(self, surface: str) -> str:
        """The canonical school name for a surface form."""
        return self.school_aliases.get(surface, surface)


def _activity(raw: dict[str, Any]) -> GoldActivity:
    when = raw.get("when")
    types = raw["type"] if isinstance(raw["type"], list) else [raw["type"]]
    return GoldActivity(
        id=raw["id"], evidence=raw["evidence"], types=tuple(types), time=raw.get("time"),
        when=(dt.date.fromisoformat(when["start"]), dt.date.fromisoformat(when["end"])) if when else None,
        schools=tuple(raw.get("schools") or ()), subject=raw.get("subject"), theme=raw.get("theme"),
        also=tuple(raw.get("also") or ()))


def load_gold(path: str | Path) -> GoldDocument:
    """Read one gold JSON file (no validation beyond its keys; see `check_gold`). A file that is not
    JSON or lacks a key raises a coded error (M003)."""
    path = Path(path)
    try:
        return _gold_document(json.loads(path.read_text(encoding="utf-8")), path)
    except UnicodeDecodeError as exc:
        raise MinerError(f"gold file {path} is not UTF-8 text: {exc}", code="M003") from exc
    except json.JSONDecodeError as exc:
        raise MinerError(f"gold file {path} is not valid JSON: {exc}", code="M003") from exc
    except KeyError as exc:
        raise MinerError(f"gold file {path} lacks the key {exc} (see corpora/gold/README.md)",
                         code="M003") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise MinerError(f"gold file {path} has a value of the wrong form: {exc}", code="M003") from exc


def _gold_document(raw: dict[str, Any], path: Path) -> GoldDocument:
    return GoldDocument(
        id=raw["id"], source=raw["source"], kind=raw["kind"], group=raw["group"], period=raw["period"],
        published=raw.get("published"), schools=tuple(raw["schools"]),
        school_aliases=dict(raw["school_aliases"]), group_members=tuple(raw["group_members"]),
        times=tuple(raw["times"]), activities=tuple(_activity(a) for a in raw["activities"]), path=path)


def gold_files(gold_dir: str | Path) -> list[Path]:
    """The gold JSON files of a folder, sorted by name."""
    return sorted(Path(gold_dir).glob("*.json"))


def load_gold_dir(gold_dir: str | Path) -> list[GoldDocument]:
    """Every gold file of a folder."""
    return [load_gold(p) for p in gold_files(gold_dir)]


def resolve_docs_dir(gold_dir: str | Path, docs_dir: str | Path | None = None) -> Path:
    """Where the gold files' documents are: `docs_dir`, else GOLD_DIR/docs, else GOLD_DIR/../seeds,
    else GOLD_DIR itself (documents beside their gold files, as in shared/real/dev)."""
    if docs_dir is not None:
        return Path(docs_dir)
    gold_dir = Path(gold_dir)
    for candidate in (gold_dir / "docs", gold_dir.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    golds = gold_files(gold_dir)
    if golds and all((gold_dir / _source_name(p)).is_file() for p in golds):
        return gold_dir
    return gold_dir / "docs"


def _source_name(path: Path) -> str:
    try:
        source = json.loads(path.read_text(encoding="utf-8")).get("source")
    except (OSError, ValueError, AttributeError):
        return ""
    return source if isinstance(source, str) and source and "/" not in source else ""


def check_gold(path: str | Path, docs_dir: str | Path) -> list[str]:
    """Every problem of one gold file against its document, as sentences (empty: valid)."""
    spec = gold_spec()
    path = Path(path)
    try:
        g = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"cannot read gold file: {exc}"]
    if not isinstance(g, dict):
        return ["gold file is not a JSON object"]
    errs: list[str] = []
    if list(g) != list(spec.top_keys):
        errs.append(f"top-level keys {list(g)} != {list(spec.top_keys)}")
        if not set(spec.top_keys) <= set(g):
            return errs
    if g["id"] != path.stem:
        errs.append(f"id {g['id']!r} != file stem {path.stem!r}")
    source = Path(docs_dir) / str(g["source"])
    if not source.is_file():
        return errs + [f"document not found: {g['source']!r}"]
    if Path(g["source"]).stem != g["id"]:
        errs.append("source stem != id")
    doc = source.read_text(encoding="utf-8")
    errs += _check_header(g, doc, spec)
    errs += _check_schools(g, doc, spec)
    canonical = _canonical_names(g)
    for i, act in enumerate(g["activities"], 1):
        errs += _check_activity(act, i, g, doc, canonical, spec)
    return errs


def _substring_errors(value: Any, what: str, doc: str) -> list[str]:
    if not isinstance(value, str) or not value:
        return [f"{what}: not a non-empty string: {value!r}"]
    if value not in doc:
        return [f"{what}: not an exact substring: {value!r}"]
    return []


def _check_header(g: dict[str, Any], doc: str, spec: GoldSpec) -> list[str]:
    errs = []
    if g["kind"] not in spec.kinds:
        errs.append(f"kind {g['kind']!r}")
    for key in ("group", "period"):  # null when the document names no body or period
        if g[key] is not None:
            errs += _substring_errors(g[key], key, doc)
    if g["published"] is not None:
        errs += _substring_errors(g["published"], "published", doc)
    for key in ("schools", "group_members", "times"):
        if not isinstance(g[key], list):
            errs.append(f"{key}: not a list")
            continue
        if len(set(g[key])) != len(g[key]):
            errs.append(f"{key}: duplicates")
        for s in g[key]:
            errs += _substring_errors(s, key, doc)
    return errs


def _canonical_names(g: dict[str, Any]) -> set[str]:
    aliases = g["school_aliases"]
    return set(g["group_members"]) | set(aliases.values()) | {s for s in g["schools"] if s not in aliases}


def _check_schools(g: dict[str, Any], doc: str, spec: GoldSpec) -> list[str]:
    errs = []
    aliases = g["school_aliases"]
    for s in g["schools"]:
        if s in spec.generic_schools or s == g["group"]:
            errs.append(f"schools: generic word / group name {s!r}")
    canonical = _canonical_names(g)
    for k, v in aliases.items():
        errs += _substring_errors(k, "school_aliases key", doc)
        if v in aliases:
            errs.append(f"alias target {v!r} is itself an alias")
        if v not in g["schools"]:
            errs.append(f"alias target {v!r} not in schools")
    for s in g["schools"]:
        if s not in aliases and s not in canonical:
            errs.append(f"school {s!r} neither canonical nor aliased")
    for m in g["group_members"]:
        if m in aliases:
            errs.append(f"group_member {m!r} is an alias, use canonical")
    return errs


def _check_type(t: Any, tag: str, spec: GoldSpec) -> list[str]:
    if isinstance(t, list):
        if len(t) != 2 or len(set(t)) != 2 or not set(t) <= spec.codes:
            return [f"{tag}.type list {t}"]
    elif t not in spec.codes:
        return [f"{tag}.type {t!r}"]
    return []


def _check_activity(a: Any, i: int, g: dict[str, Any], doc: str, canonical: set[str],
                    spec: GoldSpec) -> list[str]:
    tag = a.get("id", f"#{i}") if isinstance(a, dict) else f"#{i}"
    if not isinstance(a, dict) or list(a) != list(spec.activity_keys):
        return [f"{tag}: keys {list(a) if isinstance(a, dict) else a!r}"]
    errs = []
    if a["id"] != f"A{i}":
        errs.append(f"{tag}: id should be A{i}")
    errs += _substring_errors(a["evidence"], f"{tag}.evidence", doc)
    if isinstance(a["evidence"], str) and not (
            spec.evidence_min_chars <= len(a["evidence"]) <= spec.evidence_max_chars):
        errs.append(f"{tag}.evidence length {len(a['evidence'])}")
    errs += _check_type(a["type"], tag, spec)
    if a["time"] is not None:
        errs += _substring_errors(a["time"], f"{tag}.time", doc)
        if a["time"] not in g["times"]:
            errs.append(f"{tag}.time {a['time']!r} missing from times")
    if a["when"] is not None:
        errs += _check_when(a, tag, g["period"])
    for s in a["schools"]:
        if s not in canonical:
            errs.append(f"{tag}.schools {s!r} not canonical")
        elif s not in doc:
            errs.append(f"{tag}.schools {s!r} not in document")
    for key in ("subject", "theme"):
        if a[key] is not None:
            errs += _substring_errors(a[key], f"{tag}.{key}", doc)
    if a["theme"] and re.search(r"[“”\"《》「」]", a["theme"]):
        errs.append(f"{tag}.theme contains quote marks")
    for s in a["also"]:
        errs += _substring_errors(s, f"{tag}.also", doc)
    return errs


def _check_when(a: dict[str, Any], tag: str, period: str | None) -> list[str]:
    w = a["when"]
    try:
        if not isinstance(w, dict) or set(w) != {"start", "end"}:
            return [f"{tag}.when must be {{start, end}}: {w!r}"]
        s, e = dt.date.fromisoformat(w["start"]), dt.date.fromisoformat(w["end"])
    except (TypeError, ValueError) as exc:
        return [f"{tag}.when invalid {w!r}: {exc}"]
    if s > e:
        return [f"{tag}.when bad range {w}"]
    if a["time"] is None:
        return [f"{tag}.when given without time"]
    exp = expected_when(period, a["time"])
    if isinstance(exp, tuple) and exp != (s, e):
        return [f"{tag}.when {w} != expected {exp[0]}..{exp[1]} for {a['time']!r}"]
    if isinstance(exp, list) and (s, e) not in exp:
        return [f"{tag}.when {w} not a valid week for {a['time']!r}"]
    return []


def validate_dir(gold_dir: str | Path, docs_dir: str | Path | None = None) -> dict[str, list[str]]:
    """Problems per gold file of a folder (file name -> sentences; empty lists mean valid)."""
    docs = resolve_docs_dir(gold_dir, docs_dir)
    return {p.name: check_gold(p, docs) for p in gold_files(gold_dir)}
