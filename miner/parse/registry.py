"""The reader registry: which function turns which format's bytes into a Document."""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from miner.errors import MinerError, ParseError
from miner.records import Document, RawInput
from miner.settings import Settings

log = logging.getLogger(__name__)

Reader = Callable[[RawInput, str, Settings], Document]  # (raw, doc_id, settings) -> Document


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    format: str
    extensions: tuple[str, ...]
    read: Reader


READERS: dict[str, ReaderSpec] = {}


def register(format: str, *extensions: str) -> Callable[[Reader], Reader]:
    """Decorator: make `read` the reader for `format` and these file extensions."""

    def deco(read: Reader) -> Reader:
        READERS[format] = ReaderSpec(format, tuple(e.lower() for e in extensions), read)
        return read

    return deco


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_format(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def detect_format(raw: RawInput) -> str:
    """The format from the content first (magic bytes), the file name second."""
    data = raw.data
    ext = PurePosixPath(raw.name.lower()).suffix
    by_ext = next((f for f, s in READERS.items() if ext in s.extensions), None)
    head = data[:2048].lstrip()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data) or by_ext or "docx"
    if data.startswith(_OLE):
        if by_ext in ("doc", "wps", "xls"):
            return by_ext
        # no telling name (a download URL): the OLE directory names its streams in UTF-16-LE
        window = data[:65536]
        if "Workbook".encode("utf-16-le") in window or "Book".encode("utf-16-le") in window:
            return "xls"
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "doc"  # LibreOffice converts RTF like a legacy Word file
    lowered = head[:1024].lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in data[:4096]:
        return "xls"  # an XML Spreadsheet 2003 export that web systems name .xls (or nothing)
    if raw.content_type and "html" in raw.content_type.lower():
        return "html"
    if any(tag in lowered for tag in (b"<html", b"<!doctype html", b"<body", b"<head", b"<meta")):
        return "html"
    if by_ext in ("docx", "xlsx", "pdf", "doc", "wps", "xls"):
        return by_ext  # a binary format by name whose bytes did not look like one: its reader says why
    return by_ext or "txt"


def parse(raw: RawInput, settings: Settings) -> Document:
    """Bytes → Document, through the reader for the detected format.

    Raises ParseError (or another MinerError) with a sentence a person understands.
    """
    import miner.parse.readers  # noqa: F401  (importing registers every reader)

    limit = settings.ingest.max_file_mb * 1024 * 1024
    if not raw.data:
        raise ParseError("the file is empty (0 bytes)", code="P001")
    if len(raw.data) > limit:
        raise ParseError(
            f"the file is {len(raw.data) / 1e6:.1f} MB, over the {settings.ingest.max_file_mb:g} MB limit "
            "(raise [ingest] max_file_mb to read it)", code="A002")
    fmt = detect_format(raw)
    spec = READERS.get(fmt)
    if spec is None:
        raise ParseError(f"cannot read files of format {fmt!r}", code="P002")
    try:
        doc = spec.read(raw, sha256(raw.data), settings)
    except MinerError:
        raise
    except Exception as exc:  # a reader's unexpected failure still becomes one readable error row
        log.debug("reader %s failed on %s", fmt, raw.source, exc_info=True)
        raise ParseError(f"not a readable {fmt.upper()} file ({type(exc).__name__}: {exc})",
                         code="P003") from exc
    if not doc.text.strip():
        raise ParseError(f"no text found in this {fmt.upper()} file"
                         + (" (a scanned PDF without a text layer needs OCR first)" if fmt == "pdf" else ""),
                         code="P005")
    return doc
