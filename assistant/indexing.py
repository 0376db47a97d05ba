"""`build_index()`: bring the Chroma index in line with the corpus folder.

Per report the order is: mark the version pending, write its chunks, commit its manifest
row (one SQLite transaction), delete the chunks of the version it replaces, clear the
pending mark. A crash at any point leaves the last committed versions fully queryable
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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError, ReportError
from .manifest import Manifest, ReportRow
from .readers import SUPPORTED_SUFFIXES, read_report, sha256_file
from .settings import Settings, get_settings
from .types import IndexSummary, Report

ProgressFn = Callable[[int, int, str], None]

# Embed chunks of several small reports together so the model sees full batches.
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


def list_reports(corpus_dir: Path) -> dict[str, Path]:
    """Report files under the corpus, by path relative to it. Hidden files and the
    corpus's own README are not reports."""
    if not corpus_dir.is_dir():
        raise ConfigError(
            f"corpus folder {corpus_dir} does not exist; create it and put reports in it, "
            "or set ASSISTANT_CORPUS_DIR"
        )
    found: dict[str, Path] = {}
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if rel.as_posix().lower() == "readme.md" or not path.is_file():
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            found[rel.as_posix()] = path
    return found


def build_index(
    corpus_dir: Path | str | None = None,
    index_dir: Path | str | None = None,
    *,
    rebuild: bool = False,
    settings: Settings | None = None,
    embedder: Any = None,
    progress: bool | ProgressFn = False,
) -> IndexSummary:
    """Index new and changed reports, drop deleted ones, follow renames. Returns a summary;
    bad reports are listed in `summary.failed` and never stop the others."""
    t0 = time.perf_counter()
    settings = resolve_settings(settings, corpus_dir, index_dir)
    on_disk = list_reports(settings.corpus_dir)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    # One indexing run at a time per index, across threads (chat uploads) and processes
    # (a CLI run beside the chat): a second run waits instead of sweeping the first
    # one's half-written chunks.
    with _index_lock, _file_lock(settings.index_dir / ".indexing.lock"):
        summary = _build(settings, on_disk, rebuild, embedder, progress)
    summary.seconds = time.perf_counter() - t0
    return summary


_index_lock = threading.Lock()


@contextmanager
def _file_lock(path: Path):
    import fcntl

    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(settings: Settings, on_disk: dict[str, Path], rebuild: bool, embedder: Any,
           progress: bool | ProgressFn) -> IndexSummary:
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

        _sweep(manifest, collection)
        work = _diff(on_disk, manifest, summary)
        changed = _index_reports(work, settings, manifest, collection, embedder, summary,
                                 progress)
        changed |= _remove_missing(on_disk, manifest, collection, summary)
        changed |= bool(summary.renamed)
        _refresh_bm25(settings, manifest, collection, force=changed)
        if changed and settings.embed_backend == "torch":
            _export_for_queries(settings, summary)
    finally:
        manifest.close()
    return summary


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


def _diff(on_disk: dict[str, Path], manifest: Manifest, summary: IndexSummary) -> list[_Work]:
    rows = manifest.reports()
    by_sha: dict[str, list[str]] = {}
    for row in rows.values():
        by_sha.setdefault(row.sha256, []).append(row.file)
    failures = manifest.failures()
    work: list[_Work] = []
    for file, path in on_disk.items():
        try:
            stat = path.stat()
            sha = None
        except OSError as exc:  # removed or unreadable since the folder was listed
            summary.failed.append((file, f"cannot be read ({exc.strerror})"))
            continue
        row = rows.get(file)
        failed = failures.get(file)
        if row is None and failed and failed[:2] == (stat.st_size, stat.st_mtime):
            summary.failed.append((file, failed[2]))  # still bad; reading it again won't help
            continue
        # Same size and mtime as when indexed: unchanged, without reading the file.
        if row and row.size == stat.st_size and row.mtime == stat.st_mtime:
            summary.unchanged.append(file)
            continue
        try:
            sha = sha256_file(path)
        except OSError as exc:
            summary.failed.append((file, f"cannot be read ({exc.strerror})"))
            continue
        if row and row.sha256 == sha:
            manifest.touch(file, stat.st_size, stat.st_mtime)
            summary.unchanged.append(file)
            continue
        twins = [f for f in by_sha.get(sha, []) if f in on_disk and f != file]
        if row is not None and twins:  # edited into a copy of another report
            summary.failed.append((file, f"same content as {twins[0]}; indexed once"))
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
            twins = [f for f in by_sha.get(sha, []) if f in on_disk]
            if twins:
                summary.failed.append((file, f"same content as {twins[0]}; indexed once"))
                continue
        work.append(_Work(file, path, sha, stat.st_size, stat.st_mtime,
                          row.sha256 if row else None))
        by_sha.setdefault(sha, []).append(file)
    return work


def _read(item: _Work, settings: Settings, summary: IndexSummary) -> tuple[Report, list] | None:
    from .chunking import chunk_report

    try:
        report = read_report(item.path, settings.corpus_dir, ocr=settings.ocr,
                             ocr_language=settings.ocr_language)
    except ReportError as exc:
        summary.failed.append((item.file, exc.reason))
        return None
    except Exception as exc:  # a reader bug must not stop the other reports
        summary.failed.append((item.file, f"could not be read ({type(exc).__name__}: {exc})"))
        return None
    report.sha256 = item.sha  # the hash the diff saw, even if the file changed since
    summary.notes.extend(report.notes)
    nodes = chunk_report(report, settings.chunk_max_chars, settings.chunk_overlap_sentences,
                         settings.collection_name())
    if not nodes:
        summary.failed.append((item.file, "no sentences found to index"))
        return None
    return report, nodes


def _index_reports(
    work: list[_Work],
    settings: Settings,
    manifest: Manifest,
    collection: Callable[[], Any],
    embedder: Any,
    summary: IndexSummary,
    progress: bool | ProgressFn,
) -> bool:
    if not work:
        return False
    bar = _Progress(progress, len(work))
    ready: list[tuple[_Work, Report, list]] = []
    for item in work:
        bar.step_read(item.file)
        before = len(summary.failed)
        got = _read(item, settings, summary)
        reason = summary.failed[-1][1] if len(summary.failed) > before else None
        # Not remembered when installing Tesseract or turning OCR on would fix it.
        if reason is None or "OCR" not in reason:
            manifest.set_failure(item.file, item.size, item.mtime, reason)
        if got:
            ready.append((item, *got))
    bar.start_chunks(sum(len(nodes) for _, _, nodes in ready))
    if not ready:
        bar.close()
        return False
    from llama_index.core.schema import MetadataMode

    from . import store
    from .embedding import get_embedder

    embedder = embedder or get_embedder(settings)
    vstore = store.vector_store(collection())
    changed = False
    group: list[tuple[_Work, Report, list]] = []
    for i, entry in enumerate(ready):
        group.append(entry)
        if sum(len(n) for _, _, n in group) < _GROUP_CHUNKS and i + 1 < len(ready):
            continue
        nodes = [n for _, _, ns in group for n in ns]
        # Length-sorted batches: the model pads each batch to its longest text, so
        # batching texts of similar length saves most of the padding work.
        nodes.sort(key=lambda n: len(n.get_content(metadata_mode=MetadataMode.EMBED)))
        texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
        step = settings.embed_batch_size * 4
        for b in range(0, len(texts), step):
            vectors = embedder.get_text_embedding_batch(texts[b : b + step])
            for node, vec in zip(nodes[b : b + step], vectors, strict=True):
                node.embedding = vec
            bar.advance(len(vectors))
        for item, report, report_nodes in group:
            _write_report(item, report, report_nodes, manifest, vstore, collection, summary)
            changed = True
        group = []
    bar.close()
    return changed


def _write_report(item: _Work, report: Report, nodes: list, manifest: Manifest, vstore: Any,
                  collection: Callable[[], Any], summary: IndexSummary) -> None:
    from . import store

    manifest.mark_pending(item.sha)
    if item.old_sha:
        # If we die after the commit below, the next run's sweep deletes the old chunks.
        manifest.mark_pending(item.old_sha)
    vstore.add(nodes)
    row = ReportRow(
        file=item.file, sha256=item.sha, title=report.title, event_date=report.event_date,
        venue=report.venue, format=report.format, pages=len(report.pages), chunks=len(nodes),
        size=item.size, mtime=item.mtime, notes=json.dumps(report.notes),
        indexed_at=time.time(),
    )
    manifest.commit_report(row)
    if item.old_sha and item.old_sha not in manifest.live_shas():
        store.delete_report_chunks(collection(), item.old_sha)
    if item.old_sha:
        manifest.clear_pending(item.old_sha)
    manifest.clear_pending(item.sha)
    summary.chunks_written += len(nodes)
    (summary.updated if item.old_sha else summary.added).append(item.file)


def _remove_missing(on_disk: dict[str, Path], manifest: Manifest,
                    collection: Callable[[], Any], summary: IndexSummary) -> bool:
    from . import store

    removed = False
    for file, row in manifest.reports().items():
        if file in on_disk:
            continue
        manifest.mark_pending(row.sha256)  # if we die now, the next run sweeps its chunks
        manifest.remove(file)
        if row.sha256 not in manifest.live_shas():
            store.delete_report_chunks(collection(), row.sha256)
        manifest.clear_pending(row.sha256)
        summary.removed.append(file)
        removed = True
    return removed


def _refresh_bm25(settings: Settings, manifest: Manifest, collection: Callable[[], Any],
                  force: bool) -> None:
    from . import bm25, store

    signature = manifest.signature()
    if not force and bm25.current_signature(settings.index_dir, manifest.collection) == signature:
        return
    files = {row.sha256: row.file for row in manifest.reports().values()}
    nodes = store.all_nodes(collection(), set(files))
    for node in nodes:
        node.metadata["file"] = files[node.metadata["doc_sha"]]  # renames live in the manifest
        # BM25 also indexes the file name: questions name reports by their short names
        # ("the CSJ fact sheet", "the NEMOPS workshop") that often only the file carries.
        node.metadata["file_words"] = re.sub(r"[-_.]+", " ", Path(node.metadata["file"]).stem)
        node.excluded_embed_metadata_keys = [
            k for k in node.metadata if k not in ("title", "file_words")
        ]
    bm25.write_bm25(settings.index_dir, manifest.collection, nodes, signature)


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
