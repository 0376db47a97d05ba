"""Plan an indexing run: compare the corpus folder with the manifest.

Nothing is read or written here except the files' bytes (hashed) and the manifest
(read); `apply_moves` then commits the renames and the new sizes and mtimes found.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import name_problem
from ..manifest import Manifest, ReportRow
from ..settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class Work:
    """A report version to read, embed and write."""

    file: str
    path: Path
    sha: str
    size: int
    mtime: float
    old_sha: str | None  # the version it replaces, if any


@dataclass
class Rename:
    """Same content under a new name: the manifest row moves, the vectors stay."""

    old: str
    row: ReportRow  # under the new name, with its size and mtime


@dataclass
class Touch:
    """An indexed file whose mtime changed but not its bytes."""

    file: str
    size: int
    mtime: float


@dataclass
class Plan:
    """What a run has to do, file by file."""

    work: list[Work] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    touched: list[Touch] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    # Byte-identical copies read once: (file, the file kept in the index or tried).
    duplicates: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Known:
    """What the plan compares each file with."""

    rows: dict[str, ReportRow]  # the manifest, by file
    by_sha: dict[str, list[str]]  # indexed files by content (renames update it)
    failures: dict[str, str]  # reasons of versions that failed under these read settings
    on_disk: dict[str, Path]
    report_max_mb: float


def failure_key(settings: Settings) -> str:
    """What a remembered failure depends on besides the file's bytes: the read limits,
    OCR on or off and installed. Changing any of them reads failed files again."""
    from ..readers.pdf import tesseract_available
    from ..sandbox import ReadLimits

    return json.dumps([ReadLimits.from_settings(settings).key(), settings.ocr,
                       settings.ocr_language, settings.ocr and tesseract_available(),
                       settings.report_max_mb])


def plan_run(on_disk: dict[str, Path], manifest: Manifest, settings: Settings) -> Plan:
    """Compare the corpus (`on_disk`, from `list_reports`) with the manifest: which
    files are unchanged, renamed, failed (now or, same bytes, before), duplicates of
    another, and which must be read (`Plan.work`, one per distinct content)."""
    rows = manifest.reports()
    by_sha: dict[str, list[str]] = {}
    for row in rows.values():
        by_sha.setdefault(row.sha256, []).append(row.file)
    known = _Known(rows, by_sha, manifest.failed_versions(failure_key(settings)), on_disk,
                   settings.report_max_mb)
    plan = Plan()
    for file, path in on_disk.items():
        _plan_file(plan, known, file, path)
    plan.work, plan.duplicates = _set_duplicates_aside(plan.work, known)
    return plan


def apply_moves(plan: Plan, manifest: Manifest) -> None:
    """Commit what needs no reading: renamed reports and new mtimes of unchanged ones."""
    for rename in plan.renamed:
        manifest.commit_report(rename.row, replaces=rename.old)
    for touch in plan.touched:
        manifest.touch(touch.file, touch.size, touch.mtime)


def _plan_file(plan: Plan, known: _Known, file: str, path: Path) -> None:
    bad_name = name_problem(file)
    if bad_name:
        plan.failed.append(bad_name)
        return
    try:
        stat = path.stat()
    except OSError as exc:  # removed or unreadable since the folder was listed
        plan.failed.append((file, f"cannot be read ({exc.strerror})"))
        return
    row = known.rows.get(file)
    # Same size and mtime as when indexed: unchanged, without reading the file.
    if row and row.size == stat.st_size and row.mtime == stat.st_mtime:
        plan.unchanged.append(file)
        return
    sha = _content_hash(plan, known, file, path, stat)
    if sha is None:
        return
    if row and row.sha256 == sha:
        plan.touched.append(Touch(file, stat.st_size, stat.st_mtime))
        plan.unchanged.append(file)
        return
    if row is None and _renamed(plan, known, file, sha, stat):
        return
    plan.work.append(Work(file, path, sha, stat.st_size, stat.st_mtime,
                          row.sha256 if row else None))


def _content_hash(plan: Plan, known: _Known, file: str, path: Path,
                  stat: os.stat_result) -> str | None:
    """The file's sha256, or None (with the reason in `plan.failed`) when it is over the
    size limit, cannot be read, or these bytes failed before under the same limits."""
    from ..readers import sha256_file

    if stat.st_size > known.report_max_mb * 1e6:
        plan.failed.append((file, f"{stat.st_size / 1e6:.3g} MB is over the "
                            f"{known.report_max_mb:g} MB limit per report "
                            "(ASSISTANT_REPORT_MAX_MB); split it or raise the limit"))
        return None
    try:
        sha = sha256_file(path)
    except OSError as exc:  # a passing fault (share unavailable): retried next run
        plan.failed.append((file, f"cannot be read ({exc.strerror})"))
        return None
    if sha in known.failures:
        plan.failed.append((file, known.failures[sha]))
        return None
    return sha


def _renamed(plan: Plan, known: _Known, file: str, sha: str, stat: os.stat_result) -> bool:
    """Whether a new file is an indexed report under a name no longer on disk (then the
    rename is planned: same content under a new name keeps its vectors)."""
    gone = [f for f in known.by_sha.get(sha, []) if f not in known.on_disk]
    if not gone:
        return False
    row = dataclasses.replace(known.rows[gone[0]], file=file, size=stat.st_size,
                              mtime=stat.st_mtime)
    plan.renamed.append(Rename(gone[0], row))
    known.by_sha[sha].remove(gone[0])
    known.by_sha[sha].append(file)
    return True


_COPY_MARK = re.compile(
    r"\bcopy\b|\bkopie\b|\bcopie\b|\(\d+\)|\[\d+\]|[ _-]\d{1,2}$|~\d*$", re.I)


def plainness(file: str) -> tuple[int, int, str]:
    """Sort key that puts the plainest of several names for one report first:
    "report.txt" before "report (copy).txt", "Copy of report.txt" or "report (1).txt"."""
    stem = Path(file).stem
    return (len(_COPY_MARK.findall(stem)), len(file), file)


def _set_duplicates_aside(work: list[Work], known: _Known
                          ) -> tuple[list[Work], list[tuple[str, str]]]:
    """Of byte-identical files (or plain-text files of the same text, `text_key`), read
    only one: a report already indexed under another name, else the plainest name.
    Returns the work left and the others as (file, kept file); whether they were
    "indexed once" is known only after the kept one was read
    (`summary.settle_duplicates`)."""
    from ..readers import text_key

    changing = {item.file for item in work}
    groups: dict[str, list[Work]] = {}
    for item in work:
        groups.setdefault(text_key(item.path) or item.sha, []).append(item)
    # Plain-text reports already indexed, by their text (`text_key`): a copy saved with
    # other line ends or a byte-order mark is a duplicate of them too. Read only when a
    # plain-text file is to be read.
    indexed_texts: dict[str, list[str]] = {}
    if any(key.startswith("text:") for key in groups):
        for file in sorted(set(known.rows) & set(known.on_disk) - changing):
            key = text_key(known.on_disk[file])
            if key:
                indexed_texts.setdefault(key, []).append(file)
    keep: list[Work] = []
    duplicates: list[tuple[str, str]] = []
    for key, items in groups.items():
        same = {f for item in items for f in known.by_sha.get(item.sha, [])}
        indexed = sorted((f for f in same | set(indexed_texts.get(key, []))
                          if f in known.on_disk and f not in changing), key=plainness)
        items.sort(key=lambda i: plainness(i.file))
        if not indexed:
            keep.append(items[0])
            items = items[1:]
        kept = indexed[0] if indexed else keep[-1].file
        duplicates.extend((item.file, kept) for item in items)
    return sorted(keep, key=lambda i: i.file), duplicates


def missing_held_back(on_disk: dict[str, Path], manifest: Manifest,
                      settings: Settings) -> list[str]:
    """Indexed reports missing from the corpus when they are too many to remove in one
    run (more than `max_removal_share` of the index, or all of it: an empty or
    unmounted folder?); else []."""
    rows = manifest.reports()
    gone = [f for f in rows if f not in on_disk]
    if not gone or (len(gone) < len(rows)
                    and len(gone) <= settings.max_removal_share * len(rows)):
        return []
    return gone
