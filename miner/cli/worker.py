"""Start-up of the CLI's extraction workers: load the resources, warm them up, freeze them for the GC.

This is the CLI's business, not the library's: a library must not run work its caller did not ask
for, nor change its caller's garbage collector. `miner ingest` and `miner scrape` pass
`start_worker` to the batch, which runs it once in each worker process (or once in the CLI's own
process when it works alone).
"""

from __future__ import annotations

import gc
import logging

from miner.records import Block, Document
from miner.settings import Settings

log = logging.getLogger(__name__)

# a few lines that take every first-use path of extraction (jieba's dictionary and tagger, the
# rule tables, the time lexicon, the character folding tables)
WARM_TEXT = """城东教育集团2024学年第一学期工作计划
一、9月：第3周（9月16日—20日）在城东小学開展語文主題教研活動，王老师执教。
2、10月下旬 “双减”专题研讨会 城东实验中学、北岸幼儿园
"""


def warm_document() -> Document:
    """WARM_TEXT as a Document: a heading and two paragraphs."""
    at = 0
    blocks: list[Block] = []
    for line in WARM_TEXT.splitlines(keepends=True):
        text = line.rstrip("\n")
        blocks.append(Block(kind="heading" if not blocks else "paragraph", text=text, start=at,
                            end=at + len(text)))
        at += len(line)
    return Document(doc_id="warm-up", source="warm-up", format="txt", title=WARM_TEXT.splitlines()[0],
                    text=WARM_TEXT, blocks=tuple(blocks))


def check_resources(settings: Settings) -> None:
    """Before a batch, in the CLI's process: the shipped run-time files and the user's calendars CSV
    exist (R001, R002), so a broken installation is one coded line, not an error row per document."""
    from pathlib import Path

    from miner.errors import ResourceError
    from miner.shipped import check_installed

    check_installed()
    own = settings.extract.calendar
    if own and not Path(own).is_file():
        raise ResourceError(f"calendar table not found: {own} (the setting extract.calendar)", code="R002")


# The cyclic collector's first threshold in a worker: a young collection after this many new container
# objects rather than CPython's 700 (see start_worker).
YOUNG_THRESHOLD = 50_000


def start_worker(settings: Settings) -> None:
    """Load extraction's resources, run extraction once on a small built-in text, then move everything
    loaded so far out of the cyclic garbage collector's sight (`gc.freeze`): the ~200,000 long-lived
    objects of the models and dictionaries are then never re-scanned, which spares a full collection
    of about 0.1 s now and then in long batches, and the first real document no longer pays for the
    first-use loading. The collector then runs less often (YOUNG_THRESHOLD): extraction makes
    hundreds of thousands of short-lived objects a document, and with CPython's default thresholds
    the collector took 12 % of extraction's time (300 distinct documents: 944 young, 86 middle and
    5 full collections, the full ones scanning the growing caches), 2 % with 50,000 (the garbage
    that waits for it is a few MB at most). Never raises: a resource that cannot be loaded shows as
    a coded error row on each document instead (the batch goes on)."""
    from miner.extract import extract, load_resources

    try:
        extract(warm_document(), load_resources(settings))
    except Exception as exc:  # noqa: BLE001 - the warm-up only saves time
        log.debug("warm-up extraction failed: %s", exc)
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
