"""What a school CMS page says about its article: charset, own title, publication date, attachments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from miner.parse.furniture import date_from_url, is_furniture_line, parse_date, rules, stamp_date

_SPACES = re.compile(r"[ \t\r\n\u3000\xa0]+")
TITLE_MIN, TITLE_MAX = 4, 100


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2018-\u201d"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r]*\n\s*(?=[{_CJK}])")


def squash(text: str | None) -> str:
    """Whitespace runs (including full-width and no-break spaces) → one space, stripped.

    A line break of the HTML source between two Chinese characters is dropped, as browsers do.
    """
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text or "")).strip()


def _metas(root: etree._Element) -> Iterable[tuple[str, str]]:
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if name and content:
            yield name, content.strip()


@dataclass(frozen=True, slots=True)
class PageDate:
    """A page's publication date, its surface string, and where it was found (stamp | meta | url)."""

    date: dt.date
    text: str
    origin: str


_BARE_DATE = re.compile(r"^[\[【(（]?\s*(19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
                        r"(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*[\]】)）]?$")
_FOOTER = re.compile(r"(?i)copyright|版权|©|icp")
HEAD_LINES = 4  # lines around the article's title where an unlabelled date is the page date


def find_date(lines: Iterable[str], root: etree._Element, url: str | None,
              head: Iterable[str] = ()) -> PageDate | None:
    """The page's publication date. In order: a labelled stamp line (发布时间：…); in the `head`
    lines around the title, a date beside a stamp word (来源, 作者, 浏览) or alone on its line;
    a date <meta>; a date in the URL. Copyright years and dates inside sentences are never taken.
    """
    for line in lines:
        found = stamp_date(line)
        if found:
            return PageDate(found[0], found[1], "stamp")
    words = rules().stamp_words
    for line in list(head)[:HEAD_LINES]:
        if len(line) <= 60 and (_BARE_DATE.match(line) or any(w in line for w in words)):
            found = parse_date(line)
            if found and not _FOOTER.search(line):
                return PageDate(found[0], found[1], "stamp")
    wanted = rules().meta_names
    for name, content in _metas(root):
        if name in wanted:
            found = parse_date(content)
            if found:
                return PageDate(found[0], found[1], "meta")
    if url:
        found = date_from_url(url)
        if found:
            return PageDate(found[0], found[1], "url")
    return None


def _title_parts(head_title: str) -> list[str]:
    parts = [head_title]
    for sep in rules().title_separators:
        parts = [p.strip() for part in parts for p in part.split(sep)]
    return [p for p in parts if p]


def find_title(root: etree._Element, provided: str | None = None, near: etree._Element | None = None
               ) -> tuple[str, etree._Element | None]:
    """The article's own title and the element holding it (None when taken from <title> or meta).

    Preference: a title given by the crawler; an <h1>/.title element whose text agrees with the
    page <title> or a title <meta>; a plausible such element inside `near` (the content's
    surroundings), then anywhere; the longest part of <title>
    (the site name is usually the shorter part of "XX中学-文章标题" or "标题_XX学校").
    """
    if provided and squash(provided):
        return squash(provided), None
    head = root.find(".//title")
    head_title = squash(head.text_content() if head is not None else "")
    meta_titles = [squash(c) for n, c in _metas(root) if n in rules().title_meta_names]
    references = [t for t in [head_title, *meta_titles] if t]
    parts = _title_parts(head_title) if head_title else []
    site_names = {p for p in parts if len(parts) > 1 and p != max(parts, key=len)}
    plausible: list[tuple[str, etree._Element]] = []
    for xpath in rules().title_xpaths:
        for el in root.xpath(xpath):
            if el.tag in ("title", "meta", "html", "body") or el.find(".//table") is not None:
                continue
            text = squash(el.text_content())
            if not TITLE_MIN <= len(text) <= TITLE_MAX or text in site_names or is_furniture_line(text):
                continue
            if sum(len(squash(a.text_content())) for a in el.iter("a")) * 2 > len(text):
                continue  # a link in a list of articles, not this article's title
            if any(text in ref or (len(ref) >= TITLE_MIN and ref in text) for ref in references):
                return text, el
            plausible.append((text, el))
    long_parts = [p for p in parts if p not in site_names]
    if meta_titles:
        return meta_titles[0], None
    if plausible:
        inside = [p for p in plausible if near is not None and (p[1] is near or near in p[1].iterancestors())]
        return (inside or plausible)[0]
    if long_parts:
        return max(long_parts, key=len), None
    return head_title, None


def find_attachments(root: etree._Element, base_url: str | None = None) -> list[dict[str, str]]:
    """Links to documents (.doc, .docx, .pdf, .xls, .wps, .zip, ...) as {"text", "href"}, page order."""
    extensions = rules().attachment_extensions
    seen: set[str] = set()
    out: list[dict[str, str]] = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        parts = urlsplit(href)
        target = unquote(parts.path).lower()
        query = unquote(parts.query).lower()
        text = squash(a.text_content())
        if not (target.endswith(extensions) or any(q.endswith(extensions) for q in query.split("&"))
                or text.lower().endswith(extensions)):
            continue
        full = urljoin(base_url, href) if base_url else href
        if full not in seen:
            seen.add(full)
            out.append({"text": text, "href": full})
    return out
