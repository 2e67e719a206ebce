"""Coded errors with a sentence a person understands; batches turn them into error rows."""

from __future__ import annotations


class MinerError(Exception):
    """Base class: `code` is stable (for scripts), `message` is for people."""

    code = "M000"
    stage = "miner"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code:
            self.code = code
        self.message = message
        super().__init__(f"[{self.code}] {message}")


class AcquireError(MinerError):
    """A path, archive or URL could not be read."""

    code = "A001"
    stage = "acquire"


class ParseError(MinerError):
    """Bytes that could not be turned into a Document."""

    code = "P001"
    stage = "parse"


class ExtractError(MinerError):
    code = "E001"
    stage = "extract"


class StoreError(MinerError):
    code = "S001"
    stage = "store"


class CompareError(MinerError):
    code = "C001"
    stage = "compare"


class WorkerError(MinerError):
    """A document that a worker could not finish: time limit, memory limit, or the worker died."""

    code = "W003"
    stage = "worker"


class ResourceError(MinerError):
    """A file miner ships (model, calendar, gazetteer) or a user's replacement for one is missing or bad."""

    code = "R001"
    stage = "extract"


class SettingsError(MinerError):
    """A settings file that does not exist or cannot be read as miner's settings."""

    code = "M002"
    stage = "settings"


class MissingToolError(MinerError):
    """An external program (LibreOffice, Chromium) that a step needs is not installed."""

    code = "T001"
    stage = "parse"


# The catalogue of codes, so the README and tests can list them in one place.
CODES: dict[str, str] = {
    "A001": "path does not exist",
    "A002": "file is larger than the size limit",
    "A003": "archive is corrupt or unsafe (zip bomb, path traversal)",
    "A004": "URL could not be fetched",
    "A005": "URL not fetched on purpose (robots.txt, another site, not http/https)",
    "A006": "URL took longer than the whole-response deadline (a server sending too slowly)",
    "P001": "file is empty",
    "P002": "format not recognised",
    "P003": "not a valid file of its format (corrupt or truncated)",
    "P004": "text could not be decoded",
    "P005": "no text found (e.g. a scanned PDF without a text layer)",
    "P006": "document expands beyond the size limit (zip bomb)",
    "P007": "conversion with LibreOffice failed",
    "W001": "reading this document took longer than the time limit per document",
    "W002": "reading this document needed more memory than the limit per worker",
    "W003": "the worker process reading this document died (killed, crashed)",
    "T001": "a required external program is not installed",
    "E001": "extraction failed on this document",
    "S001": "the database could not be written",
    "S002": "the database file is not a SQLite database (or is corrupt)",
    "S003": "the database cannot be opened or written (a folder, no permission, read-only)",
    "S004": "there is no database at the path given (run `miner ingest` first)",
    "C001": "documents could not be compared",
    "C002": "the store has no comparison yet (run `miner compare` first)",
    "C003": "too few groups or values to compare groups",
    "T002": "no font with Chinese characters installed (charts need one)",
    "X001": "a table cannot be written in the format its file ending names",
    "X002": "a chart can only be saved as .png or .svg",
    "M000": "an unexpected failure (run the command again with --debug for the traceback)",
    "M001": "no gold files (*.json) in the folder given to `miner eval`",
    "M002": "the settings file is missing or malformed",
    "M003": "a gold file is malformed (not JSON, or a key missing)",
    "M004": "an option or input value is not valid",
    "M005": "the floors file given to `miner eval --floors` cannot be read",
    "R001": "a file miner ships (model, calendar, gazetteer) is missing: reinstall miner",
    "R002": "your own calendars CSV (`extract.calendar`) is missing or malformed",
    "B001": "the Dask engine is not installed (pip install 'miner[dask]')",
    "B002": "the Dask scheduler cannot be reached",
    "B003": "the worker processing this document was lost (killed, out of memory)",
    "S005": "a folder of Parquet shards cannot be read by `miner load`",
}
