"""Tests for miner.parse.docx: blocks in order, merged cells, titles and unsafe or broken files."""

from __future__ import annotations

import pytest

from miner.errors import ParseError
from miner.parse.builder import check_offsets
from miner.parse.docx import classify_text, read, read_docx_bytes
from miner.records import Document, RawInput
from miner.settings import Settings

from .fixtures_office import (
    CLOSING,
    FRAMED,
    GOALS,
    INTRO,
    NOTE,
    SIGNATURE,
    SUBTITLE,
    TITLE,
    plain_zip,
    plan_docx,
    revised_docx,
    zip_bomb,
)


@pytest.fixture(scope="module")
def doc() -> Document:
    raw = RawInput(source="plans/城东.docx", data=plan_docx(), name="城东.docx")
    document = read(raw, "doc-1", Settings())
    check_offsets(document)
    return document


def _table(doc: Document):
    return next(b for b in doc.blocks if b.kind == "table")


def test_docx_blocks_in_document_order(doc: Document) -> None:
    kinds = [(b.kind, b.level) for b in doc.blocks]
    assert kinds == [("heading", 1), ("paragraph", 0), ("heading", 2), ("list_item", 0),
                     ("list_item", 0), ("list_item", 0), ("heading", 2), ("table", 0),
                     ("paragraph", 0), ("paragraph", 0), ("heading", 1), ("list_item", 1)]
    # a right-aligned signature stays a paragraph; a short centred line is a heading
    assert [b.text for b in doc.blocks[-3:-1]] == [SIGNATURE, SUBTITLE]
    assert doc.format == "docx" and doc.source == "plans/城东.docx"
    assert doc.blocks[1].text == INTRO
    assert [b.text for b in doc.blocks if b.kind == "list_item"][:3] == GOALS


@pytest.mark.parametrize("row, expected", [
    (1, [("第一学期", False), ("第3周", False), ("集团工作例会", False), ("城东实验小学", False)]),
    (2, [("第一学期", True), ("第6周", False), ("语文学科联合教研", False),
         ("河西小学 协办 城东实验小学", False)]),
    (3, [("第一学期", True), ("第10周", False), ("青年教师课堂教学评比", False), ("城东实验小学", False)]),
    (4, [(NOTE, False), (NOTE, True), (NOTE, True), (NOTE, True)]),
])
def test_docx_merged_cells_once_and_carried(doc: Document, row: int, expected: list) -> None:
    table = _table(doc)
    assert [(c.text, c.carried) for c in table.rows[row]] == expected
    first = table.rows[1][0]
    if row in (2, 3):  # a carried cell points at the one place its text was written
        assert (table.rows[row][0].start, table.rows[row][0].end) == (first.start, first.end)


def test_docx_merged_text_written_once(doc: Document) -> None:
    table = _table(doc)
    assert table.header is True
    assert table.text.count("第一学期") == 1
    assert table.text.count(NOTE) == 1


def test_docx_frame_table_and_content_control_become_blocks(doc: Document) -> None:
    texts = [b.text for b in doc.blocks if b.kind != "table"]
    assert FRAMED in texts  # a one-cell frame table is read as what it contains
    assert CLOSING in texts  # a paragraph inside a content control (w:sdt) is not lost
    assert doc.text.count(CLOSING) == 1


def test_docx_page_header_and_footer_kept_as_metadata_not_text() -> None:
    document = read_docx_bytes(plan_docx(footer=True), doc_id="d", source="s", settings=Settings())
    assert document.meta["page_header"] == ["城东教育集团"]
    assert document.meta["page_footer"] == ["第 1 页"]
    assert "第 1 页" not in document.text


def test_docx_tracked_changes_smart_tags_and_text_boxes() -> None:
    document = read_docx_bytes(revised_docx(), doc_id="d", source="s", settings=Settings())
    check_offsets(document)
    texts = [b.text for b in document.blocks]
    assert texts == ["本学期组织青年教师课堂教学评比。", "文本框：报名截止10月8日"]


@pytest.mark.parametrize("core_title, expected", [
    (TITLE, TITLE),
    ("Untitled", TITLE),
    ("文档1", TITLE),
    ("2018年城东教育集团旧计划", TITLE),  # a stale template title that the text does not bear out
    ("Microsoft Word - " + TITLE + ".doc", TITLE),
])
def test_docx_title(core_title: str, expected: str) -> None:
    document = read_docx_bytes(plan_docx(core_title=core_title), doc_id="d", source="s",
                               settings=Settings())
    check_offsets(document)
    assert document.title == expected


@pytest.mark.parametrize("text, expected", [
    ("一、工作目标", ("heading", 1)),
    ("（二）教学视导", ("heading", 2)),
    ("第三部分 主要措施", ("heading", 1)),
    ("一、本学期共召开集团例会四次，研究解决了一批实际问题。", ("list_item", 1)),
    ("1、每月召开一次工作例会，交流各校经验。", ("list_item", 3)),
    ("本学期，集团继续开展联合教研。", ("paragraph", 0)),
])
def test_docx_classify_text(text: str, expected: tuple[str, int]) -> None:
    assert classify_text(text) == expected


@pytest.mark.parametrize("data, settings, code, words", [
    (plan_docx()[:3000], Settings(), "P003", "truncated or damaged"),
    (plain_zip(), Settings(), "P003", "word/document.xml"),
    (zip_bomb(5), Settings().replace("ingest", max_unzipped_mb=1), "P006", "MB limit"),
    (zip_bomb(5), Settings(), "P006", "compresses"),
    (b"not a zip at all", Settings(), "P003", "truncated or damaged"),
], ids=["truncated", "plain-zip", "too-big", "ratio", "not-zip"])
def test_docx_refuses_broken_and_unsafe_files(data: bytes, settings: Settings, code: str, words: str) -> None:
    with pytest.raises(ParseError) as info:
        read_docx_bytes(data, doc_id="d", source="bad.docx", settings=settings)
    assert info.value.code == code
    assert words in info.value.message
    assert str(info.value).startswith(f"[{code}] ")


def test_docx_registry_dispatch() -> None:
    from miner.parse import registry
    raw = RawInput(source="x", data=plan_docx(), name="下载附件")  # no extension: magic bytes decide
    document = registry.parse(raw, Settings())
    assert document.format == "docx" and document.title == TITLE
    assert registry.READERS["docx"].extensions[0] == ".docx"
