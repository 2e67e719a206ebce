"""Tests for the batch cache (miner.extract.text.memo): new keys computed together, old ones kept, the
least recently used one dropped first."""

from __future__ import annotations

from miner.extract.text.memo import BatchMemo


class Counting:
    """A batch function that records each call's keys."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, keys: list[str]) -> list[int]:
        self.calls.append(list(keys))
        return [len(k) for k in keys]


def test_memo_computes_only_new_keys_in_one_call() -> None:
    compute = Counting()
    memo = BatchMemo(compute, maxsize=10)
    assert memo.results(["一", "二三", "一"]) == {"一": 1, "二三": 2}
    assert memo.results(["二三", "四五六", "七", "四五六"]) == {"二三": 2, "四五六": 3, "七": 1}
    assert compute.calls == [["一", "二三"], ["四五六", "七"]]
    assert list(memo.results(["七", "新的", "一"])) == ["七", "一", "新的"]  # kept ones first, then new


def test_memo_drops_the_least_recently_used_key() -> None:
    compute = Counting()
    memo = BatchMemo(compute, maxsize=2)
    memo.results(["a", "b"])
    memo.results(["a"])  # a is now more recent than b
    memo.results(["c"])  # b goes
    compute.calls.clear()
    memo.results(["a", "c", "b"])
    assert compute.calls == [["b"]]
    memo.cache_clear()
    memo.results(["a"])
    assert compute.calls[-1] == ["a"]


def test_memo_of_size_zero_keeps_nothing_and_still_answers() -> None:
    compute = Counting()
    memo = BatchMemo(compute, maxsize=0)
    assert memo.results(["ab", "ab"]) == {"ab": 2} and memo.results(["ab"]) == {"ab": 2}
    assert compute.calls == [["ab"], ["ab"]]
