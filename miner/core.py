"""The sequence every document goes through: acquire → parse → extract → store, one transaction each."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from miner.acquire.local import iter_inputs
from miner.batch import Limits, map_batches
from miner.errors import MinerError
from miner.records import Document, ErrorRecord, Extraction, RawInput
from miner.settings import Settings
from miner.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[str, str], None]  # (event: added | skipped | failed, source)


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did."""

    added: int = 0
    skipped: int = 0  # already in the store (same bytes), or repeated within this batch
    failed: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.added + self.skipped + self.failed

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "skipped": self.skipped,
            "failed": self.failed,
            "errors": [e.as_dict() for e in self.errors],
            "doc_ids": list(self.doc_ids),
        }


@dataclass(frozen=True, slots=True)
class Processed:
    """The output of the worker stage for one input: a document (maybe without extraction) and errors."""

    raw_source: str
    document: Document | None
    extraction: Extraction | None
    errors: tuple[ErrorRecord, ...]


def _out_of_memory(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _as_error(raw: RawInput, exc: Exception, stage: str, sha: str | None) -> ErrorRecord:
    if _out_of_memory(exc):
        return ErrorRecord(source=raw.source, stage="worker", code="W002", sha256=sha,
                           error="[W002] reading this document needed more memory than a worker may use")
    if isinstance(exc, MinerError):
        return ErrorRecord(
            source=raw.source,
            stage=exc.stage if stage == "parse" else stage,
            code=exc.code,
            error=str(exc),
            sha256=sha,
        )
    code = "P003" if stage == "parse" else "E001"
    return ErrorRecord(
        source=raw.source,
        stage=stage,
        code=code,
        error=f"[{code}] unexpected {type(exc).__name__} while reading this file: {exc}",
        sha256=sha,
    )


def process(raw: RawInput, settings: Settings) -> Processed:
    """Parse and extract one input. Never raises: failures come back as error records."""
    from miner.extract import extract, load_resources
    from miner.parse import parse, sha256

    sha = sha256(raw.data)
    try:
        doc = parse(raw, settings)
    except Exception as exc:  # noqa: BLE001 - every failure becomes an error row
        log.debug("parse failed for %s", raw.source, exc_info=True)
        return Processed(raw.source, None, None, (_as_error(raw, exc, "parse", sha),))
    if raw.meta:
        doc = _with_meta(doc, raw.meta)
    try:
        extraction = extract(doc, load_resources(settings))
    except Exception as exc:  # noqa: BLE001 - the document is kept, the extraction failure recorded
        log.debug("extract failed for %s", raw.source, exc_info=True)
        return Processed(raw.source, doc, None, (_as_error(raw, exc, "extract", sha),))
    return Processed(raw.source, doc, extraction, ())


def _with_meta(doc: Document, meta: dict[str, object]) -> Document:
    from dataclasses import replace

    return replace(doc, meta={**meta, **doc.meta})


LEGACY_FORMATS = ("doc", "wps")
LEGACY_GROUP = 8  # legacy files sent to a worker together (one chunk of map_batches)


class _Worker:
    """Picklable callable for the process pool."""

    def __init__(self, settings: Settings, init: Callable[[], object] | None = None) -> None:
        self.settings = settings
        self.init = init  # the caller's own start-up for a worker (the CLI's warm-up), or None

    def __call__(self, raw: RawInput) -> Processed:
        return process(raw, self.settings)

    @staticmethod
    def failed(raw: RawInput, code: str, message: str) -> Processed:
        """The result standing for a document its worker could not finish (time, memory, died)."""
        from miner.parse import sha256

        err = ErrorRecord(source=raw.source, stage="worker", code=code, error=f"[{code}] {message}",
                          sha256=sha256(raw.data))
        return Processed(raw.source, None, None, (err,))

    def warm_up(self) -> None:
        """Load the extraction resources once per worker, before its first document's time starts."""
        from miner.extract import load_resources

        load_resources(self.settings)
        if self.init is not None:
            self.init()

    def limits(self) -> Limits:
        cfg = self.settings.ingest
        return Limits(seconds=cfg.doc_timeout_s, memory_mb=cfg.worker_memory_mb,
                      prepare_seconds=cfg.libreoffice_timeout_s)

    def lost(self, raw: RawInput, exc: BaseException) -> Processed:
        """The error row of an input whose worker was lost (the Dask engine's `on_error`)."""
        from miner.parse import sha256

        message = f"[B003] the worker processing this file was lost ({type(exc).__name__}: {exc})"
        return Processed(raw.source, None, None, (ErrorRecord(raw.source, "parse", "B003", message,
                                                              sha256(raw.data)),))

    def prepare(self, chunk: list[RawInput]) -> None:
        """Convert the chunk's legacy .doc/.wps files in one LibreOffice call before reading them."""
        from miner.parse import detect_format
        from miner.parse.legacy import preconvert

        legacy = [(raw, fmt) for raw in chunk if (fmt := detect_format(raw)) in LEGACY_FORMATS]
        if len(legacy) > 1:
            try:
                preconvert(legacy, self.settings)
            except Exception:  # noqa: BLE001 - each file is then converted alone and fails with a reason
                log.debug("batch conversion failed; converting one by one", exc_info=True)


ENGINES = ("local", "dask")


def _run_engine(worker: _Worker, items: Iterable[RawInput], settings: Settings) -> Iterable[Processed]:
    """The worker over the items on the engine the settings choose (local processes or Dask)."""
    engine = settings.engine
    if engine.name not in ENGINES:
        raise MinerError(f"unknown engine {engine.name!r}; choose one of: {', '.join(ENGINES)}", code="B001")
    if engine.name == "dask":
        from miner.batch_dask import WarmUp, map_batches_dask
        from miner.extract import load_resources

        return map_batches_dask(worker, items, scheduler=engine.scheduler or None,
                                workers=settings.ingest.workers, prepare=worker.prepare,
                                warm_up=WarmUp(load_resources, settings), on_error=worker.lost)
    return map_batches(worker, items, workers=settings.ingest.workers, prepare=worker.prepare,
                       limits=worker.limits(), on_failure=worker.failed, setup=worker.warm_up)


def ingest_raw(
    raws: Iterable[RawInput | ErrorRecord],
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    worker_init: Callable[[], object] | None = None,
) -> IngestSummary:
    """Parse, extract and store every input; inputs already stored (same sha256) are skipped.

    `worker_init()` (picklable) runs once in each worker process before its first input: the CLI
    passes its warm-up there (miner.cli.worker); the library itself sets nothing up in its caller.
    """
    from miner.parse import detect_format, sha256

    summary = IngestSummary()
    seen: set[str] = set()
    # sources of in-batch repeats, recorded once their document is written (or dropped if it fails)
    repeats: dict[str, list[RawInput]] = {}
    legacy: list[RawInput] = []  # .doc/.wps files waiting to travel to a worker as a group

    def note(event: str, source: str) -> None:
        if progress:
            progress(event, source)

    def fail(err: ErrorRecord) -> None:
        store.record_error(err)
        summary.failed += 1
        summary.errors.append(err)
        note("failed", err.source)

    def fresh() -> Iterable[RawInput]:
        for item in raws:
            if isinstance(item, ErrorRecord):
                fail(item)
                continue
            sha = sha256(item.data)
            if store.has_document(sha):
                store.add_source(item.source, sha, item.meta)
            elif sha in seen:  # its twin is still being parsed: record this source once it is stored
                repeats.setdefault(sha, []).append(item)
            else:
                seen.add(sha)
                if detect_format(item) not in LEGACY_FORMATS:
                    yield item
                else:  # legacy files travel in groups, so one soffice call converts several
                    legacy.append(item)
                    if len(legacy) >= LEGACY_GROUP:
                        yield from legacy
                        legacy.clear()
                continue
            summary.skipped += 1
            note("skipped", item.source)
        yield from legacy

    worker = _Worker(settings, worker_init)
    for result in _run_engine(worker, fresh(), settings):
        written = False
        if result.document is not None:
            try:
                written = store.write_document(result.document, result.extraction)
            except Exception as exc:  # noqa: BLE001
                fail(
                    ErrorRecord(
                        result.raw_source,
                        "store",
                        "S001",
                        f"[S001] could not write this document to the database: {exc}",
                    )
                )
                continue
            if written:
                summary.added += 1
                summary.doc_ids.append(result.document.doc_id)
            else:  # another process stored the same bytes meanwhile; the source was added to it
                summary.skipped += 1
            for repeat in repeats.pop(result.document.doc_id, []):
                store.add_source(repeat.source, result.document.doc_id, repeat.meta)
        for err in result.errors:
            store.record_error(err)
            summary.errors.append(err)
        if result.document is None:
            summary.failed += 1
            note("failed", result.raw_source)
        else:
            note("added" if written else "skipped", result.raw_source)
    return summary


def ingest(
    paths: Iterable[str | Path], store: Store, settings: Settings, progress: Progress | None = None,
    worker_init: Callable[[], object] | None = None,
) -> IngestSummary:
    """Ingest files, folders (recursively) and .zip archives into the store (`worker_init`: see
    `ingest_raw`)."""
    return ingest_raw(iter_inputs(list(paths), settings, document_suffixes()), store, settings, progress,
                      worker_init)


def document_suffixes() -> frozenset[str]:
    """File name endings a folder walk picks up: every registered reader's, and archives."""
    from miner.parse import READERS
    from miner.parse.readers import READER_MODULES  # noqa: F401  (registers the readers)

    return frozenset({".zip", *(ext for spec in READERS.values() for ext in spec.extensions)})
