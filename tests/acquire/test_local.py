"""Local inputs: folders, zips (nested, GBK names, bombs, traversal) and missing paths."""

from __future__ import annotations

import io
import zipfile

import pytest

from miner.acquire.local import iter_inputs, iter_zip
from miner.records import ErrorRecord, RawInput


def _zip(members: dict[str, bytes], utf8_names: bool = True) -> bytes:
    """A real zip; utf8_names=False writes GBK name bytes without the UTF-8 flag, as Windows tools do."""
    buf = io.BytesIO()
    renames: list[tuple[bytes, bytes]] = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(members.items()):
            if not utf8_names and not name.isascii():
                gbk = name.encode("gbk")
                placeholder = f"{i:0{len(gbk)}d}".encode()  # same length, ASCII: patched below
                renames.append((placeholder, gbk))
                name = placeholder.decode()
            zf.writestr(name, data)
    raw = buf.getvalue()
    for placeholder, gbk in renames:
        raw = raw.replace(placeholder, gbk)  # local header and central directory both carry the name
    return raw


def test_local_missing_path_is_an_error_row(tmp_path, settings):
    items = list(iter_inputs([tmp_path / "nope"], settings))
    assert len(items) == 1 and isinstance(items[0], ErrorRecord)
    assert items[0].code == "A001" and "no such file" in items[0].error


def test_local_folder_is_read_recursively_and_sorted(tmp_path, settings):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("二", encoding="utf-8")
    (tmp_path / "1.txt").write_text("一", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    items = list(iter_inputs([tmp_path], settings))
    assert [i.name for i in items] == ["1.txt", "2.txt"]


def test_local_zip_members_nested_and_gbk_names(tmp_path, settings):
    inner = _zip({"内层/总结.txt": "总结".encode()})
    outer = _zip({"计划.txt": "计划".encode("gbk"), "inner.zip": inner}, utf8_names=False)
    path = tmp_path / "a.zip"
    path.write_bytes(outer)
    items = list(iter_inputs([path], settings))
    names = sorted(i.source for i in items if isinstance(i, RawInput))
    assert names == [f"{path}!/inner.zip!/内层/总结.txt", f"{path}!/计划.txt"]


@pytest.mark.slow
def test_local_zip_bomb_is_refused(settings):
    bomb = _zip({"big.txt": b"0" * (300 * 1024 * 1024)})
    items = list(iter_zip(bomb, "bomb.zip", settings))
    assert len(items) == 1 and isinstance(items[0], ErrorRecord)
    assert items[0].code == "A003" and "zip bomb" in items[0].error


def test_local_zip_path_traversal_is_neutralised(settings):
    items = list(iter_zip(_zip({"../../evil.txt": b"x"}), "t.zip", settings))
    assert [i.source for i in items] == ["t.zip!/evil.txt"]


def test_local_corrupt_zip_is_an_error_row(tmp_path, settings):
    path = tmp_path / "broken.zip"
    path.write_bytes(_zip({"a.txt": b"hello"})[:30])
    (item,) = list(iter_inputs([path], settings))
    assert isinstance(item, ErrorRecord) and item.code == "A003"


def test_local_file_over_size_limit_is_refused(tmp_path, settings):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * 2_000_000)
    small = settings.replace("ingest", max_file_mb=1)
    (item,) = list(iter_inputs([path], small))
    assert isinstance(item, ErrorRecord) and item.code == "A002" and "limit" in item.error


def test_local_folder_walk_takes_only_document_suffixes(tmp_path, settings):
    for name in ("plan.docx", "truth.json", "photo.jpg", "README", "summary.TXT"):
        (tmp_path / name).write_bytes(b"x")
    items = list(iter_inputs([tmp_path], settings, frozenset({".docx", ".txt"})))
    assert sorted(i.name for i in items) == ["README", "plan.docx", "summary.TXT"]
    (named,) = list(iter_inputs([tmp_path / "truth.json"], settings, frozenset({".docx"})))
    assert named.name == "truth.json"  # named explicitly: read, and its reader decides
