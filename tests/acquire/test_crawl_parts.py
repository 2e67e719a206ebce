"""The crawler's parts: link sorting, pagination, file names, page decoding, rules, profiles, robots."""

from __future__ import annotations

import pytest

from miner.acquire.crawl import is_home, normalise_url
from miner.acquire.discover import classify, is_pagination, iso_date, read_page
from miner.acquire.naming import disposition_filename, safe_filename
from miner.acquire.profiles import SiteProfile, load_profile, profile_from_dict
from miner.acquire.robots import RobotsAnswer, UrlPolicy
from miner.acquire.rules import load_rules, parse_rules
from miner.encoding import decode_html
from miner.errors import AcquireError

KEYWORDS = ("计划", "安排", "行事历", "要点", "总结", "回顾")
LIST = "http://www.school.cn/jtdt/list.html"


@pytest.mark.parametrize(("url", "text", "kind"), [
    ("http://www.school.cn/art/2021/9/1/art_12_345.html", "2021学年育秀教育集团工作计划", "article"),
    ("http://www.school.cn/info/1012/5678.htm", "2019学年第二学期联盟工作总结（定稿）", "article"),
    ("http://www.school.cn/show.asp?id=88", "铜青桃教育集团2022年度工作回顾", "article"),
    ("http://www.school.cn/show.asp?id=89", "学区十月行事历", "article"),
    ("http://www.school.cn/show.asp?id=90", "关于开展计划生育宣传月活动的通知", None),
    ("http://www.school.cn/show.asp?id=91", "关于召开秋季田径运动会的通知", None),
    ("http://www.school.cn/jtdt/list_2.html", "下一页", "list"),
    ("http://www.school.cn/jtdt/list_9.html", "尾页", "list"),
    ("http://www.school.cn/jtdt/list_3.html", "3", "list"),
    ("http://www.school.cn/jtdt/list.html?page=4", "4", "list"),
    ("http://www.school.cn/jhzj/index.html", "计划总结", "page"),
    ("http://www.school.cn/tzgg/index.html", "通知公告", "page"),
    ("http://www.school.cn/login.jsp", "登录", None),
    ("http://www.school.cn/upload/20210901.docx", "附件", "attachment"),
    ("http://www.school.cn/upload/a.WPS", "附件", "attachment"),
    ("http://www.school.cn/download.jsp?id=3", "点击下载", "attachment"),
    ("http://www.school.cn/attach/get.do?f=9", "附件一", "attachment"),
    ("http://www.school.cn/upload/x", "2021学年工作计划.xlsx", "attachment"),
    ("http://www.school.cn/images/banner.jpg", "2021学年工作计划", None),
    ("mailto:office@school.cn", "2021学年工作计划", None),
    ("javascript:void(0)", "2021学年工作计划", None),
])
def test_crawl_classify_sorts_links(url, text, kind):
    assert classify(url, text, LIST, KEYWORDS, load_rules()) == kind


@pytest.mark.parametrize(("url", "page_url", "text", "expected"), [
    ("http://s.cn/news/list_2.html", "http://s.cn/news/list.html", "", True),
    ("http://s.cn/news/index_1.html", "http://s.cn/news/index.html", "", True),
    ("http://s.cn/news/list_3.html", "http://s.cn/news/list_2.html", "", True),
    ("http://s.cn/news/2.htm", "http://s.cn/news/index.htm", "2", True),
    ("http://s.cn/list.jsp?pageNo=3&cid=7", "http://s.cn/list.jsp?cid=7", "", True),
    ("http://s.cn/news/art_123_456.html", "http://s.cn/news/list.html", "", False),
    ("http://s.cn/other/list_2.html", "http://s.cn/news/list.html", "", False),
    ("http://s.cn/news/list_2.html", "http://s.cn/news/list.html", "下一页", True),
])
def test_crawl_is_pagination(url, page_url, text, expected):
    assert is_pagination(url, text, page_url, load_rules()) is expected


@pytest.mark.parametrize(("text", "date"), [
    ("发布时间：2021-09-01 浏览量：3", "2021-09-01"),
    ("日期:2019年9月5日", "2019-09-05"),
    ("[2020/12/28]", "2020-12-28"),
    ("2021.13.40 无效", None),
    ("没有日期", None),
])
def test_crawl_iso_date(text, date):
    assert iso_date(text) == date


@pytest.mark.parametrize(("name", "safe"), [
    ("../../evil.docx", "evil.docx"),
    ("..\\..\\windows\\evil.doc", "evil.doc"),
    ("/etc/passwd", "passwd"),
    ("集团:工作*计划?.docx", "集团_工作_计划_.docx"),
    ("..", "download"),
    ("", "download"),
    ("计" * 200 + ".docx", "计" * 115 + ".docx"),
])
def test_crawl_safe_filename(name, safe):
    assert safe_filename(name) == safe


@pytest.mark.parametrize(("header", "name"), [
    ('attachment; filename="plan.docx"', "plan.docx"),
    ("attachment; filename*=UTF-8''%E5%B7%A5%E4%BD%9C%E8%AE%A1%E5%88%92.docx", "工作计划.docx"),
    ('attachment; filename="工作总结.doc"'.encode("gbk"), "工作总结.doc"),
    ('attachment; filename="工作总结.doc"'.encode(), "工作总结.doc"),
    ("attachment; filename=%B9%A4%D7%F7%BC%C6%BB%AE.wps", "工作计划.wps"),
    ("inline", None),
    (None, None),
])
def test_crawl_disposition_filename(header, name):
    assert disposition_filename(header) == name


@pytest.mark.parametrize(("html", "encoding", "content_type", "expected"), [
    ('<meta charset="gb2312"><p>育秀教育集团工作计划</p>', "gbk", None, "gb18030"),
    ("<p>铜罗中学</p>", "gbk", None, "gb18030"),  # short GBK text, no declaration
    ("<p>铜罗中学青云中学</p>", "gbk", "text/html; charset=utf-8", "gb18030"),  # wrong HTTP charset
    ('<meta charset="gbk"><p>桃源中学工作总结</p>', "utf-8", None, "utf-8"),  # wrong meta
    ("<p>联盟工作总结</p>", "utf-8", "text/html; charset=UTF-8", "utf-8"),
    ("<p>喆</p>", "gb18030", "text/html; charset=gb2312", "gb18030"),
])
def test_crawl_decode_html(html, encoding, content_type, expected):
    text, used = decode_html(html.encode(encoding), content_type)
    assert text == html and used == expected


def test_crawl_read_page_finds_title_date_and_attachments():
    html = ("<html><head><title>2021学年集团工作计划_育秀教育集团</title></head><body>"
            "<div>首页 > 集团动态</div><h1>2021学年集团工作计划</h1><p>发布时间：2021-09-05</p>"
            "<p>正文。</p><a href='/up/1.docx'>计划全文</a><a href='/jtdt/'>集团动态</a>"
            "<a href='/down.aspx?fileid=7'>行事历</a></body></html>")
    info = read_page(html, "http://s.cn/art/1.html", KEYWORDS, load_rules(), role="article")
    assert info.title == "2021学年集团工作计划" and info.date == "2021-09-05"
    assert [(link.url, link.kind) for link in info.links] == [
        ("http://s.cn/up/1.docx", "attachment"), ("http://s.cn/down.aspx?fileid=7", "attachment")]


def test_crawl_read_page_uses_title_attribute_and_list_dates():
    html = ("<ul><li><a href='a.html' title='2021学年第一学期集团教研工作计划'>2021学年第一学期集团教...</a>"
            "<span>2021-09-03</span></li><li><a href='b.html'>校园开放日活动报道</a> 2021-09-04</li></ul>"
            "<div class='nav'><a href='/xwzx/'>新闻中心</a></div>")
    info = read_page(html, "http://s.cn/col/list.html", KEYWORDS, load_rules(), role="list")
    assert [(link.text, link.kind, link.date) for link in info.links] == [
        ("2021学年第一学期集团教研工作计划", "article", "2021-09-03"), ("新闻中心", "page", None)]
    assert info.skipped == 1


@pytest.mark.parametrize(("url", "home"), [
    ("http://www.school.cn/", True), ("http://www.school.cn/index.html", True),
    ("http://www.school.cn/default.aspx", True), ("http://www.school.cn/col/col12/index.html", False),
    ("http://www.school.cn/list.jsp?cid=3", False),
])
def test_crawl_is_home(url, home):
    assert is_home(url) is home


@pytest.mark.parametrize(("url", "normal"), [
    ("www.school.cn", "http://www.school.cn/"),
    ("https://www.school.cn/a.html#top", "https://www.school.cn/a.html"),
])
def test_crawl_normalise_url(url, normal):
    assert normalise_url(url) == normal


@pytest.mark.parametrize("url", ["ftp://www.school.cn/", "file:///etc/passwd"])
def test_crawl_normalise_url_refuses_other_schemes(url):
    with pytest.raises(AcquireError):
        normalise_url(url)


def _policy(status: int | None, text: str = "") -> UrlPolicy:
    return UrlPolicy(["www.school.cn"], "miner/0.1", lambda url: RobotsAnswer(status, text))


@pytest.mark.parametrize(("status", "text", "url", "allowed"), [
    (200, "User-agent: *\nDisallow: /private/", "http://www.school.cn/private/a.html", False),
    (200, "User-agent: *\nDisallow: /private/", "http://www.school.cn/news/a.html", True),
    (200, "User-agent: miner\nDisallow: /", "http://www.school.cn/news/a.html", False),
    (404, "", "http://www.school.cn/news/a.html", True),
    (503, "", "http://www.school.cn/news/a.html", False),
    (None, "", "http://www.school.cn/news/a.html", False),
    (200, "", "http://school.cn/news/a.html", True),  # www. is the same site
    (200, "", "http://other.cn/news/a.html", False),
    (200, "", "ftp://www.school.cn/a.doc", False),
])
def test_crawl_url_policy(status, text, url, allowed):
    assert (_policy(status, text).check(url) is None) is allowed


def test_crawl_url_policy_reads_crawl_delay():
    assert _policy(200, "User-agent: *\nCrawl-delay: 3").crawl_delay("http://www.school.cn/") == 3.0


@pytest.mark.parametrize(("data", "message"), [
    ({"list_selector": "div[", }, "not a valid CSS selector"),
    ({"next_page": "a.next"}, "unknown profile key"),
    ({"keywords": "计划"}, "must be a list"),
    ({"match_all": "yes"}, "true or false"),
])
def test_crawl_profile_validation(data, message):
    with pytest.raises(ValueError, match=message):
        profile_from_dict(data)


def test_crawl_profile_example_file_loads():
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "docs" / "site-profile-example.toml"
    profile = load_profile(example)
    assert isinstance(profile, SiteProfile) and profile.link_selector and "总结" in profile.keywords


def test_crawl_rules_are_validated():
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("miner.data").joinpath("crawl.toml").read_text(encoding="utf-8"))
    assert parse_rules(data).min_title_chars > 0
    data["pagination"]["page_path_patterns"] = ["(unclosed"]
    with pytest.raises(ValueError, match="bad regular expression"):
        parse_rules(data)
    del data["links"]
    with pytest.raises(ValueError, match="missing table"):
        parse_rules(data)


@pytest.mark.parametrize(("script", "pages"), [
    ('createPageHTML(3, 0, "index", "shtml");', ["index_1.shtml", "index_2.shtml"]),
    ("createPageHTML('2','0','list','html')", ["list_1.html"]),
    ("createPageHTML(1, 0, 'index', 'html')", []),
    ("var x = 1;", []),
])
def test_crawl_script_pagers(script, pages):
    html = f"<script>{script}</script><p>集团动态</p>"
    info = read_page(html, "http://s.cn/col/index.shtml", KEYWORDS, load_rules(), role="list")
    assert [link.url for link in info.links] == [f"http://s.cn/col/{p}" for p in pages]


@pytest.mark.parametrize(("tag", "url"), [
    ('<iframe src="/pdfjs/web/viewer.html?file=/up/jh.pdf"></iframe>', "http://s.cn/up/jh.pdf"),
    ('<embed src="../up/zj.pdf">', "http://s.cn/up/zj.pdf"),
    ('<object data="/up/xsl.docx"></object>', "http://s.cn/up/xsl.docx"),
])
def test_crawl_embedded_files_are_attachments(tag, url):
    info = read_page(f"<h1>工作总结</h1>{tag}", "http://s.cn/art/1.html", KEYWORDS, load_rules(),
                     role="article")
    assert [(link.url, link.kind) for link in info.links] == [(url, "attachment")]
