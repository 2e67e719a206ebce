"""Tests for miner.parse.spreadsheet: xlsx and xls sheets as tables, merges carried, dates as ISO."""

from __future__ import annotations

import datetime as dt

import pytest

from miner.errors import ParseError
from miner.parse.builder import check_offsets
from miner.parse.spreadsheet import format_value, read_xls, read_xls_bytes, read_xlsx, read_xlsx_bytes
from miner.records import Document, RawInput
from miner.settings import Settings

from .fixtures_office import ROWS, TITLE, plan_docx, plan_spreadsheetml, plan_xls, plan_xlsx, zip_bomb


@pytest.fixture(scope="module")
def xlsx() -> Document:
    document = read_xlsx(RawInput(source="a/行事历.xlsx", data=plan_xlsx(), name="行事历.xlsx"), "id",
                         Settings())
    check_offsets(document)
    return document


@pytest.fixture(scope="module")
def xls() -> Document:
    document = read_xls(RawInput(source="a/行事历.xls", data=plan_xls(), name="行事历.xls"), "id",
                        Settings())
    check_offsets(document)
    return document


@pytest.fixture(params=["xlsx", "xls"])
def sheet(request: pytest.FixtureRequest, xlsx: Document, xls: Document) -> Document:
    return {"xlsx": xlsx, "xls": xls}[request.param]


def test_spreadsheet_sheet_name_and_title_row_are_headings(sheet: Document) -> None:
    assert sheet.blocks[0].kind == "heading" and sheet.blocks[0].text == "行事历"
    assert sheet.blocks[1].kind == "heading" and sheet.blocks[1].text == TITLE
    assert sheet.title == TITLE


def test_spreadsheet_term_merged_over_three_rows(sheet: Document) -> None:
    table = next(b for b in sheet.blocks if b.kind == "table")
    assert table.header is True
    assert [c.text for c in table.rows[0]] == ["学期", "周次", "日期", "活动内容", "承办学校"]
    terms = [(r[0].text, r[0].carried) for r in table.rows[1:]]
    assert terms == [("第一学期", False), ("第一学期", True), ("第一学期", True)]
    assert table.text.count("第一学期") == 1
    assert [(r[1].text, r[3].text, r[4].text) for r in table.rows[1:]] == list(ROWS)


@pytest.mark.parametrize("fmt, dates", [
    ("xlsx", ["2021-09-06", "2021-10-01", "50%"]),
    ("xls", ["2021-09-06", "12", "2.5"]),
])
def test_spreadsheet_dates_and_numbers_as_text(xlsx: Document, xls: Document, fmt: str, dates: list) -> None:
    document = {"xlsx": xlsx, "xls": xls}[fmt]
    table = next(b for b in document.blocks if b.kind == "table")
    assert [r[2].text for r in table.rows[1:]] == dates
    assert document.format == fmt


def test_spreadsheet_xlsx_drops_trailing_empty_cells_and_hidden_sheets(xlsx: Document) -> None:
    tables = [b for b in xlsx.blocks if b.kind == "table"]
    assert len(tables) == 2
    assert {len(r) for r in tables[0].rows} == {5}
    assert "隐藏内容" not in xlsx.text and xlsx.meta["hidden_sheets"] == ["代码表"]
    assert "Sheet3" not in xlsx.text  # a default sheet name is not a heading
    assert [[c.text for c in r] for r in tables[1].rows] == [["序号", "内容"], ["1", "期末资料整理"]]


@pytest.mark.parametrize("value, number_format, text", [
    (dt.datetime(2021, 9, 6), "yyyy-mm-dd", "2021-09-06"),
    (dt.datetime(2021, 9, 6, 14, 30), "yyyy-mm-dd hh:mm", "2021-09-06 14:30"),
    (dt.date(2022, 2, 14), "General", "2022-02-14"),
    (dt.time(8, 30), "h:mm", "08:30"),
    (3.0, "General", "3"),
    (0.125, "0.0%", "12.5%"),
    (2.75, "General", "2.75"),
    ("第4周", "@", "第4周"),
    (None, "General", ""),
])
def test_spreadsheet_format_value(value: object, number_format: str, text: str) -> None:
    assert format_value(value, number_format) == text


@pytest.mark.parametrize("reader, data, words", [
    (read_xlsx_bytes, plan_xlsx()[:2000], "truncated or damaged"),
    (read_xlsx_bytes, plan_docx(), "xl/workbook.xml"),
    (read_xls_bytes, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(300), "not a valid XLS"),
    (read_xls_bytes, "这不是一个表格文件，只是一段说明文字。".encode("gb18030"), "not a valid XLS"),
], ids=["xlsx-truncated", "xlsx-is-docx", "xls-empty-ole", "xls-is-prose"])
def test_spreadsheet_broken_files_are_p003(reader, data: bytes, words: str) -> None:
    with pytest.raises(ParseError) as info:
        reader(data, doc_id="d", source="bad", settings=Settings())
    assert info.value.code == "P003" and words in info.value.message


def test_spreadsheet_xls_that_is_spreadsheetml() -> None:
    document = read_xls_bytes(plan_spreadsheetml(), doc_id="d", source="导出.xls", settings=Settings())
    check_offsets(document)
    assert document.title == TITLE and document.meta["xls_kind"] == "spreadsheetml"
    table = next(b for b in document.blocks if b.kind == "table")
    assert [(r[0].text, r[0].carried) for r in table.rows[1:]] == [("第一学期", False), ("第一学期", True),
                                                                   ("第一学期", True)]
    assert [(r[1].text, r[3].text, r[4].text) for r in table.rows[1:]] == list(ROWS)
    assert table.rows[1][2].text == "2021-09-06"


@pytest.mark.parametrize("text, encoding", [
    ("学期\t周次\t活动内容\n第一学期\t第3周\t集团工作例会\n", "gb18030"),
    ("学期,周次,活动内容\r\n第一学期,第3周,集团工作例会\r\n", "utf-8"),
])
def test_spreadsheet_xls_that_is_delimited_text(text: str, encoding: str) -> None:
    document = read_xls_bytes(text.encode(encoding), doc_id="d", source="导出.xls", settings=Settings())
    check_offsets(document)
    table = document.blocks[0]
    assert [[c.text for c in r] for r in table.rows] == [["学期", "周次", "活动内容"],
                                                         ["第一学期", "第3周", "集团工作例会"]]
    assert document.format == "xls" and document.meta["xls_kind"] == "delimited text"


def test_spreadsheet_xlsx_zip_bomb_is_p006() -> None:
    with pytest.raises(ParseError) as info:
        read_xlsx_bytes(zip_bomb(5), doc_id="d", source="bomb.xlsx", settings=Settings())
    assert info.value.code == "P006" and "XLSX" in info.value.message


@pytest.mark.parametrize("name, make, fmt", [
    ("行事历.xls", plan_xls, "xls"),
    ("行事历.et", plan_xls, "xls"),  # WPS spreadsheets are BIFF workbooks under another name
    ("附件下载", plan_xlsx, "xlsx"),  # no extension: the zip's contents decide
])
def test_spreadsheet_registry_dispatch(name: str, make, fmt: str) -> None:
    from miner.parse import registry
    document = registry.parse(RawInput(source=name, data=make(), name=name), Settings())
    check_offsets(document)
    assert document.format == fmt and document.title == TITLE
