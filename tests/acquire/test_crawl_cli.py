"""`miner scrape` from the command line against the fixture site: summary, exit codes, resuming."""

from __future__ import annotations

import sqlite3

from typer.testing import CliRunner

import miner.cli.scrape  # noqa: F401  (registers the command until miner.cli.COMMANDS lists it)
from miner.cli.app import app

from .conftest import Response, page

runner = CliRunner()


def test_crawl_cli_scrape_help_has_an_example():
    result = runner.invoke(app, ["scrape", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_crawl_cli_scrape_reports_and_goes_on_where_it_stopped(site, tmp_path):
    site.routes["/quiet/list.html"] = Response(page("校园新闻", '<a href="list_2.html">下一页</a>'))
    site.routes["/quiet/list_2.html"] = Response(page("校园新闻", "<p>没有计划或总结。</p>"))
    db = tmp_path / "cli.db"
    site.reset()
    args = ["scrape", site.url("/quiet/list.html"), "--db", str(db), "--delay", "0",
            "--allow-host", "127.0.0.3"]
    first = runner.invoke(app, [*args, "--max-pages", "1"])
    assert first.exit_code == 0, first.output
    assert "1 URLs fetched" in first.output and "1 URLs left for later" in first.output
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "1 URLs fetched" in second.output and "left for later" not in second.output
    third = runner.invoke(app, args)
    assert "0 URLs fetched" in third.output
    assert site.fetched() == {"/robots.txt": 2, "/quiet/list.html": 1, "/quiet/list_2.html": 1}
    with sqlite3.connect(db) as conn:
        kinds = conn.execute(
            "SELECT url, kind, status FROM fetches WHERE kind != 'robots' ORDER BY id").fetchall()
    assert kinds == [(site.url("/quiet/list.html"), "page", 200),
                     (site.url("/quiet/list_2.html"), "list", 200)]


def test_crawl_cli_scrape_exit_code_two_when_everything_failed(site, tmp_path):
    result = runner.invoke(app, ["scrape", site.url("/no/such/page.html"), "--db", str(tmp_path / "x.db"),
                                 "--delay", "0"])
    assert result.exit_code == 2
    assert "HTTP 404" in result.output


def test_crawl_cli_scrape_bad_profile_is_one_readable_line(site, tmp_path):
    profile = tmp_path / "bad.toml"
    profile.write_text('[site]\nlist_selector = "div["\n', encoding="utf-8")
    result = runner.invoke(app, ["scrape", site.url("/"), "--db", str(tmp_path / "x.db"),
                                 "--profile", str(profile)])
    assert result.exit_code == 2 and "not a valid CSS selector" in result.output
