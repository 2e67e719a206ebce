"""Decode fetched HTML bytes: HTTP charset, then <meta charset>, then detection; GBK read as GB18030."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTTP = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# Declared Chinese encodings are read with their superset: pages labelled gb2312 routinely
# contain GBK or GB18030 characters (names of people and schools).
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
             "gb_2312-80": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "big5": "big5hkscs"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when it is unknown."""
    if not label:
        return None
    label = label.strip().strip("'\"").lower()
    label = _SUPERSET.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSET.get(name, name)


def http_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, as a codec name."""
    match = _HTTP.search(content_type or "")
    return normalise_charset(match.group(1)) if match else None


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag within its first 4 KB."""
    match = _META.search(data[:4096])
    return normalise_charset(match.group(1).decode("ascii", "ignore")) if match else None


def _fits(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Text and encoding of an HTML page. Declarations that do not fit the bytes are ignored."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    for declared in (http_charset(content_type), meta_charset(data)):
        if declared == "gb18030" and not data.isascii() and _fits(data, "utf-8"):
            return data.decode("utf-8"), "utf-8"  # a migrated page still labelled gb2312
        if declared and _fits(data, declared):
            return data.decode(declared), declared
    for encoding in ("utf-8", "gb18030"):
        if _fits(data, encoding):
            return data.decode(encoding), encoding
    best = from_bytes(data).best()
    encoding = normalise_charset(best.encoding if best else None) or "gb18030"
    return data.decode(encoding, errors="replace"), encoding
