"""Typed records passed between the stages: acquire → parse → extract → store → use."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import starmap
from typing import Any, Literal, TypeVar

BlockKind = Literal["heading", "paragraph", "list_item", "table"]
DocKind = Literal["plan", "summary", "other"]
MentionKind = Literal["school", "time", "subject", "person", "group", "theme"]
Mood = Literal["planned", "reported"]
Status = Literal["done", "shifted", "cancelled", "not_reported", "unplanned"]


def _plain(value: Any) -> Any:
    """Turn dates, tuples and nested records into JSON-friendly values."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


R = TypeVar("R")


@functools.cache
def _init_fields(cls: type) -> tuple[Callable[[Any], tuple[Any, ...]], dict[str, int]]:
    """A getter of a record class's init fields, in order, and the position of each."""
    names = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return operator.attrgetter(*names), {name: i for i, name in enumerate(names)}


def replaced(record: R, **changes: Any) -> R:
    """`dataclasses.replace(record, **changes)` without its per-call introspection of the fields
    (extraction copies records in its inner loops)."""
    cls: type = type(record)
    getter, position = _init_fields(cls)
    values = list(getter(record))
    for name, value in changes.items():
        values[position[name]] = value
    return cls(*values)  # type: ignore[no-any-return]


@functools.cache
def _state(cls: type) -> tuple[Callable[[Any], Any], tuple[str, ...], bool]:
    """A getter of every field of a record class, their names (what pickling a record saves), and
    whether the class's own `__init__` takes exactly them (no `init=False` field, no `__post_init__`)."""
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields)
    by_init = all(f.init for f in fields) and not hasattr(cls, "__post_init__")
    return operator.attrgetter(*names), names, by_init


def _restore(cls: type, values: tuple[Any, ...]) -> Any:
    """A record unpickled: its fields set as the frozen dataclass's own `__setstate__` sets them."""
    record: Any = object.__new__(cls)
    for name, value in zip(_state(cls)[1], values, strict=True):
        object.__setattr__(record, name, value)
    return record


def _values(record: Any) -> tuple[Any, ...]:
    """A record's field values in order (a tuple even for a record of one field)."""
    cls: type = type(record)
    getter, names, _ = _state(cls)
    values = getter(record)
    return values if len(names) > 1 else (values,)  # type: ignore[no-any-return]


def _records(cls: type, rows: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """Records of one class from their field values, as pickled by `Extraction.__reduce__`."""
    if _state(cls)[2]:
        return tuple(starmap(cls, rows))
    return tuple(_restore(cls, row) for row in rows)


class _AsDict:
    """Mixin: `as_dict()` for export (dates as ISO strings, tuples as lists), and quick pickling."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as (class, field values), unpickled by the class's own `__init__` where it takes
        exactly the fields: a worker sends hundreds of records a document back, and the `__getstate__`
        of a slotted dataclass looks its fields up again for every one (and its `__setstate__` sets
        them one `object.__setattr__` at a time)."""
        cls: type = type(self)
        if _state(cls)[2]:
            return cls, _values(self)
        return _restore, (cls, _values(self))


@dataclass(frozen=True, slots=True)
class RawInput(_AsDict):
    """Bytes of one file or page plus where they came from (output of acquire)."""

    source: str  # path inside the batch ("a/b.docx", "x.zip!/c.pdf") or URL
    data: bytes
    name: str  # file name used to guess the format ("plan.docx")
    content_type: str | None = None  # HTTP Content-Type, if fetched
    meta: dict[str, Any] = field(default_factory=dict)  # provenance: page_url, article_title, ...


@dataclass(frozen=True, slots=True)
class Cell(_AsDict):
    """One table cell. A position covered by a merged cell repeats the merged text with
    `carried=True`; its offsets point at the one place the text occurs in `Document.text`."""

    text: str
    start: int
    end: int
    carried: bool = False


@dataclass(frozen=True, slots=True)
class Block(_AsDict):
    """A heading, paragraph, list item or table, in document order."""

    kind: BlockKind
    text: str  # the block's text as it appears in Document.text[start:end]
    start: int
    end: int
    level: int = 0  # heading level (1 = top) or list nesting level
    rows: tuple[tuple[Cell, ...], ...] = ()  # tables only; the first row may be a header
    header: bool = False  # tables: whether rows[0] is a header row


@dataclass(frozen=True, slots=True)
class Document(_AsDict):
    """One parsed file or page, normalised. `doc_id` is the sha256 of the original bytes."""

    doc_id: str
    source: str
    format: str  # txt | html | docx | pdf | xlsx | xls | doc | wps
    title: str
    text: str  # normalised text: NFC, unified newlines, page furniture removed
    blocks: tuple[Block, ...]
    encoding: str | None = None  # detected/declared text encoding, where the format has one
    published: dt.date | None = None  # the page's publication date
    published_text: str | None = None  # that date exactly as written
    meta: dict[str, Any] = field(default_factory=dict)  # provenance and furniture kept as metadata


@dataclass(frozen=True, slots=True)
class Period(_AsDict):
    """The time a document covers: a school year (2019学年), a term, or a calendar year (2021年)."""

    label: str  # as written: "2019学年", "2019学年第一学期", "2021年"
    kind: Literal["school_year", "term", "calendar_year"]
    year: int  # start year of the school year, or the calendar year
    start: dt.date
    end: dt.date
    term: int | None = None  # 1 (autumn) or 2 (spring) for a term document


@dataclass(frozen=True, slots=True)
class DocumentFacts(_AsDict):
    """Document-level facts: what kind of document, whose, and for which period."""

    kind: DocKind
    group_name: str | None
    period: Period | None


@dataclass(frozen=True, slots=True)
class Mention(_AsDict):
    """A school, time, subject, person, group or theme found in a document's text."""

    doc_id: str
    kind: MentionKind
    text: str  # exactly as in Document.text[start:end]
    start: int
    end: int
    value: str | None = None  # canonical school/subject; ISO interval "a/b" for a time


@dataclass(frozen=True, slots=True)
class Activity(_AsDict):
    """One planned or reported activity with its evidence and attributes."""

    doc_id: str
    activity_id: str  # "A1", "A2", ... in reading order
    type: str  # primary taxonomy code
    evidence: str  # the sentence, list item or table row it comes from
    start: int
    end: int
    mood: Mood
    name: str = ""  # the short activity name inside the evidence
    types: tuple[str, ...] = ()  # all codes (one, or two when genuinely ambiguous)
    time_text: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    term: int | None = None
    week: int | None = None
    schools: tuple[str, ...] = ()  # canonical names
    subjects: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    theme: str | None = None
    also: tuple[str, ...] = ()  # other mentions of the same activity (calendar line, ...)
    recurrence: str | None = None  # "monthly", "biweekly", ... when the time repeats
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Extraction(_AsDict):
    """Everything extract produces for one document."""

    facts: DocumentFacts
    mentions: tuple[Mention, ...]
    activities: tuple[Activity, ...]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as columns: the mentions' and the activities' field values as plain tuples (no
        per-record call when pickling), rebuilt in one loop each when unpickled."""
        if not all(type(m) is Mention for m in self.mentions) or not all(
                type(a) is Activity for a in self.activities):
            return _AsDict.__reduce__(self)  # (no zero-argument super() in a slotted dataclass)
        return _extraction, (self.facts, [_values(m) for m in self.mentions],
                             [_values(a) for a in self.activities])


def _extraction(facts: DocumentFacts, mentions: list[tuple[Any, ...]],
                activities: list[tuple[Any, ...]]) -> Extraction:
    """An Extraction unpickled from `Extraction.__reduce__`'s columns."""
    return Extraction(facts, _records(Mention, mentions), _records(Activity, activities))


@dataclass(frozen=True, slots=True)
class ErrorRecord(_AsDict):
    """One failed input: where, in which stage, and a sentence a person understands."""

    source: str
    stage: str  # acquire | parse | extract | store | compare
    code: str  # "P003"
    error: str  # "[P003] not a valid DOCX file: ..."
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class ComparisonRow(_AsDict):
    """One planned/reported pairing decision with its evidence."""

    group_name: str | None
    period_label: str | None
    plan_doc: str
    summary_doc: str
    plan_activity_id: str | None
    report_activity_id: str | None
    status: Status
    probability: float | None  # the matcher's probability that this decision is right
    plan_evidence: str | None
    report_evidence: str | None  # for a cancelled activity: the summary's sentence saying so
    plan_date_start: dt.date | None
    report_date_start: dt.date | None
    shift_days: int | None
    reasons: str = ""  # why it matched: shared school, subject, type, day difference, probability
    needs_review: bool = False  # probability below the review setting: a person should check it
    manual: bool = False  # a reviewer's correction (kept across re-runs)
