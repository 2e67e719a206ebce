"""Hostile files built from nothing (no fixtures on disk), and a runner for `miner ingest` on them.

Shared by the tests in this folder and by benchmarks/hostile_bench.py, which times each case.
Every text here is written for these tests.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD_TEXT = ("2024学年第一学期明德教育集团工作计划\n"
             "一、9月第2周召开集团校长会议，研究本学期联合教研安排。\n"
             "二、10月组织青年教师课堂教学比赛。\n")
MINER = [sys.executable, "-c", "from miner.cli.app import main; main()"]
# each case runs with one worker so that a test on two cores leaves room for the others
CONFIG = """
[ingest]
workers = 1
doc_timeout_s = {timeout}
"""


def deflate_zeros(n_mib: int) -> bytes:
    """A raw deflate stream inflating to n_mib MiB of zeros, made without writing them: one
    compressed MiB, fully flushed so it references nothing before it, repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = c.compress(bytes(1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
    return segment * n_mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def lying_zip(members: list[tuple[str, bytes, int, int | None]]) -> bytes:
    """A zip whose headers say what we like: (name, raw deflate data, declared size, crc or None)."""
    out = io.BytesIO()
    central = []
    for name, data, declared, crc in members:
        offset = out.tell()
        encoded = name.encode()
        crc = zlib.crc32(bytes(min(declared, 1024))) if crc is None else crc
        fields = (20, 0, 8, 0, 0x21, crc, len(data), declared, len(encoded), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + encoded + data)
        central.append(b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", 20, 20, 0, 8, 0, 0x21, crc,
                                                    len(data), declared, len(encoded), 0, 0, 0, 0, 0,
                                                    offset) + encoded)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(central), len(central), len(directory),
                                          start, 0))
    return out.getvalue()


def deflated(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zip_bomb_archive(path: Path) -> Path:
    """An archive whose one member declares 1 KiB and inflates to 2 GiB."""
    path.write_bytes(lying_zip([("notes.txt", deflate_zeros(2048), 1024, None)]))
    return path


def zip_bomb_docx(path: Path) -> Path:
    """A .docx whose word/document.xml declares 1 KiB and inflates to 2 GiB."""
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             b'content-types"/>')
    path.write_bytes(lying_zip([("[Content_Types].xml", deflated(types), len(types), zlib.crc32(types)),
                                ("word/document.xml", deflate_zeros(2048), 1024, None)]))
    return path


def grid_span_docx(path: Path) -> Path:
    """A .docx with a table cell spanning 2,000,000,000 grid columns."""
    import docx

    document = docx.Document()
    document.add_paragraph("集团教研活动安排")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "时间"
    table.cell(0, 1).text = "内容"
    table.cell(1, 0).text = "9月"
    table.cell(1, 1).text = "召开学科组长会议"
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:tc><w:tcPr>", b'<w:tc><w:tcPr><w:gridSpan w:val="2000000000"/>', 1)
                assert b"2000000000" in data
            zout.writestr(info, data)
    return path


def far_cell_xlsx(path: Path) -> Path:
    """An .xlsx with cells at A1 and XFD1048576 (the last cell a sheet can have)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "集团工作安排"
    ws["A2"] = "9月召开校长会议"
    ws["XFD1048576"] = "末格"
    wb.save(path)
    return path


def merge_down_xml(path: Path) -> Path:
    """An XML Spreadsheet 2003 (.xls) with a cell merged a million rows down."""
    path.write_text(
        '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="安排">'
        '<Table><Row><Cell ss:MergeDown="1000000" ss:MergeAcross="1000000"><Data ss:Type="String">'
        '9月</Data></Cell><Cell><Data ss:Type="String">召开集团教研会议</Data></Cell></Row>'
        '<Row ss:Index="999999999"><Cell ss:Index="999999999"><Data ss:Type="String">远</Data></Cell></Row>'
        '</Table></Worksheet></Workbook>', encoding="utf-8")
    return path


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def many_pages_pdf(path: Path, pages: int = 20_000) -> Path:
    """A PDF declaring 20,000 pages (all sharing one small content stream)."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids),
        _stream(b"BT /F1 12 Tf 72 400 Td (Meeting of the group) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R " \
           b"/Resources << /Font << /F1 4 0 R >> >> >>"
    objects += [page] * pages
    path.write_bytes(_pdf(objects))
    return path


def self_drawing_pdf(path: Path) -> Path:
    """A small PDF whose page draws a form that draws itself, for ever."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 5 0 R >> >> >>",
        _stream(b"/X1 Do"),
        _stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                           b"/Resources << /XObject << /X1 5 0 R >> >>"),
    ]
    path.write_bytes(_pdf(objects))
    return path


def self_measuring_pdf(path: Path) -> Path:
    """A small PDF whose content stream gives its own object as its /Length."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 72 400 Td (Plan) Tj ET\nendstream",
    ]
    path.write_bytes(_pdf(objects))
    return path


def unclosed_tags_text(path: Path, tags: int) -> Path:
    """A text of `tags` HTML tags that never close (`<span <span …`), then a line of a plan: a trap
    for a tag pattern that can backtrack (miner/parse/markup.py)."""
    text = '<p class="' + "<span " * tags + "\n9月第2周，东城小学召开教研组长会议。\n"
    path.write_text(text, encoding="utf-8")
    return path


def one_line_text(path: Path, megabytes: float) -> Path:
    """A plan flattened onto one line of `megabytes` MB, without a single sentence end."""
    piece = ("9月，明德小学与育才中学开展语文联合教研活动，实验小学选派两名数学教师到东城小学支教，"
             "10月第3周召开集团校长会议，11月组织青年教师课堂教学比赛，各校英语组开展同课异构，")
    size = len(piece.encode())
    path.write_text(piece * int(megabytes * 1e6 / size), encoding="utf-8")
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def injected_text(path: Path) -> Path:
    """A plan whose title and an item read as spreadsheet formulas."""
    path.write_text("=1+1 集团工作计划\n"
                    '=HYPERLINK("http://example.invalid/","点此")9月召开集团校长会议。\n'
                    "@SUM(A1:A2)10月组织教师课堂教学比赛。\n", encoding="utf-8")
    return path


# -- running the CLI ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float  # the largest resident set of the miner process or any of its workers
    leftover: tuple[int, ...] = ()  # processes of the run still alive after it ended (then killed)

    @property
    def traceback(self) -> bool:
        return "Traceback" in self.out or "Traceback" in self.err


_MEASURE = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:])\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(p.returncode)\n")


def miner(args: list[str], cwd: Path, timeout: float = 120.0, env: dict[str, str] | None = None,
          argv: list[str] | None = None) -> Run:
    """Run `miner ARGS` (or `argv`), measuring wall time and the peak resident memory of its processes."""
    start = time.monotonic()
    command = argv if argv is not None else [*MINER, *args]
    proc = subprocess.Popen([sys.executable, "-c", _MEASURE, *command], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "COLUMNS": "200", **(env or {})})
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        raise
    seconds = time.monotonic() - start
    leftover = tuple(session_members(proc.pid))
    for pid in leftover:
        with contextlib.suppress(OSError):
            os.kill(pid, 9)
    err, _, last = stderr.rstrip("\n").rpartition("\n")
    peak = int(last) / 1024 if last.isdigit() else 0.0
    return Run(proc.returncode, stdout, err, seconds, peak, leftover)


def _stat_fields(pid_dir: Path) -> list[str]:
    try:
        return re.sub(r"^.*\) ", "", (pid_dir / "stat").read_text()).split()
    except OSError:
        return []


def session_members(sid: int) -> list[int]:
    """Live processes of the session `sid` (a run started with start_new_session)."""
    return [int(d.name) for d in Path("/proc").iterdir()
            if d.name.isdigit() and (f := _stat_fields(d)) and int(f[3]) == sid and f[0] != "Z"]


def config(folder: Path, timeout: float = 20.0) -> Path:
    path = folder / "settings.toml"
    path.write_text(CONFIG.format(timeout=timeout), encoding="utf-8")
    return path


def good_file(folder: Path) -> Path:
    path = folder / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def stored(db: Path) -> tuple[set[str], list[tuple[str, str]]]:
    """The sources of the stored documents, and the (source, code) of every error row."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        sources = {r[0] for r in conn.execute("SELECT source FROM sources")}
        errors = [(r[0], r[1]) for r in conn.execute("SELECT source, code FROM errors")]
    return sources, errors


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (from /proc)."""
    return [int(d.name) for d in Path("/proc").iterdir()
            if d.name.isdigit() and (f := _stat_fields(d)) and int(f[1]) == pid]


# name, builder, what may become of the bad file: "stored" (a harmless document, read within the
# limits) or the one error code its row may carry
FILE_CASES: list[tuple[str, Callable[[Path], Path], tuple[str, ...]]] = [
    ("zip member 1 KiB declared, 2 GiB inflated", lambda d: zip_bomb_archive(d / "bomb.zip"), ("A003",)),
    ("docx member 1 KiB declared, 2 GiB inflated", lambda d: zip_bomb_docx(d / "bomb.docx"), ("P006",)),
    ("docx gridSpan 2e9", lambda d: grid_span_docx(d / "span.docx"), ("stored",)),
    ("xlsx A1 and XFD1048576", lambda d: far_cell_xlsx(d / "far.xlsx"), ("stored",)),
    ("XML spreadsheet MergeDown 1e6", lambda d: merge_down_xml(d / "merge.xls"), ("stored",)),
    # 200 pages are read; on a loaded machine that may pass the time limit of the test's settings
    ("PDF declaring 20,000 pages", lambda d: many_pages_pdf(d / "pages.pdf"), ("stored", "W001")),
    ("PDF form drawing itself", lambda d: self_drawing_pdf(d / "loop.pdf"), ("P003", "P005", "W001")),
    # PDFium reads it as a harmless document; pdfplumber (the fallback) says P003
    ("PDF stream whose length is itself", lambda d: self_measuring_pdf(d / "length.pdf"),
     ("P003", "W001", "stored")),
    ("FIFO", lambda d: fifo(d / "pipe.txt"), ("A001",)),
    ("/dev/zero", lambda d: Path("/dev/zero"), ("A001",)),
    ("one-line text 4 MB", lambda d: one_line_text(d / "line.txt", 4), ("stored", "W001")),
    ("text of 200,000 unclosed tags", lambda d: unclosed_tags_text(d / "tags.txt", 200_000), ("stored",)),
]
