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
    "A005": "URL not fetched on purpose (robots.txt, another host, not http/https)",
    "P001": "file is empty",
    "P002": "format not recognised",
    "P003": "not a valid file of its format (corrupt or truncated)",
    "P004": "text could not be decoded",
    "P005": "no text found (e.g. a scanned PDF without a text layer)",
    "P006": "document expands beyond the size limit (zip bomb)",
    "P007": "conversion with LibreOffice failed",
    "T001": "a required external program is not installed",
    "E001": "extraction failed on this document",
    "S001": "the database could not be written",
    "C001": "documents could not be compared",
    "M001": "no gold files (*.json) in the folder given to `miner eval`",
    "M002": "the floors file given to `miner eval --floors` cannot be read",
    "B001": "the Dask engine is not installed (pip install 'miner[dask]')",
    "B002": "the Dask scheduler cannot be reached",
    "B003": "the worker processing this document was lost (killed, out of memory)",
    "S002": "a folder of Parquet shards cannot be read by `miner load`",
}
