"""Crawl school websites: walk lists, save plan and summary articles and their files, ingest them."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from miner.acquire.discover import title_matches
from miner.acquire.handle import Outcome, SavedFile, handle
from miner.acquire.http import Fetcher, FetchResult
from miner.acquire.profiles import SiteProfile
from miner.acquire.robots import allowed_site, site_key
from miner.acquire.rules import CrawlRules, load_rules
from miner.acquire.state import CrawlState, Previous, Target
from miner.errors import AcquireError
from miner.records import ErrorRecord, RawInput
from miner.settings import Settings

if TYPE_CHECKING:
    from miner.store import Store

log = logging.getLogger(__name__)

_HOME = re.compile(r"^/?(?:(?:index|default|home|main|portal)\.\w+)?$", re.IGNORECASE)
_INGEST_EVERY = 20  # documents held before they are ingested in one batch


class IngestResult(Protocol):
    added: int
    skipped: int
    failed: int


Ingest = Callable[[Iterable[RawInput], "Store", Settings], IngestResult]


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    """What one crawl run did."""

    pages: int = 0  # navigation and list pages fetched (crawled, not documents)
    articles: int = 0  # article pages saved as documents
    attachments: int = 0  # attachments saved as documents
    unchanged: int = 0  # on a refresh: 304 Not Modified, or the same bytes as last time
    added: int = 0  # documents ingest added to the store
    skipped: int = 0  # documents ingest already had (same bytes)
    failed: int = 0  # documents ingest could not read
    errors: int = 0  # fetches that failed (HTTP errors, timeouts, size limit, not a file)
    refused: int = 0  # URLs not fetched: robots.txt, or a redirect off the crawled hosts
    offsite: int = 0  # links to other hosts, not followed
    skipped_links: int = 0  # article links whose titles matched no keyword, not read
    pending: int = 0  # URLs left for the next run (the page limit was reached)
    fetched: int = 0  # URLs fetched in this run
    messages: tuple[str, ...] = ()  # the fetch errors, one line each (first 50)

    @property
    def documents(self) -> int:
        return self.articles + self.attachments

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "messages": list(self.messages)}


def is_home(url: str) -> bool:
    """Whether a start URL is a site's home page (navigation is followed further from it)."""
    return bool(_HOME.match(urlsplit(url).path or "/"))


def normalise_url(url: str) -> str:
    url = url.strip()
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AcquireError(f"not an http(s) URL: {url}", code="A004")
    return parts._replace(fragment="", path=parts.path or "/").geturl()


class _Crawl:
    """One run: the fetcher, the state and the counters."""

    def __init__(self, store: Store, settings: Settings, hosts: set[str], profile: SiteProfile | None,
                 ingest: Ingest, progress: Callable[[CrawlSummary], None] | None, refresh: bool) -> None:
        self.store = store
        self.settings = settings
        self.rules: CrawlRules = load_rules()
        self.profile = profile
        self.keywords = tuple(profile.keywords if profile and profile.keywords else settings.crawl.keywords)
        self.ingest = ingest
        self.progress = progress
        self.refresh = refresh
        self.state = CrawlState(store.conn, hosts)
        self.fetcher = Fetcher(settings.crawl, self.rules, hosts)
        self.summary = CrawlSummary()
        self.messages: list[str] = []
        self.offsite: set[str] = set()

    def count(self, **deltas: int) -> None:
        changes = {k: getattr(self.summary, k) + v for k, v in deltas.items()}
        self.summary = dataclasses.replace(self.summary, **changes)

    def report(self) -> None:
        if self.progress:
            self.progress(dataclasses.replace(self.summary, messages=tuple(self.messages[:50])))

    # -- queueing ---------------------------------------------------------------------------
    def seed(self, url: str) -> None:
        budget = self.rules.home_nav_depth if is_home(url) else self.rules.column_nav_depth
        if not self.state.add(url, site_key(url), "page", depth=0, nav_budget=budget, referer=None, meta={}):
            log.debug("start page %s already known", url)

    def queue(self, target: Target, outcome: Outcome) -> None:
        info = outcome.info
        for link in outcome.links:
            if self.fetcher.policy.check_scope(link.url):
                if link.url not in self.offsite:
                    self.offsite.add(link.url)
                    self.count(offsite=1)
                continue
            depth, budget = target.depth, target.nav_budget
            if link.kind == "page":
                if title_matches(link.text, self.keywords, self.rules):
                    if depth + 1 > self.rules.keyword_nav_depth:
                        continue
                elif budget <= 0:
                    continue
                else:
                    budget -= 1
                depth += 1
            elif link.kind in ("article", "attachment"):
                depth, budget = depth + 1, 0
            meta: dict[str, Any] = {"link_text": link.text, "list_date": link.date}
            if link.kind == "attachment" and outcome.saved is not None:
                meta.update(page_url=target.url, article_title=outcome.saved.meta.get("article_title"),
                            article_date=outcome.saved.meta.get("article_date"))
            elif link.kind == "attachment" and info is not None:
                meta.update(page_url=target.url)
            elif link.kind == "list":  # pagination: at most max_list_pages pages per list, over all runs
                root = str(target.meta.get("list_root") or target.url)
                if self.state.list_pages(root) >= self.settings.crawl.max_list_pages:
                    log.info("%s: more than %d pages in its list, not followed", link.url,
                             self.settings.crawl.max_list_pages)
                    continue
                meta["list_root"] = root
            self.state.add(link.url, site_key(link.url), link.kind, depth=depth,
                           nav_budget=budget, referer=target.url, meta=meta)

    # -- one wave of fetches ----------------------------------------------------------------
    def fetch(self, target: Target, previous: Previous | None) -> FetchResult:
        if self.refresh and previous is not None:
            return self.fetcher.fetch(target.url, etag=previous.etag, last_modified=previous.last_modified)
        return self.fetcher.fetch(target.url)

    def settle(self, target: Target, result: FetchResult, previous: Previous | None) -> None:
        """Record one fetch and act on it (inside the caller's transaction)."""
        kind = target.kind
        if result.refused:
            self.state.record(result, kind, changed=None, referer=target.referer)
            self.state.mark(target.url, "done")
            self.count(refused=1)
            return
        self.count(fetched=1)
        if result.error:
            self.fail(target, result, kind, result.error)
            return
        if result.not_modified:
            self.state.record(result, kind, changed=False, referer=target.referer)
            self.state.mark(target.url, "done")
            self.count(unchanged=1)
            return
        changed = previous is None or previous.sha256 != result.sha256
        try:
            outcome = handle(target, result, self.keywords, self.rules, self.profile)
        except Exception as exc:  # noqa: BLE001 - a page we cannot read is an error row, not a crash
            log.debug("could not read %s", target.url, exc_info=True)
            self.fail(target, result, kind, f"[A004] {target.url}: could not read the page ({exc})")
            return
        if outcome.error:
            self.fail(target, result, outcome.kind, outcome.error)
            return
        self.state.record(result, outcome.kind, changed=changed, referer=target.referer)
        self.state.mark(target.url, "done")
        if result.final_url != target.url:
            self.state.add(result.final_url, site_key(result.final_url), target.kind,
                           depth=target.depth, nav_budget=target.nav_budget, referer=target.url, meta={},
                           state="done")
        self.queue(target, outcome)
        self.count(skipped_links=outcome.skipped_links)
        if outcome.saved is None:
            self.count(pages=1)
        elif not changed:
            self.count(unchanged=1)
        else:
            self.hold(outcome.saved)

    def hold(self, saved: SavedFile) -> None:
        self.state.hold(saved.url, saved.name, saved.content_type, saved.meta, saved.data)
        self.count(**{"articles" if saved.kind == "article" else "attachments": 1})

    def fail(self, target: Target, result: FetchResult, kind: str, error: str) -> None:
        failed = dataclasses.replace(result, error=error)
        self.state.record(failed, kind, changed=None, referer=target.referer)
        self.state.mark(target.url, "failed")
        code = error[1:5] if error.startswith("[") else "A004"
        self.store.record_error(ErrorRecord(source=target.url, stage="acquire", code=code, error=error))
        self.messages.append(error)
        self.count(errors=1)

    def wave(self, pool: ThreadPoolExecutor, batch: Sequence[Target]) -> None:
        previous = {t.url: self.state.previous(t.url) for t in batch}
        results = list(pool.map(lambda t: self.fetch(t, previous[t.url]), batch))
        with self.store.transaction():
            for target, result in zip(batch, results, strict=True):
                self.settle(target, result, previous[target.url])
            while self.fetcher.robots_fetches:
                robots = self.fetcher.robots_fetches.pop(0)
                self.state.record(robots, "robots", changed=None, referer=None)

    def ingest_held(self) -> None:
        held = self.state.held()
        if not held:
            return
        raws = [RawInput(source=url, data=data, name=name, content_type=ctype, meta=meta)
                for url, name, ctype, meta, data in held]
        result = self.ingest(raws, self.store, self.settings)
        self.count(added=result.added, skipped=result.skipped, failed=result.failed)
        with self.store.transaction():
            self.state.release(url for url, *_ in held)

    # -- the run ----------------------------------------------------------------------------
    def run(self, urls: Sequence[str]) -> CrawlSummary:
        crawl = self.settings.crawl
        with self.store.transaction():
            run_id, self.refresh = self.state.begin_run(self.refresh)
            for url in urls:
                self.seed(url)
        workers = max(1, min(8, crawl.concurrency_per_host * len(self.state.hosts)))
        limit = crawl.max_pages if crawl.max_pages > 0 else None
        with self.fetcher:
            self.ingest_held()  # documents a killed run fetched but did not ingest
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="miner-fetch") as pool:
                while limit is None or self.summary.fetched < limit:
                    room = workers if limit is None else min(workers, limit - self.summary.fetched)
                    batch = self.state.next_batch(room)
                    if not batch:
                        break
                    self.wave(pool, batch)
                    if self.state.held_count() >= _INGEST_EVERY:
                        self.ingest_held()
                    self.report()
            self.ingest_held()
        pending = self.state.pending_count()
        if pending == 0:
            with self.store.transaction():
                self.state.finish_run(run_id)
        self.count(pending=pending)
        self.summary = dataclasses.replace(self.summary, messages=tuple(self.messages[:50]))
        self.report()
        return self.summary


def crawl(
    urls: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    profile: SiteProfile | None = None,
    progress: Callable[[CrawlSummary], None] | None = None,
    allow_hosts: Iterable[str] = (),
    refresh: bool = False,
    ingest: Ingest | None = None,
) -> CrawlSummary:
    """Crawl from home or column pages, save plan and summary articles and their attachments, ingest them.

    Only the start URLs' hosts (plus `allow_hosts` and the profile's) are fetched, robots.txt is
    obeyed, and every fetch is recorded in the store's `fetches` table. Run it again to go on
    after an interruption or the page limit; `refresh=True` asks the server again for every known
    URL with If-None-Match / If-Modified-Since and re-ingests only what changed.
    """
    starts = [normalise_url(u) for u in urls]
    if not starts:
        raise AcquireError("no start URL given", code="A004")
    hosts = {site_key(u) for u in starts}
    hosts |= {allowed_site(h) for h in allow_hosts}
    if profile:
        hosts |= {allowed_site(h) for h in profile.allow_hosts}
    if ingest is None:
        from miner.core import ingest_raw

        ingest = ingest_raw
    return _Crawl(store, settings, hosts, profile, ingest, progress, refresh).run(starts)
