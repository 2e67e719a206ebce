"""Canonical school names within a document: short forms, typos and page-furniture prefixes."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import cn2an

from miner.extract.lexicons.school_rules import CJK, SchoolRules, load_rules
from miner.extract.text.fold import simplified


@dataclass(unsafe_hash=True, slots=True)
class SchoolMention:
    """A school named in the text: the surface exactly as written and its canonical name."""

    text: str
    start: int
    end: int
    canonical: str
    # a bare form (中心小学, 附属中学) standing for a school the document names in full: it gives
    # activities that school, but is no name of its own (the gold lists only forms that name a school)
    bare: bool

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        canonical: str,
        bare: bool = False,
    ) -> None:  # written out: see miner.native
        self.text = text
        self.start = start
        self.end = end
        self.canonical = canonical
        self.bare = bare


_NUMBERED = re.compile(rf"^(?P<place>[{CJK}]*?)(?P<num>[一二三四五六七八九十]{{1,3}}|\d{{1,3}})"
                       r"(?P<kind>实幼|实小|附中|附小|中|小|职|幼)$")
_NUMBERED_LAST = ("中", "小", "职", "幼")  # the last characters of the kinds above


def furniture_free(text: str, rules: SchoolRules | None = None) -> str:
    """The text with page-furniture lines (copyright, 备案号, 浏览量 ...) blanked out, same length."""
    rules = rules or load_rules()
    if _RELATIVE.search(rules.furniture_re.pattern) is None and rules.furniture_re.search(text) is None:
        return text  # no furniture anywhere (an expression without anchors finds it in the whole text)
    return "\n".join(" " * len(line) if rules.furniture_re.search(line) else line
                     for line in text.split("\n"))


# anchors, look-arounds and word boundaries: an expression with them may match a line and not the text
_RELATIVE = re.compile(r"\^|\$|\(\?<|\(\?=|\(\?!|\\[bBAZ]")


def _in_body(form: str, text: str, rules: SchoolRules, furniture: dict[int, bool]) -> bool:
    """Whether `form` occurs in `text` outside page-furniture lines, as `form in furniture_free(text)`
    but testing only the lines it occurs on (`furniture`: line start -> furniture or not, so far)."""
    if "\n" in form or not form.strip(" "):
        return form in furniture_free(text, rules)  # (could straddle lines or blanked ones)
    at = text.find(form)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        if start not in furniture:
            end = text.find("\n", at)
            line = text[start:end] if end >= 0 else text[start:]
            furniture[start] = rules.furniture_re.search(line) is not None
        if not furniture[start]:
            return True
        at = text.find(form, at + 1)
    return False


def split_suffix(name: str, rules: SchoolRules | None = None) -> tuple[str, str]:
    """(body, ending): 育秀实验学校 → (育秀, 实验学校); a name with no known ending → (name, "")."""
    rules = rules or load_rules()
    # the longest ending that leaves a body (two endings of one length cannot both end the same name)
    for n in rules.ending_lengths.get(name[-1:], ()):
        if n < len(name) and name[-n:] in rules.ending_set:
            return name[:-n], name[-n:]
    return name, ""


# every ending that `repair` undoes
_REPAIRABLE = ("学校学校", "中学中学", "小学小学", "幼儿园幼儿园", "小学学校", "中学学校", "幼儿园学校")


def repair(surface: str, rules: SchoolRules | None = None) -> str:
    """Undo a doubled ending typo: 育秀学校学校 → 育秀学校."""
    if not surface.endswith(_REPAIRABLE):
        return surface  # (nearly every name)
    rules = rules or load_rules()
    for tail in ("学校", "中学", "小学", "幼儿园"):
        doubled = tail + tail
        if surface.endswith(doubled) and len(surface) > len(doubled):
            return surface[: -len(tail)]
    for ending in ("小学学校", "中学学校", "幼儿园学校"):  # 明德小学学校: a second ending typed on
        if surface.endswith(ending) and len(surface) > len(ending):
            return surface[: -len("学校")]
    return surface


def admin_split(name: str, rules: SchoolRules | None = None) -> tuple[str, str]:
    """(administrative prefix, rest): 苏州市吴江区青云中学 → (苏州市吴江区, 青云中学)."""
    rules = rules or load_rules()
    m = rules.admin_prefix_re.match(name)  # (anchored: one match at most)
    best = m.group(0) if m else ""
    # keep at least a two-character body and an ending after the prefix
    while best and len(split_suffix(name[len(best):], rules)[0]) < 2:
        cut = max((best.rfind(u, 0, len(best) - 1) + len(u) for u in rules.admin_units
                   if best.rfind(u, 0, len(best) - 1) >= 0), default=0)
        best = best[:cut]
    return best, name[len(best):]


class NameParts:
    """`split_suffix` and `admin_split` of names, each worked out once: a memo for one document,
    which names the same schools many times."""

    __slots__ = ("rules", "_suffix", "_admin")

    def __init__(self, rules: SchoolRules | None = None) -> None:
        self.rules = rules or load_rules()
        self._suffix: dict[str, tuple[str, str]] = {}
        self._admin: dict[str, tuple[str, str]] = {}

    def suffix(self, name: str) -> tuple[str, str]:
        """(body, ending), as `split_suffix`."""
        known = self._suffix.get(name)
        if known is None:
            known = self._suffix[name] = split_suffix(name, self.rules)
        return known

    def admin(self, name: str) -> tuple[str, str]:
        """(administrative prefix, rest), as `admin_split`."""
        known = self._admin.get(name)
        if known is None:
            known = self._admin[name] = admin_split(name, self.rules)
        return known


@functools.lru_cache(maxsize=1024)  # (numerals of one to three characters)
def _number(text: str) -> int | None:
    """The value of a numeral (二, 十一, 48), None when it is not one."""
    try:
        return int(cn2an.cn2an(text, "smart")) if not text.isdigit() else int(text)
    except (ValueError, KeyError):
        return None


@functools.lru_cache(maxsize=256)
def _numbered_ending(ending: str) -> re.Pattern[str]:
    """A numbered name with this ending at the end of a string (第二中学, 48中学)."""
    return re.compile(rf"第?([一二三四五六七八九十]{{1,3}}|\d{{1,3}}){re.escape(ending)}$")


def _numbered_target(form: str, candidates: list[str], rules: SchoolRules) -> list[str]:
    m = _NUMBERED.match(form)
    if not m:
        return []
    num = _number(m.group("num"))
    endings = rules.short_kinds.get(m.group("kind"), ())
    out = []
    for cand in candidates:
        for ending in endings:
            full = _numbered_ending(ending).search(cand)
            if full and _number(full.group(1)) == num and cand.startswith(m.group("place")):
                out.append(cand)
                break
    return out


def _middle_ok(middle: str, suffix: str, rules: SchoolRules) -> bool:
    """育秀(实验)学校, 新丰(镇)中学: what a longer form inserts must be part of a known ending or a
    place unit; 枫林(第二)小学 and 雁南(中学附属)小学 are other schools."""
    return middle + suffix in rules.suffixes or middle in rules.admin_units


def _derived_targets(form: str, longer: list[str], rules: SchoolRules) -> list[str]:
    """凤桥中小 → 凤桥中心小学, 锦华初中 → 锦华初级中学, 石油附中 → 北京石油学院附属中学."""
    if not form.endswith(rules.derived_shorts):
        return []  # (most forms)
    out = []
    for full, shorts in rules.derived.items():
        for short in shorts:
            if form.endswith(short) and len(form) - len(short) >= 2:
                body = form[: -len(short)]
                out += [f for f in longer if f.endswith(full) and body in f[: -len(full)]]
    return list(dict.fromkeys(out))


class _Affixes:
    """The body forms under their proper heads and tails of the lengths asked for (青云 and 云中学
    for 青云中学): the longer forms that start or end with a string, found without scanning them
    all (`head_lengths`, `tail_lengths`: the lengths of the strings that will be looked up)."""

    __slots__ = ("heads", "tails")

    def __init__(self, forms: Iterable[str], head_lengths: Iterable[int],
                 tail_lengths: Iterable[int]) -> None:
        self.heads: dict[str, list[str]] = {}
        self.tails: dict[str, list[str]] = {}
        heads, tails = sorted(set(head_lengths)), sorted(set(tail_lengths))
        for f in forms:
            for n in heads:
                if n >= len(f):
                    break
                self.heads.setdefault(f[:n], []).append(f)
            for n in tails:
                if n >= len(f):
                    break
                self.tails.setdefault(f[-n:], []).append(f)


_INDEXED = 24  # forms from which an index of heads and tails beats scanning the longer forms


def _target(form: str, forms: list[str], body_forms: set[str], parts: NameParts,
            by_length: tuple[list[str], list[int]], affixes: _Affixes | None = None) -> str | None:
    """The longer form that `form` shortens, if exactly one does (`by_length`: the body forms sorted
    by length, and their lengths, to pick the longer ones without scanning them all; `affixes`:
    the same forms by their heads and tails)."""
    rules = parts.rules
    # an administrative prefix seen only outside the body gives way to the body's short form
    prefix, rest = parts.admin(form)
    if prefix and form not in body_forms and rest in forms:
        return rest
    # (only ever used as "exactly one of them" or sorted: their order does not matter)
    longer = by_length[0][bisect_right(by_length[1], len(form)):]
    if not longer:
        return None  # (one of the longest forms: nothing below can find a target)
    # (a longer form that ends or starts with `form`'s parts; the order does not matter either)
    ends = affixes.tails.get(form, []) if affixes else [f for f in longer if f.endswith(form)]
    if ends:
        return ends[0] if len(ends) == 1 else None
    body, suffix = parts.suffix(form)
    if len(body) >= 2:
        starting = [f for f in affixes.heads.get(body, []) if len(f) > len(form)] if affixes \
            else [f for f in longer if f.startswith(body)]
        if suffix:
            comp = [f for f in starting if f.endswith(suffix)
                    and _middle_ok(f[len(body):len(f) - len(suffix)], suffix, rules)]
        else:
            comp = [f for f in starting if f[len(body):] in rules.suffixes]
        comp = comp or _derived_targets(form, longer, rules)
        if len(comp) == 1:
            return comp[0]
        if comp:
            return None
    numbered = _numbered_target(form, sorted(longer), rules) \
        if form.endswith(_NUMBERED_LAST) and _NUMBERED.match(form) else []
    return numbered[0] if len(numbered) == 1 else None


def canonical_map(surfaces: Iterable[str], *, group_name: str | None = None,
                  body_text: str = "", parts: NameParts | None = None) -> dict[str, str]:
    """Map each surface form to its canonical name: the fullest form used in the body text.

    `body_text` is the document text; forms found only on page-furniture lines (copyright,
    备案号) do not become canonical. Without it every surface counts as body text. `parts`: the
    document's memo of name splits, if the caller keeps one.
    """
    rules = load_rules()
    parts = parts or NameParts(rules)
    surfaces = [s for s in dict.fromkeys(surfaces) if s]
    repaired = {s: repair(simplified(s), rules) for s in surfaces}
    group = simplified(group_name) if group_name else None
    forms = [f for f in dict.fromkeys(repaired.values()) if f != group]
    if body_text:
        simple = simplified(body_text)
        furniture: dict[int, bool] = {}  # line start -> whether it is a page-furniture line
        body_forms = {f for f in forms if _in_body(f, simple, rules, furniture)}
    else:
        body_forms = {f for f in forms if not parts.admin(f)[0]} or set(forms)
    ordered = sorted(body_forms, key=len)
    by_length = (ordered, [len(f) for f in ordered])
    affixes = _Affixes(ordered, (len(parts.suffix(f)[0]) for f in forms), map(len, forms)) \
        if len(ordered) >= _INDEXED else None
    step = {f: _target(f, forms, body_forms, parts, by_length, affixes) for f in forms}
    result: dict[str, str] = {}
    for surface, form in repaired.items():
        seen = {form}
        while (nxt := step.get(form)) and nxt not in seen:
            seen.add(nxt)
            form = nxt
        result[surface] = form
    return _in_original_script(result, repaired, body_text)


def _in_original_script(result: dict[str, str], repaired: dict[str, str], body_text: str) -> dict[str, str]:
    """Write canonical names in the script of the surfaces (鳳城中學 stays traditional)."""
    original: dict[str, str] = {}
    for surface, form in repaired.items():
        original.setdefault(form, surface[: len(form)])
    simple_body = simplified(body_text)
    for form in set(result.values()) - set(original):
        idx = simple_body.find(form) if body_text else -1
        original[form] = body_text[idx:idx + len(form)] if idx >= 0 else form
    return {s: original.get(f, f) for s, f in result.items()}


def aliases(mapping: dict[str, str]) -> dict[str, str]:
    """Only the non-canonical entries of a canonical map, plus repaired typo forms
    (育秀学校学校 → 育秀实验学校 also gives 育秀学校 → 育秀实验学校), in the gold's format."""
    rules = load_rules()
    out: dict[str, str] = {}
    for surface, canonical in mapping.items():
        for key in (surface, repair(surface, rules)):
            if key != canonical:
                out.setdefault(key, canonical)
    return out
