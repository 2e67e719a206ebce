"""Site profiles: CSS selectors (TOML) for sites where the crawler's link heuristics fail."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import soupsieve

_SELECTORS = ("list_selector", "link_selector", "next_selector", "date_selector", "title_selector",
              "attachment_selector")


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """How to read one site. Every selector is optional; a missing one falls back to the heuristics.

    list_selector: the element(s) holding a column's article list (links outside are navigation)
    link_selector: article links, searched inside list_selector when that is given
    next_selector: the "next page" link(s) of a list
    date_selector: the element holding an article page's publication date
    title_selector: the element holding an article page's title
    attachment_selector: attachment links on an article page
    match_all: save every article the link selector finds, whatever its title says
    keywords: title keywords for this site, replacing the configured ones when given
    allow_hosts: further hosts this site keeps its files on (a CDN or file server)
    """

    name: str = ""
    list_selector: str | None = None
    link_selector: str | None = None
    next_selector: str | None = None
    date_selector: str | None = None
    title_selector: str | None = None
    attachment_selector: str | None = None
    match_all: bool = False
    keywords: tuple[str, ...] = ()
    allow_hosts: tuple[str, ...] = ()


def profile_from_dict(data: dict[str, Any], origin: str = "profile") -> SiteProfile:
    """Validate a profile's keys and selectors (a bad selector is reported now, not mid-crawl)."""
    data = dict(data.get("site", data))
    known = {f.name for f in fields(SiteProfile)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{origin}: unknown profile key(s): {', '.join(sorted(unknown))}")
    for key in _SELECTORS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{origin}: {key} must be a CSS selector string")
        try:
            soupsieve.compile(value)
        except soupsieve.SelectorSyntaxError as exc:
            raise ValueError(f"{origin}: {key} is not a valid CSS selector: {exc}") from None
    for key in ("keywords", "allow_hosts"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"{origin}: {key} must be a list of strings")
        data[key] = tuple(value)
    if not isinstance(data.get("match_all", False), bool):
        raise ValueError(f"{origin}: match_all must be true or false")
    if not isinstance(data.get("name", ""), str):
        raise ValueError(f"{origin}: name must be a string")
    return SiteProfile(**data)


def load_profile(path: str | Path) -> SiteProfile:
    """Read a site profile TOML file (see docs/site-profile-example.toml)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    return profile_from_dict(data, str(path))
