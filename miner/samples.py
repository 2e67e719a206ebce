"""Render plain-text documents into every format miner reads (for the demo, benchmarks and tests)."""

from __future__ import annotations

import html
import logging
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

# Formats written by Python alone, and those converted from DOCX/XLSX by LibreOffice.
NATIVE = ("txt-utf8", "txt-gbk", "txt-utf16", "html-utf8", "html-gbk", "docx", "xlsx")
CONVERTED = {"pdf": "docx", "doc": "docx", "xls": "xlsx"}
ALL_FORMATS = (*NATIVE, *CONVERTED, "zip")

_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分)"
)
_ITEM = re.compile(r"^\s*(?:\d+[、.．]|（\d+）|\d+\))")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def write_html(text: str, path: Path, encoding: str) -> None:
    """A school-CMS-like page: navigation, breadcrumbs, a dated article, a footer."""
    lines = _lines(text)
    title = html.escape(lines[0]) if lines else ""
    body = []
    for line in lines[1:]:
        tag = "h3" if _HEADING.match(line) else "p"
        body.append(f"<{tag}>{html.escape(line)}</{tag}>")
    charset = "gb2312" if encoding == "gbk" else "utf-8"
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_示范学校</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/xxgk/">学校概况</a> <a href="/jxky/">教学科研</a></div>
<div class="position">当前位置：首页 &gt; 教学科研 &gt; 集团工作</div>
<div class="article"><h1 class="title">{title}</h1>
<div class="info">发布时间：2022-01-05 点击数：128</div>
<div class="content">{"".join(body)}</div></div>
<div class="footer">Copyright © 2022 示范学校 版权所有 备案号：沪ICP备00000000号</div>
</body></html>"""
    path.write_bytes(page.encode("gb18030" if encoding == "gbk" else "utf-8", errors="replace"))


def write_docx(text: str, path: Path) -> None:
    from docx import Document

    doc = Document()
    lines = _lines(text)
    if lines:
        doc.add_heading(lines[0], level=1)
    for line in lines[1:]:
        if _HEADING.match(line):
            doc.add_heading(line, level=2)
        elif _ITEM.match(line):
            doc.add_paragraph(line, style="List Number")
        else:
            doc.add_paragraph(line)
    doc.save(str(path))


def write_xlsx(text: str, path: Path) -> None:
    """A schedule sheet: one row per line, with a merged title row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "工作安排"
    lines = _lines(text)
    ws.append([lines[0] if lines else "", None])
    ws.merge_cells("A1:B1")
    ws.append(["序号", "内容"])
    for i, line in enumerate(lines[1:], 1):
        ws.append([i, line])
    wb.save(str(path))


def libreoffice_convert(
    files: Sequence[Path], target: str, outdir: Path, program: str = "soffice", timeout: float = 300
) -> None:
    """Convert many files in one LibreOffice call, with a private profile (see ENVIRONMENT.md)."""
    if not files:
        return
    exe = shutil.which(program)
    if exe is None:
        raise FileNotFoundError(f"{program} (LibreOffice) is not installed; run `make system-deps`")
    with tempfile.TemporaryDirectory(prefix="miner-lo-") as profile:
        subprocess.run(
            [
                exe,
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )


def render_formats(
    docs: Iterable[tuple[str, str]], out_dir: str | Path, formats: Sequence[str] = ALL_FORMATS
) -> list[Path]:
    """Write each (stem, text) document in each format under out_dir/<format>/; returns the files."""
    out = Path(out_dir)
    written: list[Path] = []
    sources: dict[str, list[Path]] = {"docx": [], "xlsx": []}
    docs = list(docs)
    for fmt in formats:
        if fmt in CONVERTED or fmt == "zip":
            continue
        folder = out / fmt
        folder.mkdir(parents=True, exist_ok=True)
        for stem, text in docs:
            kind, _, enc = fmt.partition("-")
            path = folder / f"{stem}.{'html' if kind == 'html' else kind}"
            if kind == "txt":
                codec = {"utf8": "utf-8-sig", "gbk": "gb18030", "utf16": "utf-16"}[enc]
                path.write_bytes(text.encode(codec, errors="replace"))
            elif kind == "html":
                write_html(text, path, "gbk" if enc == "gbk" else "utf-8")
            elif kind == "docx":
                write_docx(text, path)
            else:
                write_xlsx(text, path)
            sources.get(kind, []).append(path)
            written.append(path)
    for fmt, base in CONVERTED.items():
        if fmt not in formats:
            continue
        inputs = sources[base] or []
        if not inputs:  # convert from a scratch copy when the base format itself was not asked for
            scratch = out / f".{base}"
            scratch.mkdir(parents=True, exist_ok=True)
            for stem, text in docs:
                path = scratch / f"{stem}.{base}"
                (write_docx if base == "docx" else write_xlsx)(text, path)
                inputs.append(path)
            sources[base] = inputs
        folder = out / fmt
        folder.mkdir(parents=True, exist_ok=True)
        libreoffice_convert(inputs, fmt, folder)
        written += sorted(folder.glob(f"*.{fmt}"))
    if "zip" in formats:
        folder = out / "zip"
        folder.mkdir(parents=True, exist_ok=True)
        archive = folder / "archive.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for stem, text in docs:
                zf.writestr(f"归档/{stem}.txt", text.encode("utf-8"))
        written.append(archive)
    for scratch in out.glob(".*"):
        shutil.rmtree(scratch, ignore_errors=True)
    return written
