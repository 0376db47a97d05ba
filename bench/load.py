"""Many users at once: 20 concurrent gradio_client users asking 10 questions each.

    python bench/load.py [--users 20] [--questions 10] [--corpus ../shared/eval-corpus]

Launches `python app.py` on a free loopback port (building its index first if needed),
then each simulated user opens its own gradio_client and asks questions from
eval/dev.jsonl through the /ask endpoint. Prints errors, how many answers cite the
expected report for the answerable questions, latency p50/p95 and the app's peak memory
(VmHWM). All traffic stays on 127.0.0.1 and the run ends by itself.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import p50_p95_ms  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10, help="questions per user")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval-corpus")
    parser.add_argument("--index", type=Path, default=Path("/tmp/bench-query-index"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from gradio_client import Client

    from assistant.evaluation import load_questions

    qs = load_questions(ROOT / "eval" / "dev.jsonl")
    port = _free_port()
    env = dict(os.environ, ASSISTANT_CORPUS_DIR=str(args.corpus),
               ASSISTANT_INDEX_DIR=str(args.index), GRADIO_SERVER_PORT=str(port),
               GRADIO_ANALYTICS_ENABLED="False")
    app = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        if not _wait_for_app(url, app):
            print("app.py exited")
            return 1
        Client(url, verbose=False).predict(qs[0].question, api_name="/ask")  # warm

        tally = _Tally()
        t0 = time.perf_counter()
        threads = [threading.Thread(target=_user, args=(u, url, qs, args.questions, tally))
                   for u in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        _print_report(args.users, args.questions, tally, wall, app.pid)
        return 1 if tally.errors else 0
    finally:
        app.terminate()
        app.wait(timeout=30)


def _wait_for_app(url: str, app: subprocess.Popen[bytes]) -> bool:
    """Wait (up to 15 minutes) for the app to answer at `url`; False if it exited."""
    deadline = time.time() + 900
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if app.poll() is not None:
                return False
            time.sleep(1)
    return True


@dataclass
class _Tally:
    """What the simulated users saw; their threads add to it under `lock`."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    checked: int = 0  # answerable questions with an expected report
    right: int = 0  # of those, answers citing that report
    lock: threading.Lock = field(default_factory=threading.Lock)


def _user(u: int, url: str, qs: list[Any], questions: int, tally: _Tally) -> None:
    """One simulated user: its own client, `questions` questions one after another."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    for i in range(questions):
        q = qs[(u * questions + i) % len(qs)]
        t0 = time.perf_counter()
        try:
            d = client.predict(q.question, api_name="/ask")
        except Exception as exc:  # noqa: BLE001 (counted, not fatal)
            with tally.lock:
                tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            continue
        dt = time.perf_counter() - t0
        with tally.lock:
            tally.latencies.append(dt)
            if q.answerable and q.file:
                tally.checked += 1
                tally.right += any(c["file"] == q.file for c in d["citations"])


def _print_report(users: int, questions: int, tally: _Tally, wall: float, pid: int) -> None:
    p50, p95 = p50_p95_ms(tally.latencies)
    hwm = next((ln.split()[1] for ln in Path(f"/proc/{pid}/status").read_text()
                .splitlines() if ln.startswith("VmHWM")), "?")
    print(f"{users} users x {questions} questions = "
          f"{users * questions} requests in {wall:.1f}s")
    errors = tally.errors
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"answerable questions citing the expected report: {tally.right}/{tally.checked}")
    if tally.latencies:
        print(f"latency p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    print(f"app peak memory (VmHWM): {int(hwm) / 1024:.0f} MB" if hwm != "?" else "")


if __name__ == "__main__":
    raise SystemExit(main())
