"""HTML markup inside a plain-text file (a page's source pasted as text): found and read as text.

Some sites publish a .txt whose content is the HTML of an editor (`<p align="left">…</p>`,
`<h3>…<br /></h3>`, `&nbsp;`). Read as it is, the tags end up inside names and evidence. A text
holds markup when it has at least MIN_MARKUP tags of HTML's own elements or character entities;
then block elements become line breaks, table cells tabs, inline tags vanish and entities are
decoded (the standard library's `html.unescape`). Only tags of known HTML elements are touched,
so `<第一周>`, `a<b` or an emoticon such as `(>_<)` stay as written.
"""

from __future__ import annotations

import html
import re

MIN_MARKUP = 3  # tags or entities; one or two are more likely quoted in prose than a page's source

_BLOCK = ("p|div|h[1-6]|li|ul|ol|dl|dt|dd|tr|table|tbody|thead|tfoot|section|article|header|footer|"
          "blockquote|pre|center|hr|figure|figcaption|caption|form|nav|aside|main|address")
_INLINE = ("span|font|strong|b|i|em|u|s|strike|sub|sup|small|big|a|img|label|code|mark|abbr|cite|"
           "del|ins|q|tt|wbr|o:p|input|button|colgroup|col|meta|link")
_ATTRS = r"""(?:[^<>"']|"[^"<]*"|'[^'<]*')*"""  # each character read one way: no backtracking blow-up
_TAG = re.compile(rf"<(/?)({_BLOCK}|{_INLINE}|br|td|th)(?=[\s/>]){_ATTRS}>", re.I)
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,9}|#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6});")
_DROPPED = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK_NAMES = frozenset(_BLOCK.replace("h[1-6]", "h1|h2|h3|h4|h5|h6").split("|")) | {"br"}
_BLANK_RUN = re.compile(r"\n[ \t\u3000\xa0]*(?:\n[ \t\u3000\xa0]*)+")


def markup_count(text: str) -> int:
    """How many tags of HTML elements and character entities the text holds (at most MIN_MARKUP)."""
    found = 0
    for pattern in (_TAG, _ENTITY):
        for _ in pattern.finditer(text):
            found += 1
            if found >= MIN_MARKUP:
                return found
    return found


def has_markup(text: str) -> bool:
    """True when a plain text is in fact HTML source (MIN_MARKUP tags or entities or more)."""
    return ("<" in text or "&" in text) and markup_count(text) >= MIN_MARKUP


def _replace(m: re.Match[str]) -> str:
    name = m.group(2).lower()
    if name in ("td", "th"):
        return "" if m.group(1) else "\t"
    return "\n" if name in _BLOCK_NAMES else ""


def strip_markup(text: str) -> str:
    """The text of HTML source: block elements and <br> as line breaks, cells as tabs, inline tags
    and comments, scripts and styles removed, entities decoded (`&nbsp;` → a no-break space)."""
    text = _DROPPED.sub("", text)
    text = html.unescape(_TAG.sub(_replace, text))  # (an escaped "&lt;p&gt;" stays as written)
    text = _BLANK_RUN.sub("\n", text)  # a run of tags between two lines leaves one break
    return "\n".join(line.lstrip("\t") if line.strip(" \t\u3000\xa0") else ""
                     for line in text.split("\n")).strip("\n")


def readable(text: str) -> tuple[str, bool]:
    """(the text without its markup, True) for HTML source, else (the text as it is, False)."""
    if has_markup(text):
        return strip_markup(text), True
    return text, False
