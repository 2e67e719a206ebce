"""Tests for the typer's training signal and its site-grouped cross-validation (miner.learn.typer_data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from miner import PROJECT_ROOT
from miner.learn.typer_data import (
    GOLD_SOURCES,
    activity_examples,
    gold_folder_docs,
    project_gold_examples,
    sites,
    training_extra,
)

KEYS = ("id", "source", "kind", "group", "period", "published", "schools", "school_aliases", "group_members",
        "times", "activities")


def _write_gold(path: Path, kind: str, activities: list[dict]) -> None:
    raw = dict.fromkeys(KEYS)
    raw.update(id=path.stem, source=f"{path.stem}.txt", kind=kind, schools=[], school_aliases={},
               group_members=[], times=[], activities=activities)
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")


def _act(n: int, evidence: str, code: str | list[str], also: list[str] | None = None) -> dict:
    return {"id": f"A{n}", "evidence": evidence, "type": code, "time": None, "when": None, "schools": [],
            "subject": None, "theme": None, "also": also or []}


def test_typer_data_reads_flat_folders_and_pair_folders(tmp_path: Path) -> None:
    flat = tmp_path / "flat"
    flat.mkdir()
    _write_gold(flat / "g1.json", "plan", [_act(1, "校长联席会议", "meeting", ["联席会"])])
    pairs = tmp_path / "pairs"
    for pair in ("p1", "p2"):
        (pairs / pair).mkdir(parents=True)
        _write_gold(pairs / pair / "plan.json", "plan", [_act(1, "青年教师赛课", "competition")])
        _write_gold(pairs / pair / "summary.json", "summary", [_act(1, "举行了青年教师赛课", "competition")])
        (pairs / pair / "alignment.json").write_text("{}", "utf-8")  # not a gold file: never read
    assert len(gold_folder_docs(flat)) == 1 and len(gold_folder_docs(pairs)) == 4
    examples = activity_examples(gold_folder_docs(flat))
    assert [(e.text, e.label) for e in examples] == [("校长联席会议", "meeting"), ("联席会", "meeting")]
    two = tmp_path / "two"
    two.mkdir()
    _write_gold(two / "g2.json", "plan", [_act(1, "骨干教师示范课", ["open_lesson", "showcase"])])
    assert [e.label for e in activity_examples(gold_folder_docs(two))] == ["open_lesson"]  # the first code


def test_typer_data_never_learns_from_the_measuring_corpora() -> None:
    assert set(GOLD_SOURCES) == {"corpora/gold", "corpora/pairs/train"}
    for held in ("corpora/heldout", "corpora/pairs/dev", "corpora/pairs/test"):
        assert not any(s.startswith(held) for s in GOLD_SOURCES)
    extra, source = training_extra(None)
    corpora = PROJECT_ROOT / "corpora"
    learnt = [corpora / "gold", corpora / "pairs" / "train"]
    assert len(extra) == len(project_gold_examples()) == sum(
        len(activity_examples(gold_folder_docs(f))) for f in learnt) >= 1500
    assert set(source["gold"]) == set(GOLD_SOURCES)  # type: ignore[arg-type]


def test_typer_data_groups_documents_by_host(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text(
        "id,split,address,genre\n"
        "a1,train,https://www.one.edu.cn/news/1.html,news_report\n"
        "a2,train,https://kg2.one.edu.cn/news/2.html,news_report\n"
        "b1,train,http://two.example.org/p?id=3,school_calendar\n"
        "b2,train,https://me.blogspot.com/2020/5.html,office_schedule\n"
        "b3,train,https://you.blogspot.com/2021/6.html,office_schedule\n"
        "d1,train,http://10.0.0.7/p.html,news_report\n"
        "c1,train,,template_essay\n", "utf-8")
    host = sites(tmp_path)
    assert host["a1"] == host["a2"] == "one.edu.cn"  # one platform's subdomains: one site
    assert host["b1"] == "example.org" and host["c1"] == "c1"  # no address: its own group
    assert (host["b2"], host["b3"]) == ("me.blogspot.com", "you.blogspot.com")  # a blog host's blogs: two
    assert host["d1"] == "10.0.0.7"
    assert sites(tmp_path / "missing") == {}


def test_typer_data_grouped_cv_types_every_held_out_activity_once_per_setting(tmp_path: Path) -> None:
    from miner.extract.activities.typer import Example
    from miner.learn.typer_data import Setting, grouped_cv

    train = tmp_path / "train"
    train.mkdir()
    rows = ["id,split,address,genre"]
    names = [("召开全体教师大会", "meeting"), ("组织学生春游踏青", "student_activity"),
             ("青年教师上公开课", "open_lesson"), ("开展教学常规检查", "inspection"),
             ("整理档案资料", "other"), ("举行校园歌手大赛", "competition")]
    for n in range(6):  # six sites, one page each: every fold holds out whole sites
        _write_gold(train / f"d{n}.json", "plan", [_act(1, names[n][0], names[n][1]),
                                                   _act(2, names[(n + 1) % 6][0], names[(n + 1) % 6][1])])
        rows.append(f"d{n},train,https://www.site{n}.edu.cn/p/{n}.html,school_plan")
    (tmp_path / "sources.csv").write_text("\n".join(rows) + "\n", "utf-8")
    base = [Example(text, code) for text, code in names for _ in range(3)]
    results = grouped_cv(tmp_path, base, [Setting("a", 32.0), Setting("b", 1.0, min_prob=0.9)])
    assert [r.setting for r in results] == ["a", "b"]
    for r in results:
        assert r.n == 12 and sorted((t.doc_id, t.evidence) for t in r.items) == sorted(
            (f"d{n}", names[(n + k) % 6][0]) for n in range(6) for k in (0, 1))
        rule = [t for t in r.items if t.by_rule]
        assert rule and r.accuracy * r.n == pytest.approx(
            r.rule_accuracy * len(rule) + r.model_accuracy * (r.n - len(rule)))


def test_typer_data_more_real_folders_join_the_training_and_the_site_groups(tmp_path: Path) -> None:
    from miner.learn.real import genres, train_split

    real, more = tmp_path / "real", tmp_path / "more"
    for folder, stem, host, text, code in (
            (real, "r1", "https://east.example.edu.cn/a.html", "周三下午召开班主任例会", "meeting"),
            (more, "m1", "http://west.example.org/b.html", "周五组织新生入学教育", "student_activity")):
        (folder / "train").mkdir(parents=True)
        _write_gold(folder / "train" / f"{stem}.json", "plan", [_act(1, text[2:], code)])
        (folder / "train" / f"{stem}.txt").write_text(text + "\n", "utf-8")
        row = f"{stem},train,{host},weekly_arrangement"
        (folder / "sources.csv").write_text(f"id,split,address,genre\n{row}\n", "utf-8")
    assert [g.id for g, _ in train_split(real, (more,))] == ["r1", "m1"]
    assert [g.id for g, _ in train_split(real)] == ["r1"]
    assert sites(real, (more,)) == {"r1": "example.edu.cn", "m1": "example.org"}
    assert genres(real, (more,)) == {"r1": "weekly_arrangement", "m1": "weekly_arrangement"}
    alone, _ = training_extra(real)
    both, source = training_extra(real, more=(more,))
    assert [(e.text, e.label) for e in both[len(alone):]] == [("组织新生入学教育", "student_activity")]
    assert set(source["more"]) == {"more"}  # type: ignore[arg-type]


def _more_folder(folder: Path, stem: str, text: str, code: str) -> None:
    (folder / "train").mkdir(parents=True)
    _write_gold(folder / "train" / f"{stem}.json", "plan", [_act(1, text, code)])
    (folder / "train" / f"{stem}.txt").write_text(text + "\n", "utf-8")
    (folder / "sources.csv").write_text(
        f"id,split,address,genre\n{stem},train,https://{stem}.example.edu.cn/p.html,school_plan\n", "utf-8")


def test_typer_data_added_pages_teach_the_typer_without_real_pages_and_once_each(tmp_path: Path) -> None:
    more = tmp_path / "more"
    _more_folder(more, "m1", "周四组织校园跳蚤市场", "student_activity")
    alone, _ = training_extra(None)
    added, source = training_extra(None, more=(more, more))
    assert [(e.text, e.label) for e in added[len(alone):]] == [("周四组织校园跳蚤市场", "student_activity")]
    assert "dir" not in source and set(source["more"]) == {"more"}  # type: ignore[arg-type]


def test_typer_data_grouped_cv_holds_added_pages_out_by_site_and_learns_them_only_when_asked(
        tmp_path: Path) -> None:
    from miner.extract.activities.typer import Example
    from miner.learn.typer_data import Setting, grouped_cv

    real, more = tmp_path / "real", tmp_path / "more"
    (real / "train").mkdir(parents=True)
    rows = ["id,split,address,genre"]
    names = [("召开全体教师大会", "meeting"), ("青年教师上公开课", "open_lesson"),
             ("开展教学常规检查", "inspection"), ("组织学生春游踏青", "student_activity"),
             ("举行校园歌手大赛", "competition")]
    for n, (text, code) in enumerate(names):
        _write_gold(real / "train" / f"r{n}.json", "plan", [_act(1, text, code)])
        rows.append(f"r{n},train,https://www.real{n}.edu.cn/p.html,school_plan")
    (real / "sources.csv").write_text("\n".join(rows) + "\n", "utf-8")
    _more_folder(more, "m1", "周四组织校园跳蚤市场", "student_activity")
    base = [Example(text, code) for text, code in names for _ in range(3)]
    results = grouped_cv(real, base, [Setting("without", 32.0, learn_more=False), Setting("with", 32.0)],
                         more=[more])
    for r in results:  # the added page is typed once, out of fold, in both settings
        assert r.n == 6 and sorted(t.doc_id for t in r.items) == ["m1", "r0", "r1", "r2", "r3", "r4"]
