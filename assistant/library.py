"""The report library: what is in the corpus folder and in what state, adding an uploaded
report and removing one. The CLI, the web chat and the HTTP API all go through here, so a
report added one way is seen the same way by the others.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .dates import show_event_date
from .errors import AssistantError, ConfigError
from .settings import Settings
from .types import IndexSummary

logger = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]


@dataclass
class ReportState:
    """One report file as a user sees it in the report list.

    `state` is one of: "indexed", "failed" (with `reason`), "duplicate" (`duplicate_of`
    names the indexed copy), "waiting" (on disk, not indexed yet) or "removed" (indexed,
    but the file is gone; the next indexing run drops it)."""

    file: str
    state: str
    title: str = ""
    event_date: str | None = None  # ISO; a range's first day
    pages: int = 0
    chunks: int = 0
    reason: str | None = None
    duplicate_of: str | None = None
    notes: list[str] = field(default_factory=list)  # OCR pages, what was not read
    event_end: str | None = None  # ISO last day of an event over several days

    @property
    def shown_date(self) -> str:
        """The event date as the report lists show it ("2025-03-05", a range
        "2025-03-05 – 2025-03-07"); "" for none."""
        return show_event_date(self.event_date, self.event_end)

    @property
    def label(self) -> str:
        """`Title — file` for pickers, so a report is recognised by name and file."""
        return f"{self.title} — {self.file}" if self.title else self.file

    @property
    def status_text(self) -> str:
        """The state as a short phrase for the report list."""
        if self.state == "indexed":
            extra = "; ".join(self.notes)
            return "indexed" + (f" ({extra})" if extra else "")
        if self.state == "failed":
            return f"failed: {self.reason}"
        if self.state == "duplicate":
            return f"duplicate of {self.duplicate_of} (indexed once)"
        if self.state == "waiting":
            return "waiting to be indexed"
        return "file removed; leaves the index on the next run"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status_text}


@dataclass
class AddResult:
    """What became of an upload: `file` (relative to the corpus) when indexed, else
    `error` (one line naming the file)."""

    name: str
    file: str | None = None
    error: str | None = None
    summary: IndexSummary | None = None

    @property
    def ok(self) -> bool:
        return self.file is not None and self.error is None


def indexed_rows(settings: Settings) -> dict[str, Any]:
    """Manifest rows of the live reports, by file (the server's published list in
    server mode): what questions are answered from."""
    from .index import Index

    return Index(settings).live_reports()


def report_states(settings: Settings) -> list[ReportState]:
    """Every report file of the corpus and every indexed report, with its state, sorted
    by file. Reads the manifest; hashes only files that are not indexed (to find
    duplicates)."""
    from .corpus import list_reports
    from .index import Index

    index = Index(settings)
    rows = indexed_rows(settings)
    try:
        on_disk = list_reports(settings.corpus_dir)
    except ConfigError as exc:  # no corpus folder: the indexed reports only
        logger.info("report list without the corpus: %s", exc)
        on_disk = {}
    last_run: dict[str, tuple[int, float, str]] = {}
    by_hash: dict[str, str] = {}
    if index.manifest_path.exists():
        from .indexing import failure_key

        try:
            manifest = index.manifest(read_only=True)
            try:
                last_run = manifest.failures()
                by_hash = manifest.failed_versions(failure_key(settings))
            finally:
                manifest.close()
        except Exception as exc:  # a busy or older manifest: states without failure reasons
            logger.info("could not read past failures from %s: %s", index.manifest_path, exc)
            last_run, by_hash = {}, {}
    by_sha = {r.sha256: f for f, r in rows.items()}
    by_sha.update(_indexed_texts(rows, on_disk))
    out: list[ReportState] = []
    for file, row in rows.items():
        out.append(ReportState(
            file=file, state="indexed" if file in on_disk or not on_disk else "removed",
            title=row.title, event_date=row.event_date, event_end=row.event_end,
            pages=row.pages, chunks=row.chunks,
            notes=_notes_of(row)))
    for file, path in on_disk.items():
        if file in rows:
            continue
        out.append(_unindexed_state(settings, file, path, last_run, by_hash, by_sha, rows))
    return sorted(out, key=lambda s: s.file)


def _unindexed_state(settings: Settings, file: str, path: Path,
                     last_run: dict[str, tuple[int, float, str]], by_hash: dict[str, str],
                     by_sha: dict[str, str], rows: dict[str, Any]) -> ReportState:
    """The state of a report file that is not in the index: failed (in the last run,
    unchanged since; or these bytes failed before under the same read settings; or over
    the size limit), a duplicate of an indexed report, or waiting."""
    from .corpus import name_problem
    from .readers import sha256_file

    bad_name = name_problem(file)
    if bad_name:
        return ReportState(file=bad_name[0], state="failed", reason=bad_name[1])
    try:
        stat = path.stat()
        failed = last_run.get(file)
        if failed and (failed[0], failed[1]) == (stat.st_size, stat.st_mtime):
            return ReportState(file=file, state="failed", reason=failed[2])
        if stat.st_size > settings.report_max_mb * 1e6:
            return ReportState(file=file, state="failed", reason=(
                f"{stat.st_size / 1e6:.3g} MB is over the {settings.report_max_mb:g} MB "
                "limit per report (ASSISTANT_REPORT_MAX_MB); split it or raise the limit"))
        sha = sha256_file(path)
    except OSError as exc:
        return ReportState(file=file, state="failed", reason=f"cannot be read ({exc.strerror})")
    if sha in by_hash:
        return ReportState(file=file, state="failed", reason=by_hash[sha])
    twin = by_sha.get(sha)
    if twin is None and _plain_text(path):
        from .readers import text_key

        twin = by_sha.get(text_key(path) or "")
    if twin:
        return ReportState(file=file, state="duplicate", duplicate_of=twin,
                           title=rows[twin].title)
    return ReportState(file=file, state="waiting")


def _indexed_texts(rows: dict[str, Any], on_disk: dict[str, Path]) -> dict[str, str]:
    """Indexed plain-text reports by their text (`readers.text_key`), where a file not
    indexed is plain text: a copy saved with other line ends or a byte-order mark, which
    the indexing run set aside as a duplicate."""
    from .readers import text_key

    if not any(f not in rows and _plain_text(p) for f, p in on_disk.items()):
        return {}
    out: dict[str, str] = {}
    for f in sorted(rows, reverse=True):
        key = text_key(on_disk[f]) if f in on_disk and _plain_text(on_disk[f]) else None
        if key:
            out[key] = f
    return out


def _plain_text(path: Path) -> bool:
    from .readers import PLAIN_TEXT_SUFFIXES

    return path.suffix.lower() in PLAIN_TEXT_SUFFIXES


def _notes_of(row: Any) -> list[str]:
    try:
        notes = json.loads(row.notes or "[]")
    except (TypeError, ValueError) as exc:
        logger.info("unreadable notes of %s: %s", row.file, exc)
        return []
    # Notes name their file first ("a.pdf: pages 2-3 ..."); the list shows it already.
    return [str(n).split(": ", 1)[1] if str(n).startswith(f"{row.file}: ") else str(n)
            for n in notes]


def add_report(settings: Settings, src: Path, name: str | None = None,
               progress: ProgressFn | None = None) -> AddResult:
    """Check an uploaded file, copy it into `corpus/uploads/` and index it.

    `name` is the file name the user gave (an upload's temporary path has another). A
    refused or unreadable file is not kept in the corpus. Never raises for a bad file:
    the reason is in `AddResult.error`."""
    results = add_reports(settings, [(Path(src), name)], progress)
    return results[0]


def add_reports(settings: Settings, items: list[tuple[Path, str | None]],
                progress: ProgressFn | None = None) -> list[AddResult]:
    """`add_report` for several files with one indexing run."""
    from .indexing import build_index

    results: list[AddResult] = []
    staged: list[tuple[AddResult, Path]] = []
    for src, name in items:
        shown = name or Path(src).name
        src = _named_copy(Path(src), name)
        rel, err = _store(settings, src)
        result = AddResult(name=shown, file=rel, error=err)
        results.append(result)
        if rel:
            staged.append((result, src))
    if staged:
        try:
            summary = build_index(settings=settings, progress=progress or False)
        except AssistantError as exc:  # e.g. a full disk: keep the corpus as it was
            logger.info("uploads not added: %s", exc)
            for result, _ in staged:
                (settings.corpus_dir / str(result.file)).unlink(missing_ok=True)
                result.error, result.file = f"{result.name}: not added ({exc})", None
            return results
        failed = dict(summary.failed)
        done = set(summary.added + summary.updated)
        for result, _ in staged:
            result.summary = summary
            assert result.file is not None
            if result.file in failed:
                (settings.corpus_dir / result.file).unlink(missing_ok=True)  # keep corpus clean
                result.error = f"{result.name}: {failed[result.file]}"
                result.file = None
            elif result.file not in done:
                result.error = f"{result.name}: not indexed (see `assistant index`)"
    return results


def _named_copy(src: Path, name: str | None) -> Path:
    """Uploads arrive under temporary names; the checks and the corpus want the user's."""
    if not name or Path(name).name == src.name:
        return src
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="upload-"))
    dest = folder / Path(name).name
    shutil.copyfile(src, dest)
    return dest


def _store(settings: Settings, src: Path) -> tuple[str | None, str | None]:
    """Copy an uploaded file into corpus/uploads after the checks that need no reading
    (size, type, already indexed); (file relative to the corpus, None) or (None, why
    not). The file is read once, by the indexing run that follows, in a limited process
    (sandbox.py): the server that took the upload never parses it."""
    from .readers import sha256_file
    from .untrusted import strip_controls

    name = strip_controls(Path(src).name)
    size_mb = Path(src).stat().st_size / 1e6
    if size_mb > settings.upload_max_mb:
        return None, (f"{name}: {size_mb:.1f} MB is over the {settings.upload_max_mb:g} MB limit "
                      "(ASSISTANT_UPLOAD_MAX_MB)")
    if Path(name).suffix.lower() not in settings.upload_types:
        return None, (f"{name}: not an accepted type ({', '.join(settings.upload_types)}; "
                      "ASSISTANT_UPLOAD_TYPES)")
    sha = sha256_file(Path(src))
    for row in indexed_rows(settings).values():
        if row.sha256 == sha:
            return None, f"{name}: already indexed as {row.file}"
    dest_dir = settings.corpus_dir / "uploads"
    dest_dir.mkdir(parents=True, exist_ok=True)
    safe = upload_name(name)
    dest = dest_dir / safe
    i = 1
    while dest.exists() or dest.is_symlink():
        dest = dest_dir / f"{Path(safe).stem}-{i}{Path(safe).suffix}"
        i += 1
    shutil.copyfile(src, dest)
    return dest.relative_to(settings.corpus_dir).as_posix(), None


def upload_name(name: str) -> str:
    """A safe file name for an upload: letters, digits, dots, dashes, underscores and
    spaces; no leading "." or "_" (such files are not indexed); its type suffix kept, so
    "..txt" becomes "report.txt", not "txt"."""
    from .untrusted import strip_controls

    name = strip_controls(Path(name).name)
    suffix = Path(name).suffix.lower() if Path(name).suffix.strip(".") else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    stem = re.sub(r"[^\w.\- ]", "_", stem).strip().lstrip("._ ").rstrip(". ")
    return (stem or "report") + suffix


def index_if_empty(settings: Settings, progress: bool | ProgressFn = True,
                   on_start: Callable[[], None] | None = None) -> IndexSummary | None:
    """Build the index when nothing is indexed yet and the corpus holds reports (a first
    `make chat`), calling `on_start` first; the summary, or None when there was nothing
    to do. Raises ConfigError for a missing corpus folder."""
    from .corpus import list_reports
    from .indexing import build_index

    if indexed_rows(settings) or not list_reports(settings.corpus_dir,
                                                  follow_links=settings.follow_links):
        return None
    if on_start:
        on_start()
    return build_index(settings=settings, progress=progress)


def remove_report(settings: Settings, file: str) -> IndexSummary:
    """Delete a report file from the corpus and drop it from the index.

    Raises ConfigError when `file` is not a report file inside the corpus."""
    from .corpus import list_reports
    from .indexing import build_index

    if file not in indexed_rows(settings):
        raise ConfigError(f"{file}: not an indexed report; see the report list")
    reports = list_reports(settings.corpus_dir)
    path = reports.get(file)
    if path is None or not path.is_file() or path.is_symlink():
        raise ConfigError(f"{file}: not a report in the corpus; see the report list")
    root = settings.corpus_dir.resolve()
    if not path.resolve().is_relative_to(root):
        raise ConfigError(f"{file}: not a report in the corpus; see the report list")
    path.unlink()
    # One report, picked by hand: never held back as a mass removal.
    return build_index(settings=settings, allow_mass_removal=True)


__all__ = ["AddResult", "ReportState", "add_report", "add_reports", "index_if_empty",
           "indexed_rows", "remove_report", "report_states", "upload_name"]
