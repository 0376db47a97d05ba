"""Query latency: warm ask() p50/p95 over the development questions, and the cold wall
time of one `assistant ask` in a new process.

    python bench/query.py [--corpus ../shared/eval-corpus] [--index /tmp/bench-query-index]

The index is built first if needed (several minutes on 2 cores the first time).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import p50_p95_ms  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval-corpus")
    parser.add_argument("--index", type=Path, default=Path("/tmp/bench-query-index"))
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "dev.jsonl")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the questions")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from assistant import ask, build_index
    from assistant.evaluation import load_questions
    from assistant.settings import Settings

    settings = Settings(corpus_dir=args.corpus, index_dir=args.index)
    build_index(settings=settings, progress=True)
    questions = [q.question for q in load_questions(args.questions)]

    t0 = time.perf_counter()
    ask(questions[0], settings=settings)
    print(f"first ask() in this process (loads model, Chroma, BM25): "
          f"{time.perf_counter() - t0:.2f}s")
    times = []
    for _ in range(args.repeat):
        for q in questions:
            t0 = time.perf_counter()
            ask(q, settings=settings)
            times.append(time.perf_counter() - t0)
    p50, p95 = p50_p95_ms(times)
    print(f"warm ask(): {len(times)} questions, p50 {p50:.0f} ms, p95 {p95:.0f} ms")

    cmd = [sys.executable, "-m", "assistant.cli", "ask", questions[0], "--corpus",
           str(args.corpus), "--index", str(args.index)]
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
    print(f"cold `assistant ask` (new process): {time.perf_counter() - t0:.2f}s wall")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant.cli", "--help"], capture_output=True,
                   check=True, cwd=ROOT)
    print(f"`assistant --help`: {time.perf_counter() - t0:.2f}s wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
