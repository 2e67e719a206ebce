"""Read a fetched page: its title and date, and its links sorted into lists, articles and attachments."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from miner.acquire.naming import extension, url_filename
from miner.acquire.profiles import SiteProfile
from miner.acquire.rules import CrawlRules

LinkKind = Literal["list", "page", "article", "attachment"]

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SPACE = re.compile(r"\s+")
_TITLE_SPLIT = re.compile(r"\s*(?:--|—|_|\||｜|-)\s*")


@dataclass(frozen=True, slots=True)
class Link:
    """A link worth following, with the text it was shown with and the date beside it in a list."""

    url: str
    text: str
    kind: LinkKind  # list: pagination; page: navigation (栏目); article; attachment
    date: str | None = None  # ISO date shown next to the link, if any


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What one HTML page says about itself and where it leads."""

    title: str
    date: str | None  # ISO date of publication, from a label, a profile selector or None
    body_chars: int  # characters of text outside links, scripts and styles
    links: tuple[Link, ...]
    skipped: int  # links that looked like article titles but matched no keyword
    has_pagination: bool


def clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def iso_date(text: str) -> str | None:
    """The first plausible date in `text` as YYYY-MM-DD."""
    for match in _DATE.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def title_matches(text: str, keywords: Iterable[str], rules: CrawlRules) -> bool:
    """Whether a title names a work plan or summary (a keyword, and none of the excluded phrases)."""
    return any(k in text for k in keywords) and not any(w in text for w in rules.exclude_words)


def _stem_prefix(segment: str) -> str:
    stem = segment.rsplit(".", 1)[0] if "." in segment else segment
    return re.sub(r"[_-]?\d+$", "", stem).lower()


def is_pagination(url: str, text: str, page_url: str, rules: CrawlRules) -> bool:
    """Whether a link leads to another page of the same list (下一页, 2, list_2.html, ?page=2)."""
    low = text.lower()
    if low in rules.next_words or low in rules.last_words:
        return True
    target, here = urlsplit(url), urlsplit(page_url)
    if target.netloc != here.netloc:
        return False
    target_dir, target_seg = posixpath.split(target.path)
    here_dir, here_seg = posixpath.split(here.path)
    params = {k.lower() for k, v in parse_qsl(target.query) if v.isdigit()}
    if target.path == here.path and params & rules.page_params:
        return True
    if target_dir != here_dir:
        return False
    numbered = any(p.match(target_seg) for p in rules.page_path_patterns)
    if numbered and (text.isdigit() or _stem_prefix(target_seg) == _stem_prefix(here_seg or "index")):
        return True
    return text.isdigit() and len(text) <= 4 and (numbered or bool(params & rules.page_params))


def _is_attachment(url: str, text: str, rules: CrawlRules) -> bool:
    if extension(url_filename(url)) in rules.attachment_extensions:
        return True
    if extension(text) in rules.attachment_extensions:
        return True
    parts = urlsplit(url)
    target = f"{parts.path}?{parts.query}"
    return any(p.search(target) for p in rules.download_patterns)


def classify(url: str, text: str, page_url: str, keywords: Iterable[str],
             rules: CrawlRules) -> LinkKind | None:
    """Sort one link; None for links never followed (media, mail, plain non-matching articles)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in rules.skip_schemes or scheme not in ("http", "https"):
        return None
    if extension(url_filename(url)) in rules.skip_extensions:
        return None
    if _is_attachment(url, text, rules):
        return "attachment"
    if is_pagination(url, text, page_url, rules):
        return "list"
    if title_matches(text, keywords, rules):
        return "article" if len(text) >= rules.min_title_chars else "page"
    if text and len(text) <= rules.nav_max_chars and not any(w in text for w in rules.nav_skip_words):
        return "page"
    return None


def _anchor_text(a: Tag) -> str:
    text = clean(a.get_text(" "))
    title = clean(str(a.get("title") or ""))
    # List pages shorten long titles ("2021学年集团工作计...") and keep the full one in title=.
    return title if len(title) > len(text.rstrip(".…")) else text


def _href(a: Tag, base: str) -> str | None:
    href = str(a.get("href") or "").strip()
    if not href or href.startswith("#"):
        return None
    return urljoin(base, href).split("#", 1)[0]


def _list_date(a: Tag) -> str | None:
    """The date printed beside a link in its list item or table row."""
    holder = a.find_parent(["li", "tr", "dd", "dl", "p"])
    if holder is None:
        return None
    text = clean(holder.get_text(" "))
    return iso_date(text.replace(clean(a.get_text(" ")), " "))


def _select(soup: BeautifulSoup | Tag, selector: str | None) -> list[Tag]:
    return [t for t in soup.select(selector)] if selector else []


def page_title(soup: BeautifulSoup, keywords: Iterable[str], rules: CrawlRules,
               profile: SiteProfile | None = None) -> str:
    """An article's title: the profile's element, a heading with a keyword, else the <title> part."""
    keywords = tuple(keywords)
    if profile and profile.title_selector:
        for tag in _select(soup, profile.title_selector):
            if clean(tag.get_text(" ")):
                return clean(tag.get_text(" "))
    headings = [clean(h.get_text(" ")) for h in soup.find_all(["h1", "h2", "h3"])]
    for heading in headings:
        if heading and title_matches(heading, keywords, rules):
            return heading
    raw = clean(soup.title.get_text(" ")) if soup.title else ""
    parts = [p for p in _TITLE_SPLIT.split(raw) if p]
    for part in parts:
        if title_matches(part, keywords, rules):
            return part
    return (parts[0] if parts else "") or next((h for h in headings if h), "")


def page_date(soup: BeautifulSoup, text: str, rules: CrawlRules,
              profile: SiteProfile | None = None) -> str | None:
    """Publication date from the profile's element, else from a 发布时间/日期 label."""
    if profile and profile.date_selector:
        for tag in _select(soup, profile.date_selector):
            found = iso_date(tag.get_text(" "))
            if found:
                return found
    for label in rules.date_labels:
        for match in re.finditer(re.escape(label) + r"\s*[:：]?\s*", text):
            found = iso_date(text[match.end(): match.end() + 24])
            if found:
                return found
    return None


def _body_chars(soup: BeautifulSoup) -> int:
    total = len(re.sub(r"\s", "", soup.get_text("")))
    in_links = sum(len(re.sub(r"\s", "", a.get_text(""))) for a in soup.find_all("a"))
    return max(0, total - in_links)


def script_pages(script: str, base: str, rules: CrawlRules) -> list[str]:
    """List pages a script-written pager stands for (createPageHTML(3, 0, "index", "html"))."""
    pages: list[str] = []
    for pattern in rules.script_pagers:
        for match in pattern.finditer(script):
            total = min(int(match["total"]), rules.max_script_pages)
            pages += [urljoin(base, f"{match['prefix']}_{i}.{match['ext']}") for i in range(1, total)]
    return pages


def embedded_files(tag: Tag, base: str, rules: CrawlRules) -> list[str]:
    """Files an article shows inline: <iframe src=a.pdf>, <embed>, a viewer's ?file=a.pdf."""
    found = []
    for attr in ("src", "data"):
        value = str(tag.get(attr) or "").strip()
        if not value:
            continue
        target = urljoin(base, value)
        candidates = [target] + [urljoin(target, v) for _, v in parse_qsl(urlsplit(target).query)]
        found += [c for c in candidates if extension(url_filename(c)) in rules.attachment_extensions]
    return found


def read_page(html: str, url: str, keywords: Iterable[str], rules: CrawlRules, *,
              role: Literal["list", "article"], profile: SiteProfile | None = None) -> PageInfo:
    """Title, date and classified links of one page.

    role "list": a home, column or list page; articles are found by title, attachments only when
    their name has a keyword. role "article": every attachment link is kept (the article is a plan
    or summary, so its files are too), plus article links with keywords; no navigation.
    """
    keywords = tuple(profile.keywords if profile and profile.keywords else keywords)
    soup = BeautifulSoup(html, "lxml")
    base_tag = soup.find("base", href=True)
    base = urljoin(url, str(base_tag["href"])) if isinstance(base_tag, Tag) else url
    found: dict[str, Link] = {}
    skipped = 0

    def add(link: Link) -> None:
        if link.url != url and link.url not in found:
            found[link.url] = link

    if role == "list":
        for script in soup.find_all("script"):
            for pager_url in script_pages(script.get_text(), base, rules):
                add(Link(pager_url, "", "list"))
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    if role == "article":
        for frame in soup.find_all(["iframe", "embed", "object"]):
            for file_url in embedded_files(frame, base, rules):
                add(Link(file_url, "", "attachment"))

    chosen_articles: set[int] = set()
    if profile and role == "list" and profile.link_selector:
        scopes: list[BeautifulSoup | Tag] = _select(soup, profile.list_selector) or [soup]
        for scope in scopes:
            for a in scope.select(profile.link_selector):
                href, text = _href(a, base), _anchor_text(a)
                chosen_articles.add(id(a))
                if href and (profile.match_all or title_matches(text, keywords, rules)):
                    kind: LinkKind = "attachment" if _is_attachment(href, text, rules) else "article"
                    add(Link(href, text, kind, _list_date(a)))
                elif href:
                    skipped += 1
    if profile and role == "list":
        for a in _select(soup, profile.next_selector):
            href = _href(a, base)
            if href:
                add(Link(href, _anchor_text(a), "list"))
    if profile and role == "article":
        for a in _select(soup, profile.attachment_selector):
            href = _href(a, base)
            if href:
                add(Link(href, _anchor_text(a), "attachment"))
    list_scope = _select(soup, profile.list_selector) if profile and role == "list" else []
    in_list = {id(a) for scope in list_scope for a in scope.find_all("a")}
    for a in soup.find_all("a", href=True):
        href = _href(a, base)
        if not href or id(a) in chosen_articles:
            continue
        text = _anchor_text(a)
        sorted_kind = classify(href, text, url, keywords, rules)
        if sorted_kind is None:
            if role == "list" and len(text) >= rules.min_title_chars:
                skipped += 1
            continue
        kind = sorted_kind
        if role == "article" and kind in ("list", "page"):
            continue
        if kind == "attachment" and role == "list" and not (
            title_matches(text, keywords, rules) or title_matches(url_filename(href), keywords, rules)
        ):
            continue
        if kind == "page" and in_list and id(a) in in_list:
            continue  # a short title inside the profile's list is an article, not a column
        date = _list_date(a)
        if kind == "page" and date and not title_matches(text, keywords, rules):
            skipped += 1  # a short title with a date beside it is a list entry, not a column
            continue
        add(Link(href, text, kind, date if kind in ("article", "attachment") else None))
    text = soup.get_text("\n")
    links = tuple(found.values())
    return PageInfo(
        title=page_title(soup, keywords, rules, profile),
        date=page_date(soup, text, rules, profile),
        body_chars=_body_chars(soup),
        links=links,
        skipped=skipped,
        has_pagination=any(link.kind == "list" for link in links),
    )
