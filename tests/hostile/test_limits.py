"""The limits themselves, called directly (fast): zip inflation, line breaking, tables, sites,
formulas, and the worker pool's time, memory and death handling."""

from __future__ import annotations

import io
import os
import signal
import time
import zipfile

import pytest

from miner.acquire.robots import UrlPolicy, allowed_site, site_key
from miner.batch import Limits, map_batches
from miner.export.registry import neutralise_formulas
from miner.parse.builder import MAX_LINE_CHARS, wrap_long_lines
from miner.safezip import ZipLimitError, check_members, read_member
from tests.hostile.cases import deflate_zeros, lying_zip


def test_safezip_a_member_inflating_beyond_the_cap_stops_there():
    data = lying_zip([("a.txt", deflate_zeros(2048), 1024, None)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf, pytest.raises(ZipLimitError):
        read_member(zf, data, zf.infolist()[0], 8 * 2**20)


def test_safezip_a_member_larger_than_it_declares_is_refused_under_the_cap():
    data = lying_zip([("a.txt", deflate_zeros(4), 1024, None)])  # 4 MiB, declares 1 KiB
    with zipfile.ZipFile(io.BytesIO(data)) as zf, pytest.raises(zipfile.BadZipFile, match="declares"):
        check_members(zf, data, 50 * 2**20)


def test_safezip_an_honest_archive_reads_as_zipfile_reads_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", "计划" * 1000)
        zf.writestr("b.txt", b"stored", compress_type=zipfile.ZIP_STORED)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert check_members(zf, data, 2**20) == 6000 + 6
        assert read_member(zf, data, zf.getinfo("a.txt"), 2**20) == ("计划" * 1000).encode()


def test_builder_long_lines_break_at_sentence_ends_then_commas():
    text = ("甲" * 1500 + "。") * 4 + "乙" * 5000
    lines = wrap_long_lines(text).split("\n")
    assert all(len(line) <= MAX_LINE_CHARS for line in lines)
    assert lines[0] == "甲" * 1500 + "。"
    assert "".join(lines) == text
    assert wrap_long_lines("短句。\n另一句") == "短句。\n另一句"


@pytest.mark.parametrize(("url", "key"), [
    ("http://www.school.cn/a", "school.cn"),
    ("https://school.cn:443/a", "school.cn"),
    ("http://127.0.0.1:8001/", "127.0.0.1:8001"),
    ("http://127.0.0.1:99999/", ""),
])
def test_robots_site_key_is_host_and_port(url, key):
    assert site_key(url) == key


def test_robots_another_port_of_the_same_host_is_another_site():
    policy = UrlPolicy([allowed_site("127.0.0.1:8001")], "miner", lambda url: None)  # type: ignore[arg-type,return-value]
    assert policy.check_scope("http://127.0.0.1:8001/x") is None
    assert policy.check_scope("http://127.0.0.1:8002/x")
    assert policy.check_scope("http://127.0.0.1/x")


def test_export_formulas_get_an_apostrophe_and_other_text_stays():
    import pandas as pd

    frame = pd.DataFrame({"t": ["=1+1", "+86", "-x", "@SUM(A1)", "\tx", "\rx", "计划", None], "n": range(8)})
    out = neutralise_formulas(frame)
    assert list(out["t"][:6]) == ["'=1+1", "'+86", "'-x", "'@SUM(A1)", "'\tx", "'\rx"]
    assert out["t"][6] == "计划" and pd.isna(out["t"][7]) and list(out["n"]) == list(range(8))
    assert frame["t"][0] == "=1+1"  # the caller's frame is untouched


def _behave(x: int) -> int:
    if x == 1:
        time.sleep(60)
    if x == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    if x == 3:
        bytearray(3 * 2**30)
    if x == 4:
        while True:
            pass
    return x * 10


def _failed(x: int, code: str, message: str) -> tuple[int, str]:
    return (x, code)


def test_batch_overrun_memory_and_death_become_results_and_the_rest_goes_on():
    start = time.monotonic()
    results = list(map_batches(_behave, range(10), workers=2, chunk_size=3,
                               limits=Limits(seconds=1.5, memory_mb=1024), on_failure=_failed))
    assert time.monotonic() - start < 30
    done = sorted(r for r in results if isinstance(r, int))
    assert done == [0, 50, 60, 70, 80, 90]
    assert sorted(r for r in results if isinstance(r, tuple)) == [(1, "W001"), (2, "W003"), (3, "W002"),
                                                                  (4, "W001")]
