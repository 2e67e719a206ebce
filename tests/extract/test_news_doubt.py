"""Tests for the vetting of pages that read somewhat like the report of one event.

The report below is written for these tests after the pattern of school news pages (an event in the
lead, then who spoke, what was achieved, the event named again); no sentence of a real page is
copied.
"""

from __future__ import annotations

import pytest

from miner.extract.activities.loose import LOOSE_SCORE
from miner.extract.activities.vetting import NEWS_DOUBT, Vetter, load_vetter, threshold_of
from miner.extract.pipeline import candidates
from miner.extract.resources import load_resources
from miner.parse.text import text_document
from miner.records import Activity

REPORT = """东湖实验小学开展青年教师读书分享会
11月12日下午，东湖实验小学在报告厅开展青年教师读书分享会，全校三十余名青年教师参加。
分享会由教科室周老师主持，六位教师依次交流了暑期阅读的收获。
分管副校长在点评时表示，读书是教师成长的底色，希望大家坚持阅读。
本次分享会营造了浓厚的读书氛围，青年教师纷纷表示受益良多。
读书分享会结束后，与会教师还参观了学校新建的图书角。
"""


def _act(confidence: float) -> Activity:
    return Activity(doc_id="d", activity_id="A1", type="other", evidence="召开教研组长会议", start=0,
                    end=8, mood="reported", name="教研组长会议", confidence=confidence)


@pytest.fixture(scope="module")
def vetter() -> Vetter:
    found = load_vetter()
    assert found is not None, "models/vetting is not trained: run `miner train --real ../shared/real`"
    return found


@pytest.mark.parametrize(("confidence", "news", "wanted"), [
    (0.9, 0.0, 0.15),  # a rule's candidate on a plain page: the benefit of the doubt
    (0.9, NEWS_DOUBT - 0.01, 0.15),
    (0.9, NEWS_DOUBT, 0.5),  # on a page somewhat like a report of one event: the loose threshold
    (0.9, 0.65, 0.5),
    (LOOSE_SCORE, 0.0, 0.5),  # a loose candidate needs the loose threshold anyway
    (LOOSE_SCORE, 0.9, 0.5),
])
def test_news_doubt_threshold_of_a_candidate(confidence: float, news: float, wanted: float) -> None:
    assert threshold_of(_act(confidence), 0.5, 0.15, news) == wanted


def test_news_doubt_keeps_no_candidate_a_plain_page_would_drop(vetter: Vetter) -> None:
    """Below the news threshold the page keeps several candidates, but never one more than the same
    candidates on a page without any likeness to a report, and none the model gives less than the
    loose threshold."""
    found, hints = candidates(text_document(REPORT, doc_id="r", source="r.txt"), load_resources())
    acts = list(found.activities)
    assert len(acts) > 2
    below = max(NEWS_DOUBT, vetter.news_threshold - 0.05)
    plain = vetter.vet(acts, "summary", len(REPORT), news=0.0, hints=hints)
    doubtful = vetter.vet(acts, "summary", len(REPORT), news=below, hints=hints)
    assert {(a.start, a.name) for a in doubtful} <= {(a.start, a.name) for a in plain}
    proba = dict(zip(((a.start, a.name) for a in acts),
                     vetter.activity_proba(acts, "summary", len(REPORT), hints), strict=True))
    assert all(proba[(a.start, a.name)] >= vetter.threshold for a in doubtful)
    assert len(vetter.vet(acts, "summary", len(REPORT), news=1.0, hints=hints)) == 1  # one event


MEET = """春季田径运动会隆重开幕
发布时间：2024-04-17
4月16日上午，第六届春季田径运动会在学校操场隆重开幕。
南桥小学全体师生参加了开幕式，区教体局领导到场致辞。
北岭小学的体育教师也应邀来到现场观摩。
本届运动会历时两天，共设二十个比赛项目。
"""


def test_news_event_takes_the_reports_schools_when_its_sentence_names_none(vetter: Vetter) -> None:
    """The lead names the event but not its host; the host and the visitors come in the next lines."""
    from miner.extract.pipeline import extract

    ex = extract(text_document(MEET, doc_id="meet", source="meet.txt"))
    assert len(ex.activities) == 1, [a.name for a in ex.activities]
    event = ex.activities[0]
    assert "运动会" in event.name
    assert {"南桥小学", "北岭小学"} <= set(event.schools), event.schools


@pytest.mark.parametrize(("evidence", "boilerplate"), [
    ("编辑部为您精心整理多篇计划样稿，快来看看吧", True),  # what the site gathered for the reader
    ("网站特别整理出一份学期安排表供家长查看", True),
    ("文档下载后可任意编辑，格式为docx", True),  # a document shop's notes
    ("资料来自公开渠道及会员投稿，如有侵权请联系客服", True),
    ("期末组织教师整理教学档案并归档", False),  # gathering records is a school's own work
    ("各班精心整理图书角并开展读书活动", False),
])
def test_news_doubt_template_site_notes_are_boilerplate(evidence: str, boilerplate: bool) -> None:
    from miner.extract.activities.vetting import BOILERPLATE, plain

    assert bool(BOILERPLATE.search(plain(evidence))) is boilerplate


@pytest.mark.parametrize(("evidence", "name", "time_text", "never"), [
    ("这份德育计划由小编收集，仅供参考", "德育计划", None, True),  # a template site's line
    ("10月1日至7日：国庆节", "国庆节", "10月1日至7日", True),  # a calendar fact
    ("10月15日召开家长委员会会议", "家长委员会会议", "10月15日", False),
])
def test_news_doubt_never_activity_is_one_test_for_vetting_and_training(
        evidence: str, name: str, time_text: str | None, never: bool) -> None:
    """The run-time vetting and the training's simulation of it (which chooses the thresholds)
    drop the same candidates whatever their probability."""
    import inspect

    from miner.extract.activities.vetting import never_activity
    from miner.learn import vetting as training

    act = Activity(doc_id="d", activity_id="A1", type="other", evidence=evidence, start=0,
                   end=len(evidence), mood="planned", name=name, time_text=time_text)
    assert never_activity(act) is never
    assert "never_activity(" in inspect.getsource(training._simulate)
