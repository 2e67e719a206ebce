"""Tests for miner.parse.legacy: .doc/.wps through LibreOffice, batch conversion, missing tool."""

from __future__ import annotations

from pathlib import Path

import pytest

from miner.errors import MissingToolError, ParseError
from miner.parse.builder import check_offsets
from miner.parse.legacy import convert_many, read_doc, read_wps
from miner.records import Document, RawInput
from miner.settings import Settings

from .fixtures_office import CLOSING, INTRO, NOTE, TITLE, have_soffice, plan_docx, soffice_convert

pytestmark = pytest.mark.slow  # LibreOffice converts every fixture

# LibreOffice is a system dependency installed by `make test` (scripts/system-deps.sh): these tests
# fail, never skip, when it is missing.


@pytest.fixture(scope="module")
def doc_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A Word 97 .doc made by LibreOffice from the plan docx."""
    assert have_soffice(), "LibreOffice is not installed: run `make system-deps`"
    made = soffice_convert({"plan.docx": plan_docx(content_control=False)}, "doc",
                           Path(tmp_path_factory.mktemp("doc")))
    return made["plan.doc"]


@pytest.fixture(scope="module")
def doc(doc_bytes: bytes) -> Document:
    document = read_doc(RawInput(source="old/plan.doc", data=doc_bytes, name="plan.doc"), "id", Settings())
    check_offsets(document)
    return document


def test_legacy_doc_text_and_title(doc: Document) -> None:
    assert doc.format == "doc" and doc.title == TITLE
    assert doc.meta["converted_by"] == "libreoffice"
    texts = [b.text for b in doc.blocks if b.kind != "table"]
    assert texts[:2] == [TITLE, INTRO]
    assert CLOSING in texts


@pytest.mark.parametrize("row, expected", [
    (1, [("第一学期", False), ("第3周", False), ("集团工作例会", False), ("城东实验小学", False)]),
    (3, [("第一学期", True), ("第10周", False), ("青年教师课堂教学评比", False), ("城东实验小学", False)]),
    (4, [(NOTE, False), (NOTE, True), (NOTE, True), (NOTE, True)]),
])
def test_legacy_doc_table_cells(doc: Document, row: int, expected: list) -> None:
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [(c.text, c.carried) for c in table.rows[row]] == expected


def test_legacy_wps_keeps_its_format(doc_bytes: bytes) -> None:
    # a WPS Writer file is a Word binary under another name; an unhelpful URL name is ignored
    document = read_wps(RawInput(source="http://x/a.aspx", data=doc_bytes, name="a.aspx"), "id", Settings())
    check_offsets(document)
    assert document.format == "wps" and document.title == TITLE


def test_legacy_damaged_file_is_p007() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(ParseError) as info:
        read_doc(RawInput(source="bad.doc", data=data, name="bad.doc"), "id", Settings())
    assert info.value.code == "P007" and "LibreOffice could not convert" in info.value.message
    assert "javaldx" not in info.value.message


def test_legacy_convert_many_keeps_clashing_names_apart(doc_bytes: bytes, tmp_path: Path) -> None:
    inputs = []
    for folder in ("一校", "二校"):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "计划.doc"
        path.write_bytes(doc_bytes)
        inputs.append(path)
    broken = tmp_path / "损坏.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    done = convert_many([*inputs, broken], tmp_path / "out", Settings())
    assert set(done) == set(inputs)  # the broken file is missing, not an exception
    assert len({p for p in done.values()}) == 2
    assert all(p.suffix == ".docx" and p.stat().st_size > 0 for p in done.values())


@pytest.mark.parametrize("call", ["read", "batch"])
def test_legacy_missing_libreoffice_says_how_to_install(call: str, tmp_path: Path) -> None:
    settings = Settings().replace("ingest", libreoffice="no-such-soffice")
    with pytest.raises(MissingToolError) as info:
        if call == "read":
            read_doc(RawInput(source="a.doc", data=b"\xd0\xcf\x11\xe0", name="a.doc"), "id", settings)
        else:
            convert_many([tmp_path / "a.doc"], tmp_path, settings)
    assert info.value.code == "T001"
    assert "apt-get install --no-install-recommends libreoffice-writer-nogui" in info.value.message
    assert "no-such-soffice" in info.value.message


def test_legacy_preconvert_shares_one_call_and_reader_uses_it(doc_bytes: bytes, tmp_path: Path) -> None:
    from miner.parse import legacy, sha256

    # a second, different .doc: the same document re-saved by LibreOffice from its own .docx output
    other = soffice_convert({"again.docx": legacy.convert_bytes(doc_bytes, ".doc", Settings())}, "doc",
                            tmp_path)["again.doc"]
    raws = [RawInput(source=f"{i}.doc", data=data, name=f"{i}.doc")
            for i, data in enumerate((doc_bytes, other))]
    assert legacy.preconvert([(r, "doc") for r in raws], Settings()) == 2
    assert {sha256(r.data) for r in raws} <= set(legacy._PRECONVERTED)
    # the reader takes the converted bytes instead of starting LibreOffice again
    broken = Settings().replace("ingest", libreoffice="no-such-soffice")
    documents = [read_doc(r, sha256(r.data), broken) for r in raws]
    assert all(d.title == TITLE for d in documents)
    assert not legacy._PRECONVERTED  # taken once, then forgotten


def test_legacy_ingest_of_several_doc_files_converts_them_together(doc_bytes: bytes, tmp_path: Path) -> None:
    from miner.core import ingest
    from miner.store import open_store

    folder = tmp_path / "old"
    folder.mkdir()
    for i in range(3):  # three different documents (1, 2 and 3 pages)
        made = soffice_convert({f"p{i}.docx": plan_docx(pages=i + 1, content_control=False)}, "doc",
                               tmp_path / f"m{i}")
        (folder / f"p{i}.doc").write_bytes(made[f"p{i}.doc"])
    with open_store(tmp_path / "m.db") as store:
        summary = ingest([folder], store, Settings().replace("ingest", workers=1))
        assert (summary.added, summary.failed) == (3, 0)
        assert {r["format"] for r in store.documents()} == {"doc"}
