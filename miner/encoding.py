"""Bytes → str in the encodings Chinese school sites use; shared by the crawler and the readers."""

from __future__ import annotations

import codecs
import logging
import re

from miner.errors import ParseError

log = logging.getLogger(__name__)

# Declared names that really mean "GBK or one of its supersets": read them all as GB18030.
_GB_ALIASES = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "euccn",
               "hz-gb-2312", "chinese", "csgb2312", "iso-ir-58", "gb18030"}
_BIG5_ALIASES = {"big5", "big5-hkscs", "big5hkscs", "cp950", "x-big5", "csbig5"}

# Magic numbers of binary formats that sometimes arrive with a .txt or .html name.
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0",
                 b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"BM", b"MZ", b"\x7fELF")

# Plausible encodings handed to the detector once the fast paths have failed.
_DETECTOR_ENCODINGS = ["gb18030", "big5", "utf_16_le", "utf_16_be", "cp1252", "latin_1", "shift_jis"]

MAX_CONTROL_RATIO = 0.02  # control characters (other than tab/newline/form feed) in real text
MAX_REPLACEMENT_RATIO = 0.02


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type ("text/plain; charset=GBK" → "GBK")."""
    m = _CHARSET.search(content_type or "")
    return m.group(1) if m else None


def canonical_name(name: str | None) -> str | None:
    """A Python codec name for a declared charset; GBK-family names become gb18030, unknown → None."""
    if not name:
        return None
    key = name.strip().strip("\"'").lower()
    if key in _GB_ALIASES:
        return "gb18030"
    if key in _BIG5_ALIASES:
        return "big5hkscs"
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                      (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return name, len(bom)
    return None


def _single_byte(name: str) -> bool:
    """Latin code pages decode any bytes: a page declaring one is often GBK in truth, so try it last."""
    return name in ("latin-1", "iso8859-1", "cp1252") or name.startswith(("iso8859", "cp125"))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by NUL bytes piling up at one parity (ASCII, digits, newlines)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    pairs = len(data) // 2
    if max(even, odd) < max(1, pairs // 20) or min(even, odd) * 4 > max(even, odd):
        return None
    return _strict(data, "utf-16-le" if odd > even else "utf-16-be")


def _is_hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def common_hanzi_ratio(text: str, encoding: str) -> float:
    """Share of the Chinese characters that sit in the encoding's common-character block.

    GB2312 level 1 (lead bytes B0–D7) and Big5's frequent block (A4–C6) hold the characters of
    ordinary prose; text decoded with the wrong one of the two lands mostly outside them.
    """
    hanzi = [ch for ch in text if _is_hanzi(ch)]
    if not hanzi:
        return 0.0
    lo, hi, codec = (0xB0, 0xD7, "gb2312") if encoding == "gb18030" else (0xA4, 0xC6, "big5")
    common = 0
    for ch in hanzi:
        try:
            lead = ch.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        common += lo <= lead <= hi
    return common / len(hanzi)


def _looks_chinese(text: str, encoding: str) -> bool:
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return False
    cjk = sum(1 for ch in non_ascii if _is_hanzi(ch) or "\u3000" <= ch <= "\u303f"
              or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u206f")
    return cjk / len(non_ascii) >= 0.9 and common_hanzi_ratio(text, encoding) >= 0.6


# The characters `_plausible_utf8` counts as usual beyond ASCII: CJK ideographs (`_is_hanzi`), Latin
# letters with accents, punctuation and symbols, the CJK symbols and full-width forms, the BOM.
_UNUSUAL = re.compile(r"[^\x00-\x7f\u4e00-\u9fff\u3400-\u4dbf\xa0-\u024f\u2000-\u33ff\uff00-\uffef\ufeff]")
# Unicode category Cc (C0 and C1 controls, DEL) without tab, newline, vertical tab, form feed, return
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _plausible_utf8(text: str) -> bool:
    """UTF-8 text whose non-ASCII characters are mostly CJK or common punctuation and symbols."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not non_ascii:
        return True
    usual = non_ascii - len(_UNUSUAL.findall(text))
    return usual / non_ascii >= 0.5


def _detector(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_DETECTOR_ENCODINGS).best()
    if best is None:
        return None
    return str(best), best.encoding


def binary_reason(text: str) -> str | None:
    """Why decoded text is really binary data (control characters, replacement marks), or None."""
    if not text:
        return None
    sample = text[:20000]
    control = len(_CONTROL.findall(sample))
    if control / len(sample) > MAX_CONTROL_RATIO:
        return f"{control / len(sample):.0%} of its characters are control characters"
    replaced = sample.count("\ufffd")
    if replaced / len(sample) > MAX_REPLACEMENT_RATIO:
        return f"{replaced / len(sample):.0%} of its characters could not be decoded"
    return None


def _reject(data: bytes, reason: str) -> ParseError:
    return ParseError(f"this looks like binary data, not text: {reason} (first bytes {data[:8].hex(' ')})",
                      code="P004")


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding name). Raises ParseError P004 for binary data.

    Order: BOM → strict UTF-8 → the declared charset (gb2312/gbk read as gb18030) → BOM-less
    UTF-16 → strict GB18030 that reads as Chinese → strict Big5 that reads as Chinese → the
    detector restricted to plausible encodings.
    """
    if any(data.startswith(magic) for magic in _BINARY_MAGIC if len(magic) > 2) or data[:2] == b"MZ":
        raise _reject(data, "it starts with the signature of a binary file format")
    candidates: list[tuple[str | None, str]] = []
    bom = _bom(data)
    if bom:
        candidates.append((_strict(data[bom[1]:], bom[0]), bom[0]))
    else:
        candidates.append((_strict(data, "utf-8"), "utf-8"))
        declared_name = canonical_name(declared)
        if declared_name and declared_name not in ("utf-8", "ascii") and not _single_byte(declared_name):
            candidates.append((_strict(data, declared_name), declared_name))
        candidates.append((_utf16_without_bom(data), "utf-16"))
    for text, name in candidates:
        if text is None or binary_reason(text) is not None:
            continue
        if name == "utf-8" and not _plausible_utf8(text):
            gb = _strict(data, "gb18030")
            if gb is not None and _looks_chinese(gb, "gb18030"):
                return gb, "gb18030"  # short GBK that happens to be valid UTF-8 (学校 → ѧУ)
        return text, name
    if bom is None and b"\x00" not in data:
        for name in ("gb18030", "big5hkscs"):
            text = _strict(data, name)
            if text is not None and _looks_chinese(text, "gb18030" if name == "gb18030" else "big5"):
                return text, name
        declared_name = canonical_name(declared)
        if declared_name and _single_byte(declared_name):
            return data.decode(declared_name, errors="replace"), declared_name
        found = _detector(data)
        if found is not None and binary_reason(found[0]) is None:
            return found
    text = data.decode("gb18030", errors="replace")
    reason = binary_reason(text) or "no text encoding reads it cleanly"
    raise _reject(data, reason)


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in <meta charset> or <meta http-equiv=Content-Type>."""
    m = _META_CHARSET.search(data[:8192])
    return m.group(1).decode("ascii", "replace") if m else None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Page bytes → str: HTTP charset, then <meta> charset, then detection (gbk/gb2312 read as gb18030)."""
    return decode(data, declared=charset_of(content_type) or meta_charset(data))
