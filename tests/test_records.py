"""Tests for the typed records (miner.records): what a worker pickles back to the batch comes back equal."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle

import pytest

import miner
from miner.records import Activity, Block, Cell, Document, ErrorRecord, Mention, RawInput, _AsDict

TEXT = ("城南教育集团2025学年工作计划\n一、10月上旬，城南小学举办数学同课异构活动，李老师执教。\n\n"
        "时间\t内容\t地点\n第3周\t教研组长会议\t城南小学\n第5周\t青年教师汇报课\t城北中学\n")


def test_records_pickle_round_trip_keeps_every_field() -> None:
    result = miner.extract_text(TEXT)
    doc, extraction = result.document, result.extraction
    assert extraction.activities and extraction.mentions and any(b.rows for b in doc.blocks)
    for protocol in (2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL):
        back_doc = pickle.loads(pickle.dumps(doc, protocol=protocol))
        back = pickle.loads(pickle.dumps(extraction, protocol=protocol))
        assert back_doc == doc and back == extraction
        assert type(back.activities[0]) is Activity and type(back_doc.blocks[0]) is Block
        assert back.activities[0].date_start == extraction.activities[0].date_start
        assert [a.as_dict() for a in back.activities] == [a.as_dict() for a in extraction.activities]


@pytest.mark.parametrize("record", [
    Cell("第3周", 5, 8, carried=True),
    RawInput(source="a/b.txt", data=b"\xef\xbb\xbf", name="b.txt", meta={"page_url": "http://x"}),
    ErrorRecord(source="x.pdf", stage="parse", code="P003", error="[P003] broken", sha256=None),
    Document(doc_id="d", source="s", format="txt", title="t", text="t", blocks=(),
             published=dt.date(2024, 9, 1)),
])
def test_records_copy_and_pickle_give_equal_frozen_records(record: object) -> None:
    for twin in (pickle.loads(pickle.dumps(record)), copy.copy(record), copy.deepcopy(record)):
        assert twin == record and type(twin) is type(record) and twin is not record
        with pytest.raises(dataclasses.FrozenInstanceError):  # still frozen
            setattr(twin, dataclasses.fields(twin)[0].name, None)  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True, slots=True)
class _Derived(_AsDict):
    """A record whose `__init__` does not take every field: pickled field by field, not through it."""

    name: str
    size: int = dataclasses.field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", len(self.name))


def test_records_pickle_a_record_whose_init_differs_from_its_fields() -> None:
    record = _Derived("城南小学")
    object.__setattr__(record, "size", 99)  # a state __init__ would not give back
    back = pickle.loads(pickle.dumps(record))
    assert back == record and back.size == 99


def test_records_extraction_pickles_as_columns_and_keeps_record_types() -> None:
    extraction = miner.extract_text(TEXT).extraction
    rebuild, (facts, mentions, activities) = extraction.__reduce__()
    assert facts is extraction.facts and mentions[0] == dataclasses.astuple(extraction.mentions[0])
    assert all(type(row) is tuple for row in (*mentions, *activities))
    back = pickle.loads(pickle.dumps(extraction))
    assert back == extraction and all(type(m) is Mention for m in back.mentions)
    with_other = dataclasses.replace(extraction, mentions=(*extraction.mentions, _Derived("x")))  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(with_other)) == with_other
