"""A fixture school website on 127.0.0.1 (GBK and UTF-8 pages, two list styles, attachments, traps)."""

from __future__ import annotations

import hashlib
import io
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import docx
import pytest
from fpdf import FPDF

Route = Callable[["Handler"], None]


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def page(title: str, body: str, charset: str = "utf-8", nav: str = "") -> bytes:
    html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{title}</title></head><body>{nav}<div class='main'>{body}</div>"
            "<div class='foot'>版权所有 某某教育集团 备案号 12345</div></body></html>")
    return html.encode("gbk" if charset.lower() in ("gb2312", "gbk") else charset)


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html"
    delay: float = 0.0  # seconds before answering (a slow page)
    fail_first: int = 0  # answer 500 this many times first
    etag: bool = True


class Site:
    """Routes, a request log, and the server answering them."""

    def __init__(self) -> None:
        self.routes: dict[str, Response] = {}
        self.log: list[str] = []
        self.conditional: list[str] = []  # paths asked with If-None-Match / If-Modified-Since
        self.user_agents: set[str] = set()
        self.calls: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0  # most requests answered at the same time
        self.lock = threading.Lock()
        self.base = ""
        self.other = ""  # base URL of the second host, which must never be asked

    def url(self, path: str) -> str:
        return self.base + path

    def reset(self) -> None:
        """Forget what was asked (after slow answers still running from an earlier test end)."""
        for _ in range(100):
            with self.lock:
                if self.in_flight == 0:
                    break
            time.sleep(0.05)
        with self.lock:
            self.log.clear()
            self.conditional.clear()
            self.calls.clear()
            self.max_in_flight = 0

    def fetched(self) -> Counter[str]:
        with self.lock:
            return Counter(self.log)


class Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        site = self.server.site  # type: ignore[attr-defined]
        with site.lock:
            site.in_flight += 1
            site.max_in_flight = max(site.max_in_flight, site.in_flight)
        self.counted = True
        try:
            self.respond(site)
        finally:
            self.done_counting(site)

    def done_counting(self, site: Site) -> None:
        """Leave the in-flight count before the client can see the answer (it may ask again at once)."""
        if self.counted:
            self.counted = False
            with site.lock:
                site.in_flight -= 1

    def respond(self, site: Site) -> None:
        with site.lock:
            site.log.append(self.path)
            site.calls[self.path] += 1
            calls = site.calls[self.path]
            site.user_agents.add(self.headers.get("User-Agent", ""))
            if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                site.conditional.append(self.path)
        resp = site.routes.get(self.path)
        if resp is None:
            return self.answer(404, b"<html><body>not found</body></html>", "text/html", {})
        if resp.delay:
            time.sleep(resp.delay)
        if calls <= resp.fail_first:
            return self.answer(500, b"busy", "text/plain", {})
        headers = dict(resp.headers)
        if resp.etag and resp.status == 200:
            tag = '"' + hashlib.sha1(resp.body).hexdigest()[:16] + '"'
            headers["ETag"] = tag
            if self.headers.get("If-None-Match") == tag:
                return self.answer(304, b"", None, headers)
        self.answer(resp.status, resp.body, resp.content_type, headers)

    def answer(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str]) -> None:
        self.done_counting(self.server.site)  # type: ignore[attr-defined]
        try:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up waiting (the slow page)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-disposition" and not value.isascii():
            # Servers send Chinese file names as raw GBK bytes: write them as such.
            self._headers_buffer.append(f"{keyword}: ".encode() + value.encode("gbk") + b"\r\n")
            return
        super().send_header(keyword, value)


def _serve(host: str, site: Site) -> tuple[ThreadingHTTPServer, threading.Thread]:
    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    server.site = site  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


NAV = ('<div class="nav"><a href="/">首页</a> <a href="/news/index.html">集团动态</a> '
       '<a href="/plans/">计划总结</a> <a href="/old-column">通知公告</a> '
       '<a href="/contact.html">联系我们</a> <a href="{other}/">兄弟学校</a> '
       '<a href="/logo.png">校徽</a> <a href="mailto:office@example.cn">来信</a></div>')


def build_site(site: Site) -> None:
    """The fixture school site. Paths are listed with what the crawler must do with them."""
    nav = NAV.format(other=site.other)
    gbk = "text/html; charset=gb2312"
    r = site.routes
    r["/robots.txt"] = Response(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain",
                                etag=False)
    # Home page (GBK, charset only in <meta>): navigation, a forbidden folder, another host.
    r["/"] = Response(page("育才教育集团", (
        '<ul><li><a href="/private/plan.html">内部工作计划安排汇总表</a></li>'
        f'<li><a href="{site.other}/art/1.html">兄弟学校2021学年工作计划</a></li></ul>'
    ), "gb2312", nav), content_type="text/html")
    r["/contact.html"] = Response(page("联系我们", "<p>电话 12345678</p>", nav=nav))
    # List style 1 (GBK): index.html → index_1.html → index_2.html with 下一页 and page numbers.
    pager = ('<div class="page"><a href="index.html">1</a> <a href="index_1.html">2</a> '
             '<a href="index_2.html">3</a> <a href="{next}">下一页</a> <a href="index_2.html">尾页</a></div>')
    r["/news/index.html"] = Response(page("集团动态", (
        '<ul><li><a href="art_1.html" title="2021学年育才教育集团工作计划">2021学年育才教育集团工作计...</a>'
        '<span>2021-09-01</span></li>'
        '<li><a href="sports.html">关于举办秋季田径运动会的通知</a><span>2021-09-20</span></li></ul>'
        + pager.format(next="index_1.html")
    ), "gb2312", nav), content_type=gbk)
    r["/news/index_1.html"] = Response(page("集团动态", (
        '<ul><li><a href="art_2.html">2020学年第二学期联盟工作总结</a> [2021-07-02]</li></ul>'
        + pager.format(next="index_2.html")
    ), "gb2312", nav), content_type=gbk)
    r["/news/index_2.html"] = Response(page("集团动态", (
        '<ul><li><a href="art_3.html">集团教研工作要点（2021年）</a> 2021年03月05日</li></ul>'
        + pager.format(next="index_2.html")
    ), "gb2312", nav), content_type=gbk)
    body = "<p>" + "一、指导思想。集团各校加强联合教研，开展同课异构活动。" * 6 + "</p>"
    r["/news/art_1.html"] = Response(page("2021学年育才教育集团工作计划-育才教育集团", (
        "<h1>2021学年育才教育集团工作计划</h1><p>发布时间：2021-09-01 浏览量：12</p>" + body
        + '<p>附件：<a href="/files/plan2021.docx">2021学年工作计划.docx</a> '
        '<a href="/files/calendar.pdf">行事历</a></p>'
    ), "gb2312", nav), content_type=gbk)
    r["/files/plan2021.docx"] = Response(make_docx("2021学年育才教育集团工作计划", "九月：集团例会。"),
                                         content_type="application/vnd.openxmlformats-officedocument"
                                         ".wordprocessingml.document")
    r["/files/calendar.pdf"] = Response(make_pdf("Calendar 2021 week 1 meeting"),
                                        content_type="application/pdf")
    # UTF-8 article whose attachment is a download.jsp link named by Content-Disposition (GBK bytes).
    r["/news/art_2.html"] = Response(page("2020学年第二学期联盟工作总结", (
        "<h2>2020学年第二学期联盟工作总结</h2><p>日期: 2021-07-02</p>" + body
        + '<p><a href="/download.jsp?id=3">点击下载</a></p>'
    ), "utf-8", nav), content_type="text/html; charset=utf-8")
    r["/download.jsp?id=3"] = Response(make_docx("联盟工作总结", "本学期开展教研活动十次。"),
                                       content_type="application/octet-stream",
                                       headers={"Content-Disposition":
                                                'attachment; filename="联盟工作总结.docx"'})
    r["/news/art_3.html"] = Response(page("集团教研工作要点", (
        "<h1>集团教研工作要点（2021年）</h1>" + body
        + '<p><a href="/attach/get.do?f=9">附件一</a> <a href="/files/missing.doc">附件二</a></p>'
    ), "utf-8", nav), content_type="text/html; charset=utf-8")
    r["/attach/get.do?f=9"] = Response(make_docx("evil"), content_type="application/octet-stream",
                                       headers={"Content-Disposition":
                                                'attachment; filename="../../evil.docx"'})
    # List style 2 (UTF-8): ?page=N; an article that fails twice, one that is too slow.
    r["/plans/"] = Response(page("计划总结", (
        '<table><tr><td><a href="show.jsp?id=7">2022年集团年度工作总结</a></td>'
        '<td>2022-12-30</td></tr></table>'
        '<a href="?page=2">2</a> <a href="?page=2">下一页</a>'
    ), nav=nav), content_type="text/html; charset=utf-8")
    r["/plans/?page=2"] = Response(page("计划总结", (
        '<table><tr><td><a href="show.jsp?id=8">2022学年寒假工作安排</a></td><td>2023-01-10</td></tr></table>'
        '<a href="/plans/">1</a>'
    ), nav=nav), content_type="text/html; charset=utf-8")
    r["/plans/show.jsp?id=7"] = Response(page("2022年集团年度工作总结",
                                              "<h1>2022年集团年度工作总结</h1>" + body),
                                         content_type="text/html; charset=utf-8", fail_first=2)
    r["/plans/show.jsp?id=8"] = Response(page("2022学年寒假工作安排", body), delay=0.6,
                                         content_type="text/html; charset=utf-8")
    # A column that moved (redirect), with an article whose attachment is broken.
    r["/old-column"] = Response(status=301, headers={"Location": "/notice/list.html"})
    r["/notice/list.html"] = Response(page("通知公告", (
        '<ul><li><a href="a1.html">集团学科活动安排表</a></li></ul>'), nav=nav))
    r["/notice/a1.html"] = Response(page("集团学科活动安排表", (
        "<h1>集团学科活动安排表</h1>" + body + '<a href="/files/broken.docx">活动安排表.docx</a>'), nav=nav))
    r["/files/broken.docx"] = Response(b"PK\x03\x04 this is not really a docx",
                                       content_type="application/msword")
    # Forbidden by robots.txt, and pages on the other host: never asked for.
    r["/private/plan.html"] = Response(page("内部工作计划安排汇总表", body))


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    site = Site()
    main, _ = _serve("127.0.0.1", site)
    other_site = Site()
    other, _ = _serve("127.0.0.2", other_site)
    site.base = f"http://127.0.0.1:{main.server_address[1]}"
    site.other = f"http://127.0.0.2:{other.server_address[1]}"
    site.other_log = other_site.log  # type: ignore[attr-defined]
    build_site(site)
    other_site.routes["/art/1.html"] = Response(page("兄弟学校2021学年工作计划", "<p>x</p>"))
    yield site
    main.shutdown()
    other.shutdown()
    main.server_close()
    other.server_close()
