"""Read the planned reports, several at once, each in a limited process of its own
(sandbox.py), and chunk them."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from ..errors import ReportError
from ..index import collection_name_for
from ..manifest import Manifest
from ..settings import Settings
from ..types import Report
from .plan import Work, failure_key
from .progress import Progress

logger = logging.getLogger(__name__)


@dataclass
class Read:
    """One report read and chunked (`report`, `nodes`), or why not (`error`)."""

    item: Work
    report: Report | None = None
    nodes: list[Any] = field(default_factory=list)  # llama-index TextNodes
    error: ReportError | None = None


@dataclass
class Reads:
    """The read stage's outcome: the reports ready to embed, in plan order."""

    ready: list[Read] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    notes: list[str] = field(default_factory=list)  # what the readers could not read
    seconds: float = 0.0

    @property
    def chunks(self) -> int:
        return sum(len(r.nodes) for r in self.ready)


def read_stage(work: list[Work], settings: Settings, manifest: Manifest,
               bar: Progress) -> Reads:
    """Read every planned report; a file's own faults are remembered by its hash (so the
    same bytes are not read again under the same limits), passing ones are retried."""
    out = Reads()
    started = time.perf_counter()
    key = failure_key(settings)
    with closing(read_all(work, settings, bar)) as reads:  # stops the readers on an error
        for read in reads:
            bar.step_read(read.item.file)
            if read.error is not None:
                out.failed.append((read.item.file, read.error.reason))
                if read.error.permanent:
                    manifest.remember_failure(read.item.sha, key, read.error.reason)
            if read.report is not None:
                out.notes.extend(read.report.notes)
                out.ready.append(read)
    out.seconds = time.perf_counter() - started
    return out


def read_one(item: Work, settings: Settings,
             progress: Callable[[str], None] | None = None) -> Read:
    """Read (in a limited process of its own, see sandbox.py) and chunk one report."""
    from ..chunking import chunk_report
    from ..sandbox import ReadLimits, read_isolated

    try:
        report = read_isolated(item.path, settings.corpus_dir, ocr=settings.ocr,
                               ocr_language=settings.ocr_language,
                               limits=ReadLimits.from_settings(settings), progress=progress,
                               tables=settings.pdf_tables)
    except ReportError as exc:
        return Read(item, error=exc)
    except OSError as exc:  # no process could be started (out of memory, pids): passing
        logger.info("could not start a reader for %s: %s", item.file, exc)
        return Read(item, error=ReportError(item.file, f"could not be read ({exc})",
                                            permanent=False))
    report.file = item.file
    report.sha256 = item.sha  # the hash the plan saw, even if the file changed since
    nodes = chunk_report(report, settings.chunk_max_chars, settings.chunk_overlap_sentences,
                         collection_name_for(settings))
    if not nodes:
        return Read(item, error=ReportError(item.file, "no sentences found to index"))
    if len(nodes) > settings.report_max_chunks:
        return Read(item, error=ReportError(
            item.file, f"{len(nodes):,} chunks, over the limit of "
            f"{settings.report_max_chunks:,} per report (ASSISTANT_REPORT_MAX_CHUNKS); "
            "split it or raise the limit"))
    return Read(item, report, nodes)


def read_workers(settings: Settings, files: int) -> int:
    workers = settings.read_workers or min(8, os.cpu_count() or 1)
    return max(1, min(workers, files))


def read_all(work: list[Work], settings: Settings, bar: Progress) -> Iterator[Read]:
    """A `Read` for each item, in order.

    Each file is read in a process of its own (memory- and time-limited); `workers` of
    them run at once, so reading many reports uses the machine's cores."""
    workers = read_workers(settings, len(work))

    def one(item: Work) -> Read:
        return read_one(item, settings, lambda text: bar.detail(item.file, text))

    if workers == 1:
        for item in work:
            yield one(item)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="read")
    finished = False
    try:
        yield from pool.map(one, work)
        finished = True
    finally:
        # Interrupted (Ctrl-C, an error further on): don't read the rest first, and stop
        # the reads under way (their children don't get a terminal's Ctrl-C; left alone,
        # they would hold the exit for up to ASSISTANT_READ_TIMEOUT_S).
        pool.shutdown(wait=False, cancel_futures=True)
        if not finished:
            from ..sandbox import stop_all

            stop_all()
