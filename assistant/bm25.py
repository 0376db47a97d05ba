"""The persisted BM25 side of retrieval (llama-index's BM25Retriever over bm25s).

`build_index` rebuilds it when the set of live reports changes and writes it to a fresh
folder, then points `current` at it with an atomic rename: a crash mid-write leaves the
previous index in use. Queries load it once per process instead of re-tokenising every
chunk at start-up.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .locking import file_lock

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode

logger = logging.getLogger(__name__)


def bm25_root(index_dir: Path, collection: str) -> Path:
    """Delegate of `Index.bm25_root` (the index owns its layout)."""
    from .index import bm25_root as root_of

    return root_of(index_dir, collection)


def current_signature(index_dir: Path, collection: str) -> str | None:
    pointer = bm25_root(index_dir, collection) / "current"
    try:
        return pointer.read_text().strip() or None
    except OSError as exc:  # not built yet (or being replaced): no BM25 for now
        logger.debug("no BM25 pointer at %s (%s)", pointer, exc)
        return None


def nodes_for(collection: Any, rows: list[Any]) -> list[BaseNode]:
    """The chunks of the live report versions, as BM25 indexes them."""
    import re

    from . import store

    files = {row.sha256: row.file for row in rows}
    nodes = store.all_nodes(collection, set(files))
    for node in nodes:
        node.metadata["file"] = files[node.metadata["doc_sha"]]  # renames live in the manifest
        # BM25 also indexes the file name: questions name reports by their short names
        # ("the CSJ fact sheet", "the NEMOPS workshop") that often only the file carries.
        node.metadata["file_words"] = re.sub(r"[-_.]+", " ", Path(node.metadata["file"]).stem)
        node.excluded_embed_metadata_keys = [
            k for k in node.metadata if k not in ("title", "file_words")
        ]
    return nodes


def write_bm25(index_dir: Path, collection: str, nodes: list[BaseNode], signature: str) -> None:
    root = bm25_root(index_dir, collection)
    root.mkdir(parents=True, exist_ok=True)
    # Chats on other machines than the indexer build their own (server mode), several
    # processes may share a folder: one writer at a time.
    with file_lock(root / ".lock"):
        _write(root, nodes, signature)


def _write(root: Path, nodes: list[BaseNode], signature: str) -> None:
    target = root / signature
    if nodes:
        from llama_index.retrievers.bm25 import BM25Retriever

        tmp = root / f".tmp-{signature}-{os.getpid()}-{threading.get_ident()}"
        shutil.rmtree(tmp, ignore_errors=True)
        retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=1)
        retriever.persist(str(tmp), show_progress=False)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    else:
        target.mkdir(exist_ok=True)  # an empty marker: no chunks, nothing to search
    pointer_tmp = root / f".current-{os.getpid()}-{threading.get_ident()}"
    pointer_tmp.write_text(signature)
    os.replace(pointer_tmp, root / "current")
    for old in root.iterdir():  # earlier versions; a reader holding one keeps it in memory
        if old.is_dir() and old.name != signature and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)


def load_bm25(index_dir: Path, collection: str,
              have: tuple[str, Any] | None = None) -> tuple[str, Any] | None:
    """(signature, BM25 retriever) of the current index, or None when there is none.
    `have`: what the caller loaded before, returned as it is while it is current (and
    while a new version is still being written or replaced under us: the next query
    loads it). The signature is that of the index actually loaded."""
    signature = current_signature(index_dir, collection)
    if not signature:
        return None
    if have and have[0] == signature:
        return have
    folder = bm25_root(index_dir, collection) / signature
    if not (folder / "retriever.json").exists():
        return have
    from llama_index.retrievers.bm25 import BM25Retriever

    try:
        retriever = BM25Retriever.from_persist_dir(str(folder), show_progress=False)
    except (OSError, ValueError) as exc:  # replaced while loading: the next query reloads
        logger.debug("BM25 index %s changed while loading (%s)", folder, exc)
        return have
    return signature, retriever

def report_shas(retriever: Any) -> list[str]:
    """The report version of each chunk of a loaded BM25 index, in corpus order (the
    order of `corpus_weight_mask`)."""
    return [doc.get("doc_sha", "") for doc in retriever.corpus]


def corpus_view(retriever: Any) -> tuple[list[str], dict[tuple[str, int], list[tuple[int, str]]]]:
    """One pass over a loaded index's corpus. Returns (what BM25 matched for each chunk,
    in corpus order: its text, title and file-name words, for IDF weights that agree
    with BM25's; the indexed passages of each page, (report sha, part) -> [(start offset
    in the page, chunk text)] sorted by offset, for reading a list on past the end of a
    retrieved passage)."""
    import json

    texts: list[str] = []
    pages: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for doc in retriever.corpus:
        content = doc.get("_node_content")
        text = ""
        if isinstance(content, str):
            try:
                text = json.loads(content).get("text", "")
            except ValueError as exc:
                logger.debug("a BM25 corpus entry is not JSON (%s); its words are skipped", exc)
        texts.append(f"{text} {doc.get('title', '')} {doc.get('file_words', '')}")
        try:
            page = (str(doc["doc_sha"]), int(doc.get("part") or 0))
            pages.setdefault(page, []).append((int(doc["chunk_start"]), text))
        except (KeyError, TypeError, ValueError) as exc:
            # An index built before offsets were kept: no list continuation there.
            logger.debug("a BM25 corpus entry has no page offsets (%s)", exc)
    for items in pages.values():
        items.sort(key=lambda x: x[0])
    return texts, pages
