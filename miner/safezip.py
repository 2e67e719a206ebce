"""Inflate zip members by streaming, with a byte cap: what a member declares is never trusted.

zipfile trusts the declared size: `read()` inflates up to 2 GiB in one call before cutting to it,
and a streamed read stops quietly at it, so a member declaring 1 KiB that inflates to 2 GiB
either exhausts memory or hides behind a clean first KiB. Here every member is inflated from its
raw bytes in chunks, counting, and must come to exactly the size it declares.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

CHUNK = 256 * 1024
_LOCAL_HEADER = struct.Struct("<4s5H3I2H")  # signature ... name length, extra length


class ZipLimitError(ValueError):
    """A member inflates beyond the bytes allowed to it."""


def _raw(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The member's compressed bytes, located through its local header."""
    start = info.header_offset
    fields = _LOCAL_HEADER.unpack_from(data, start)
    if fields[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"{info.filename}: bad local header")
    begin = start + _LOCAL_HEADER.size + fields[9] + fields[10]
    raw = data[begin:begin + info.compress_size]
    if len(raw) != info.compress_size:
        raise zipfile.BadZipFile(f"{info.filename}: truncated")
    return raw


def inflated_size(data: bytes, info: zipfile.ZipInfo, limit: int) -> int:
    """Inflate one member of the archive `data` without keeping it. ZipLimitError past `limit`
    bytes; BadZipFile when it does not come to its declared size, or uses a method other than
    stored or deflate (Office files and ordinary archives use only these)."""
    if info.compress_type == zipfile.ZIP_STORED:
        size = len(_raw(data, info))
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        size, pending = 0, _raw(data, info)
        while pending and not inflater.eof:
            try:
                size += len(inflater.decompress(pending, CHUNK))
            except zlib.error as exc:
                raise zipfile.BadZipFile(f"{info.filename}: {exc}") from exc
            if size > limit:
                raise ZipLimitError(f"{info.filename} inflates beyond {limit / 2**20:.0f} MB")
            pending = inflater.unconsumed_tail
    else:
        raise zipfile.BadZipFile(f"{info.filename}: compression method {info.compress_type} not supported")
    if size > limit:
        raise ZipLimitError(f"{info.filename} inflates beyond {limit / 2**20:.0f} MB")
    if size != info.file_size:
        raise zipfile.BadZipFile(f"{info.filename} inflates to {size} bytes, not the {info.file_size} it "
                                 "declares")
    return size


def read_member(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The bytes of one member of the archive `data` (opened as `zf`), checked first by inflating
    it in chunks: once it is known to come to its declared size, zipfile may read it."""
    inflated_size(data, info, limit)
    return zf.read(info)


def check_members(zf: zipfile.ZipFile, data: bytes, limit: int) -> int:
    """Inflate every member in chunks; ZipLimitError when together they pass `limit` bytes."""
    total = 0
    for info in zf.infolist():
        if not info.is_dir():
            total += inflated_size(data, info, limit - total)
    return total
