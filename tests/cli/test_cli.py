"""The command line: every command has help with an example and is documented in the README."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.cli import COMMANDS
from miner.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_is_documented_in_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`miner {command}\b", readme), f"README.md does not document `miner {command}`"


def test_cli_python_dash_m_runs():
    result = subprocess.run([sys.executable, "-m", "miner", "--help"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0 and "ingest" in result.stdout


def test_cli_version_prints_the_package_version_and_needs_no_command():
    import miner

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"miner {miner.__version__}"


def test_cli_export_without_database_is_one_readable_line(tmp_path):
    result = runner.invoke(app, ["export", "--to", str(tmp_path / "out"), "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no database" in result.output and "Traceback" not in result.output
