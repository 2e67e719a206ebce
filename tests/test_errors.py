"""Every error code miner can write is explained in the README's table."""

from __future__ import annotations

import re
from pathlib import Path

from miner.errors import CODES

README = Path(__file__).resolve().parents[1] / "README.md"


def test_errors_every_code_is_in_the_readme_table():
    table = set(re.findall(r"^\| ([A-Z]\d{3}) \|", README.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert {"W001", "W002", "W003", "A006"} <= set(CODES)
    missing = set(CODES) - table - {"C001", "M001"}  # (not written to the errors table)
    assert not missing, missing
