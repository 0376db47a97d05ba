"""`assistant index --watch`: keep the index in line with the corpus folder.

Changes are seen with watchfiles (Rust `notify` underneath: inotify on Linux, FSEvents
on macOS, polling as a fallback) and debounced, so copying fifty reports is one indexing
run. Each run is an ordinary `build_index()`, which is crash-safe: a kill at any moment
leaves the previous index answering, and the next run finishes the work. A running chat
sees each run's result at its next question (it reads the manifest per question).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .readers import LISTED_SUFFIXES
from .settings import Settings
from .types import IndexSummary


def is_report_path(corpus_dir: Path, path: str | Path) -> bool:
    """Whether a changed path can matter to the index: a report file (by extension) that is
    not hidden or `_`-prefixed, or a folder (a moved folder of reports)."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(corpus_dir.resolve()) if p.is_absolute() else p
    except ValueError:
        return False
    if any(part.startswith((".", "_")) for part in rel.parts):
        return False
    return p.suffix.lower() in LISTED_SUFFIXES or p.suffix == "" or p.is_dir()


def watch_index(settings: Settings, *, on_run: Callable[[IndexSummary], None] | None = None,
                on_error: Callable[[Exception], None] | None = None,
                progress: Any = False, stop: threading.Event | None = None,
                initial: bool = True) -> int:
    """Index now (when `initial`), then again after each debounced batch of changes,
    until `stop` is set or Ctrl-C (at any moment, a run included). Returns the number of
    runs. Errors of one run (a full disk, an unreachable server) go to `on_error` and the
    watch goes on."""
    from .errors import AssistantError
    from .indexing import build_index

    runs = 0

    def run() -> None:
        nonlocal runs
        try:
            summary = build_index(settings=settings, progress=progress)
        except AssistantError as exc:
            if on_error:
                on_error(exc)
            return
        runs += 1
        if on_run:
            on_run(summary)

    try:
        before = _listing(settings.corpus_dir) if initial else None
        if initial:
            run()
        for _ in _batches(settings, stop, before):
            run()
    except KeyboardInterrupt:
        # Ctrl-C may come at any moment, the first run and its report included: each
        # build_index() is crash-safe, so stopping here loses nothing already indexed.
        pass
    return runs


def _batches(settings: Settings, stop: threading.Event | None,
             before: set[tuple[str, int, int]] | None) -> Iterator[set]:
    """The batches of `changes` that hold any, and one more at the start when the corpus
    no longer lists as `before` (taken before the first run): the watcher starts only
    after that run, so a report dropped in during it shows as no change."""
    for batch in changes(settings, stop):
        if before is not None:
            if not batch and _listing(settings.corpus_dir) != before:
                batch = {("listing", str(settings.corpus_dir))}
            before = None
        if batch:
            yield batch


def _listing(corpus_dir: Path) -> set[tuple[str, int, int]]:
    """(path, size, mtime in ns) of every report path under `corpus_dir`."""
    out = set()
    for p in corpus_dir.rglob("*"):
        if p.is_file() and is_report_path(corpus_dir, p):
            st = p.stat()
            out.add((str(p), st.st_size, st.st_mtime_ns))
    return out


def changes(settings: Settings, stop: threading.Event | None = None) -> Iterator[set]:
    """Debounced batches of changes that concern reports, and an empty batch each second
    without any (the first one says the watcher is running)."""
    import watchfiles

    corpus = settings.corpus_dir
    corpus.mkdir(parents=True, exist_ok=True)

    def wanted(_change: Any, path: str) -> bool:
        return is_report_path(corpus, path)

    yield from watchfiles.watch(
        # A batch ends after 400 ms without a change (or at the debounce limit), so a slow
        # copy of many files is still one run.
        corpus, watch_filter=wanted, debounce=settings.watch_debounce_ms,
        step=min(400, settings.watch_debounce_ms),
        stop_event=stop, raise_interrupt=True, rust_timeout=1000, yield_on_timeout=True)
