"""`miner scrape`: crawl school websites for plans and summaries, with a live progress bar and a summary."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from miner.cli.app import (
    DEFAULT_DB,
    ConfigOption,
    DbOption,
    DebugOption,
    app,
    console,
    exit_code,
    open_db,
    run,
    safe,
    setup,
)

if TYPE_CHECKING:
    from miner.acquire.crawl import CrawlSummary


def render(summary: CrawlSummary, db: Path) -> None:
    """The end-of-run summary on stderr."""
    for message in summary.messages:
        console.print(f"  [red]error:[/] {safe(message)}", highlight=False)
    console.print(
        f"[bold]{summary.fetched}[/] URLs fetched: {summary.pages} list/navigation pages, "
        f"{summary.articles} articles, {summary.attachments} attachments; {summary.unchanged} unchanged, "
        f"{summary.errors} errors, {summary.refused} refused (robots.txt/host), "
        f"{summary.skipped_links} other articles not read",
        highlight=False,
    )
    console.print(
        f"[bold]{summary.added}[/] documents added, [bold]{summary.skipped}[/] already present, "
        f"[bold]{summary.failed}[/] unreadable  →  {safe(db)}",
        highlight=False,
    )
    if summary.pending:
        console.print(f"{summary.pending} URLs left for later (page limit): run the same command to go on")


@app.command()
def scrape(
    urls: Annotated[list[str], typer.Argument(help="Home or column (栏目) pages of school websites.")],
    db: DbOption = DEFAULT_DB,
    max_pages: Annotated[int | None, typer.Option(help="Fetch at most this many URLs in this run.")] = None,
    delay: Annotated[float | None, typer.Option(help="Seconds between two requests to one host.")] = None,
    keywords: Annotated[
        list[str] | None, typer.Option("--keywords", "-k", help="Title keywords (repeat the option).")
    ] = None,
    profile: Annotated[Path | None, typer.Option(help="A site profile TOML with CSS selectors.")] = None,
    allow_host: Annotated[
        list[str] | None, typer.Option("--allow-host", help="Also fetch from this host (repeatable).")
    ] = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ask again for known URLs (If-None-Match); ingest changes.")
    ] = False,
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Crawl school websites politely, save work plans and summaries and their attachments, ingest them.

    From a home or column page the crawler walks list pages and their pagination, reads articles
    whose titles contain a keyword (计划, 安排, 行事历, 要点, 总结, 回顾), saves them with their
    .doc/.docx/.wps/.pdf/.xls/.xlsx/.zip attachments and ingests everything. robots.txt is obeyed,
    only the given hosts are fetched, and every fetch is recorded in the fetches table. Stopped or
    limited by --max-pages, the same command goes on where it stopped.

    Example: [bold]miner scrape http://www.example-school.cn/ --db miner.db --max-pages 200[/]
    """
    setup(debug)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from miner.acquire.crawl import crawl
    from miner.acquire.profiles import load_profile
    from miner.cli.worker import check_resources, start_worker
    from miner.core import ingest_raw
    from miner.settings import load_settings

    settings = run(lambda: load_settings(config))
    settings = settings.replace(
        "crawl", max_pages=max_pages, delay_s=delay, keywords=tuple(keywords) if keywords else None
    )
    site_profile = run(lambda: load_profile(profile)) if profile else None
    run(lambda: check_resources(settings))
    with Progress(SpinnerColumn(), TextColumn("[bold]scrape"), TimeElapsedColumn(),
                  TextColumn("{task.fields[status]}"), console=console, transient=True) as bar:
        task = bar.add_task("scrape", total=None, status="")

        def progress(now: CrawlSummary) -> None:
            bar.update(task, status=f"fetched {now.fetched} · documents {now.documents} · "
                                    f"errors {now.errors}")

        ingest = partial(ingest_raw, worker_init=partial(start_worker, settings))
        with open_db(db, must_exist=False) as store:
            summary = run(lambda: crawl(urls, store, settings, profile=site_profile, progress=progress,
                                        allow_hosts=allow_host or (), refresh=refresh, ingest=ingest))
    render(summary, db)
    failed = summary.errors + summary.failed
    raise typer.Exit(exit_code(failed, max(failed, summary.fetched + summary.failed)))
