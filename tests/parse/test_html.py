"""Tests for miner.parse.html: school CMS pages → title, date, content blocks, tables, attachments."""

from __future__ import annotations

import datetime as dt

import pytest

import miner.parse.html  # noqa: F401  (registers the reader)
from miner.parse.builder import check_offsets
from miner.parse.furniture import date_from_url, stamp_date
from miner.parse.registry import READERS, detect_format
from miner.records import Block, Document, RawInput
from miner.settings import Settings

TABLE_LAYOUT = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>育才中学-2021学年第二学期教研工作计划</title></head>
<body>
<table width="100%"><tr><td class="topnav"><a href="/">首页</a> | <a href="/xxgk">学校概况</a> |
 <a href="/news">新闻动态</a> | <a href="/jyky">教育科研</a></td></tr></table>
<table width="980"><tr>
<td width="200" valign="top"><a href="/a">通知公告</a><br><a href="/b">教学动态</a><br>
<a href="/c">德育之窗</a></td>
<td valign="top">
 <table width="100%"><tr><td>当前位置：<a href="/">首页</a> &gt; <a href="/jyky">教育科研</a> &gt; 正文</td>
 </tr></table>
 <table width="100%">
  <tr><td align="center"><font size="4"><b>2021学年第二学期教研工作计划</b></font></td></tr>
  <tr><td align="center">发布时间：2022年2月18日&nbsp;&nbsp;点击数：<span>235</span></td></tr>
  <tr><td class="content">
   <p>一、指导思想</p>
   <p>以区教育局工作要点为指导，深化课堂教学改革，提升教师专业素养，推进集团内各校教研联动。</p>
   <p>二、主要工作</p>
   <p>1、开展集团联合教研活动，每月一次，由成员学校轮流承办。</p>
   <p>2、组织青年教师教学比武，时间为4月中旬。</p>
   <table border="1">
    <tr><th>时间</th><th>内容</th><th>承办学校</th></tr>
    <tr><td rowspan="2">3月</td><td>语文联合教研</td><td>育才中学</td></tr>
    <tr><td>数学同课异构</td><td>实验小学</td></tr>
    <tr><td>4月</td><td colspan="2">青年教师教学比武</td></tr>
   </table>
   <p>附件：<a href="/uploads/2022/jihua.docx">2021学年第二学期教研计划.docx</a></p>
  </td></tr>
  <tr><td>【<a href="javascript:window.print()">打印本页</a>】
  【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
  <tr><td>上一篇：<a href="/n/1.html">关于寒假安全的通知</a></td></tr>
 </table>
</td></tr></table>
<table><tr><td align="center">Copyright 2015 育才中学 版权所有 &nbsp; 浙ICP备12345678号<br>
地址：某市某路1号</td></tr>
</table></body></html>
"""

DIV_CMS = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>关于集团联合教研活动安排的通知_实验教育集团</title></head>
<body>
<div class="header"><div class="logo">实验教育集团</div>
<ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/jtgk/">集团概况</a></li></ul></div>
<div class="main">
 <div class="location">您的位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>
 <div class="article">
  <div class="article-title"><h2>关于集团联合教研活动安排的通知</h2></div>
  <div class="info">作者：教务处 &nbsp; 浏览次数：<span id="hits">88</span></div>
  <div class="article-content">
   <p>　　为加强集团内学校之间的交流，经研究，现将本学期联合教研活动安排如下，请各校认真组织。</p>
   <h3>（一）活动安排</h3>
   <ul><li>第3周：语文学科联合教研，地点在东湖小学。</li><li>第6周：数学学科联合教研，地点在西湖小学。</li></ul>
   <p>（二）有关要求</p>
   <p>各校要高度重视，按时参加，做好记录与反思，活动结束后一周内上交总结材料。</p>
   <p>浏览量：88</p>
   <p><a href="/files/anpai.pdf">活动安排表</a> <a href="/down.jsp?file=biao.xls">报名表</a></p>
  </div>
  <div class="prevnext"><p>上一篇：<a href="/tzgg/1.html">寒假通知</a></p><p>下一篇：无</p></div>
 </div>
 <div class="sidebar"><h3>热门文章</h3>
 <ul><li><a href="/x">文章一</a></li><li><a href="/y">文章二</a></li></ul></div>
</div>
<div class="footer"><p>版权所有：实验教育集团 地址：某区某路 备案号：苏ICP备00000000号</p></div>
</body></html>
"""


def _read(html: str, encoding: str = "utf-8", url: str | None = None, content_type: str | None = None,
          name: str = "page.html") -> Document:
    meta = {"page_url": url} if url else {}
    raw = RawInput(source=url or name, data=html.encode(encoding), name=name, content_type=content_type,
                   meta=meta)
    assert detect_format(raw) == "html"
    return READERS["html"].read(raw, "doc", Settings())


def _tables(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.kind == "table"]


@pytest.fixture(scope="module")
def gbk_page() -> Document:
    return _read(TABLE_LAYOUT, "gbk", url="http://www.yucai.cn/jyky/2021/1228/123.html")


def test_html_gbk_table_layout_page(gbk_page: Document) -> None:
    doc = gbk_page
    check_offsets(doc)
    assert doc.encoding == "gb18030"
    assert doc.title == "2021学年第二学期教研工作计划"
    assert doc.published == dt.date(2022, 2, 18)  # the stamp wins over the URL
    assert doc.published_text == "2022年2月18日"
    assert doc.meta["published_origin"] == "stamp"
    for noise in ("首页", "当前位置", "点击数", "打印本页", "上一篇", "版权所有", "ICP", "通知公告", "地址"):
        assert noise not in doc.text, noise
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].text == doc.title
    kinds = [(b.kind, b.level) for b in doc.blocks if b.kind != "table"]
    assert ("heading", 1) in kinds and ("list_item", 3) in kinds


def test_html_rowspan_and_colspan_cells_are_carried(gbk_page: Document) -> None:
    (table,) = _tables(gbk_page)
    assert table.header
    rows = [[c.text + ("*" if c.carried else "") for c in row] for row in table.rows]
    assert rows == [["时间", "内容", "承办学校"], ["3月", "语文联合教研", "育才中学"],
                    ["3月*", "数学同课异构", "实验小学"], ["4月", "青年教师教学比武", "青年教师教学比武*"]]
    carried = table.rows[2][0]
    assert gbk_page.text[carried.start:carried.end] == "3月"


def test_html_attachments(gbk_page: Document) -> None:
    assert gbk_page.meta["attachments"] == [
        {"text": "2021学年第二学期教研计划.docx", "href": "http://www.yucai.cn/uploads/2022/jihua.docx"}]


def test_html_div_cms_page_with_date_only_in_url() -> None:
    doc = _read(DIV_CMS, url="http://jt.edu.cn/tzgg/202203/t20220301_55.html")
    check_offsets(doc)
    assert doc.title == "关于集团联合教研活动安排的通知"
    assert doc.published == dt.date(2022, 3, 1)
    assert doc.meta["published_origin"] == "url"
    for noise in ("网站首页", "您的位置", "浏览", "上一篇", "热门文章", "文章一", "备案号", "作者"):
        assert noise not in doc.text, noise
    assert "为加强集团内学校之间的交流" in doc.text
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.text[:3] for b in items] == ["第3周", "第6周"] and all(b.level == 1 for b in items)
    heading = next(b for b in doc.blocks if b.text == "（一）活动安排")
    assert (heading.kind, heading.level) == ("heading", 2)
    hrefs = [a["href"] for a in doc.meta["attachments"]]
    assert hrefs == ["http://jt.edu.cn/files/anpai.pdf", "http://jt.edu.cn/down.jsp?file=biao.xls"]


def test_html_http_charset_is_honoured_without_meta() -> None:
    page = DIV_CMS.replace('<meta charset="utf-8">', "")
    doc = _read(page, "gbk", content_type="text/html; charset=GBK")
    assert doc.encoding == "gb18030" and "联合教研" in doc.text


@pytest.mark.parametrize("head_title, body_title", [
    ("东湖小学 - 2023年集团工作总结", "<div class='tit'>2023年集团工作总结</div>"),
    ("2023年集团工作总结_东湖小学", "<h1>2023年集团工作总结</h1>"),
    ("2023年集团工作总结|东湖小学", ""),
])
def test_html_title_is_the_article_not_the_site(head_title: str, body_title: str) -> None:
    page = (f"<html><head><meta charset='utf-8'><title>{head_title}</title></head><body>"
            f"<div class='logo'>东湖小学</div>{body_title}<div class='con'><p>本年度集团围绕课堂教学改革，"
            "开展了多次联合教研活动，取得了较好的成效，各校教学质量稳步提升。</p></div></body></html>")
    assert _read(page).title == "2023年集团工作总结"


def test_html_meta_date_and_no_copyright_year() -> None:
    page = ("<html><head><meta charset='utf-8'><meta name='PubDate' content='2020-06-30 10:00'>"
            "<title>工作总结</title></head><body><h1>工作总结</h1><p>本学期集团开展了联合教研、教学视导等活动，"
            "成效明显，各校共同进步。</p><div class='foot'>Copyright 2019-2024 某某学校</div></body></html>")
    doc = _read(page)
    assert doc.published == dt.date(2020, 6, 30) and doc.meta["published_origin"] == "meta"
    page_without = page.replace("<meta name='PubDate' content='2020-06-30 10:00'>", "")
    assert _read(page_without).published is None


@pytest.mark.parametrize("line, expected", [
    ("日期:2021-12-28 15:52:23  浏览量:0", "2021-12-28"),
    ("发布时间：2022年1月5日", "2022年1月5日"),
    ("更新时间：2020/09/01", "2020/09/01"),
    ("作者：admin 来源：本站 发布日期：2019.10.08", "2019.10.08"),
    ("时间：2021年10月15日 地点：西渡学校", None),
    ("Copyright © 2020 苏州市某某中学", None),
])
def test_html_stamp_dates(line: str, expected: str | None) -> None:
    found = stamp_date(line)
    assert (found[1] if found else None) == expected


@pytest.mark.parametrize("url, expected", [
    ("http://a.cn/2021/1228/c123a456/page.htm", dt.date(2021, 12, 28)),
    ("http://a.cn/jyjt/202112/t20211228_123.html", dt.date(2021, 12, 28)),
    ("http://a.cn/art/2021/12/28/art_1_2.html", dt.date(2021, 12, 28)),
    ("http://a.cn/news/show.asp?id=12345", None),
])
def test_html_dates_from_urls(url: str, expected: dt.date | None) -> None:
    found = date_from_url(url)
    assert (found[0] if found else None) == expected


WORD_CMS = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>城东实验学校</title></head>
<body><form id="form1" method="post" action="./show.aspx?id=9">
<div id="top"><a href="/">首页</a><a href="/1">学校概况</a><a href="/2">教育教学</a>
<a href="/3">党建工作</a></div>
<div class="w1200"><div class="l">
<div class="dqwz">首页 &gt;&gt; 教育教学 &gt;&gt; 正文</div>
<div class="bt">城东教育集团2023学年第一学期工作计划</div>
<div class="sj">发布日期：2023-09-02 &nbsp; 阅读：<script>document.write(55)</script>次</div>
<div id="zoom" class="TRS_Editor">
<p class="MsoNormal"><span>&nbsp;&nbsp;&nbsp;&nbsp;</span><span>本学期，集团以“</span><span>新课标</span>
<span>”落地为抓手，深化集团内</span><span>联合教研，推动各校共同发展。</span></p>
<p class="MsoNormal"><b><span>一、</span><span>重点工作</span></b></p>
<p class="MsoNormal"><span>（一）</span><span>教研联动</span></p>
<p>1.每月开展一次学科联合教研活动，由各校轮流承办。</p>
<table class="MsoTableGrid" border="1"><tbody>
<tr><td><p><span>时</span><span>间</span></p></td><td><p>活动内容</p></td><td><p>承办</p><p>学校</p></td></tr>
<tr><td rowspan="2"><p>9月</p></td><td><p><span>语文</span><span>大单元</span>教学研讨</p></td>
<td>城东实验学校</td></tr>
<tr><td>数学作业设计研讨</td><td>城东小学</td></tr>
</tbody></table>
<div>2.开展青年教师教学比武。<br>3.组织骨干教师送教活动。<br></div>
<div class="share">分享到：微信 微博</div>
</div>
<div class="dy"><a href="#" onclick="window.print()">[打印本页]</a>
<a href="javascript:close()">[关闭窗口]</a></div>
</div>
<div class="r"><div class="news_title">最新动态</div>
<ul><li><a href="/a">开学典礼隆重举行</a> 发布时间：2023-09-10</li>
<li><a href="/b">教师节表彰大会</a></li></ul></div>
</div>
<div id="bottom">版权所有 城东实验学校 技术支持：某某科技</div>
</form></body></html>
"""


def test_html_word_exported_cms_page_inside_an_aspnet_form() -> None:
    doc = _read(WORD_CMS)
    check_offsets(doc)
    assert doc.title == "城东教育集团2023学年第一学期工作计划"
    assert doc.published_text == "2023-09-02"
    assert "本学期，集团以“新课标”落地为抓手" in doc.text  # spans joined without spaces
    for noise in ("分享到", "打印本页", "最新动态", "开学典礼", "版权所有", "正文"):
        assert noise not in doc.text, noise
    (table,) = _tables(doc)
    assert [[c.text for c in row] for row in table.rows] == [
        ["时间", "活动内容", "承办学校"], ["9月", "语文大单元教学研讨", "城东实验学校"],
        ["9月", "数学作业设计研讨", "城东小学"]]
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert items == ["1.每月开展一次学科联合教研活动，由各校轮流承办。", "2.开展青年教师教学比武。",
                     "3.组织骨干教师送教活动。"]


def test_html_table_title_row_becomes_a_caption() -> None:
    page = ("<html><head><meta charset='utf-8'><title>安排</title></head><body><div class='content'>"
            "<p>现将本学期集团联合教研活动安排公布如下，请各校认真组织，按时参加。</p><table border='1'>"
            "<tr><td colspan='3'>2023学年第一学期集团活动安排表</td></tr>"
            "<tr><td>日期</td><td>内容</td><td>地点</td></tr>"
            "<tr><td>9月12日</td><td>语文联合教研</td><td>东湖小学</td></tr>"
            "<tr><td>10月10日</td><td>数学联合教研</td><td>西湖中学</td></tr></table></div></body></html>")
    doc = _read(page)
    check_offsets(doc)
    (table,) = _tables(doc)
    assert table.header and [c.text for c in table.rows[0]] == ["日期", "内容", "地点"]
    assert any(b.kind == "paragraph" and b.text == "2023学年第一学期集团活动安排表" for b in doc.blocks)


@pytest.mark.parametrize("info, expected", [
    ("<span>2021-12-28</span>", "2021-12-28"),
    ("<span>来源：本站</span> <span>2021年12月28日</span>", "2021年12月28日"),
    ("<span>Copyright 2021-12-28</span>", None),
])
def test_html_unlabelled_date_under_the_title(info: str, expected: str | None) -> None:
    page = ("<html><head><meta charset='utf-8'><title>东湖小学</title></head><body><div class='art'>"
            f"<h1>集团工作总结</h1><div class='info'>{info}</div><div class='txt'><p>本学期集团开展了"
            "联合教研、教学视导等活动，成效明显，各校共同进步。</p><p>2022年1月10日</p></div></div></body></html>")
    assert _read(page).published_text == expected


def test_html_link_lists_in_a_bare_body_are_dropped() -> None:
    page = ("<html><head><meta charset='utf-8'><title>集团教研工作总结</title></head><body>"
            "<ul><li><a href='/'>网站首页</a></li><li><a href='/a'>学校概况</a></li>"
            "<li><a href='/b'>教学科研</a></li><li><a href='/c'>德育天地</a></li></ul>"
            "<h1>集团教研工作总结</h1>"
            "<p>本学期集团共开展联合教研活动八次，覆盖语文、数学、英语等学科，参与教师两百余人次。</p>"
            "<p>各校积极承办活动，东湖小学承办语文专场，西湖中学承办数学专场，效果良好。</p>"
            "<div>相关文章：<a href='/1'>上学期总结</a> <a href='/2'>集团章程</a>"
            " <a href='/3'>工作计划</a></div>"
            "</body></html>")
    doc = _read(page)
    check_offsets(doc)
    assert "联合教研活动八次" in doc.text and "西湖中学承办数学专场" in doc.text
    for noise in ("网站首页", "德育天地", "相关文章", "集团章程"):
        assert noise not in doc.text, noise
