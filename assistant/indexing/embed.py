"""Embed the chunks of the reports read, in groups, while one writer thread writes the
group before (on a GPU the writes would otherwise leave it idle half the time)."""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from ..manifest import Manifest
from ..settings import Settings
from .progress import Progress
from .reading import Read
from .write import Collection, Retirements, Written, write_group

logger = logging.getLogger(__name__)

# Chunks embedded, then written, together (more on a GPU: 16 batches).
GROUP_CHUNKS = 1024


def groups_of(ready: list[Read], group_chunks: int) -> list[list[Read]]:
    """Consecutive reports gathered into groups of at least `group_chunks` chunks (the
    last may be smaller): several reports give the model full batches."""
    groups: list[list[Read]] = [[]]
    for read in ready:
        if sum(len(r.nodes) for r in groups[-1]) >= group_chunks:
            groups.append([])
        groups[-1].append(read)
    return groups


def embed_group(group: list[Read], embedder: Any, settings: Settings, bar: Progress) -> float:
    """Set `node.embedding` on every chunk of the group; seconds taken."""
    from llama_index.core.schema import MetadataMode

    from ..embedding import embed_texts

    started = time.perf_counter()
    nodes = [n for read in group for n in read.nodes]
    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
    vectors = embed_texts(embedder, texts, settings, bar.advance)
    for node, vec in zip(nodes, vectors, strict=True):
        node.embedding = vec
    return time.perf_counter() - started


def embed_and_write(ready: list[Read], settings: Settings, manifest: Manifest,
                    collection: Collection, retirements: Retirements, embedder: Any,
                    bar: Progress) -> Written:
    """Embed and write every report of `ready`. One writer keeps the per-report order
    (pending, chunks, manifest commit) that crash safety rests on; a failed write
    stops the run before more is written."""
    from .. import embedding, store

    embedder = embedder or embedding.get_embedder(settings)
    vstore = store.vector_store(collection())
    group_chunks = max(GROUP_CHUNKS, 16 * embedding.batch_size(settings, embedder))
    out = Written()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chroma-write") as writer:
        writing: Future[Written] | None = None
        for group in groups_of(ready, group_chunks):
            out.embed_seconds += embed_group(group, embedder, settings, bar)
            if writing is not None:
                out.merge(writing.result())  # re-raises a failed write
            writing = writer.submit(write_group, group, manifest, vstore, retirements)
        if writing is not None:
            out.merge(writing.result())
    return out
