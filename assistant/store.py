"""Chroma: the only module that imports chromadb.

Where the chunks live is one of two strategies with the same methods, picked once by
`open_store` (the only place that looks at ASSISTANT_CHROMA_URL):

- `LocalStore`: the embedded store (`PersistentClient`) in the index folder; the manifest
  beside it says which report versions are live.
- `ServerStore`: a Chroma server (`HttpClient`); the indexing machine also publishes the
  live report list there, for chats on machines that did not index.

One collection per embedding model and chunking settings (`Index.collection_name`), in
cosine space. The module-level functions taking `Settings` are thin delegates kept for
callers that have no `Index` at hand.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from .errors import ConfigError
from .manifest import Manifest, ReportRow
from .settings import Settings

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

logger = logging.getLogger(__name__)

_clients: dict[str, Any] = {}
_lock = threading.Lock()


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


class _Store:
    """What both strategies share: the collection of chunks and dropping it."""

    #: Whether other machines read this store. They know the live reports from the
    #: list published on it (not our manifest), so replaced and removed versions keep
    #: their chunks until that list is published; and each builds its own BM25 index
    #: from the store's chunks.
    shared = False

    def __init__(self, settings: Settings, collection_name: str):
        self.settings = settings
        self.collection_name = collection_name

    @property
    def reports_collection_name(self) -> str:
        return self.collection_name + "-reports"

    @property
    def where(self) -> str:
        """The store's location, for messages."""
        raise NotImplementedError

    def client(self, *, read_only: bool = False) -> Any:
        raise NotImplementedError

    def collection(self, *, create: bool = True) -> Any | None:
        """The chunk collection; with `create=False` (answering) None when it does not
        exist, and an embedded store on a read-only mount is opened from a copy."""
        client = self.client(read_only=not create)
        if create:
            return client.get_or_create_collection(
                self.collection_name,
                metadata={
                    "hnsw:space": "cosine",
                    "embed_model": self.settings.embed_model,
                    "chunk_max_chars": self.settings.chunk_max_chars,
                    "chunk_overlap_sentences": self.settings.chunk_overlap_sentences,
                },
            )
        try:
            return client.get_collection(self.collection_name)
        except Exception as exc:  # chromadb raises NotFoundError/ValueError by version
            logger.debug("no collection %s: %s", self.collection_name, exc)
            return None

    def drop(self) -> None:
        """Delete the chunk collection and the published report list (`--rebuild`)."""
        client = self.client()
        for name in (self.collection_name, self.reports_collection_name):
            try:
                client.delete_collection(name)
            except Exception as exc:  # not there: nothing to drop
                logger.debug("nothing to drop under %s: %s", name, exc)

    def published_reports(self) -> dict[str, ReportRow] | None:
        """The live report list published on the store; None where there is none (an
        embedded store: the manifest is the list)."""
        return None

    def publish(self, manifest: Manifest) -> None:
        """Make the store's live report list match the manifest (nothing to do here)."""


class LocalStore(_Store):
    """The embedded Chroma store in the index folder."""

    @property
    def path(self) -> Path:
        return self.settings.index_dir / "chroma"

    @property
    def where(self) -> str:
        return str(self.settings.index_dir)

    def client(self, *, read_only: bool = False) -> Any:
        """One client per store folder and process (clients are thread-safe and costly).

        `read_only` (answering): a store that cannot be opened for writing (a read-only
        mount, or a full disk: Chroma writes on opening) is opened from a private copy
        instead, so the index as it is keeps answering. Writers never get the copy."""
        key = str(self.path.resolve())
        with _lock:
            if key in _clients:
                return _clients[key]
            if read_only and key + "#copy" in _clients:
                return _clients[key + "#copy"]
            client = self._open(key, read_only)
            if client is None:
                client = _clients[key + "#copy"] = self._open_copy(key)
            else:
                _clients[key] = client
            return client

    def _open(self, key: str, read_only: bool) -> Any | None:
        """The client, or None when only a private copy can be opened."""
        import chromadb

        from .manifest import is_disk_full, writable

        folder = self.settings.index_dir
        folder.mkdir(parents=True, exist_ok=True)
        if not writable(folder):
            if not read_only:
                raise ConfigError(
                    f"the index folder {folder} is read-only; indexing needs "
                    "to write there (answering from it works)")
            return None
        try:
            return chromadb.PersistentClient(path=key, settings=_chroma_settings())
        except Exception as exc:
            if not (read_only and is_disk_full(exc) and Path(key).is_dir()):
                raise
            logger.info("the disk holding %s is full; answering from a copy", key)
            return None

    @staticmethod
    def _open_copy(key: str) -> Any:
        import chromadb

        return chromadb.PersistentClient(path=_private_copy(Path(key)),
                                         settings=_chroma_settings())


class ServerStore(_Store):
    """A Chroma server shared by machines: the indexing machine publishes the live
    report list beside the chunks; the others read it from there."""

    shared = True

    @property
    def where(self) -> str:
        return str(self.settings.chroma_url)

    def client(self, *, read_only: bool = False) -> Any:
        url_text = str(self.settings.chroma_url)
        with _lock:
            if url_text in _clients:
                return _clients[url_text]
            import chromadb

            url = urlparse(url_text)
            try:
                client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=_chroma_settings(),
                )
                client.heartbeat()
            except Exception as exc:
                raise ConfigError(
                    f"cannot reach the Chroma server at ASSISTANT_CHROMA_URL={url_text} "
                    f"({type(exc).__name__}); start one with "
                    "'chroma run --path index/chroma-server --port 8000' or unset the variable"
                ) from exc
            _clients[url_text] = client
            return client

    def published_reports(self) -> dict[str, ReportRow] | None:
        """The rows `publish` wrote; None if nothing was ever published there."""
        client = self.client()  # an unreachable server is an error, not "no rows"
        try:
            coll = client.get_collection(self.reports_collection_name)
        except Exception as exc:
            if type(exc).__name__ not in ("NotFoundError", "InvalidCollectionException"):
                raise
            return None  # indexed before rows were published there, or never
        known = {f.name for f in fields(ReportRow)}
        rows: dict[str, ReportRow] = {}
        for doc in coll.get(include=["documents"])["documents"] or []:
            data = json.loads(doc)
            if data.get("file") and data.get("sha256"):
                # Only the fields this version knows: indexer and chat may differ in version.
                rows[data["file"]] = ReportRow(**{k: v for k, v in data.items() if k in known})
        return dict(sorted(rows.items()))

    def publish(self, manifest: Manifest) -> None:
        """Copy the manifest's rows to a small collection beside the chunks, when they
        differ from what is published there."""
        rows = manifest.reports()
        published = self.published_reports()
        if published is not None and ({f: r.sha256 for f, r in published.items()}
                                      == {f: r.sha256 for f, r in rows.items()}):
            return
        self.publish_rows(list(rows.values()), complete=True)

    def publish_rows(self, rows: list[ReportRow], *, complete: bool = False) -> None:
        """Write `rows` to the published list; `complete`: they are the whole manifest,
        so rows of other files are deleted."""
        coll = self.client().get_or_create_collection(
            self.reports_collection_name, metadata={"hnsw:space": "cosine"})
        stale = set(coll.get(include=[])["ids"]) - {r.file for r in rows} if complete else set()
        if stale:
            coll.delete(ids=sorted(stale))
        for start in range(0, len(rows), 1000):
            part = rows[start : start + 1000]
            coll.upsert(ids=[r.file for r in part],
                        embeddings=[[1.0]] * len(part),  # unused: rows are read by id
                        documents=[json.dumps(asdict(r)) for r in part],
                        metadatas=[{"sha256": r.sha256} for r in part])


Store = LocalStore | ServerStore


def open_store(settings: Settings, collection_name: str) -> Store:
    """The strategy for these settings: a server when ASSISTANT_CHROMA_URL is set."""
    if settings.chroma_url:
        return ServerStore(settings, collection_name)
    return LocalStore(settings, collection_name)


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


# --------------------------------------------- delegates for callers without an Index


def _store(settings: Settings) -> Store:
    from .index import Index

    return Index(settings).store


def get_client(settings: Settings, *, read_only: bool = False) -> Any:
    """Delegate of `Index(settings).store.client()`."""
    return _store(settings).client(read_only=read_only)


def get_collection(settings: Settings, *, create: bool = True) -> Any | None:
    """Delegate of `Index(settings).store.collection()`."""
    return _store(settings).collection(create=create)


def published_reports(settings: Settings) -> dict[str, ReportRow] | None:
    """Delegate of `Index(settings).store.published_reports()`."""
    return _store(settings).published_reports()


def drop_collection(settings: Settings) -> None:
    """Delegate of `Index(settings).store.drop()`."""
    _store(settings).drop()


# ------------------------------------------------------------- one collection's chunks


def is_missing_collection(exc: BaseException) -> bool:
    """Whether `exc` is Chroma's error for a collection that no longer exists (dropped
    by a rebuild in another process since it was opened)."""
    from chromadb.errors import NotFoundError

    return isinstance(exc, NotFoundError)


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
