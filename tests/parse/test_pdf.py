"""Tests for miner.parse.pdf: reflowed Chinese text, ruled tables with merges, furniture, bad PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from miner.errors import ParseError
from miner.parse.builder import check_offsets
from miner.parse.pdf import join_lines, read, read_pdf_bytes
from miner.records import Document, RawInput
from miner.settings import Settings

from .fixtures_office import (
    GOALS,
    INTRO,
    NOTE,
    TITLE,
    framed_pdf,
    have_soffice,
    plan_docx,
    scanned_pdf,
    soffice_convert,
)

pytestmark = pytest.mark.slow  # LibreOffice makes the PDF fixtures


def test_pdf_libreoffice_is_installed_for_the_fixtures() -> None:
    assert have_soffice(), "LibreOffice makes the PDF fixtures: run `make system-deps`"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One soffice call makes both PDFs: a one-page plan and a three-page one with header/footer."""
    files = {"short.docx": plan_docx(), "long.docx": plan_docx(pages=3, footer=True)}
    return soffice_convert(files, "pdf", Path(tmp_path_factory.mktemp("pdf")))


@pytest.fixture(scope="module")
def short(pdfs: dict[str, bytes]) -> Document:
    document = read(RawInput(source="a/short.pdf", data=pdfs["short.pdf"], name="short.pdf"), "id",
                    Settings())
    check_offsets(document)
    return document


@pytest.fixture(scope="module")
def long(pdfs: dict[str, bytes]) -> Document:
    document = read_pdf_bytes(pdfs["long.pdf"], doc_id="id", source="long.pdf", settings=Settings())
    check_offsets(document)
    return document


def test_pdf_title_heading_and_reflowed_paragraph(short: Document) -> None:
    assert short.format == "pdf" and short.title == TITLE
    assert short.blocks[0].kind == "heading" and short.blocks[0].text == TITLE
    # the intro wraps over two lines in the PDF: joined back without a space
    assert short.blocks[1].kind == "paragraph" and short.blocks[1].text == INTRO


def test_pdf_bullets_become_list_items(short: Document) -> None:
    items = [b.text for b in short.blocks if b.kind == "list_item"]
    assert items[:3] == GOALS


@pytest.mark.parametrize("row, expected", [
    (0, [("学期", False), ("周次", False), ("活动内容", False), ("承办学校", False)]),
    (1, [("第一学期", False), ("第3周", False), ("集团工作例会", False), ("城东实验小学", False)]),
    (2, [("第一学期", True), ("第6周", False), ("语文学科联合教研", False),
         ("河西小学 协办 城东实验小学", False)]),
    (3, [("第一学期", True), ("第10周", False), ("青年教师课堂教学评比", False), ("城东实验小学", False)]),
    (4, [(NOTE, False), (NOTE, True), (NOTE, True), (NOTE, True)]),
])
def test_pdf_table_merged_cells_carried(short: Document, row: int, expected: list) -> None:
    table = next(b for b in short.blocks if b.kind == "table")
    assert table.header is True
    assert [(c.text, c.carried) for c in table.rows[row]] == expected


def test_pdf_removes_page_numbers_and_running_header(long: Document) -> None:
    assert long.meta["pages"] == 3
    assert "第 1 页" not in long.text and "第 3 页" not in long.text
    assert not any(b.text == "城东教育集团" for b in long.blocks)
    assert long.meta["furniture"] == ["城东教育集团"]


def test_pdf_joins_wrapped_lines_across_the_page(long: Document) -> None:
    paragraphs = [b.text for b in long.blocks if b.kind == "paragraph"]
    for goal in GOALS:
        assert paragraphs.count(goal * 3) == 2  # pages 2 and 3 each repeat every goal three times


@pytest.mark.parametrize("left, right, joined", [
    ("第一学期第", "4周开展联合教研", "第一学期第4周开展联合教研"),
    ("2019", "学年第二学期", "2019学年第二学期"),
    ("集团召开理事会，", "研究工作。", "集团召开理事会，研究工作。"),
    ("the group plan", "for 2021", "the group plan for 2021"),
])
def test_pdf_join_lines(left: str, right: str, joined: str) -> None:
    assert join_lines(left, right) == joined


def test_pdf_page_border_is_not_a_table() -> None:
    document = read_pdf_bytes(framed_pdf(), doc_id="d", source="framed.pdf", settings=Settings())
    check_offsets(document)
    assert [b.kind for b in document.blocks] == ["paragraph", "paragraph"]
    assert document.blocks[1].text == "Week 3: group meeting at Chengdong primary school."


@pytest.mark.parametrize("through", ["reader", "registry"])
def test_pdf_scanned_has_no_text_layer(through: str) -> None:
    with pytest.raises(ParseError) as info:
        if through == "reader":
            read_pdf_bytes(scanned_pdf(), doc_id="d", source="scan.pdf", settings=Settings())
        else:
            from miner.parse import registry
            registry.parse(RawInput(source="scan", data=scanned_pdf(), name="scan"), Settings())
    assert info.value.code == "P005"
    assert "no text layer" in info.value.message and "OCR" in info.value.message


def _encrypted() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(text="plan")
    return bytes(pdf.output())


@pytest.mark.parametrize("make, words", [
    (lambda pdfs: pdfs["short.pdf"][: len(pdfs["short.pdf"]) // 2], "truncated or damaged"),
    (lambda pdfs: b"%PDF-1.4\n" + b"\x00" * 300, "truncated or damaged"),
    (lambda pdfs: _encrypted(), "password-protected"),
], ids=["truncated", "garbage", "password"])
def test_pdf_broken_files_are_p003(pdfs: dict[str, bytes], make, words: str) -> None:
    with pytest.raises(ParseError) as info:
        read_pdf_bytes(make(pdfs), doc_id="d", source="bad.pdf", settings=Settings())
    assert info.value.code == "P003" and words in info.value.message


@pytest.mark.parametrize("name", ["short.pdf", "long.pdf", "framed"])
def test_pdf_pdfium_reads_as_pdfplumber_alone(pdfs: dict[str, bytes], name: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast layer (PDFium characters and lines) gives the Document pdfplumber alone gives."""
    import miner.parse.pdf as reader
    from miner.parse.pdfium_layer import read_pages

    data = framed_pdf() if name == "framed" else pdfs[name]
    assert read_pages(data) is not None  # PDFium takes these files
    fast = read_pdf_bytes(data, doc_id="d", source=name, settings=Settings())
    monkeypatch.setattr(reader, "read_pages", lambda _data, _max_pages=0: None)
    assert read_pdf_bytes(data, doc_id="d", source=name, settings=Settings()) == fast
