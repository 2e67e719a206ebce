"""Safe file names for saved pages and attachments, and the name a Content-Disposition gives."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from email.message import Message
from urllib.parse import unquote, urlsplit

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_MAX_CHARS = 120


def safe_filename(name: str, default: str = "download") -> str:
    """The last component of `name`, stripped of anything a file system could misread.

    `../../evil.docx` → `evil.docx`; `C:\\x\\plan.doc` → `plan.doc`; an empty or dot-only name
    becomes `default`. The extension is kept when the name has to be shortened.
    """
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    name = name.rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip().strip(".").strip()
    if not name or set(name) <= {"_", " "}:
        return default
    if len(name) > _MAX_CHARS:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 8:
            name = stem[: _MAX_CHARS - len(ext) - 1] + "." + ext
        else:
            name = name[:_MAX_CHARS]
    return name


def extension(name: str) -> str:
    """The lower-case extension of a path or file name without the dot ('' when none)."""
    base = posixpath.basename(name)
    return base.rpartition(".")[2].lower() if "." in base.strip(".") else ""


def url_filename(url: str) -> str:
    """The percent-decoded last path segment of a URL ('' for a directory URL)."""
    path = urlsplit(url).path
    return unquote(posixpath.basename(path), errors="replace")


def _decode_header(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def disposition_filename(raw: bytes | str | None) -> str | None:
    """The file name a Content-Disposition header gives (filename* first), or None.

    Chinese servers send the name as RFC 5987 `filename*=UTF-8''...`, percent-encoded UTF-8 or
    GBK, or raw UTF-8/GBK bytes; all are read here.
    """
    if not raw:
        return None
    value = _decode_header(raw) if isinstance(raw, bytes) else raw
    message = Message()
    message["content-disposition"] = value
    name = message.get_filename()
    if not name:
        return None
    if "%" in name:
        octets = unquote(name, encoding="latin-1").encode("latin-1", errors="replace")
        name = _decode_header(octets)
    return name.strip() or None
