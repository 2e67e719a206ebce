"""`miner samples`: write the bundled corpus in every format miner reads, to try a set-up end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from miner import PROJECT_ROOT
from miner.cli.app import DebugOption, app, console, run, setup

CORPUS = PROJECT_ROOT / "corpora"


@app.command()
def samples(
    to: Annotated[Path, typer.Option("--to", help="Folder to write into (one subfolder per format).")],
    source: Annotated[list[Path] | None, typer.Option(
        "--from", help="Plain-text documents or folders to render (default: the bundled seeds).")] = None,
    fmt: Annotated[list[str] | None, typer.Option(
        "--format", "-f", help="Only these formats (repeatable): txt-utf8, txt-gbk, txt-utf16, html-utf8, "
        "html-gbk, docx, xlsx, pdf, doc, xls, zip.")] = None,
    debug: DebugOption = False,
) -> None:
    """Render plain-text documents as TXT (UTF-8, GBK, UTF-16), HTML (UTF-8, GBK), DOCX, XLSX, PDF,
    DOC, XLS and ZIP files. PDF, DOC and XLS are made with LibreOffice.

    Example: [bold]miner samples --to sample-files && miner ingest sample-files[/]
    """
    setup(debug)
    from miner.samples import ALL_FORMATS, render_formats

    paths = source or [CORPUS / "seeds"]
    files = [f for p in paths for f in (sorted(p.rglob("*.txt")) if p.is_dir() else [p])]
    docs = [(f.stem, f.read_text(encoding="utf-8")) for f in files]
    written = run(lambda: render_formats(docs, to, fmt or ALL_FORMATS))
    console.print(f"wrote {len(written)} files under {to}", highlight=False)
