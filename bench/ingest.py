"""Ingestion speed: the pipeline against the bare model, per stage, and a no-op re-index.

    python bench/ingest.py [--corpus ../shared/eval-corpus]      # on the CPU here
    python bench/ingest.py --copies 40 --no-onnx                  # a large corpus, e.g. on a GPU

Prints, from one run on one machine:
  * chunks per second through build_index (read, clean, chunk, embed, write to Chroma,
    BM25), with the model already loaded, and the seconds each stage took (reading runs
    in a limited process per file, several at once; Chroma writes overlap the embedding
    of the next group);
  * the same chunk texts encoded by the bare sentence-transformers model with its
    default `encode` (batch 32), and the ratio of the two (on the CPU the pipeline's
    overhead over the model, aim < 1.1; on a GPU its speed-up, aim >= 3);
  * the pipelined encoder alone on those texts (on a GPU, also at other batch sizes);
  * with --onnx (default on the CPU), the same ingestion through the ONNX fp32 and int8
    exports, with dev-set retrieval figures for each;
  * the wall time of a second `assistant index` with nothing changed (a new process).

--copies N makes a synthetic corpus: N copies of every report in --corpus, each with
different bytes (so a report of its own) but the same real text to read and chunk.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval-corpus")
    parser.add_argument("--copies", type=int, default=0,
                        help="index a synthetic corpus of this many copies of --corpus")
    parser.add_argument("--ocr", action="store_true", help="OCR image-only pages too")
    parser.add_argument("--onnx", action=argparse.BooleanOptionalAction, default=None,
                        help="compare the ONNX fp32/int8 exports [default: on the CPU only]")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from llama_index.core.schema import MetadataMode

    from assistant import build_index
    from assistant.embedding import batch_size, export_onnx, get_embedder
    from assistant.encoding import encode
    from assistant.settings import Settings
    from assistant.store import all_nodes, get_collection

    corpus = args.corpus
    if args.copies:
        sys.path.insert(0, str(ROOT / "bench"))
        from common import make_copies

        corpus = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
        files = make_copies(args.corpus, corpus, args.copies)
        print(f"synthetic corpus: {args.copies} copies of {args.corpus} = {files} files")
    index = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    # OCR off: Tesseract on the image-only pages is real work, but not the pipeline's
    # overhead around the model that this measures (--ocr to include it).
    settings = Settings(corpus_dir=corpus, index_dir=index, ocr=args.ocr, read_workers=0)
    embedder = get_embedder(settings)
    embedder.get_text_embedding("warm up")
    model = embedder._model  # the SentenceTransformer inside llama-index's wrapper
    on_gpu = model.device.type == "cuda"
    device = (f"GPU {__import__('torch').cuda.get_device_name()}" if on_gpu
              else f"CPU, {os.cpu_count()} cores")
    print(f"device: {device}; embedding batch {batch_size(settings, embedder)}")
    try:
        export_onnx(settings)  # once per index, like the model load: not part of the timing
    except Exception as exc:  # build_index goes on without it; questions would use torch
        print(f"ONNX export failed ({type(exc).__name__}); timing without it")

    t0 = time.perf_counter()
    summary = build_index(settings=settings, embedder=embedder)
    pipeline = time.perf_counter() - t0
    n = summary.chunks_written
    print(f"corpus: {corpus} ({len(summary.added)} reports, {len(summary.failed)} skipped,"
          f" OCR {'on' if args.ocr else 'off'})")
    print(f"pipeline: {n} chunks in {pipeline:.1f}s = {n / pipeline:.1f} chunks/s")
    print("stages: " + ", ".join(
        f"{stage} {secs:.1f}s" + (f" ({n / secs:.0f} chunks/s)" if stage in
                                  ("read", "embed", "write") and secs else "")
        for stage, secs in summary.stages.items()))

    nodes = all_nodes(get_collection(settings), {r for r in _live(settings)})
    texts = [node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes]
    t0 = time.perf_counter()
    model.encode(texts, normalize_embeddings=True)  # its defaults: batch 32, per-batch sync
    bare = time.perf_counter() - t0
    print(f"bare sentence-transformers encode: {len(texts)} chunks in {bare:.1f}s = "
          f"{len(texts) / bare:.1f} chunks/s")
    print(f"ratio pipeline/bare (time): {pipeline / bare:.3f}; "
          f"pipeline speed-up over bare: {bare / pipeline:.2f}x")
    for size in ([256, 512, 1024] if on_gpu else [batch_size(settings, embedder)]):
        t0 = time.perf_counter()
        encode(model, texts, size)
        alone = time.perf_counter() - t0
        print(f"pipelined encoder alone, batch {size}: {len(texts) / alone:.1f} chunks/s "
              f"({bare / alone:.2f}x bare)")

    if args.onnx if args.onnx is not None else not on_gpu:
        _onnx_variants(args, settings, pipeline, n)

    t0 = time.perf_counter()
    env = dict(os.environ, ASSISTANT_OCR=str(args.ocr).lower())
    subprocess.run([sys.executable, "-m", "assistant.cli", "index", "-q", "--corpus",
                    str(corpus), "--index", str(index)], cwd=ROOT, check=False,
                   capture_output=True, env=env)
    print(f"second `assistant index`, nothing changed: {time.perf_counter() - t0:.2f}s wall")
    return 0


def _onnx_variants(args, torch_settings, torch_seconds: float, chunks: int) -> None:
    """The same ingestion with the ONNX exports, and dev-set retrieval for each."""
    from assistant import build_index
    from assistant.evaluation import evaluate, load_questions
    from assistant.settings import Settings

    dev = ROOT / "eval" / "dev.jsonl"
    questions = load_questions(dev) if dev.exists() else []
    rows = [("torch (sentence-transformers)", torch_seconds, torch_settings)]
    for backend in ("onnx", "onnx-int8"):
        index = Path(tempfile.mkdtemp(prefix=f"bench-ingest-{backend}-"))
        # the export is made once, before timing, like the model load above
        shutil.copytree(torch_settings.index_dir / "onnx", index / "onnx")
        s = Settings(corpus_dir=torch_settings.corpus_dir, index_dir=index, ocr=args.ocr,
                     embed_backend=backend, read_workers=0)
        from assistant.embedding import get_embedder

        get_embedder(s).get_text_embedding("warm up")
        t0 = time.perf_counter()
        build_index(settings=s)
        rows.append((backend, time.perf_counter() - t0, s))
    print("backend                        chunks/s  speed-up  dev hit@1  hit@5   MRR")
    for name, seconds, s in rows:
        figs = evaluate(questions, s).figures() if questions else {}
        print(f"{name:30} {chunks / seconds:8.1f} {torch_seconds / seconds:8.2f}x "
              f"{figs.get('hit@1', 0):9.3f} {figs.get('hit@5', 0):6.3f} {figs.get('mrr', 0):6.3f}")


def _live(settings) -> set[str]:
    from assistant.index import Index

    return Index(settings).manifest().live_shas()


if __name__ == "__main__":
    raise SystemExit(main())
