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
from .manifest import signature_of
from .text import CJK_CHARS

if TYPE_CHECKING:
    from collections.abc import Callable

    from llama_index.core.schema import BaseNode

logger = logging.getLogger(__name__)

# The BM25 format: how chunks become BM25 terms. It is part of the signature, so an index
# built another way is rebuilt from the store's chunks (no re-embedding) instead of being
# searched with terms it does not hold. 1 (unnamed): the library's default token pattern;
# 2: runs of Chinese, Japanese and Korean characters as overlapping character pairs.
FORMAT = 2

_WORD = rf"[^\W{CJK_CHARS}]"  # a word character of any other script
_CJK = f"[{CJK_CHARS}]"
# bm25s splits text with `re.findall(token_pattern)`. Its default, `(?u)\b\w\w+\b`, keeps a
# run of word characters whole, so a Chinese sentence (no spaces) is one term that no
# question matches. This pattern gives the same terms for every other script (runs of two
# or more word characters, so English stemming and stopwords apply as before) and splits a
# CJK run into overlapping character pairs, a lone CJK character being a term of its own:
# the bigrams of Lucene's CJKAnalyzer (CJKBigramFilter). Pairs overlap, so each is captured
# inside a lookahead; the rest of a word is then consumed, not matched again from inside.
TOKEN_PATTERN = (rf"(?u)(?=((?<!{_WORD}){_WORD}{_WORD}+|{_CJK}{_CJK}|(?<!{_CJK}){_CJK}(?!{_CJK})))"
                 rf"{_WORD}*")
_PATTERNS = {1: r"(?u)\b\w\w+\b", 2: TOKEN_PATTERN}


def signature_for(live_shas: set[str]) -> str:
    """The signature (folder name, `current` pointer) of the BM25 index of the report
    versions `live_shas` in this version's FORMAT: another set of reports, or an index in
    another format, has another."""
    return f"{signature_of(live_shas)}-f{FORMAT}"


def format_of(signature: str) -> int:
    """The FORMAT an index with this signature was built in (1: before formats were
    named; a signature of `signature_of` is hex digits only)."""
    _, sep, number = signature.rpartition("-f")
    return int(number) if sep and number.isdigit() else 1


def token_pattern(signature: str) -> str:
    """The token pattern the index with this signature was built with, which its queries
    must be split with too (one from a newer version: this version's)."""
    return _PATTERNS.get(format_of(signature), TOKEN_PATTERN)


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
        retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=1,
                                                token_pattern=token_pattern(signature))
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


def rebuild_older(index_dir: Path, collection: str, nodes: Callable[[], list[BaseNode]],
                  signature: str) -> bool:
    """Rebuild the current BM25 index from `nodes()` as `signature` if it is of an older
    FORMAT (an index from before an upgrade); whether it was rebuilt. Checked under the
    writers' lock, so an indexer that published meanwhile is never overwritten with an
    older list of reports.

    Raises OSError where the folder cannot be written (a read-only index)."""
    root = bm25_root(index_dir, collection)
    with file_lock(root / ".lock"):
        current = current_signature(index_dir, collection)
        if current is None or format_of(current) >= FORMAT:
            return False
        logger.info("rebuilding the BM25 index of %s in format %d (it was %d)",
                    index_dir, FORMAT, format_of(current))
        _write(root, nodes(), signature)
        return True


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
        stored = BM25Retriever.from_persist_dir(str(folder), show_progress=False)
    except (OSError, ValueError) as exc:  # replaced while loading: the next query reloads
        logger.debug("BM25 index %s changed while loading (%s)", folder, exc)
        return have
    # The retriever persists neither its token pattern nor its stemming (the default,
    # English, is what the index was built with): questions must be split into terms as
    # this index's chunks were.
    retriever = BM25Retriever(existing_bm25=stored.bm25, similarity_top_k=stored.similarity_top_k,
                              token_pattern=token_pattern(signature))
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
