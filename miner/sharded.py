"""Ingest into Parquet shards instead of a database: each worker writes its chunks where it runs.

For a cluster without a shared disk: `miner ingest DOCS --engine dask --shards DIR` leaves
DIR/<table>/part-*.parquet on the machines that did the work; gather the folders and merge them
with `miner load DIR... --db FILE` (idempotent by document sha256). On the Dask engine a chunk of
documents is the unit of work and its worker writes it as one part; on the local engine the workers
read documents one at a time under the same time and memory limits as `miner ingest` (a document
that overruns or kills its worker becomes an error row) and this process writes every CHUNK results
as one part (the disk is shared).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from miner.acquire.local import iter_inputs
from miner.batch import map_batches
from miner.core import IngestSummary, Processed, Progress, _Worker, document_suffixes, process
from miner.errors import MinerError
from miner.records import ErrorRecord, RawInput
from miner.settings import Settings
from miner.store.shards import write_shard

CHUNK = 32  # documents per shard part


@dataclass(frozen=True, slots=True)
class ShardReport:
    """What one chunk left in the shards: its documents, its failed inputs."""

    part: str
    doc_ids: tuple[str, ...]
    sources: tuple[str, ...]
    errors: tuple[ErrorRecord, ...]
    failed: tuple[str, ...]  # sources that gave no document


class _ShardWorker:
    """Picklable: processes a whole chunk and writes it as one shard part where it runs."""

    def __init__(self, settings: Settings, out_dir: str) -> None:
        self.settings = settings
        self.out_dir = out_dir

    def __call__(self, chunk: list[RawInput]) -> ShardReport:
        _Worker(self.settings).prepare(chunk)
        return _write_part(self.out_dir, [process(raw, self.settings) for raw in chunk])

    def lost(self, chunk: list[RawInput], exc: BaseException) -> ShardReport:
        errors = tuple(e for raw in chunk for e in _Worker(self.settings).lost(raw, exc).errors)
        return ShardReport(write_shard(self.out_dir, [], errors), (), (), errors,
                           tuple(raw.source for raw in chunk))


def _write_part(out_dir: str, results: Sequence[Processed]) -> ShardReport:
    """Write the results of one chunk as one shard part and say what went in."""
    done = [(r.document, r.extraction) for r in results if r.document is not None]
    errors = tuple(e for r in results for e in r.errors)
    part = write_shard(out_dir, done, errors)
    return ShardReport(part, tuple(d.doc_id for d, _ in done),
                       tuple(r.raw_source for r in results if r.document is not None), errors,
                       tuple(r.raw_source for r in results if r.document is None))


def _local_parts(chunks: Iterable[list[RawInput]], out_dir: str, settings: Settings,
                 size: int) -> Iterator[ShardReport]:
    """The local engine: documents one by one in workers under the ingest limits, parts written here."""
    worker = _Worker(settings)
    raws = (raw for chunk in chunks for raw in chunk)
    pending: list[Processed] = []
    for result in map_batches(worker, raws, workers=settings.ingest.workers, prepare=worker.prepare,
                              limits=worker.limits(), on_failure=worker.failed, setup=worker.warm_up):
        pending.append(result)
        if len(pending) >= size:
            yield _write_part(out_dir, pending)
            pending = []
    if pending:
        yield _write_part(out_dir, pending)


def _chunks(raws: Iterable[RawInput | ErrorRecord], summary: IngestSummary, size: int,
            progress: Progress | None) -> Iterator[list[RawInput]]:
    from miner.parse import sha256

    seen: set[str] = set()
    chunk: list[RawInput] = []
    for item in raws:
        if isinstance(item, ErrorRecord):
            summary.failed += 1
            summary.errors.append(item)
            if progress:
                progress("failed", item.source)
            continue
        sha = sha256(item.data)
        if sha in seen:
            summary.skipped += 1
            if progress:
                progress("skipped", item.source)
            continue
        seen.add(sha)
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest_to_shards(paths: Iterable[str | Path], out_dir: str | Path, settings: Settings,
                     progress: Progress | None = None, chunk: int = CHUNK) -> IngestSummary:
    """Parse and extract every input into shards under `out_dir` (no database is opened)."""
    out = str(Path(out_dir).resolve())
    summary = IngestSummary()
    raws = iter_inputs(list(paths), settings, document_suffixes())
    worker = _ShardWorker(settings, out)
    chunks = _chunks(raws, summary, chunk, progress)
    early = summary.errors  # _chunks records acquire failures here; workers' go to their shards
    if settings.engine.name == "dask":
        from miner.batch_dask import WarmUp, map_batches_dask
        from miner.extract import load_resources

        reports: Iterable[ShardReport] = map_batches_dask(
            worker, chunks, scheduler=settings.engine.scheduler or None, workers=settings.ingest.workers,
            chunk_size=1, warm_up=WarmUp(load_resources, settings), on_error=worker.lost)
    elif settings.engine.name == "local":
        reports = _local_parts(chunks, out, settings, chunk)
    else:
        raise MinerError(f"unknown engine {settings.engine.name!r}; choose local or dask", code="B001")
    reported: list[ErrorRecord] = []
    for report in reports:
        summary.added += len(report.doc_ids)
        summary.doc_ids.extend(report.doc_ids)
        summary.failed += len(report.failed)
        reported.extend(report.errors)
        if progress:
            for source in report.sources:
                progress("added", source)
            for source in report.failed:
                progress("failed", source)
    if early:  # inputs that failed before reaching a worker (missing, too large, unsafe archive)
        write_shard(out, [], list(early))
    summary.errors = [*early, *reported]
    return summary
