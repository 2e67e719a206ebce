"""The crawler against the fixture school site: what is fetched, what is not, what is stored, resuming."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from miner.acquire.crawl import crawl
from miner.acquire.profiles import SiteProfile
from miner.records import RawInput
from miner.store import open_store

from .conftest import Response, page

# Every path the full crawl asks for, with how often (retries included).
EXPECTED = Counter({
    "/robots.txt": 1, "/": 1, "/contact.html": 1, "/old-column": 1, "/notice/list.html": 1,
    "/notice/a1.html": 1, "/files/broken.docx": 1,
    "/news/index.html": 1, "/news/index_1.html": 1, "/news/index_2.html": 1,
    "/news/art_1.html": 1, "/news/art_2.html": 1, "/news/art_3.html": 1,
    "/files/plan2021.docx": 1, "/files/calendar.pdf": 1, "/download.jsp?id=3": 1,
    "/attach/get.do?f=9": 1, "/files/missing.doc": 1,
    "/plans/": 1, "/plans/?page=2": 1,
    "/plans/show.jsp?id=7": 3,  # 500, 500, 200
    "/plans/show.jsp?id=8": 3,  # too slow, three attempts
})
DOCUMENTS = {
    "/news/art_1.html": "2021学年育才教育集团工作计划.html",
    "/files/plan2021.docx": "2021学年工作计划.docx",
    "/files/calendar.pdf": "calendar.pdf",
    "/news/art_2.html": "2020学年第二学期联盟工作总结.html",
    "/download.jsp?id=3": "联盟工作总结.docx",
    "/news/art_3.html": "集团教研工作要点（2021年）.html",
    "/attach/get.do?f=9": "evil.docx",
    "/plans/show.jsp?id=7": "2022年集团年度工作总结.html",
    "/notice/a1.html": "集团学科活动安排表.html",
    "/files/broken.docx": "活动安排表.docx",  # the link text names the file
}


@dataclass
class Collect:
    """Ingest for the tests: keeps what the crawler hands over and stores it with the real ingest."""

    received: list[RawInput] = field(default_factory=list)
    fail_on_call: int = 0  # raise on this call number (a crash half-way)
    calls: int = 0

    def __call__(self, raws: Any, store: Any, settings: Any) -> Any:
        self.calls += 1
        raws = list(raws)
        if self.calls == self.fail_on_call:
            raise RuntimeError("killed during ingest")
        self.received.extend(raws)
        from miner.core import ingest_raw

        return ingest_raw(raws, store, settings)


@pytest.fixture()
def crawl_settings(settings):
    return settings.replace("crawl", delay_s=0.0, timeout_s=0.3, retries=2, max_pages=500)


def _paths(site, urls) -> set[str]:
    return {u[len(site.base):] for u in urls}


@pytest.mark.slow
def test_crawl_fetches_plans_and_attachments_and_nothing_else(site, store, crawl_settings):
    site.reset()
    ingest = Collect()
    summary = crawl([site.url("/")], store, crawl_settings, ingest=ingest)
    assert site.fetched() == EXPECTED
    assert site.other_log == []  # the other host is never asked
    assert "/private/plan.html" not in site.fetched() and "/news/sports.html" not in site.fetched()
    assert all(ua.startswith("miner/") for ua in site.user_agents)
    received = {raw.source[len(site.base):]: raw for raw in ingest.received}
    assert {path: raw.name for path, raw in received.items()} == DOCUMENTS
    plan = received["/files/plan2021.docx"]
    assert plan.meta["page_url"] == site.url("/news/art_1.html")
    assert plan.meta["article_title"] == "2021学年育才教育集团工作计划"
    assert plan.meta["article_date"] == "2021-09-01"
    assert received["/news/art_2.html"].meta["article_date"] == "2021-07-02"
    assert received["/news/art_3.html"].meta["article_date"] == "2021-03-05"  # the date beside the link
    assert received["/news/art_1.html"].meta["encoding"] == "gb18030"
    assert received["/plans/show.jsp?id=7"].data.startswith(b"<html>")
    assert (summary.articles, summary.attachments, summary.errors, summary.refused) == (5, 5, 2, 1)
    assert summary.pending == 0 and summary.skipped_links == 1
    rows = {(r["url"][len(site.base):], r["kind"]): r for r in store.conn.execute("SELECT * FROM fetches")}
    assert rows[("/private/plan.html", "article")]["error"].endswith("disallowed by robots.txt")
    assert rows[("/files/missing.doc", "attachment")]["status"] == 404
    assert "timed out" in rows[("/plans/show.jsp?id=8", "article")]["error"]
    assert rows[("/old-column", "page")]["final_url"] == site.url("/notice/list.html")
    assert rows[("/news/index_1.html", "list")]["sha256"]
    sources = store.conn.execute("SELECT source FROM errors WHERE stage = 'acquire'")
    errors = _paths(site, (r[0] for r in sources))
    assert errors == {"/files/missing.doc", "/plans/show.jsp?id=8"}

    site.reset()
    again = crawl([site.url("/")], store, crawl_settings, ingest=ingest)
    assert site.fetched() == Counter() and again.fetched == 0 and again.documents == 0
    assert len(ingest.received) == len(DOCUMENTS)


@pytest.mark.slow
def test_crawl_resumes_after_the_page_limit_without_repeating(site, store, crawl_settings):
    site.reset()
    ingest = Collect()
    limited = crawl_settings.replace("crawl", max_pages=4)
    runs = []
    for _ in range(10):
        runs.append(crawl([site.url("/")], store, limited, ingest=ingest))
        if runs[-1].pending == 0:
            break
    assert len(runs) >= 5 and runs[0].pending > 0 and runs[-1].pending == 0
    assert all(r.fetched <= 4 for r in runs)
    fetched = site.fetched()
    assert fetched["/robots.txt"] == len(runs)  # read again by every run, as it may change
    del fetched["/robots.txt"]
    expected = EXPECTED.copy()
    del expected["/robots.txt"]
    assert fetched == expected  # nothing lost, nothing fetched twice
    assert sorted(r.source[len(site.base):] for r in ingest.received) == sorted(DOCUMENTS)


@pytest.mark.slow
def test_crawl_keeps_fetched_documents_when_killed_during_ingest(site, store, crawl_settings):
    site.reset()
    with pytest.raises(RuntimeError):
        crawl([site.url("/")], store, crawl_settings, ingest=Collect(fail_on_call=1))
    held = store.conn.execute("SELECT COUNT(*) FROM crawl_pending").fetchone()[0]
    assert held == len(DOCUMENTS)
    site.reset()
    ingest = Collect()
    summary = crawl([site.url("/")], store, crawl_settings, ingest=ingest)
    assert not site.fetched()  # nothing is fetched again
    assert sorted(r.source[len(site.base):] for r in ingest.received) == sorted(DOCUMENTS)
    assert summary.added + summary.failed + summary.skipped == len(DOCUMENTS)
    assert store.conn.execute("SELECT COUNT(*) FROM crawl_pending").fetchone()[0] == 0


@pytest.mark.slow
def test_crawl_refresh_asks_conditionally_and_keeps_only_changes(site, store, crawl_settings):
    crawl_settings = crawl_settings.replace("crawl", retries=0)  # the retry pages are tested elsewhere
    site.reset()
    crawl([site.url("/news/index.html")], store, crawl_settings, ingest=Collect())
    original = site.routes["/news/art_2.html"]
    site.routes["/news/art_2.html"] = Response(page("2020学年第二学期联盟工作总结", (
        "<h2>2020学年第二学期联盟工作总结（修订）</h2><p>" + "修订后的总结。" * 40 + "</p>")),
        content_type="text/html; charset=utf-8")
    try:
        site.reset()
        ingest = Collect()
        summary = crawl([site.url("/news/index.html")], store, crawl_settings, ingest=ingest, refresh=True)
    finally:
        site.routes["/news/art_2.html"] = original
    assert [r.source for r in ingest.received] == [site.url("/news/art_2.html")]
    assert "/news/art_1.html" in site.conditional and "/files/plan2021.docx" in site.conditional
    assert summary.articles == 1 and summary.unchanged >= 6
    statuses = dict(store.conn.execute(
        "SELECT url, status FROM fetches WHERE id IN (SELECT MAX(id) FROM fetches GROUP BY url)").fetchall())
    assert statuses[site.url("/news/art_1.html")] == 304
    assert statuses[site.url("/news/art_2.html")] == 200
    changed = store.conn.execute("SELECT changed FROM fetches WHERE url = ? ORDER BY id DESC LIMIT 1",
                                 (site.url("/news/art_1.html"),)).fetchone()[0]
    assert changed == 0
    site.reset()
    crawl([site.url("/news/index.html")], store, crawl_settings, ingest=Collect())
    assert not site.fetched()  # a finished refresh is not repeated by a plain run


def test_crawl_profile_reads_a_list_the_heuristics_miss(site, store, crawl_settings):
    site.routes["/col/9/list.html"] = Response(page("资料下载", (
        '<div class="lst"><span class="it"><a href="/col/9/a.html">集团九月例会纪要</a></span>'
        '<span class="it"><a href="/col/9/b.html">十月联合教研记录</a></span></div>'
        '<div class="pg"><a class="nx" href="/col/9/list.html?p=x2">→</a></div>')))
    site.routes["/col/9/list.html?p=x2"] = Response(page("资料下载", (
        '<div class="lst"><span class="it"><a href="/col/9/c.html">十一月集团会议</a></span></div>')))
    for name in "abc":
        site.routes[f"/col/9/{name}.html"] = Response(page("纪要", "<p>" + "会议内容。" * 50 + "</p>"))
    site.reset()
    profile = SiteProfile(list_selector="div.lst", link_selector="span.it > a", next_selector="a.nx",
                          match_all=True)
    summary = crawl([site.url("/col/9/list.html")], store, crawl_settings, profile=profile, ingest=Collect())
    assert {"/col/9/a.html", "/col/9/b.html", "/col/9/c.html", "/col/9/list.html?p=x2"} <= set(site.fetched())
    assert summary.articles == 3
    site.reset()
    with open_store(store.path.with_name("plain.db")) as other_store:
        plain = crawl([site.url("/col/9/list.html")], other_store, crawl_settings, ingest=Collect())
    assert plain.articles == 0  # without the profile these titles are not plans or summaries


def test_crawl_refuses_a_redirect_to_another_host(site, store, crawl_settings):
    site.routes["/jump/list.html"] = Response(page("跳转", '<a href="/jump/go">2021学年集团工作计划</a>'))
    site.routes["/jump/go"] = Response(status=302, headers={"Location": site.other + "/art/1.html"})
    site.reset()
    summary = crawl([site.url("/jump/list.html")], store, crawl_settings, ingest=Collect())
    assert site.other_log == [] and summary.refused == 1 and summary.articles == 0
    row = store.conn.execute("SELECT error FROM fetches WHERE url = ?", (site.url("/jump/go"),)).fetchone()
    error = row[0]
    assert "redirected to http://127.0.0.2" in error


@pytest.mark.parametrize("path", ["/news/art_1.html", "/files/plan2021.docx"])
def test_crawl_aborts_responses_over_the_size_limit(site, store, crawl_settings, path):
    tiny = crawl_settings.replace("crawl", max_response_mb=0.0005)  # about 500 bytes
    site.routes["/big/list.html"] = Response(page("大文件", f'<a href="{path}">2021学年集团工作计划全文</a>'))
    site.reset()
    summary = crawl([site.url("/big/list.html")], store, tiny, ingest=Collect())
    assert summary.errors == 1
    code = store.conn.execute("SELECT code FROM errors WHERE source = ?", (site.url(path),)).fetchone()[0]
    assert code == "A002"


@pytest.mark.slow
def test_crawl_an_interrupted_refresh_goes_on_as_a_refresh(site, store, crawl_settings):
    site.reset()
    crawl([site.url("/news/index.html")], store, crawl_settings.replace("crawl", retries=0), ingest=Collect())
    first = site.fetched()
    site.reset()
    limited = crawl_settings.replace("crawl", max_pages=3, retries=0)
    part = crawl([site.url("/news/index.html")], store, limited, ingest=Collect(), refresh=True)
    assert part.pending > 0
    rest = crawl([site.url("/news/index.html")], store, crawl_settings.replace("crawl", retries=0),
                 ingest=Collect())
    assert rest.pending == 0
    again = site.fetched()
    del again["/robots.txt"], first["/robots.txt"]
    assert again == first  # every known URL asked once more, none twice
    assert "/news/art_3.html" in site.conditional and "/files/calendar.pdf" in site.conditional


@pytest.mark.slow
def test_crawl_keeps_to_one_request_at_a_time_per_host(site, store, crawl_settings):
    for i in range(6):
        site.routes[f"/busy/{i}.html"] = Response(page(f"2021学年集团工作计划{i}", "<p>计划正文</p>"),
                                                  delay=0.05)
    links = "".join(f'<li><a href="/busy/{i}.html">2021学年集团工作计划之{i}</a></li>' for i in range(6))
    site.routes["/busy/list.html"] = Response(page("工作计划", f"<ul>{links}</ul>"))
    site.reset()
    one = crawl_settings.replace("crawl", concurrency_per_host=1)
    summary = crawl([site.url("/busy/list.html")], store, one, ingest=Collect())
    assert summary.articles == 6 and site.max_in_flight == 1


def test_crawl_follows_a_redirected_robots_txt(site, crawl_settings):
    from miner.acquire.http import Fetcher
    from miner.acquire.rules import load_rules

    original = site.routes["/robots.txt"]
    site.routes["/robots.txt"] = Response(status=301, headers={"Location": "/robots-real.txt"})
    site.routes["/robots-real.txt"] = Response(b"User-agent: *\nDisallow: /news/\n",
                                               content_type="text/plain")
    try:
        with Fetcher(crawl_settings.crawl, load_rules(), {site.base.split("//")[1]}) as fetcher:
            refused = fetcher.fetch(site.url("/news/index.html"))
            allowed = fetcher.fetch(site.url("/contact.html"))
    finally:
        site.routes["/robots.txt"] = original
    assert refused.refused and "robots.txt" in (refused.error or "")
    assert allowed.ok and allowed.sha256 and b"12345678" in allowed.data
