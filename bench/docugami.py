"""Retrieval on the public docugami SEC 10-Q benchmark: is a right document in the top 5?

    python bench/docugami.py [--index /tmp/docugami-index]

Indexes ../shared/eval-bench/docugami-sec-10-q/data/v1/docs (first run: several minutes on
2 cores) and scores hybrid, dense and BM25 on its 195 questions. A question counts as a
hit when any of its source documents (the "Source Docs" glob, e.g. *2023 Q3 AAPL*) has a
chunk in the top 5.
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "eval-bench" / "docugami-sec-10-q" / "data" / "v1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("/tmp/docugami-index"))
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from assistant import build_index
    from assistant.answering import get_retriever
    from assistant.settings import Settings

    docs = BENCH / "docs"
    summary = build_index(docs, args.index, progress=True)
    for file, reason in summary.failed:
        print(f"skipped {file}: {reason}")
    rows = list(csv.DictReader(open(BENCH / "qna_data.csv", encoding="utf-8-sig")))
    print(f"{len(rows)} questions over {len(list(docs.glob('*.pdf')))} filings; hit = a right "
          f"document in the top {args.k}")
    for mode in ("hybrid", "dense", "bm25"):
        settings = Settings(corpus_dir=docs, index_dir=args.index, retrieval_mode=mode)
        retriever = get_retriever(settings)
        hits, t0 = 0, time.perf_counter()
        for row in rows:
            patterns = [p.strip() for p in row["Source Docs"].split(",") if p.strip()]
            found = retriever.retrieve(row["Question"], top_k=args.k)
            files = {h.report.file for h in found}
            if any(fnmatch.fnmatch(f, p if p.endswith(".pdf") else p + ".pdf") or
                   fnmatch.fnmatch(f, p) for f in files for p in patterns):
                hits += 1
        ms = 1000 * (time.perf_counter() - t0) / len(rows)
        print(f"{mode:7} hit@{args.k} {hits / len(rows):.3f}   ({ms:.0f} ms/question)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
