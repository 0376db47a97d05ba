"""The end of a run: the BM25 index of the live reports, the live list on a shared
store, the retired versions' chunks, and the ONNX export for query processes."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from ..index import Index
from ..manifest import Manifest
from .write import Collection, Retirements

logger = logging.getLogger(__name__)


@dataclass
class Published:
    stages: dict[str, float] = field(default_factory=dict)  # seconds: bm25, export
    notes: list[str] = field(default_factory=list)


def publish(index: Index, manifest: Manifest, collection: Collection,
            retirements: Retirements, changed: bool) -> Published:
    """Bring everything derived from the manifest up to date: the BM25 index (when the
    live reports changed, or it is not theirs), the store's published list (a shared
    store only), then drop the retired versions; export the model to ONNX after a
    change."""
    out = Published()
    started = time.perf_counter()
    if refresh_bm25(index, manifest, collection, force=changed):
        out.stages["bm25"] = time.perf_counter() - started
    index.store.publish(manifest)
    retirements.finish()
    if changed and index.settings.embed_backend == "torch":
        started = time.perf_counter()
        note = export_for_queries(index)
        if note:
            out.notes.append(note)
        out.stages["export"] = time.perf_counter() - started
    return out


def refresh_bm25(index: Index, manifest: Manifest, collection: Collection,
                 force: bool) -> bool:
    """Rebuild the BM25 index unless it is already that of the live reports (and not
    `force`); whether it was rebuilt."""
    signature = index.bm25_signature_for(manifest.live_shas())
    if not force and index.bm25_signature() == signature:
        return False
    index.write_bm25(list(manifest.reports().values()), collection(), signature)
    return True


def export_for_queries(index: Index) -> str | None:
    """Export the model to ONNX once, so that `assistant ask` and the chat embed
    questions without importing torch; a note when that failed."""
    from ..embedding import export_onnx

    try:
        export_onnx(index.settings)
    except Exception as exc:  # queries fall back to torch; indexing itself succeeded
        # Already a note of the run's summary: a warning here would print it twice.
        logger.info("ONNX export failed; questions will use torch", exc_info=True)
        return (f"ONNX export for fast queries failed ({type(exc).__name__}); "
                "questions will use torch")
    return None
