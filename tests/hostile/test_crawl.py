"""A hostile web site: another port of the same host, a response dripping one byte a second,
and a list whose pagination never ends."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.hostile.cases import miner

ARTICLE = ("<p>2024学年第一学期集团工作计划。9月第2周召开集团校长会议，研究联合教研安排。"
           "10月组织青年教师课堂教学比赛，11月开展同课异构活动。</p>" * 3)


def html(title: str, body: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h1>{title}</h1>{body}</body></html>").encode()


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    other = ""  # base URL of the other port
    log: list[str]

    def log_message(self, *args: object) -> None:
        pass

    def send(self, body: bytes, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.log.append(self.path)  # type: ignore[attr-defined]
        path = urlsplit(self.path)
        if path.path == "/list.html":
            n = int(parse_qs(path.query).get("page", ["1"])[0])
            links = f'<a href="/list.html?page={n + 1}">下一页</a>'
            if n == 1:
                links += ('<ul><li><a href="/art/plan.html">2024学年第一学期集团工作计划</a></li>'
                          '<li><a href="/art/slow.html">2024学年第一学期教研工作计划</a></li>'
                          f'<li><a href="{self.other}/art/port.html">2024学年第一学期德育工作计划</a></li>'
                          "</ul>")
            self.send(html(f"通知公告 第{n}页", links))
        elif path.path == "/art/plan.html":
            self.send(html("2024学年第一学期集团工作计划", ARTICLE))
        elif path.path == "/art/slow.html":  # headers at once, then a byte a second
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(120):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            self.send(b"not here", 404)


def serve(other: str = "") -> ThreadingHTTPServer:
    handler = type("Handler", (Hostile,), {"other": other})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.log = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture()
def sites() -> Iterator[tuple[ThreadingHTTPServer, ThreadingHTTPServer]]:
    other = serve()
    main = serve(f"http://127.0.0.1:{other.server_address[1]}")
    yield main, other
    for server in (main, other):
        server.shutdown()
        server.server_close()


CONFIG = """
[ingest]
workers = 1
[crawl]
delay_s = 0
timeout_s = 10
retries = 0
deadline_s = 3
max_list_pages = 4
"""


@pytest.mark.slow
def test_hostile_site_other_port_slow_response_and_pagination_trap(sites, tmp_path):
    main, other = sites
    cfg = tmp_path / "settings.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "m.db"
    start = f"http://127.0.0.1:{main.server_address[1]}/list.html?page=1"
    args = ["scrape", start, "--db", str(db), "--config", str(cfg)]
    first = miner(args, tmp_path)
    assert not first.traceback, first.err
    assert first.seconds < 60, first.seconds
    second = miner(args, tmp_path)  # a re-run must not go further down the trap
    assert not second.traceback, second.err
    assert other.log == []  # the other port is another site: nothing asked, not even robots.txt
    lists = [p for p in main.log if p.startswith("/list.html")]
    assert len(lists) == len(set(lists)) <= 1 + 4, lists  # the start page and four more
    with sqlite3.connect(db) as conn:
        sources = {r[0] for r in conn.execute("SELECT source FROM sources")}
        errors = dict(conn.execute("SELECT source, code FROM errors").fetchall())
    base = f"http://127.0.0.1:{main.server_address[1]}"
    assert base + "/art/plan.html" in sources
    assert errors == {base + "/art/slow.html": "A006"}
