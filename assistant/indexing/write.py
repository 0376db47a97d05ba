"""Write chunks and manifest rows in the order crash safety rests on, and retire old
report versions.

Per report version: mark it pending, write its chunks, commit its manifest row (one SQLite
transaction), then retire the version it replaces and clear the pending marks. Queries
see only versions in the manifest, so a crash at any point leaves the last committed
versions answering, and the next run's `sweep` deletes what was left half-written.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..manifest import Manifest, ReportRow
from ..types import Report
from .reading import Read

logger = logging.getLogger(__name__)

Collection = Callable[[], Any]  # the chunk collection, opened on first call


@dataclass
class Written:
    """What the write stage committed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    chunks: int = 0
    write_seconds: float = 0.0
    embed_seconds: float = 0.0

    def merge(self, other: Written) -> None:
        self.added += other.added
        self.updated += other.updated
        self.chunks += other.chunks
        self.write_seconds += other.write_seconds
        self.embed_seconds += other.embed_seconds


def drop_versions(shas: list[str] | set[str], manifest: Manifest,
                  collection: Collection) -> None:
    """Delete the chunks of report versions that are no longer live, and clear their
    pending marks."""
    from .. import store

    live = manifest.live_shas()
    for sha in shas:
        if sha not in live:
            store.delete_report_chunks(collection(), sha)
        manifest.clear_pending(sha)


def sweep(manifest: Manifest, collection: Collection) -> None:
    """Delete chunks that a crashed run wrote for report versions it never committed."""
    drop_versions(manifest.pending(), manifest, collection)


class Retirements:
    """Replaced and removed report versions on their way out (each already marked
    pending, so a crash leaves them to the next run's sweep).

    With a store that other machines read (`Store.shared`), their chunks stay until
    `finish`, after the new live list is published: else a chat elsewhere could answer
    from a deleted version. Otherwise they go at once."""

    def __init__(self, manifest: Manifest, collection: Collection, *, defer: bool):
        self.manifest = manifest
        self.collection = collection
        self.defer = defer
        self.waiting: list[str] = []

    def retire(self, sha: str) -> None:
        if self.defer:
            self.waiting.append(sha)
        else:
            drop_versions([sha], self.manifest, self.collection)

    def finish(self) -> None:
        """Drop what waited (call after the live report list is published)."""
        waiting, self.waiting = self.waiting, []
        drop_versions(waiting, self.manifest, self.collection)


def write_group(group: list[Read], manifest: Manifest, vstore: Any,
                retirements: Retirements) -> Written:
    """Write a group's chunks (already embedded) in one Chroma call, then commit its
    reports one by one.

    Every version is marked pending before its chunks exist and unmarked only after its
    manifest commit: if we die in between, the next run sweeps what it finds pending."""
    started = time.perf_counter()
    out = Written()
    for read in group:
        manifest.mark_pending(read.item.sha)
        if read.item.old_sha:
            # If we die after the commit below, the next run's sweep deletes the old chunks.
            manifest.mark_pending(read.item.old_sha)
    vstore.add([node for read in group for node in read.nodes])
    for read in group:
        manifest.commit_report(report_row(read))
        manifest.clear_pending(read.item.sha)
        if read.item.old_sha:
            retirements.retire(read.item.old_sha)
        out.chunks += len(read.nodes)
        (out.updated if read.item.old_sha else out.added).append(read.item.file)
    out.write_seconds = time.perf_counter() - started
    return out


def report_row(read: Read) -> ReportRow:
    """The manifest row of a report read and written."""
    item, report = read.item, read.report
    assert report is not None
    return ReportRow(
        file=item.file, sha256=item.sha, title=report.title, event_date=report.event_date,
        venue=report.venue, format=report.format, pages=len(report.pages),
        chunks=len(read.nodes), size=item.size, mtime=item.mtime,
        notes=json.dumps(report.notes + _ocr_note(report)), indexed_at=time.time(),
        event_end=report.event_end,
    )


def _ocr_note(report: Report) -> list[str]:
    """A note naming the pages read by OCR, for the report list."""
    pages = [p.number for p in report.pages if p.ocr and p.number]
    if not pages:
        return []
    from ..readers.pdf import _ranges

    return [f"{report.file}: pages {_ranges(pages)} read by OCR"]


def remove_missing(on_disk: dict[str, Path], manifest: Manifest,
                   retirements: Retirements) -> list[str]:
    """Take the reports missing from the corpus out of the manifest; their files."""
    removed: list[str] = []
    for file, row in manifest.reports().items():
        if file in on_disk:
            continue
        manifest.mark_pending(row.sha256)  # if we die now, the next run sweeps its chunks
        manifest.remove(file)
        retirements.retire(row.sha256)
        removed.append(file)
    return removed
