"""The run's summary, from each stage's outcome."""

from __future__ import annotations

import logging
from pathlib import Path

from ..manifest import Manifest
from ..types import IndexSummary
from .plan import Plan
from .reading import Reads
from .write import Written

logger = logging.getLogger(__name__)


def summarize(plan: Plan, reads: Reads, written: Written) -> IndexSummary:
    """The summary of the plan, read and write stages (duplicates settled)."""
    summary = IndexSummary(
        added=written.added, updated=written.updated,
        renamed=[(r.old, r.row.file) for r in plan.renamed],
        unchanged=plan.unchanged, failed=plan.failed + reads.failed,
        duplicates=plan.duplicates, notes=list(reads.notes), chunks_written=written.chunks,
    )
    if plan.work:
        summary.stages["read"] = reads.seconds
    if reads.ready:
        summary.stages["embed"] = written.embed_seconds
        summary.stages["write"] = written.write_seconds
    settle_duplicates(summary)
    return summary


def settle_duplicates(summary: IndexSummary) -> None:
    """A duplicate is a note when the report it copies is indexed, and fails with that
    report's reason when it could not be read (neither is in the index then)."""
    failed = dict(summary.failed)
    for file, kept in summary.duplicates:
        if kept in failed:
            summary.failed.append((file, f"same content as {kept}, which could not be read: "
                                         f"{failed[kept]}"))
        else:
            summary.notes.append(f"{file}: same content as {kept}; indexed once")


def record_failures(manifest: Manifest, on_disk: dict[str, Path],
                    summary: IndexSummary) -> None:
    """Keep this run's failed list with each file's size and mtime, so the report list
    (another process, e.g. the chat beside `index --watch`) shows a failed report as
    failed with its reason until the file changes, passing faults included (those are
    not remembered by hash)."""
    rows: dict[str, tuple[str, int, float, str]] = {}
    for file, reason in summary.failed:
        path = on_disk.get(file)
        if path is None:
            continue
        try:
            stat = path.stat()
        except OSError as exc:  # gone or unreadable: the report list finds that out itself
            logger.debug("failed file %s is gone: %s", file, exc)
            continue
        rows[file] = (file, stat.st_size, stat.st_mtime, reason)
    manifest.set_run_failures(list(rows.values()))
