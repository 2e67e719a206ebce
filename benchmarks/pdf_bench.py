"""Benchmark: the PDF reader through PDFium against the same reader through pdfplumber alone.

Reads the PDF fixtures of tests/parse/test_pdf.py (a one-page plan with a ruled table, a
three-page one with running header and page numbers, a framed page) and eight gold documents
rendered to PDF by LibreOffice; prints the best of five timings of each reader and file, the
speed-up, and whether the two Documents are identical.

    python benchmarks/pdf_bench.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import miner.parse.pdf as pdf_reader  # noqa: E402
from miner.samples import render_formats  # noqa: E402
from miner.settings import Settings  # noqa: E402
from tests.parse.fixtures_office import framed_pdf, plan_docx, soffice_convert  # noqa: E402


def inputs(tmp: Path) -> dict[str, bytes]:
    made = soffice_convert({"short.docx": plan_docx(), "long.docx": plan_docx(pages=3, footer=True)},
                           "pdf", tmp)
    files = {"fixture short.pdf": made["short.pdf"], "fixture long.pdf": made["long.pdf"],
             "fixture framed.pdf": framed_pdf()}
    docs = [(p.stem, p.read_text(encoding="utf-8"))
            for p in sorted((ROOT / "corpora" / "gold" / "docs").glob("*.txt"))[:8]]
    for path in render_formats(docs, tmp / "gold", ("pdf",)):
        files[f"gold {path.name}"] = path.read_bytes()
    return files


def best_of(data: bytes, name: str, runs: int = 5) -> tuple[float, object]:
    times, doc = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        doc = pdf_reader.read_pdf_bytes(data, doc_id="d", source=name, settings=Settings())
        times.append(time.perf_counter() - t0)
    return min(times), doc


def main() -> None:
    fast = pdf_reader.read_pages
    with tempfile.TemporaryDirectory() as tmp:
        files = inputs(Path(tmp))
    totals = {"pdfplumber": {"fixture": 0.0, "gold": 0.0}, "pdfium": {"fixture": 0.0, "gold": 0.0}}
    same = {"fixture": [0, 0], "gold": [0, 0]}
    for name, data in files.items():
        group = name.split()[0]
        pdf_reader.read_pages = lambda _data, _max_pages=0: None  # type: ignore[assignment]  # pdfplumber alone
        slow_t, slow_doc = best_of(data, name)
        pdf_reader.read_pages = fast
        fast_t, fast_doc = best_of(data, name)
        totals["pdfplumber"][group] += slow_t
        totals["pdfium"][group] += fast_t
        same[group][0] += slow_doc == fast_doc
        same[group][1] += 1
        print(f"{name:40s} pdfplumber {slow_t * 1000:6.1f} ms  pdfium {fast_t * 1000:6.1f} ms  "
              f"{slow_t / fast_t:4.1f}×  {'identical' if slow_doc == fast_doc else 'DIFFERENT'}")
    for group in ("fixture", "gold"):
        slow, quick = totals["pdfplumber"][group], totals["pdfium"][group]
        print(f"{group}s: pdfplumber {slow * 1000:.0f} ms, pdfium {quick * 1000:.0f} ms → "
              f"{slow / quick:.1f}× faster; {same[group][0]} of {same[group][1]} Documents identical")


if __name__ == "__main__":
    main()
