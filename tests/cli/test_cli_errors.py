"""Every command turns every failure into one coded sentence: junk databases, missing files, malformed
gold and settings files. No traceback appears without --debug."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.cli import COMMANDS
from miner.cli.app import app
from miner.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpora" / "seeds" / "000_9f62288991de7d4a.txt"
CODED = re.compile(r"\[[A-Z]\d{3}\]\s+\S")  # "[S002] ...", wrapped by Rich or not
runner = CliRunner()


def _commands(db: Path, tmp: Path) -> dict[str, list[str]]:
    """One invocation of every command that takes a database."""
    return {
        "ingest": ["ingest", str(SEED), "--db", str(db), "--workers", "1"],
        "documents": ["documents", "--db", str(db)],
        "documents --errors": ["documents", "--errors", "--db", str(db)],
        "export": ["export", "--to", str(tmp / "out"), "--db", str(db)],
        "compare": ["compare", "--db", str(db)],
        "report": ["report", "--to", str(tmp / "r.html"), "--db", str(db)],
        "scrape": ["scrape", "http://127.0.0.1:9/", "--db", str(db), "--max-pages", "1"],
        "analyze": ["analyze", "profile", "--db", str(db)],
        "browse": ["browse", "--metadata", str(tmp / "meta.json"), "--db", str(db)],
    }


def _invoke(args: list[str], **env: str):
    result = runner.invoke(app, args, env=env or None)
    output = result.output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result, output


def _assert_coded(args: list[str], code: str | None = None, **env: str) -> str:
    result, output = _invoke(args, **env)
    assert result.exit_code != 0, output
    assert CODED.search(output), output
    if code:
        assert f"[{code}]" in output, output
    return output


@pytest.fixture()
def junk_file(tmp_path: Path) -> Path:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database, only some bytes\n" * 100)
    return path


@pytest.fixture()
def folder_db(tmp_path: Path) -> Path:
    path = tmp_path / "folder.db"
    path.mkdir()
    return path


@pytest.fixture()
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    """A real miner database holding a plan and its summary that cannot be written: mode 0444, and
    immutable when we are root."""
    path = tmp_path / "ro.db"
    examples = ROOT / "corpora" / "examples"
    assert runner.invoke(app, ["ingest", str(examples), "--db", str(path), "--workers", "1"]).exit_code == 0
    with open_store(path) as store:  # fold the write-ahead log into the file before it turns read-only
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("PRAGMA journal_mode=DELETE")
    path.chmod(0o444)
    if os.geteuid() == 0:  # root writes through file modes: only the immutable attribute stops it
        chattr = shutil.which("chattr")
        made = chattr and subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode == 0
        if not made:
            pytest.skip("running as root without chattr +i: a read-only file cannot be made here")
        yield path
        subprocess.run([chattr, "-i", str(path)], check=True)
    else:
        yield path


@pytest.mark.parametrize("name", list(_commands(Path("x"), Path("."))))
@pytest.mark.parametrize(("kind", "code"), [("junk", "S002"), ("folder", "S003")])
def test_cli_errors_junk_database_is_one_coded_line(name: str, kind: str, code: str, junk_file: Path,
                                                    folder_db: Path, tmp_path: Path) -> None:
    db = junk_file if kind == "junk" else folder_db
    _assert_coded(_commands(db, tmp_path)[name], code)


@pytest.mark.parametrize("name", ["ingest", "compare", "report"])
def test_cli_errors_read_only_database_is_one_coded_line_for_writers(name: str, read_only_db: Path,
                                                                     tmp_path: Path) -> None:
    _assert_coded(_commands(read_only_db, tmp_path)[name], "S003")


@pytest.mark.parametrize("name", ["documents", "documents --errors", "export"])
def test_cli_errors_read_only_database_still_reads(name: str, read_only_db: Path, tmp_path: Path) -> None:
    result, output = _invoke(_commands(read_only_db, tmp_path)[name])
    assert result.exit_code == 0, output


@pytest.mark.parametrize("name", ["documents", "export", "compare", "report", "analyze", "browse"])
def test_cli_errors_missing_database_is_s004(name: str, tmp_path: Path) -> None:
    _assert_coded(_commands(tmp_path / "none.db", tmp_path)[name], "S004")


@pytest.mark.parametrize(("args", "code"), [
    (["ingest", "no/such/file.docx", "--workers", "1"], "A001"),
    (["eval", "no/such/gold"], "A001"),
    (["eval", "corpora/seed_gold", "--docs", "no/such/docs"], "A001"),
    (["eval", "corpora/seed_gold", "--by", "no/such/sources.csv"], "A001"),
    (["samples", "--to", "{tmp}/s", "--from", "no/such/plan.txt", "-f", "txt-utf8"], "A001"),
    (["train", "--corpus", "no/such/corpus", "--to", "{tmp}/m", "--skip-nlp"], "A001"),
    (["compare", "--plan", "no/such/plan.txt", "--summary", "no/such/summary.txt"], "C001"),
    (["report", "--plan", "no/such/plan.txt", "--to", "{tmp}/r.html"], None),
    (["scrape", "http://127.0.0.1:9/", "--profile", "no/such/profile.toml"], None),
    (["export", "--to", "{tmp}/out", "--format", "nosuch"], "M004"),
    (["extract", "no/such/plan.txt"], "A001"),
    (["extract", "corpora/examples/plan.txt", "--to", "{tmp}/t", "--format", "ics"], "M004"),
    (["synth", "--pairs", "1", "--to", "corpora/examples/plan.txt"], None),
])
def test_cli_errors_missing_file_or_bad_value_is_one_coded_line(args: list[str], code: str | None,
                                                                tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    db = tmp_path / "m.db"
    runner.invoke(app, ["ingest", str(SEED), "--db", str(db), "--workers", "1"])
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if args[0] in {"ingest", "compare", "report", "export", "scrape"}:
        args += ["--db", str(db)]
    _assert_coded(args, code)


def test_cli_errors_malformed_gold_file_is_m003(tmp_path: Path) -> None:
    gold = json.loads((ROOT / "corpora" / "seed_gold" / "000_9f62288991de7d4a.json").read_text("utf-8"))
    del gold["activities"]
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "000_9f62288991de7d4a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    for args in (["eval", str(folder), "--docs", str(ROOT / "corpora" / "seeds")],
                 ["eval", str(folder), "--docs", str(ROOT / "corpora" / "seeds"), "--oracle"]):
        output = _assert_coded(args, "M003")
        assert "'activities'" in output
    (folder / "000_9f62288991de7d4a.json").write_text("{not json", encoding="utf-8")
    _assert_coded(["eval", str(folder), "--docs", str(ROOT / "corpora" / "seeds")], "M003")


SETTINGS = {
    "not TOML": "[extract\nregion = ",
    "unknown key": "[extract]\nreigon = \"default\"\n",
    "wrong type": "[ingest]\nworkers = \"two\"\n",
    "unknown section": "[exrtact]\nregion = \"default\"\n",
}


@pytest.mark.parametrize("problem", list(SETTINGS))
@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in ("train", "load")])  # they read none
def test_cli_errors_malformed_settings_file(command: str, problem: str, tmp_path: Path) -> None:
    """Commands with --config refuse a malformed file with M002; every command refuses it as the
    user's file ($MINER_CONFIG) when it reads settings, and none prints a traceback."""
    bad = tmp_path / "settings.toml"
    bad.write_text(SETTINGS[problem], encoding="utf-8")
    db = tmp_path / "s.db"
    args = {
        "ingest": ["ingest", str(SEED), "--db", str(db)],
        "documents": ["documents", "--db", str(db)],
        "export": ["export", "--to", str(tmp_path / "out"), "--db", str(db)],
        "scrape": ["scrape", "http://127.0.0.1:9/", "--db", str(db)],
        "eval": ["eval", str(ROOT / "corpora" / "seed_gold")],
        "synth": ["synth", "--pairs", "1", "--to", str(tmp_path / "synth")],
        "compare": ["compare", "--db", str(db)],
        "report": ["report", "--to", str(tmp_path / "r.html"), "--db", str(db)],
        "samples": ["samples", "--to", str(tmp_path / "s"), "-f", "txt-utf8"],
        "extract": ["extract", str(ROOT / "corpora" / "examples" / "plan.txt")],
        "analyze": ["analyze", "profile", "--db", str(db)],
        "browse": ["browse", "--metadata", str(tmp_path / "meta.json"), "--db", str(db)],
    }[command]
    reads_settings = command not in {"documents", "export", "samples", "analyze", "browse"}
    if command in {"documents", "export", "compare", "report", "analyze", "browse"}:
        open_store(db).close()
    if reads_settings:
        _assert_coded([*args, "--config", str(bad)], "M002")
        _assert_coded(args, "M002", MINER_CONFIG=str(bad))
    else:  # these commands read no settings: the bad file must not matter
        result, output = _invoke(args, MINER_CONFIG=str(bad))
        assert result.exit_code == 0, output


def test_cli_errors_real_entry_point_prints_no_traceback(junk_file: Path) -> None:
    """The installed entry point, not the test runner: one coded line on stderr, exit code 2; the
    traceback comes back with --debug."""
    cmd = [sys.executable, "-m", "miner", "documents", "--db", str(junk_file)]
    plain = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert plain.returncode == 2
    assert "Traceback" not in plain.stderr + plain.stdout
    assert re.search(r"error: \[S002\]\s+.*junk\.db\s+is not a\s+miner database", plain.stderr, re.S)
    debug = subprocess.run([*cmd, "--debug"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


@pytest.mark.parametrize("command", ["ingest", "scrape"])
def test_cli_errors_missing_user_calendar_is_r002_before_the_batch(command: str, tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[extract]\ncalendar = "{tmp_path / "none.csv"}"\n', encoding="utf-8")
    first = str(SEED) if command == "ingest" else "http://127.0.0.1:9/"
    db = tmp_path / "c.db"
    _assert_coded([command, first, "--db", str(db), "--config", str(settings)], "R002")
    with open_store(db) as store:  # refused before anything was read
        assert store.count("documents") == 0 and store.count("errors") == 0
