"""Which URLs the crawler may fetch: http(s) only, the user's hosts only, and robots.txt (protego)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What one robots.txt fetch returned: its status (None when unreachable) and text."""

    status: int | None
    text: str


def host_key(host: str | None) -> str:
    """A host name compared case-insensitively, with a leading `www.` ignored."""
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


_DEFAULT_PORTS = {"http": 80, "https": 443}


def site_key(url: str) -> str:
    """What decides whether a URL is on a crawled site: its host (as `host_key`) and its port
    when that is not the scheme's default. http and https on their default ports are one site
    (sites move to https); another port of the same host is another site. "" when unusable."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # a port out of range or not a number
        return ""
    host = host_key(parts.hostname)
    if not host:
        return ""
    return host if port is None or port == _DEFAULT_PORTS.get(parts.scheme) else f"{host}:{port}"


def allowed_site(name: str) -> str:
    """The site key of a name given with --allow-host: `host`, `host:port` or a URL."""
    return site_key(name if "://" in name else f"http://{name}")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class UrlPolicy:
    """Answers "may this URL be fetched?" with None (yes) or the reason it may not.

    robots.txt is read once per origin through `fetch_robots`. As RFC 9309 says, a robots.txt
    that does not exist (4xx) allows everything, and one that cannot be reached (5xx, network
    error) forbids everything on that origin for this crawl.
    """

    def __init__(
        self,
        hosts: Iterable[str],
        user_agent: str,
        fetch_robots: Callable[[str], RobotsAnswer],
        *,
        obey_robots: bool = True,
    ) -> None:
        self.hosts = frozenset(allowed_site(h) for h in hosts)  # site keys (see site_key)
        self.user_agent = user_agent
        self._fetch_robots = fetch_robots
        self._obey = obey_robots
        self._parsers: dict[str, Protego | None] = {}
        self._lock = threading.Lock()

    def host_allowed(self, url: str) -> bool:
        return site_key(url) in self.hosts

    def check_scope(self, url: str) -> str | None:
        """Scheme and host rules only (no network)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme or '(none)'} is not http(s)"
        if not self.host_allowed(url):
            return f"{parts.netloc} is not one of the crawled sites (use --allow-host)"
        return None

    def _parser(self, url: str) -> Protego | None:
        key = origin(url)
        with self._lock:
            if key not in self._parsers:
                answer = self._fetch_robots(key + "/robots.txt")
                if answer.status is not None and 200 <= answer.status < 300:
                    self._parsers[key] = Protego.parse(answer.text)
                elif answer.status is not None and 400 <= answer.status < 500:
                    self._parsers[key] = Protego.parse("")
                else:
                    log.warning("robots.txt of %s unreachable (%s): not crawling it", key, answer.status)
                    self._parsers[key] = None
            return self._parsers[key]

    def check(self, url: str) -> str | None:
        """Scope rules, then robots.txt."""
        reason = self.check_scope(url)
        if reason or not self._obey:
            return reason
        parser = self._parser(url)
        if parser is None:
            return "robots.txt could not be read, so the site is not crawled"
        if not parser.can_fetch(url, self.user_agent):
            return "disallowed by robots.txt"
        return None

    def crawl_delay(self, url: str) -> float:
        """The Crawl-delay robots.txt asks of us on this URL's origin (0 when none)."""
        if not self._obey:
            return 0.0
        parser = self._parser(url)
        delay = parser.crawl_delay(self.user_agent) if parser is not None else None
        return float(delay or 0.0)
