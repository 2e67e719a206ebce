"""Polite HTTP fetching: per-host delay and concurrency, retries, size limits, checked redirects."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from miner.acquire.robots import RobotsAnswer, UrlPolicy, host_key
from miner.acquire.rules import CrawlRules
from miner.errors import AcquireError
from miner.settings import CrawlSettings

log = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of fetching one URL (after redirects and retries)."""

    url: str  # the URL asked for
    final_url: str  # where the redirects ended
    status: int | None  # last HTTP status; None when no response arrived
    content_type: str | None = None
    data: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    disposition: bytes | None = None  # raw Content-Disposition header
    fetched_at: str = ""  # ISO 8601 UTC
    error: str | None = None  # "[A004] ..." when the fetch failed or was refused
    attempts: int = 0
    refused: bool = False  # not fetched on purpose: robots.txt, another host, not http(s)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.data).hexdigest() if self.ok else None


def _raw_header(headers: httpx.Headers, name: bytes) -> bytes | None:
    """A header's undecoded bytes (file names arrive as raw UTF-8 or GBK)."""
    for key, value in headers.raw:
        if key.lower() == name:
            return value
    return None


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class HostGate:
    """At most `concurrency` requests in flight per host, and starts at least `delay` apart."""

    def __init__(self, concurrency: int) -> None:
        self._concurrency = max(1, concurrency)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self._concurrency))
        with semaphore:
            with self._lock:
                start = max(time.monotonic(), self._next.get(host, 0.0))
                self._next[host] = start + delay
            pause = start - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            yield


@dataclass(frozen=True, slots=True)
class _Response:
    status: int
    headers: httpx.Headers
    data: bytes


class Fetcher:
    """Fetches URLs for one crawl. Thread-safe: a crawl may call `fetch` from a pool."""

    def __init__(
        self,
        settings: CrawlSettings,
        rules: CrawlRules,
        hosts: set[str] | frozenset[str],
        *,
        obey_robots: bool = True,
    ) -> None:
        self.settings = settings
        self.rules = rules
        self.max_bytes = int(settings.max_response_mb * 1024 * 1024)
        self.gate = HostGate(settings.concurrency_per_host)
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout_s),
            follow_redirects=False,
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                "Accept-Language": "zh-CN,zh;q=0.9",
            },
        )
        self.policy = UrlPolicy(hosts, settings.user_agent, self._fetch_robots, obey_robots=obey_robots)
        self.robots_fetches: list[FetchResult] = []  # drained by the crawl to record them

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one request, politely, with retries ------------------------------------------------
    def _delay(self, url: str, robots: bool) -> float:
        delay = self.settings.delay_s
        if not robots:
            delay = max(delay, min(self.policy.crawl_delay(url), 60.0))
        return delay

    def _backoff(self, attempt: int, headers: httpx.Headers | None) -> float:
        wait = max(self.settings.delay_s, self.rules.min_backoff_s) * 2 ** (attempt - 1)
        retry_after = headers.get("retry-after") if headers is not None else None
        if retry_after:
            try:
                seconds = float(retry_after)
            except ValueError:
                try:
                    parsed = email.utils.parsedate_to_datetime(retry_after)
                    seconds = (parsed - dt.datetime.now(dt.UTC)).total_seconds()
                except (TypeError, ValueError):
                    seconds = 0.0
            wait = max(wait, min(seconds, self.rules.max_retry_after_s))
        return wait

    def _read(self, url: str, headers: dict[str, str], limit: int) -> _Response:
        """One GET. httpx's timeout applies to each read, so a server sending a byte a second
        would never time out: the whole body must also arrive before `deadline_s`."""
        deadline = time.monotonic() + self.settings.deadline_s
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code != 200:
                return _Response(response.status_code, response.headers, b"")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise AcquireError(f"{url}: {int(declared)} bytes is over the size limit", code="A002")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                if time.monotonic() > deadline:
                    raise AcquireError(f"{url}: the response did not arrive within "
                                       f"{self.settings.deadline_s:g} s (a server sending too slowly)",
                                       code="A006")
                size += len(chunk)
                if size > limit:
                    raise AcquireError(f"{url}: more than the size limit of {limit} bytes", code="A002")
                chunks.append(chunk)
            return _Response(response.status_code, response.headers, b"".join(chunks))

    def _request(self, url: str, headers: dict[str, str], *, robots: bool = False) -> tuple[_Response, int]:
        """GET with retries on timeouts, network errors and retryable statuses."""
        host = host_key(urlsplit(url).hostname)
        limit = _ROBOTS_MAX_BYTES if robots else self.max_bytes
        retries = max(0, self.settings.retries)
        last_error = ""
        for attempt in range(1, retries + 2):
            resp_headers: httpx.Headers | None = None
            try:
                with self.gate.slot(host, self._delay(url, robots)):
                    response = self._read(url, headers, limit)
                if response.status not in self.rules.retry_statuses or attempt > retries:
                    return response, attempt
                resp_headers = response.headers
                last_error = f"HTTP {response.status}"
            except httpx.TimeoutException:
                last_error = f"timed out after {self.settings.timeout_s:g} s"
            except httpx.TransportError as exc:
                last_error = f"network error ({type(exc).__name__}: {exc})"
            if attempt > retries:
                break
            wait = self._backoff(attempt, resp_headers)
            log.info("%s: %s, retry %d in %.2f s", url, last_error, attempt, wait)
            time.sleep(wait)
        raise AcquireError(f"{url}: {last_error} ({retries + 1} attempts)", code="A004")

    def _fetch_robots(self, robots_url: str) -> RobotsAnswer:
        """robots.txt, following up to max_redirects redirects (http → https is common); a chain
        that never ends counts as a missing file, as RFC 9309 allows."""
        current = robots_url
        for _hop in range(self.rules.max_redirects + 1):
            try:
                response, attempts = self._request(current, {}, robots=True)
            except AcquireError as exc:
                self.robots_fetches.append(FetchResult(robots_url, current, None, fetched_at=now_iso(),
                                                       error=str(exc)))
                return RobotsAnswer(None, "")
            location = response.headers.get("location")
            if response.status in _REDIRECTS and location:
                current = urljoin(current, location.strip())
                continue
            self.robots_fetches.append(FetchResult(
                robots_url, current, response.status, response.headers.get("content-type"),
                response.data, fetched_at=now_iso(), attempts=attempts,
            ))
            return RobotsAnswer(response.status, response.data.decode("utf-8", errors="replace"))
        return RobotsAnswer(404, "")

    # -- the public call ----------------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """Fetch `url`, following redirects that stay within the crawl's rules.

        Never raises for a failed fetch: the result carries a status and a coded error instead.
        """
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        current, attempts, status = url, 0, None
        for _hop in range(self.rules.max_redirects + 1):
            reason = self.policy.check(current)
            if reason:
                where = "" if current == url else f" (redirected to {current})"
                return FetchResult(url, current, status, fetched_at=now_iso(), attempts=attempts,
                                   error=f"[A005] not fetched{where}: {reason}", refused=True)
            try:
                response, used = self._request(current, conditional if current == url else {})
            except AcquireError as exc:
                return FetchResult(url, current, status, fetched_at=now_iso(), attempts=attempts,
                                   error=str(exc))
            attempts += used
            status = response.status
            location = response.headers.get("location")
            if status in _REDIRECTS and location:
                current = urljoin(current, location.strip()).split("#", 1)[0]
                continue
            headers = response.headers
            error = None
            if not (200 <= status < 300 or status == 304):
                error = f"[A004] {current}: HTTP {status}"
            disposition = _raw_header(headers, b"content-disposition")
            return FetchResult(
                url, current, status, headers.get("content-type"), response.data,
                headers.get("etag"), headers.get("last-modified"), disposition,
                now_iso(), error, attempts,
            )
        return FetchResult(url, current, status, fetched_at=now_iso(), attempts=attempts,
                           error=f"[A004] {url}: more than {self.rules.max_redirects} redirects")
