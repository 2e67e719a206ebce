"""The built-in exporters: csv (UTF-8 with BOM, for Excel), xlsx, jsonl, parquet, ics."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd

from miner.export.registry import register

EXCEL_CELL_LIMIT = 32_767  # characters Excel allows in one cell


@register("csv", ".csv", spreadsheet=True)
def write_csv(frame: pd.DataFrame, path: Path) -> None:
    # The BOM makes Excel read the file as UTF-8, so Chinese shows correctly.
    frame.to_csv(path, index=False, encoding="utf-8-sig")


@register("xlsx", ".xlsx", spreadsheet=True)
def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col].dtype):
            frame[col] = frame[col].map(
                lambda v: v[: EXCEL_CELL_LIMIT - 20] + "…[truncated]"
                if isinstance(v, str) and len(v) > EXCEL_CELL_LIMIT else v)
    frame.to_excel(path, index=False, engine="openpyxl")


@register("jsonl", ".jsonl")
def write_jsonl(frame: pd.DataFrame, path: Path) -> None:
    frame.to_json(path, orient="records", lines=True, force_ascii=False)


@register("parquet", ".parquet")
def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False, engine="pyarrow")


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


ICS_OCTETS = 75  # RFC 5545 3.1: content lines longer than this are folded


def _ics_fold(line: str) -> list[str]:
    """One content line folded into lines of at most 75 UTF-8 octets (the continuation lines start
    with a space, which counts), never inside a character: Chinese text is 3 octets a character."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > ICS_OCTETS:
            out.append(current)
            current, size = " ", 1
        current += char
        size += n
    out.append(current)
    return out


@register("ics", ".ics", tables=("activities",))
def write_ics(frame: pd.DataFrame, path: Path) -> None:
    """Dated activities as all-day calendar events (one VEVENT each), for calendar apps."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//miner//activities//ZH", "CALSCALE:GREGORIAN"]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for row in frame.itertuples(index=False):
        if not isinstance(row.date_start, str) or not row.date_start:
            continue
        start = dt.date.fromisoformat(row.date_start)
        end = dt.date.fromisoformat(row.date_end) if isinstance(row.date_end, str) else start
        uid = hashlib.sha1(f"{row.doc_id}/{row.activity_id}".encode()).hexdigest()
        summary = row.name or row.evidence
        lines += ["BEGIN:VEVENT", f"UID:{uid}@miner", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{end + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_ics_text(str(summary))}", f"DESCRIPTION:{_ics_text(str(row.evidence))}",
                  f"CATEGORIES:{row.type}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _ics_fold(line)]
    path.write_text("\r\n".join(folded) + "\r\n", encoding="utf-8", newline="")
