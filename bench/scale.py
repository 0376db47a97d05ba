"""Warm ask() latency (retrieval + the offline answerer) at about 1k, 10k and 100k chunks.

    python bench/scale.py [--sizes 1000 10000 100000] [--source-index /tmp/evalidx]

How the corpus is made: the real chunks of ../shared/eval-corpus (indexed first if
--source-index holds none) are copied into a scratch index until it holds N chunks. Each
copy of a report becomes a report of its own (its own sha256, file name and manifest
row, ids rewritten); its vectors are the real vectors plus Gaussian noise (sigma 0.01,
renormalised), so that no two copies are identical. Chunks go straight into Chroma (no
re-embedding); BM25 is built over all of them as build_index would. The questions are
those of eval/dev.jsonl. Memory is the peak resident size of this process.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import p50_p95_ms  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--source-index", type=Path, default=Path("/tmp/bench-query-index"))
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval-corpus")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "dev.jsonl")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from assistant import ask, bm25, build_index
    from assistant.evaluation import load_questions
    from assistant.index import Index
    from assistant.settings import Settings
    from assistant.store import all_nodes

    source = Settings(corpus_dir=args.corpus, index_dir=args.source_index)
    build_index(settings=source, progress=True)
    src_index = Index(source)
    rows = src_index.manifest().reports()
    got = src_index.collection().get(include=["documents", "metadatas", "embeddings"])
    ids, docs, metas = got["ids"], got["documents"], got["metadatas"]
    vecs = np.asarray(got["embeddings"], dtype=np.float32)
    by_sha: dict[str, list[int]] = {}
    for i, m in enumerate(metas):
        by_sha.setdefault(m["doc_sha"], []).append(i)
    questions = [q.question for q in load_questions(args.questions)]
    rng = np.random.default_rng(0)
    print(f"source: {len(ids)} real chunks of {len(rows)} reports in {args.corpus}")
    print("scratch corpora: real chunks copied report by report, vectors + N(0, 0.01) noise")

    for size in args.sizes:
        scratch = Path(tempfile.mkdtemp(prefix=f"bench-scale-{size}-"))
        settings = Settings(corpus_dir=args.corpus, index_dir=scratch)
        index = Index(settings)
        coll = index.collection()
        manifest = index.manifest()
        written, copy = 0, 0
        t0 = time.perf_counter()
        while written < size:
            for row in rows.values():
                if written >= size:
                    break
                idx = by_sha.get(row.sha256, [])[: size - written]
                if not idx:
                    continue
                sha = f"{row.sha256[:48]}{copy:016x}"
                new_ids, new_metas = [], []
                for i in idx:
                    nid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ids[i]}/{copy}"))
                    meta = dict(metas[i])
                    meta["doc_sha"] = meta["document_id"] = meta["ref_doc_id"] = sha
                    meta["doc_id"] = sha
                    meta["file"] = f"copy{copy}/{row.file}"
                    content = json.loads(meta["_node_content"])
                    content["id_"] = nid
                    content["metadata"]["doc_sha"] = sha
                    content["metadata"]["file"] = meta["file"]
                    meta["_node_content"] = json.dumps(content)
                    new_ids.append(nid)
                    new_metas.append(meta)
                noisy = vecs[idx] + rng.normal(0, 0.01, vecs[idx].shape).astype(np.float32)
                noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
                for b in range(0, len(idx), 4000):
                    coll.add(ids=new_ids[b:b + 4000], embeddings=noisy[b:b + 4000],
                             documents=[docs[i] for i in idx[b:b + 4000]],
                             metadatas=new_metas[b:b + 4000])
                row_copy = type(row)(**{**row.__dict__, "file": f"copy{copy}/{row.file}",
                                        "sha256": sha, "chunks": len(idx)})
                manifest.commit_report(row_copy)
                written += len(idx)
            copy += 1
        nodes = all_nodes(coll, manifest.live_shas())
        bm25.write_bm25(scratch, index.collection_name, nodes,
                        bm25.signature_for(manifest.live_shas()))
        build_s = time.perf_counter() - t0

        ask(questions[0], settings=settings)  # warm: model, client, BM25 loaded
        times = []
        for q in questions:
            t = time.perf_counter()
            ask(q, settings=settings)
            times.append(time.perf_counter() - t)
        p50, p95 = p50_p95_ms(times)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{written:>7} chunks ({copy} copies, built in {build_s:.0f}s): warm ask() "
              f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, peak RSS {rss_mb:.0f} MB")
        manifest.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
