"""Tests for the spaCy pipeline (miner.extract.nlp): jieba, user words, rule entities, offline load."""

from __future__ import annotations

from pathlib import Path

import pytest

from miner.extract.lexicons.gazetteer import Gazetteer
from miner.extract.nlp import build_nlp, load_nlp, userdict_lines


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("nlp")
    build_nlp(folder, gazetteer=Gazetteer(["梅村实验小学", "钱桥学校"]))
    return load_nlp(str(folder))


def test_nlp_saved_pipeline_has_config_userdict_and_card(nlp) -> None:
    assert nlp.lang == "zh"
    assert "miner_entities" in nlp.pipe_names
    assert nlp.tokenizer.segmenter == "jieba"


@pytest.mark.parametrize(("text", "label", "surface"), [
    ("第二学期第4周在钱桥学校开展中小学英语主题式教研。", "SCHOOL", "钱桥学校"),
    ("第二学期第4周在钱桥学校开展中小学英语主题式教研。", "SUBJECT", "中小学英语"),
    ("10月下旬，梅村实验小学举行数学教研活动。", "TIME", "10月下旬"),
    ("10月下旬，梅村实验小学举行数学教研活动。", "SCHOOL", "梅村实验小学"),
    # jieba glues 在 to a school it does not know; the entity must still be the name alone
    ("10月下旬在城东实验学校开展中小学语文联合教研。", "SCHOOL", "城东实验学校"),
    ("10月下旬在城东实验学校开展中小学语文联合教研。", "SUBJECT", "中小学语文"),
])
def test_nlp_entities_show_school_time_subject(nlp, text: str, label: str, surface: str) -> None:
    doc = nlp(text)
    found = [(e.label_, e.text) for e in doc.ents]
    assert (label, surface) in found, found


def test_nlp_user_words_make_school_names_single_tokens(nlp) -> None:
    doc = nlp("梅村实验小学承办集体备课")
    assert "梅村实验小学" in [t.text for t in doc]


def test_nlp_entities_do_not_overlap(nlp) -> None:
    doc = nlp("2021学年第一学期第7周：中小学毕业班专题研讨（育秀实验学校、肇文学校）")
    spans = sorted((e.start_char, e.end_char) for e in doc.ents)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert {e.label_ for e in doc.ents} >= {"TIME", "SCHOOL"}


def test_nlp_userdict_lines_include_schools_and_subjects() -> None:
    lines = userdict_lines(Gazetteer(["梅村实验小学"]))
    words = {line.split()[0] for line in lines}
    assert "梅村实验小学" in words and "语文" in words


def test_nlp_card_written(tmp_path: Path) -> None:
    folder = build_nlp(tmp_path / "nlp", gazetteer=Gazetteer([]))
    assert (folder / "config.cfg").is_file() and (folder / "card.json").is_file()
