"""Ingestion speed: the pipeline against the bare model, and a no-op re-index.

    python bench/ingest.py [--corpus ../shared/eval-corpus]

Prints, from one run on one machine:
  * chunks per second through build_index (read, clean, chunk, embed, write to Chroma,
    BM25), with the model already loaded;
  * the same chunk texts encoded directly by the bare sentence-transformers model, and
    the ratio of the two times (the pipeline's overhead over the model; aim < 1.1);
  * the wall time of a second `assistant index` with nothing changed (a new process).
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("--ocr", action="store_true", help="OCR image-only pages too")
    parser.add_argument("--no-onnx", dest="onnx", action="store_false",
                        help="skip the ONNX fp32/int8 comparison")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from llama_index.core.schema import MetadataMode

    from assistant import build_index
    from assistant.embedding import get_embedder
    from assistant.settings import Settings
    from assistant.store import all_nodes, get_collection

    index = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    # OCR off: Tesseract on the image-only pages is real work, but not the pipeline's
    # overhead around the model that this measures (--ocr to include it).
    settings = Settings(corpus_dir=args.corpus, index_dir=index, ocr=args.ocr)
    embedder = get_embedder(settings)
    embedder.get_text_embedding("warm up")
    from assistant.embedding import export_onnx

    export_onnx(settings)  # once per index, like the model load: not part of the timing

    t0 = time.perf_counter()
    summary = build_index(settings=settings, embedder=embedder)
    pipeline = time.perf_counter() - t0
    n = summary.chunks_written
    print(f"corpus: {args.corpus} ({len(summary.added)} reports, {len(summary.failed)} skipped,"
          f" OCR {'on' if args.ocr else 'off'})")
    print(f"pipeline: {n} chunks in {pipeline:.1f}s = {n / pipeline:.1f} chunks/s")

    nodes = all_nodes(get_collection(settings), {r for r in _live(settings)})
    texts = [node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes]
    model = embedder._model  # the SentenceTransformer inside llama-index's wrapper
    t0 = time.perf_counter()
    model.encode(texts, batch_size=settings.embed_batch_size, normalize_embeddings=True)
    bare = time.perf_counter() - t0
    print(f"bare sentence-transformers encode: {len(texts)} chunks in {bare:.1f}s = "
          f"{len(texts) / bare:.1f} chunks/s")
    print(f"ratio pipeline/bare: {pipeline / bare:.3f}")

    if args.onnx:
        _onnx_variants(args, settings, pipeline, n)

    t0 = time.perf_counter()
    env = dict(__import__("os").environ, ASSISTANT_OCR=str(args.ocr).lower())
    subprocess.run([sys.executable, "-m", "assistant.cli", "index", "-q", "--corpus",
                    str(args.corpus), "--index", str(index)], cwd=ROOT, check=False,
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
        s = Settings(corpus_dir=args.corpus, index_dir=index, ocr=args.ocr,
                     embed_backend=backend)
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
    from assistant.manifest import Manifest

    return Manifest(settings.index_dir, settings.collection_name()).live_shas()


if __name__ == "__main__":
    raise SystemExit(main())
