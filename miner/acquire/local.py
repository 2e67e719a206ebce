"""Local inputs: files, folders (recursive) and .zip archives, opened safely, as RawInput records."""

from __future__ import annotations

import contextlib
import io
import logging
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from miner.errors import AcquireError
from miner.records import ErrorRecord, RawInput
from miner.safezip import ZipLimitError, read_member
from miner.settings import Settings

log = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_ZIP_DEPTH = 2  # a zip inside a zip is opened; deeper nesting is refused
SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
SKIP_SUFFIXES = {".db", ".db-wal", ".db-shm", ".sqlite", ".pyc"}

Item = RawInput | ErrorRecord


def _error(source: str, code: str, message: str) -> ErrorRecord:
    return ErrorRecord(source=source, stage="acquire", code=code, error=f"[{code}] {message}")


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store GBK names without the UTF-8 flag: decode them right."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gb18030")
    return name


def _check_archive(zf: zipfile.ZipFile, settings: Settings) -> None:
    infos = [i for i in zf.infolist() if not i.is_dir()]
    cfg = settings.ingest
    if len(infos) > cfg.max_archive_members:
        raise AcquireError(
            f"the archive has {len(infos)} files, more than the limit of {cfg.max_archive_members}",
            code="A003",
        )
    total = sum(i.file_size for i in infos)
    if total > cfg.max_unzipped_mb * MB:
        raise AcquireError(
            f"the archive would expand to {total / MB:.0f} MB, over the "
            f"{cfg.max_unzipped_mb:g} MB limit (a zip bomb?)",
            code="A003",
        )
    for i in infos:
        if i.compress_size and i.file_size / i.compress_size > cfg.max_zip_ratio and i.file_size > MB:
            raise AcquireError(
                f"{_member_name(i)} compresses {i.file_size / i.compress_size:.0f}:1, "
                "which only zip bombs do",
                code="A003",
            )


def iter_zip(data: bytes, source: str, settings: Settings, depth: int = 1) -> Iterator[Item]:
    """The files inside a zip archive (nested archives too), each as a RawInput or an error."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield _error(source, "A003", f"not a readable zip archive ({exc})")
        return
    with zf:
        try:
            _check_archive(zf, settings)
        except AcquireError as exc:
            yield ErrorRecord(source=source, stage="acquire", code=exc.code, error=str(exc))
            return
        budget = settings.ingest.max_unzipped_mb * MB  # bytes the whole archive may still inflate to
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            name = _member_name(info)
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if info.is_dir() or not parts or parts[-1] in SKIP_NAMES or "__MACOSX" in parts:
                continue
            member = f"{source}!/{'/'.join(p for p in parts if p not in ('..', '/'))}"
            if ".." in parts or name.startswith(("/", "\\")):
                log.info("archive member %s has an unsafe path; reading it under its safe name", name)
            cap = int(min(settings.ingest.max_file_mb * MB, budget))
            try:
                blob = read_member(zf, data, info, cap)
            except ZipLimitError:
                yield _error(member, "A003", f"this file inflates beyond {cap / MB:.0f} MB, more than it "
                             "declares or than the archive's limits allow (a zip bomb?)")
                continue
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError,
                    EOFError) as exc:
                yield _error(member, "A003", f"could not unpack this file from the archive ({exc})")
                continue
            budget -= len(blob)
            if parts[-1].lower().endswith(".zip"):
                if depth >= MAX_ZIP_DEPTH:
                    yield _error(member, "A003", "archives nested this deep are not opened")
                else:
                    yield from iter_zip(blob, member, settings, depth + 1)
                continue
            yield RawInput(source=member, data=blob, name=parts[-1], meta={"archive": source})


def _read_file(path: Path, settings: Settings) -> Iterator[Item]:
    """A regular file's bytes, at most the size limit of them: a FIFO, a device (/dev/zero) or a
    socket reports no size and may never end, so it is refused before it is opened."""
    source = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        yield _error(source, "A001", f"cannot read this file ({exc.strerror or exc})")
        return
    if not stat.S_ISREG(info.st_mode):
        yield _error(source, "A001", "not a regular file (a pipe, device or socket), so it is not read")
        return
    limit = int(settings.ingest.max_file_mb * MB)
    too_big = (f"over the {settings.ingest.max_file_mb:g} MB limit "
               "(raise [ingest] max_file_mb to read it)")
    if info.st_size > limit:
        yield _error(source, "A002", f"the file is {info.st_size / MB:.1f} MB, {too_big}")
        return
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        yield _error(source, "A001", f"cannot read this file ({exc.strerror or exc})")
        return
    if len(data) > limit:
        yield _error(source, "A002", f"the file is larger than {limit / MB:.1f} MB, {too_big}")
        return
    if path.suffix.lower() == ".zip":
        yield from iter_zip(data, source, settings)
    else:
        yield RawInput(source=source, data=data, name=path.name)


def iter_inputs(
    paths: list[str | Path], settings: Settings, suffixes: frozenset[str] | None = None
) -> Iterator[Item]:
    """Every file under the given paths, in a stable order; a bad path becomes an error record.

    In folders only files with one of `suffixes` (or no suffix) are taken, so a folder of documents
    with notes, images or JSON beside them imports cleanly; files named explicitly are always read.
    """
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield _error(str(given), "A001", "no such file or folder")
        elif path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.name not in SKIP_NAMES
                and p.suffix.lower() not in SKIP_SUFFIXES
                and (suffixes is None or not p.suffix or p.suffix.lower() in suffixes)
            )
            skipped = sum(1 for p in path.rglob("*") if p.is_file()) - len(files)
            if skipped:
                log.info("%s: %d file(s) of other kinds left out", path, skipped)
            for file in files:
                yield from _read_file(file, settings)
        else:
            yield from _read_file(path, settings)
