"""Read legacy Word .doc and WPS .wps files by converting them to .docx with LibreOffice headless."""

from __future__ import annotations

import logging
import math
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from miner.batch import bind_to_parent, lift_memory_limit
from miner.errors import MissingToolError, ParseError
from miner.parse.docx import read_docx_bytes
from miner.parse.registry import register, sha256
from miner.records import Document, RawInput
from miner.settings import Settings

log = logging.getLogger(__name__)

INSTALL_HINT = ("LibreOffice is needed to read .doc/.wps files: install it with "
                "`sudo apt-get install --no-install-recommends libreoffice-writer-nogui` or "
                "`make system-deps`")
LEGACY_SUFFIXES = (".doc", ".dot", ".rtf", ".wps", ".wpt")
BATCH_SIZE = 50  # files per soffice call: one start-up (~1 s) is shared by the whole batch


class ConversionError(Exception):
    """One soffice call failed: timeout or a non-zero exit; `detail` says what LibreOffice said."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def soffice(settings: Settings) -> str:
    """The LibreOffice program named by settings.ingest.libreoffice, or MissingToolError (T001)."""
    name = settings.ingest.libreoffice
    program = shutil.which(name)
    if program is None:
        raise MissingToolError(f"{INSTALL_HINT} (no program {name!r} was found)")
    return program


def _soffice_child() -> None:
    """In the soffice process before it starts: die with the worker that started it (a worker
    killed for overrunning leaves no converter behind), without the worker's memory limit."""
    bind_to_parent()
    lift_memory_limit()


def _run(program: str, paths: list[Path], outdir: Path, target: str, timeout: float) -> str:
    """One soffice call with a private profile (two calls sharing a profile silently convert
    nothing); returns LibreOffice's messages. Kills the whole process group on timeout."""
    with tempfile.TemporaryDirectory(prefix="miner-lo-") as profile:
        cmd = [program, "--headless", "--norestore", "--nologo", "--nolockcheck",
               f"-env:UserInstallation={Path(profile).as_uri()}",
               "--convert-to", target, "--outdir", str(outdir), *map(str, paths)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                preexec_fn=_soffice_child)  # noqa: PLW1509 - a worker has one thread
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ConversionError(f"LibreOffice did not finish within {timeout:g} s "
                                  "(raise [ingest] libreoffice_timeout_s for very large files)") from None
    messages = "\n".join(line for line in (out + err).decode("utf-8", "replace").splitlines()
                         if line.strip() and "javaldx" not in line)  # a harmless start-up warning
    if proc.returncode != 0:
        raise ConversionError(f"LibreOffice exited with code {proc.returncode}: {messages[-300:]}")
    return messages


def convert_many(paths: Iterable[str | Path], outdir: str | Path, settings: Settings,
                 target: str = "docx") -> dict[Path, Path]:
    """Convert many files with few soffice calls; {input path: converted file} for those that worked.

    Inputs are batched (BATCH_SIZE per call); files whose names clash (a/x.doc, b/x.doc) go to
    separate calls and the later ones are written as x_2.docx, so no output overwrites another.
    Failures are logged, not raised, except a missing LibreOffice (MissingToolError).
    """
    program = soffice(settings)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    ext = target.split(":")[0]
    batches: list[list[Path]] = []
    for path in (Path(p) for p in paths):
        home = next((b for b in batches if len(b) < BATCH_SIZE
                     and all(q.stem != path.stem for q in b)), None)
        if home is None:
            batches.append([path])
        else:
            home.append(path)
    done: dict[Path, Path] = {}
    while batches:
        batch = batches.pop(0)
        timeout = settings.ingest.libreoffice_timeout_s * max(1, math.ceil(len(batch) / 10))
        with tempfile.TemporaryDirectory(prefix=".miner-batch-", dir=out) as tmp:
            failed = False
            try:
                messages = _run(program, batch, Path(tmp), target, timeout)
            except ConversionError as exc:
                log.warning("conversion of %d file(s) failed: %s", len(batch), exc.detail)
                messages, failed = exc.detail, True
            retry = []
            for path in batch:
                result = Path(tmp) / f"{path.stem}.{ext}"
                if result.is_file() and result.stat().st_size > 0:
                    final = _free_name(out, path.stem, ext, set(done.values()))
                    os.replace(result, final)
                    done[path] = final
                elif failed and len(batch) > 1:
                    retry.append(path)  # one bad file must not cost the others: try it alone
                else:
                    log.warning("LibreOffice did not convert %s: %s", path, messages[-300:])
            batches[:0] = [[path] for path in retry]
    return done


def _free_name(outdir: Path, stem: str, ext: str, taken: set[Path]) -> Path:
    """outdir/stem.ext, or stem_2.ext, stem_3.ext ... when this call already wrote that name."""
    candidate, n = outdir / f"{stem}.{ext}", 1
    while candidate in taken:
        n += 1
        candidate = outdir / f"{stem}_{n}.{ext}"
    return candidate


def convert_bytes(data: bytes, suffix: str, settings: Settings, target: str = "docx") -> bytes:
    """Convert one file's bytes; ParseError P007 with LibreOffice's reason when it fails."""
    program = soffice(settings)
    with tempfile.TemporaryDirectory(prefix="miner-convert-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        try:
            messages = _run(program, [src], outdir, target, settings.ingest.libreoffice_timeout_s)
        except ConversionError as exc:
            raise ParseError(f"LibreOffice could not convert this {suffix} file: {exc.detail}",
                             code="P007") from exc
        result = outdir / f"input.{target.split(':')[0]}"
        if not result.is_file() or result.stat().st_size == 0:
            said = f" (LibreOffice said: {messages[-200:]})" if messages else ""
            raise ParseError(f"LibreOffice could not convert this {suffix} file: it may be damaged, "
                             f"password-protected or not a word-processing document{said}", code="P007")
        return result.read_bytes()


# Conversions done ahead for a batch (sha256 of the original bytes → docx bytes), in this process.
_PRECONVERTED: dict[str, bytes] = {}


def _suffix(raw: RawInput, format: str) -> str:
    suffix = Path(raw.name).suffix.lower()
    # a name from a URL ("download.aspx") says nothing about the format
    return suffix if suffix in LEGACY_SUFFIXES else f".{format}"


def preconvert(raws: Sequence[tuple[RawInput, str]], settings: Settings) -> int:
    """Convert many (raw, format) legacy inputs in one LibreOffice call, ahead of reading them.

    Starting soffice costs about a second, so a batch of .doc files is converted together; each
    reader then takes its result from here. Inputs that fail are left to `read_legacy`, which
    converts them alone and says why. Returns how many were converted.
    """
    if not raws:
        return 0
    with tempfile.TemporaryDirectory(prefix="miner-preconvert-") as tmp:
        inputs = {}
        for i, (raw, format) in enumerate(raws):
            path = Path(tmp) / f"in{i}{_suffix(raw, format)}"
            path.write_bytes(raw.data)
            inputs[path] = sha256(raw.data)
        done = convert_many(inputs, Path(tmp) / "out", settings)
        for path, result in done.items():
            _PRECONVERTED[inputs[path]] = result.read_bytes()
    return len(done)


def read_legacy(raw: RawInput, doc_id: str, settings: Settings, format: str) -> Document:
    """A .doc/.wps/.rtf → .docx via LibreOffice → the DOCX reader; the Document keeps `format`."""
    converted = _PRECONVERTED.pop(doc_id, None) or convert_bytes(raw.data, _suffix(raw, format), settings)
    meta = {**raw.meta, "converted_by": "libreoffice"}
    return read_docx_bytes(converted, doc_id=doc_id, source=raw.source, settings=settings,
                           format=format, meta=meta)


@register("doc", ".doc", ".dot", ".rtf")
def read_doc(raw: RawInput, doc_id: str, settings: Settings) -> Document:
    return read_legacy(raw, doc_id, settings, "doc")


@register("wps", ".wps", ".wpt")
def read_wps(raw: RawInput, doc_id: str, settings: Settings) -> Document:
    return read_legacy(raw, doc_id, settings, "wps")
