"""`build_index()`: one indexing run, stage by stage (see the package docstring)."""

from __future__ import annotations

import logging
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus import list_reports
from ..errors import DiskFullError
from ..index import Index
from ..manifest import Manifest, is_disk_full
from ..settings import Settings, get_settings
from ..types import IndexSummary
from .embed import embed_and_write
from .plan import Plan, apply_moves, missing_held_back, plan_run
from .progress import Progress, ProgressFn
from .publish import publish
from .reading import Reads, read_stage
from .summary import record_failures, summarize
from .write import Retirements, Written, remove_missing, sweep

logger = logging.getLogger(__name__)


@dataclass
class Options:
    """How `build_index` was asked to run."""

    rebuild: bool = False
    embedder: Any = None  # a llama-index embedding; default the settings' model
    progress: bool | ProgressFn = False
    allow_mass_removal: bool = False


def resolve_settings(
    settings: Settings | None, corpus_dir: Path | str | None, index_dir: Path | str | None
) -> Settings:
    """`settings` (default the environment's) with the given folders in place."""
    settings = settings or get_settings()
    update: dict[str, Any] = {}
    if corpus_dir is not None:
        update["corpus_dir"] = Path(corpus_dir)
    if index_dir is not None:
        update["index_dir"] = Path(index_dir)
    return settings.model_copy(update=update) if update else settings


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
    index = Index(settings)
    options = Options(rebuild, embedder, progress, allow_mass_removal)
    try:
        with index.indexing_lock():
            summary = _run(index, on_disk, options)
    except Exception as exc:
        if is_disk_full(exc):
            raise DiskFullError(
                f"the disk holding the index ({settings.index_dir}) is full; free some space "
                "or set ASSISTANT_INDEX_DIR to a larger disk, then run again (the index as "
                "it was still answers)") from None
        raise
    summary.seconds = time.perf_counter() - t0
    return summary


class _LazyCollection:
    """The chunk collection, opened on first call: opening Chroma costs a second, and a
    run with nothing to do never needs it."""

    def __init__(self, index: Index):
        self.index = index
        self.opened: Any = None

    def __call__(self) -> Any:
        if self.opened is None:
            self.opened = self.index.collection()
        return self.opened


def _run(index: Index, on_disk: dict[str, Path], options: Options) -> IndexSummary:
    settings = index.settings
    with closing(index.manifest()) as manifest:
        collection = _LazyCollection(index)
        if options.rebuild:
            index.clear(manifest)
        # A crashed run may have left a shared store's live list behind the manifest.
        index.store.publish(manifest)
        sweep(manifest, collection)
        retirements = Retirements(manifest, collection, defer=index.store.shared)
        plan = plan_run(on_disk, manifest, settings)
        apply_moves(plan, manifest)
        reads, written = _index_reports(plan, settings, manifest, collection, retirements,
                                        options)
        summary = summarize(plan, reads, written)
        record_failures(manifest, on_disk, summary)
        removed = _remove(on_disk, manifest, settings, retirements, summary, options)
        changed = bool(reads.ready or removed or plan.renamed)
        done = publish(index, manifest, collection, retirements, changed)
        summary.stages.update(done.stages)
        summary.notes.extend(done.notes)
    return summary


def _index_reports(plan: Plan, settings: Settings, manifest: Manifest, collection: Any,
                   retirements: Retirements, options: Options) -> tuple[Reads, Written]:
    """Read, embed and write the planned reports."""
    if not plan.work:
        return Reads(), Written()
    bar = Progress(options.progress, len(plan.work))
    try:
        reads = read_stage(plan.work, settings, manifest, bar)
        bar.start_chunks(reads.chunks)
        if not reads.ready:
            return reads, Written()
        return reads, embed_and_write(reads.ready, settings, manifest, collection,
                                      retirements, options.embedder, bar)
    finally:
        bar.close()


def _remove(on_disk: dict[str, Path], manifest: Manifest, settings: Settings,
            retirements: Retirements, summary: IndexSummary, options: Options) -> list[str]:
    """Remove the reports missing from the corpus (into `summary.removed`), unless too
    many are (then they are listed in `summary.kept_missing`)."""
    # A report edited into a copy of another one leaves the index under its old name.
    duplicates = {dup for dup, _ in summary.duplicates}
    kept_on_disk = {f: p for f, p in on_disk.items() if f not in duplicates}
    if not options.allow_mass_removal:
        summary.kept_missing = missing_held_back(kept_on_disk, manifest, settings)
        if summary.kept_missing:
            return []
    summary.removed = remove_missing(kept_on_disk, manifest, retirements)
    return summary.removed
