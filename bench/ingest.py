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

    t0 = time.perf_counter()
    env = dict(__import__("os").environ, ASSISTANT_OCR=str(args.ocr).lower())
    subprocess.run([sys.executable, "-m", "assistant.cli", "index", "-q", "--corpus",
                    str(args.corpus), "--index", str(index)], cwd=ROOT, check=False,
                   capture_output=True, env=env)
    print(f"second `assistant index`, nothing changed: {time.perf_counter() - t0:.2f}s wall")
    return 0


def _live(settings) -> set[str]:
    from assistant.manifest import Manifest

    return Manifest(settings.index_dir, settings.collection_name()).live_shas()


if __name__ == "__main__":
    raise SystemExit(main())
