"""Inflate zip members by streaming, with a byte cap: what a member declares is never trusted.

zipfile's `read()` inflates up to 2 GiB in one call before cutting to the declared size, so a
member that declares 1 KiB and inflates to 2 GiB exhausts memory before any check on declared
sizes could help. Reading in chunks and counting stops at the cap, whatever the header says.
"""

from __future__ import annotations

import zipfile

CHUNK = 64 * 1024


class ZipLimitError(ValueError):
    """A member inflates beyond the bytes allowed to it."""


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes; ZipLimitError once more than `limit` bytes come out, BadZipFile when
    the bytes do not match the header (zipfile checks the CRC as the stream ends)."""
    parts: list[bytes] = []
    size = 0
    with zf.open(info) as stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise ZipLimitError(f"{info.filename} inflates beyond {limit / 2**20:.0f} MB")
            parts.append(chunk)
    return b"".join(parts)


def inflated_size(zf: zipfile.ZipFile, limit: int) -> int:
    """Inflate every member without keeping it, checking each one's CRC; ZipLimitError when the
    members together pass `limit` bytes."""
    total = 0
    for info in zf.infolist():
        if info.is_dir():
            continue
        with zf.open(info) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise ZipLimitError(f"the members inflate beyond {limit / 2**20:.0f} MB")
    return total
