"""Turn one successful fetch into what the crawl does next: documents to save and links to queue."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from miner.acquire.discover import Link, PageInfo, read_page, title_matches
from miner.acquire.http import FetchResult
from miner.acquire.naming import disposition_filename, extension, safe_filename, url_filename
from miner.acquire.profiles import SiteProfile
from miner.acquire.rules import CrawlRules
from miner.acquire.state import Target
from miner.encoding import decode_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_EXTRA_TYPES = {  # content types mimetypes does not know or maps to an odd extension
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/kswps": ".wps",
    "application/vnd.ms-works": ".wps",
    "application/x-zip-compressed": ".zip",
}


@dataclass(frozen=True, slots=True)
class SavedFile:
    """A document to ingest: the page or attachment bytes with a safe name and provenance."""

    url: str
    name: str
    content_type: str | None
    data: bytes
    meta: dict[str, Any]
    kind: str  # article | attachment


@dataclass(slots=True)
class Outcome:
    """What one fetched target yields."""

    kind: str  # the kind the fetch is recorded as: page | list | article | attachment
    saved: SavedFile | None = None
    links: list[Link] = field(default_factory=list)
    info: PageInfo | None = None
    error: str | None = None  # fetched fine, but not what it should be (a web page, not a file)
    skipped_links: int = 0


def is_html(result: FetchResult) -> bool:
    ctype = (result.content_type or "").split(";", 1)[0].strip().lower()
    if ctype in _HTML_TYPES:
        return True
    if ctype in ("", "text/plain", "application/octet-stream"):
        head = result.data[:512].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))
    return False


def _type_extension(content_type: str | None) -> str:
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    return _EXTRA_TYPES.get(ctype) or mimetypes.guess_extension(ctype) or ""


def attachment_name(result: FetchResult, link_text: str, rules: CrawlRules) -> str:
    """A safe file name for an attachment: Content-Disposition, else the link text when it names a
    file (a list's "2021学年工作计划.docx" says more than /upload/20210901123456.docx), else the URL."""
    candidates = [disposition_filename(result.disposition) or "", link_text, url_filename(result.final_url),
                  url_filename(result.url)]
    name = next((safe_filename(c) for c in candidates if extension(c) in rules.attachment_extensions), "")
    if not name:
        stem = safe_filename(candidates[0] or link_text or url_filename(result.final_url), "attachment")
        name = stem + _type_extension(result.content_type)
    return name


def _html_name(title: str, url: str) -> str:
    stem = title or url_filename(url).rsplit(".", 1)[0] or urlsplit(url).netloc
    return safe_filename(stem[:80], "page") + ".html"


def _file(target: Target, result: FetchResult, rules: CrawlRules) -> Outcome:
    """An attachment (or an article link that served a file)."""
    text = str(target.meta.get("link_text") or "")
    named = disposition_filename(result.disposition) or url_filename(result.final_url)
    if is_html(result) and extension(named) not in rules.attachment_extensions:
        return Outcome("attachment", error=f"[A004] {result.url}: a web page came back, not a file")
    meta = {
        "page_url": target.meta.get("page_url") or target.referer,
        "article_title": target.meta.get("article_title") or text or None,
        "article_date": target.meta.get("article_date") or target.meta.get("list_date"),
        "link_text": text or None,
        "fetched_at": result.fetched_at,
        "final_url": result.final_url,
    }
    name = attachment_name(result, text, rules)
    return Outcome("attachment", saved=SavedFile(target.url, name, result.content_type, result.data, meta,
                                                 "attachment"))


def _article(target: Target, result: FetchResult, html: str, encoding: str, keywords: tuple[str, ...],
             rules: CrawlRules, profile: SiteProfile | None) -> Outcome:
    info = read_page(html, result.final_url, keywords, rules, role="article", profile=profile)
    link_text = str(target.meta.get("link_text") or "")
    title = info.title if title_matches(info.title, keywords, rules) else (link_text or info.title)
    date = info.date or target.meta.get("list_date")
    meta = {
        "page_url": target.url,
        "list_url": target.referer,
        "article_title": title or None,
        "article_date": date,
        "link_text": link_text or None,
        "encoding": encoding,
        "fetched_at": result.fetched_at,
        "final_url": result.final_url,
    }
    links = list(info.links)  # attachments and related plan/summary articles (no navigation)
    saved = SavedFile(target.url, _html_name(title, result.final_url), result.content_type, result.data,
                      meta, "article")
    return Outcome("article", saved=saved, links=links, info=info)


def handle(target: Target, result: FetchResult, keywords: tuple[str, ...], rules: CrawlRules,
           profile: SiteProfile | None) -> Outcome:
    """Decide what a successful (2xx) fetch is and what it leads to."""
    if target.kind == "attachment":
        return _file(target, result, rules)
    if not is_html(result):
        named = disposition_filename(result.disposition) or url_filename(result.final_url)
        link_text = str(target.meta.get("link_text") or "")
        is_file = extension(named) in rules.attachment_extensions
        if target.kind == "article" or (target.depth == 0 and is_file) \
                or title_matches(link_text or named, keywords, rules):
            return _file(target, result, rules)
        return Outcome(target.kind)
    html, encoding = decode_html(result.data, result.content_type)
    if target.kind == "article":
        return _article(target, result, html, encoding, keywords, rules, profile)
    info = read_page(html, result.final_url, keywords, rules, role="list", profile=profile)
    looks_like_article = (
        target.kind == "page"
        and not info.has_pagination
        and info.body_chars >= rules.min_body_chars
        and title_matches(info.title, keywords, rules)
        and sum(1 for link in info.links if link.kind == "article") < 3
    )
    if looks_like_article:
        outcome = _article(target, result, html, encoding, keywords, rules, profile)
        outcome.kind = "article"
        return outcome
    return Outcome(target.kind, links=list(info.links), info=info, skipped_links=info.skipped)
