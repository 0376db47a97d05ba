"""`build_index()`: bring the Chroma index in line with the corpus folder.

Reports are read (each in a limited process of its own, several at once), embedded in groups, and
written by one writer thread while the model embeds the next group. Per group the order
is: mark each version pending, write the group's chunks, then per report commit its
manifest row (one SQLite transaction), delete the chunks of the version it replaces and
clear the pending marks. A crash at any point leaves the last committed versions fully queryable
(queries only see report versions in the manifest) and the next run sweeps what a crash
left half-written.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError, DiskFullError, ReportError
from .locking import file_lock
from .manifest import Manifest, ReportRow, is_disk_full
from .readers import SUPPORTED_SUFFIXES, sha256_file
from .settings import Settings, get_settings
from .types import IndexSummary, Report

ProgressFn = Callable[[int, int, str], None]

# Chunks embedded, then written, together (more on a GPU; see _index_reports).
_GROUP_CHUNKS = 1024


@dataclass
class _Work:
    file: str
    path: Path
    sha: str
    size: int
    mtime: float
    old_sha: str | None  # the version it replaces, if any


def resolve_settings(
    settings: Settings | None, corpus_dir: Path | str | None, index_dir: Path | str | None
) -> Settings:
    settings = settings or get_settings()
    update: dict[str, Any] = {}
    if corpus_dir is not None:
        update["corpus_dir"] = Path(corpus_dir)
    if index_dir is not None:
        update["index_dir"] = Path(index_dir)
    return settings.model_copy(update=update) if update else settings


def list_reports(corpus_dir: Path, *, follow_links: bool = False) -> dict[str, Path]:
    """Report files under the corpus, by path relative to it. Hidden files (names
    starting with "." or "_") and the corpus's own README are not reports. Only regular
    files are: a symbolic link (`link.txt -> ../.env`) is skipped, unless `follow_links`
    and its target is a file inside the corpus; linked folders are never entered."""
    if not corpus_dir.is_dir():
        raise ConfigError(
            f"corpus folder {corpus_dir} does not exist; create it and put reports in it, "
            "or set ASSISTANT_CORPUS_DIR"
        )
    import os

    root = corpus_dir.resolve()
    found: dict[str, Path] = {}
    for folder, dirs, names in os.walk(corpus_dir):  # followlinks=False: no linked folders
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(names):
            path = Path(folder) / name
            rel = path.relative_to(corpus_dir)
            if name.startswith((".", "_")) or rel.as_posix().lower() == "readme.md":
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if path.is_symlink():
                target = path.resolve()
                if not (follow_links and target.is_relative_to(root) and target.is_file()):
                    continue
            elif not path.is_file():  # a socket or a fifo named .txt
                continue
            found[rel.as_posix()] = path
    return dict(sorted(found.items()))


def build_index(
    corpus_dir: Path | str | None = None,
    index_dir: Path | str | None = None,
    *,
    rebuild: bool = False,
    settings: Settings | None = None,
    embedder: Any = None,
    progress: bool | ProgressFn = False,
    allow_mass_removal: bool = False,
) -> IndexSummary:
    """Index new and changed reports, drop deleted ones, follow renames. Returns a summary;
    bad reports are listed in `summary.failed` and never stop the others.

    Reports missing from the corpus are not removed when they are more than
    `settings.max_removal_share` of the index, or all of it (an empty or unmounted
    folder), unless `allow_mass_removal`; they are listed in `summary.kept_missing`.
    Raises DiskFullError when the disk holding the index fills up (the index as it was
    keeps answering), ConfigError for a missing corpus folder."""
    t0 = time.perf_counter()
    settings = resolve_settings(settings, corpus_dir, index_dir)
    on_disk = list_reports(settings.corpus_dir, follow_links=settings.follow_links)
    try:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        # One indexing run at a time per index, across threads (chat uploads) and
        # processes (a CLI run beside the chat): a second run waits instead of sweeping
        # the first one's half-written chunks.
        with _index_lock, file_lock(settings.index_dir / ".indexing.lock"):
            summary = _build(settings, on_disk, rebuild, embedder, progress,
                             allow_mass_removal)
    except Exception as exc:
        if is_disk_full(exc):
            raise DiskFullError(
                f"the disk holding the index ({settings.index_dir}) is full; free some space "
                "or set ASSISTANT_INDEX_DIR to a larger disk, then run again (the index as "
                "it was still answers)") from None
        raise
    summary.seconds = time.perf_counter() - t0
    return summary


_index_lock = threading.Lock()


def _build(settings: Settings, on_disk: dict[str, Path], rebuild: bool, embedder: Any,
           progress: bool | ProgressFn, allow_mass_removal: bool) -> IndexSummary:
    summary = IndexSummary()
    collection_name = settings.collection_name()
    manifest = Manifest(settings.index_dir, collection_name)
    try:
        _collection: list[Any] = []

        def collection() -> Any:
            # Opening Chroma costs a second; a run with nothing to do never needs it.
            if not _collection:
                from . import store

                _collection.append(store.get_collection(settings))
            return _collection[0]

        if rebuild:
            from . import bm25, store

            store.drop_collection(settings)
            manifest.clear()
            import shutil

            shutil.rmtree(bm25.bm25_root(settings.index_dir, collection_name),
                          ignore_errors=True)

        # Server mode: machines that did not index see the report list published on the
        # server, so replaced and removed versions keep their chunks until the new list
        # is published (else they could answer from BM25 text of a deleted version).
        # A crashed run may have left that list behind the manifest: publish it first.
        deferred: list[str] | None = [] if settings.chroma_url else None
        if settings.chroma_url:
            _publish_if_stale(settings, manifest)
        _sweep(manifest, collection)
        work = _diff(on_disk, manifest, summary, settings)
        changed = _index_reports(work, settings, manifest, collection, embedder, summary,
                                 progress, deferred)
        _settle_duplicates(summary)
        _record_failures(manifest, on_disk, summary)
        # A report edited into a copy of another one leaves the index under its old name.
        kept_on_disk = {f: p for f, p in on_disk.items()
                        if f not in {dup for dup, _ in summary.duplicates}}
        if allow_mass_removal or not _too_many_missing(kept_on_disk, manifest, settings,
                                                       summary):
            changed |= _remove_missing(kept_on_disk, manifest, collection, summary, deferred)
        changed |= bool(summary.renamed)
        started = time.perf_counter()
        if _refresh_bm25(settings, manifest, collection, force=changed):
            _add_time(summary, "bm25", started)
        if settings.chroma_url:
            _publish_if_stale(settings, manifest)
            _drop_versions(deferred or [], manifest, collection)
        if changed and settings.embed_backend == "torch":
            started = time.perf_counter()
            _export_for_queries(settings, summary)
            _add_time(summary, "export", started)
    finally:
        manifest.close()
    return summary


def _publish_if_stale(settings: Settings, manifest: Manifest) -> None:
    from . import store

    rows = manifest.reports()
    published = store.published_reports(settings)
    if published is None or ({f: r.sha256 for f, r in published.items()}
                             != {f: r.sha256 for f, r in rows.items()}):
        store.publish_reports(settings, list(rows.values()), complete=True)


def _drop_versions(shas: list[str], manifest: Manifest, collection: Callable[[], Any]) -> None:
    """Delete the chunks of replaced or removed versions (still pending until now)."""
    from . import store

    live = manifest.live_shas()
    for sha in shas:
        if sha not in live:
            store.delete_report_chunks(collection(), sha)
        manifest.clear_pending(sha)


def _export_for_queries(settings: Settings, summary: IndexSummary) -> None:
    """Export the model to ONNX once, so that `assistant ask` and the chat embed
    questions without importing torch."""
    from .embedding import export_onnx

    try:
        export_onnx(settings)
    except Exception as exc:  # queries fall back to torch; indexing itself succeeded
        summary.notes.append(f"ONNX export for fast queries failed ({type(exc).__name__}); "
                             "questions will use torch")


def _sweep(manifest: Manifest, collection: Callable[[], Any]) -> None:
    """Delete chunks that a crashed run wrote for report versions it never committed."""
    from . import store

    live = manifest.live_shas()
    for sha in manifest.pending():
        if sha not in live:
            store.delete_report_chunks(collection(), sha)
        manifest.clear_pending(sha)


def _too_many_missing(on_disk: dict[str, Path], manifest: Manifest, settings: Settings,
                      summary: IndexSummary) -> bool:
    """Whether the reports missing from the corpus are too many to remove in one run."""
    rows = manifest.reports()
    gone = [f for f in rows if f not in on_disk]
    if not gone or (len(gone) < len(rows) and len(gone) <= settings.max_removal_share * len(rows)):
        return False
    summary.kept_missing = gone
    return True


def failure_key(settings: Settings) -> str:
    """What a remembered failure depends on besides the file's bytes: the read limits,
    OCR on or off and installed. Changing any of them reads failed files again."""
    from .readers.pdf import tesseract_available
    from .sandbox import ReadLimits

    return json.dumps([ReadLimits.from_settings(settings).key(), settings.ocr,
                       settings.ocr_language, settings.ocr and tesseract_available(),
                       settings.report_max_mb])


def _diff(on_disk: dict[str, Path], manifest: Manifest, summary: IndexSummary,
          settings: Settings) -> list[_Work]:
    rows = manifest.reports()
    by_sha: dict[str, list[str]] = {}
    for row in rows.values():
        by_sha.setdefault(row.sha256, []).append(row.file)
    failures = manifest.failed_versions(failure_key(settings))
    work: list[_Work] = []
    for file, path in on_disk.items():
        try:
            stat = path.stat()
            sha = None
        except OSError as exc:  # removed or unreadable since the folder was listed
            summary.failed.append((file, f"cannot be read ({exc.strerror})"))
            continue
        row = rows.get(file)
        # Same size and mtime as when indexed: unchanged, without reading the file.
        if row and row.size == stat.st_size and row.mtime == stat.st_mtime:
            summary.unchanged.append(file)
            continue
        if stat.st_size > settings.report_max_mb * 1e6:
            summary.failed.append((file, f"{stat.st_size / 1e6:.3g} MB is over the "
                                   f"{settings.report_max_mb:g} MB limit per report "
                                   "(ASSISTANT_REPORT_MAX_MB); split it or raise the limit"))
            continue
        try:
            sha = sha256_file(path)
        except OSError as exc:  # a passing fault (share unavailable): retried next run
            summary.failed.append((file, f"cannot be read ({exc.strerror})"))
            continue
        if sha in failures:  # the same bytes failed before, under the same limits
            summary.failed.append((file, failures[sha]))
            continue
        if row and row.sha256 == sha:
            manifest.touch(file, stat.st_size, stat.st_mtime)
            summary.unchanged.append(file)
            continue
        if row is None:
            gone = [f for f in by_sha.get(sha, []) if f not in on_disk]
            if gone:  # a rename: same content under a new name keeps its vectors
                old = rows[gone[0]]
                old.file, old.size, old.mtime = file, stat.st_size, stat.st_mtime
                manifest.commit_report(old, replaces=gone[0])
                by_sha[sha].remove(gone[0])
                by_sha[sha].append(file)
                summary.renamed.append((gone[0], file))
                continue
        work.append(_Work(file, path, sha, stat.st_size, stat.st_mtime,
                          row.sha256 if row else None))
    return _set_duplicates_aside(work, by_sha, on_disk, summary)


_COPY_MARK = re.compile(
    r"\bcopy\b|\bkopie\b|\bcopie\b|\(\d+\)|\[\d+\]|[ _-]\d{1,2}$|~\d*$", re.I)


def plainness(file: str) -> tuple[int, int, str]:
    """Sort key that puts the plainest of several names for one report first:
    "report.txt" before "report (copy).txt", "Copy of report.txt" or "report (1).txt"."""
    stem = Path(file).stem
    return (len(_COPY_MARK.findall(stem)), len(file), file)


def _set_duplicates_aside(work: list[_Work], by_sha: dict[str, list[str]],
                          on_disk: dict[str, Path], summary: IndexSummary) -> list[_Work]:
    """Of byte-identical files, read only one: a report already indexed under another
    name, else the plainest name. The others are listed in `summary.duplicates` as
    (file, kept file); whether they were "indexed once" is known only after the kept
    one was read (`_settle_duplicates`)."""
    changing = {item.file for item in work}
    groups: dict[str, list[_Work]] = {}
    for item in work:
        groups.setdefault(item.sha, []).append(item)
    keep: list[_Work] = []
    for sha, items in groups.items():
        indexed = sorted((f for f in by_sha.get(sha, []) if f in on_disk and f not in changing),
                         key=plainness)
        items.sort(key=lambda i: plainness(i.file))
        if not indexed:
            keep.append(items[0])
            items = items[1:]
        kept = indexed[0] if indexed else keep[-1].file
        summary.duplicates.extend((item.file, kept) for item in items)
    return sorted(keep, key=lambda i: i.file)


def _record_failures(manifest: Manifest, on_disk: dict[str, Path],
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
        except OSError:  # gone or unreadable: the report list finds that out itself
            continue
        rows[file] = (file, stat.st_size, stat.st_mtime, reason)
    manifest.set_run_failures(list(rows.values()))


def _settle_duplicates(summary: IndexSummary) -> None:
    """A duplicate is a note when the report it copies is indexed, and fails with that
    report's reason when it could not be read (neither is in the index then)."""
    failed = dict(summary.failed)
    for file, kept in summary.duplicates:
        if kept in failed:
            summary.failed.append((file, f"same content as {kept}, which could not be read: "
                                         f"{failed[kept]}"))
        else:
            summary.notes.append(f"{file}: same content as {kept}; indexed once")


def _read(item: _Work, settings: Settings, progress: Callable[[str], None] | None = None
          ) -> tuple[tuple[Report, list] | None, ReportError | None]:
    """Read (in a limited process of its own, see sandbox.py) and chunk one report:
    ((report, nodes), None), or (None, the error saying why it failed)."""
    from .chunking import chunk_report
    from .sandbox import ReadLimits, read_isolated

    try:
        report = read_isolated(item.path, settings.corpus_dir, ocr=settings.ocr,
                               ocr_language=settings.ocr_language,
                               limits=ReadLimits.from_settings(settings), progress=progress,
                               tables=settings.pdf_tables)
    except ReportError as exc:
        return None, exc
    except OSError as exc:  # no process could be started (out of memory, pids): passing
        return None, ReportError(item.file, f"could not be read ({exc})", permanent=False)
    report.file = item.file
    report.sha256 = item.sha  # the hash the diff saw, even if the file changed since
    nodes = chunk_report(report, settings.chunk_max_chars, settings.chunk_overlap_sentences,
                         settings.collection_name())
    if not nodes:
        return None, ReportError(item.file, "no sentences found to index")
    if len(nodes) > settings.report_max_chunks:
        return None, ReportError(
            item.file, f"{len(nodes):,} chunks, over the limit of {settings.report_max_chunks:,} "
            "per report (ASSISTANT_REPORT_MAX_CHUNKS); split it or raise the limit")
    return (report, nodes), None


def _read_workers(settings: Settings, files: int) -> int:
    import os

    workers = settings.read_workers or min(8, os.cpu_count() or 1)
    return max(1, min(workers, files))


def _read_all(work: list[_Work], settings: Settings, bar: _Progress):
    """(item, (report, nodes) or None, ReportError or None) for each item, in order.

    Each file is read in a process of its own (memory- and time-limited); `workers` of
    them run at once, so reading many reports uses the machine's cores."""
    workers = _read_workers(settings, len(work))

    def one(item: _Work):
        return _read(item, settings, lambda text: bar.detail(item.file, text))

    if workers == 1:
        for item in work:
            yield item, *one(item)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="read")
    finished = False
    try:
        for item, result in zip(work, pool.map(one, work), strict=True):
            yield item, *result
        finished = True
    finally:
        # Interrupted (Ctrl-C, an error further on): don't read the rest first, and stop
        # the reads under way (their children don't get a terminal's Ctrl-C; left alone,
        # they would hold the exit for up to ASSISTANT_READ_TIMEOUT_S).
        pool.shutdown(wait=False, cancel_futures=True)
        if not finished:
            from .sandbox import stop_all

            stop_all()


def _index_reports(
    work: list[_Work],
    settings: Settings,
    manifest: Manifest,
    collection: Callable[[], Any],
    embedder: Any,
    summary: IndexSummary,
    progress: bool | ProgressFn,
    deferred: list[str] | None,
) -> bool:
    if not work:
        return False
    bar = _Progress(progress, len(work))
    ready: list[tuple[_Work, Report, list]] = []
    started = time.perf_counter()
    key = failure_key(settings)
    with closing(_read_all(work, settings, bar)) as reads:  # stops the readers on an error
        for item, got, error in reads:
            bar.step_read(item.file)
            if error is not None:
                summary.failed.append((item.file, error.reason))
                # Faults of the file itself, by its hash; passing ones are retried.
                if error.permanent:
                    manifest.remember_failure(item.sha, key, error.reason)
            if got:
                summary.notes.extend(got[0].notes)
                ready.append((item, *got))
    summary.stages["read"] = time.perf_counter() - started
    bar.start_chunks(sum(len(nodes) for _, _, nodes in ready))
    if not ready:
        bar.close()
        return False
    from llama_index.core.schema import MetadataMode

    from . import store
    from .embedding import batch_size, embed_texts, get_embedder

    embedder = embedder or get_embedder(settings)
    vstore = store.vector_store(collection())
    # Groups of several reports give the model full batches (on a GPU, many of them).
    group_chunks = max(_GROUP_CHUNKS, 16 * batch_size(settings, embedder))
    groups: list[list[tuple[_Work, Report, list]]] = [[]]
    for entry in ready:
        if sum(len(n) for _, _, n in groups[-1]) >= group_chunks:
            groups.append([])
        groups[-1].append(entry)
    # Chroma writes one group while the model embeds the next: on a GPU the writes
    # would otherwise leave it idle half the time. One writer keeps the per-report
    # order (pending, chunks, manifest commit) that crash safety rests on.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chroma-write") as writer:
        writing: Future | None = None
        for group in groups:
            nodes = [n for _, _, ns in group for n in ns]
            texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
            started = time.perf_counter()
            vectors = embed_texts(embedder, texts, settings, bar.advance)
            _add_time(summary, "embed", started)
            for node, vec in zip(nodes, vectors, strict=True):
                node.embedding = vec
            if writing is not None:
                writing.result()  # re-raises a failed write before more is written
            writing = writer.submit(_write_group, group, manifest, vstore, collection,
                                    summary, deferred)
        if writing is not None:
            writing.result()
    bar.close()
    return True


def _write_group(group: list[tuple[_Work, Report, list]], manifest: Manifest, vstore: Any,
                 collection: Callable[[], Any], summary: IndexSummary,
                 deferred: list[str] | None) -> None:
    """Write a group's chunks in one Chroma call, then commit its reports one by one.

    Every version is marked pending before its chunks exist and unmarked only after its
    manifest commit: if we die in between, the next run sweeps what it finds pending.
    """
    started = time.perf_counter()
    for item, _, _ in group:
        manifest.mark_pending(item.sha)
        if item.old_sha:
            # If we die after the commit below, the next run's sweep deletes the old chunks.
            manifest.mark_pending(item.old_sha)
    vstore.add([node for _, _, nodes in group for node in nodes])
    for item, report, nodes in group:
        row = ReportRow(
            file=item.file, sha256=item.sha, title=report.title, event_date=report.event_date,
            venue=report.venue, format=report.format, pages=len(report.pages),
            chunks=len(nodes), size=item.size, mtime=item.mtime,
            notes=json.dumps(report.notes + _ocr_note(report)), indexed_at=time.time(),
        )
        manifest.commit_report(row)
        manifest.clear_pending(item.sha)
        if item.old_sha and deferred is None:
            _drop_versions([item.old_sha], manifest, collection)
        elif item.old_sha:
            deferred.append(item.old_sha)
        summary.chunks_written += len(nodes)
        (summary.updated if item.old_sha else summary.added).append(item.file)
    _add_time(summary, "write", started)


def _ocr_note(report: Report) -> list[str]:
    """A note naming the pages read by OCR, for the report list."""
    pages = [p.number for p in report.pages if p.ocr and p.number]
    if not pages:
        return []
    from .readers.pdf import _ranges

    return [f"{report.file}: pages {_ranges(pages)} read by OCR"]


def _add_time(summary: IndexSummary, stage: str, started: float) -> None:
    summary.stages[stage] = summary.stages.get(stage, 0.0) + time.perf_counter() - started


def _remove_missing(on_disk: dict[str, Path], manifest: Manifest,
                    collection: Callable[[], Any], summary: IndexSummary,
                    deferred: list[str] | None) -> bool:
    removed = False
    for file, row in manifest.reports().items():
        if file in on_disk:
            continue
        manifest.mark_pending(row.sha256)  # if we die now, the next run sweeps its chunks
        manifest.remove(file)
        if deferred is None:
            _drop_versions([row.sha256], manifest, collection)
        else:
            deferred.append(row.sha256)
        summary.removed.append(file)
        removed = True
    return removed


def _refresh_bm25(settings: Settings, manifest: Manifest, collection: Callable[[], Any],
                  force: bool) -> bool:
    from . import bm25

    signature = manifest.signature()
    if not force and bm25.current_signature(settings.index_dir, manifest.collection) == signature:
        return False
    nodes = bm25.nodes_for(collection(), list(manifest.reports().values()))
    bm25.write_bm25(settings.index_dir, manifest.collection, nodes, signature)
    return True


class _Progress:
    """tqdm bars on stderr for the CLI, or a callback (the chat's progress bar)."""

    def __init__(self, progress: bool | ProgressFn, reports: int):
        self.callback = progress if callable(progress) else None
        self.enabled = bool(progress) and not self.callback
        self.reports = reports
        self.done_reports = 0
        self.total = 0
        self.done = 0
        self.bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=reports, desc="Reading reports", unit="report",
                            file=sys.stderr, leave=False)

    def detail(self, file: str, text: str) -> None:
        """Progress inside one report (OCR pages)."""
        if self.bar is not None:
            self.bar.set_postfix_str(f"{file[-30:]}: {text}")
        if self.callback:
            self.callback(self.done_reports, self.reports, f"Reading {file}: {text}")

    def step_read(self, file: str) -> None:
        self.done_reports += 1
        if self.bar is not None:
            self.bar.set_postfix_str(file[-40:], refresh=False)
            self.bar.update(1)
        if self.callback:
            self.callback(self.done_reports, self.reports, f"Reading {file}")

    def start_chunks(self, total: int) -> None:
        self.total = total
        if self.bar is not None:
            self.bar.close()
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="Embedding chunks", unit="chunk", file=sys.stderr)

    def advance(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        if self.callback:
            self.callback(self.done, self.total, "Embedding chunks")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
