"""Chroma: the only module that imports chromadb.

Embedded (`PersistentClient` in index_dir) by default; a Chroma server through
`HttpClient` when ASSISTANT_CHROMA_URL is set. One collection per embedding model and
chunking settings (Settings.collection_name), in cosine space.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from .errors import ConfigError
from .manifest import ReportRow
from .settings import Settings

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

logger = logging.getLogger(__name__)

_clients: dict[str, Any] = {}
_lock = threading.Lock()


def get_client(settings: Settings, *, read_only: bool = False) -> Any:
    """One client per store location and process (clients are thread-safe and costly).

    `read_only` (answering): an embedded store that cannot be opened for writing (a
    read-only mount, or a full disk: Chroma writes on opening) is opened from a private
    copy instead, so the index as it is keeps answering. Writers never get the copy."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    key = settings.chroma_url or str((settings.index_dir / "chroma").resolve())
    with _lock:
        if key in _clients:
            return _clients[key]
        if read_only and key + "#copy" in _clients:
            return _clients[key + "#copy"]
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            try:
                client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
                client.heartbeat()
            except Exception as exc:
                raise ConfigError(
                    f"cannot reach the Chroma server at ASSISTANT_CHROMA_URL="
                    f"{settings.chroma_url} ({type(exc).__name__}); start one with "
                    "'chroma run --path index/chroma-server --port 8000' or unset the variable"
                ) from exc
        else:
            from .manifest import is_disk_full, writable

            settings.index_dir.mkdir(parents=True, exist_ok=True)
            if not writable(settings.index_dir):
                if not read_only:
                    raise ConfigError(
                        f"the index folder {settings.index_dir} is read-only; indexing needs "
                        "to write there (answering from it works)")
                client = chromadb.PersistentClient(path=_private_copy(Path(key)),
                                                   settings=chroma_settings)
                _clients[key + "#copy"] = client
                return client
            try:
                client = chromadb.PersistentClient(path=key, settings=chroma_settings)
            except Exception as exc:
                if not (read_only and is_disk_full(exc) and Path(key).is_dir()):
                    raise
                client = chromadb.PersistentClient(path=_private_copy(Path(key)),
                                                   settings=chroma_settings)
                _clients[key + "#copy"] = client
                return client
        _clients[key] = client
        return client


def _private_copy(folder: Path) -> str:
    """A copy of a read-only Chroma folder that this process may open: Chroma opens its
    SQLite file read-write (migrations, locks) and fails on a read-only mount. The copy
    lives in a temporary folder removed at exit; nothing is written to the index."""
    import atexit
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="assistant-readonly-chroma-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    if folder.is_dir():
        shutil.copytree(folder, tmp / "chroma")
    return str(tmp / "chroma")


def get_collection(settings: Settings, *, create: bool = True) -> Any | None:
    client = get_client(settings, read_only=not create)
    name = settings.collection_name()
    if create:
        return client.get_or_create_collection(
            name,
            metadata={
                "hnsw:space": "cosine",
                "embed_model": settings.embed_model,
                "chunk_max_chars": settings.chunk_max_chars,
                "chunk_overlap_sentences": settings.chunk_overlap_sentences,
            },
        )
    try:
        return client.get_collection(name)
    except Exception as exc:  # chromadb raises NotFoundError/ValueError depending on version
        logger.debug("no collection %s (%s: %s)", name, type(exc).__name__, exc)
        return None


def is_missing_collection(exc: BaseException) -> bool:
    """Whether `exc` is Chroma's error for a collection that no longer exists (dropped
    by a rebuild in another process since it was opened)."""
    from chromadb.errors import NotFoundError

    return isinstance(exc, NotFoundError)


def _reports_name(settings: Settings) -> str:
    return settings.collection_name() + "-reports"


def publish_reports(settings: Settings, rows: list[ReportRow], *,
                    complete: bool = False) -> None:
    """Server mode: copy manifest rows to a small collection beside the chunks, so that
    processes on other machines know which report versions are live without the
    indexing machine's SQLite file. `complete`: `rows` is the whole manifest."""
    import json
    from dataclasses import asdict

    coll = get_client(settings).get_or_create_collection(
        _reports_name(settings), metadata={"hnsw:space": "cosine"})
    stale = set(coll.get(include=[])["ids"]) - {r.file for r in rows} if complete else set()
    if stale:
        coll.delete(ids=sorted(stale))
    for start in range(0, len(rows), 1000):
        part = rows[start : start + 1000]
        coll.upsert(ids=[r.file for r in part],
                    embeddings=[[1.0]] * len(part),  # unused: rows are read by id
                    documents=[json.dumps(asdict(r)) for r in part],
                    metadatas=[{"sha256": r.sha256} for r in part])


def published_reports(settings: Settings) -> dict[str, ReportRow] | None:
    """The rows `publish_reports` wrote; None if nothing was ever published there."""
    import json
    from dataclasses import fields

    client = get_client(settings)  # an unreachable server is an error, not "no rows"
    try:
        coll = client.get_collection(_reports_name(settings))
    except Exception as exc:
        if not is_missing_collection(exc):
            raise
        logger.debug("no published report rows (%s)", exc)
        return None  # indexed before rows were published there, or never
    known = {f.name for f in fields(ReportRow)}
    rows: dict[str, ReportRow] = {}
    for doc in coll.get(include=["documents"])["documents"] or []:
        data = json.loads(doc)
        if data.get("file") and data.get("sha256"):
            # Only the fields this version knows: indexer and chat may differ in version.
            rows[data["file"]] = ReportRow(**{k: v for k, v in data.items() if k in known})
    return dict(sorted(rows.items()))


def drop_collection(settings: Settings) -> None:
    client = get_client(settings)
    for name in (settings.collection_name(), _reports_name(settings)):
        try:
            client.delete_collection(name)
        except Exception as exc:  # not there: nothing to drop
            logger.debug("nothing to drop: %s (%s)", name, exc)


def vector_store(collection: Any) -> ChromaVectorStore:
    from llama_index.vector_stores.chroma import ChromaVectorStore

    return ChromaVectorStore(chroma_collection=collection)


def delete_report_chunks(collection: Any, sha: str) -> None:
    collection.delete(where={"doc_sha": sha})


def chunk_shas(collection: Any) -> set[str]:
    """Report versions that have chunks in the collection (for sweeping orphans)."""
    shas: set[str] = set()
    offset, page = 0, 5000
    while True:
        got = collection.get(include=["metadatas"], limit=page, offset=offset)
        metas = got.get("metadatas") or []
        shas.update(m.get("doc_sha", "") for m in metas if m)
        if len(metas) < page:
            return shas
        offset += page


def all_nodes(collection: Any, shas: set[str]) -> list[BaseNode]:
    """Every chunk of the given report versions, as llama-index nodes (for BM25)."""
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    nodes: list[BaseNode] = []
    offset, page = 0, 5000
    while True:
        got = collection.get(include=["metadatas", "documents"], limit=page, offset=offset)
        ids, metas, docs = got["ids"], got["metadatas"] or [], got["documents"] or []
        for id_, meta, doc in zip(ids, metas, docs, strict=False):
            if meta and meta.get("doc_sha") in shas:
                node = metadata_dict_to_node(meta, text=doc)
                node.id_ = id_
                nodes.append(node)
        if len(ids) < page:
            break
        offset += page
    nodes.sort(key=lambda n: n.node_id)  # a stable order keeps the BM25 index reproducible
    return nodes
