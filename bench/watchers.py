"""Compare file-watching libraries for `assistant index --watch`: watchfiles (chosen) and
watchdog, on a copy of the eval corpus into a watched folder (a user dropping a batch of
reports in), then one more report, then a removal.

Prints, per library: seconds from the last file written to the first notification, the
notifications a copy of the corpus produced (what the indexer would have to run for,
without debouncing code of our own), and the CPU seconds the watcher used while idle for
5 s. Needs both libraries installed (`pip install watchdog` for the comparison only).

    python bench/watchers.py [--corpus ../shared/eval-corpus]
"""

from __future__ import annotations

import argparse
import queue
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_watchfiles(folder: Path, events: queue.Queue, stop: threading.Event) -> None:
    import watchfiles

    for batch in watchfiles.watch(folder, debounce=1500, step=50, stop_event=stop,
                                  rust_timeout=500, yield_on_timeout=False):
        events.put((time.perf_counter(), len(batch)))


def run_watchdog(folder: Path, events: queue.Queue, stop: threading.Event) -> None:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):  # one notification per file event
            if not event.is_directory:
                events.put((time.perf_counter(), 1))

    obs = Observer()
    obs.schedule(Handler(), str(folder), recursive=True)
    obs.start()
    stop.wait()
    obs.stop()
    obs.join()


def measure(name: str, runner, corpus: Path) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"watch-{name}-"))
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    t = threading.Thread(target=runner, args=(folder, events, stop), daemon=True)
    t.start()
    time.sleep(1.0)
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    for p in files:
        shutil.copy(p, folder / p.name)
    last = time.perf_counter()
    time.sleep(3.5)
    got = []
    while not events.empty():
        got.append(events.get())
    first = min((at for at, _ in got), default=float("nan"))
    idle0 = _cpu()
    time.sleep(5)
    idle = _cpu() - idle0
    while not events.empty():
        events.get()
    (folder / "one-more.txt").write_text("One more report.\n")
    wrote = time.perf_counter()
    at, _ = events.get(timeout=10)
    stop.set()
    t.join(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)
    return {"files": len(files), "notifications": len(got),
            "first_after_last_write_s": round(first - last, 3),
            "single_file_latency_s": round(at - wrote, 3), "idle_cpu_s": round(idle, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval-corpus")
    args = ap.parse_args()
    for name, runner in (("watchfiles", run_watchfiles), ("watchdog", run_watchdog)):
        print(name, measure(name, runner, args.corpus), flush=True)


if __name__ == "__main__":
    main()
