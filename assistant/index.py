"""`Index`: one index's on-disk layout and lifecycle, in one place.

An index is a folder (ASSISTANT_INDEX_DIR) holding, per collection:

    manifest.sqlite3            what is indexed (manifest.py), crash-safe
    chroma/                     the embedded Chroma store (unless a server holds the chunks)
    bm25/<collection>/          the persisted BM25 index (bm25.py), `current` names the live one
    onnx/<model key>/           the model's ONNX export for query processes (onnx_embedding.py)
    .indexing.lock              one indexing run at a time (locking.py)

The collection name is a hash of the settings that shape the vectors. Where the chunks
live, and so where the live report list is read from, is the store strategy
(`store.LocalStore` or `store.ServerStore`), chosen once here.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .locking import file_lock
from .manifest import Manifest, ReportRow
from .settings import CHUNKER_VERSION, Settings
from .store import Store, open_store

logger = logging.getLogger(__name__)

# One indexing run at a time in this process (chat uploads run in threads); the file lock
# below does the same across processes.
_indexing_lock = threading.Lock()
_bm25_build_lock = threading.Lock()


def collection_name_for(settings: Settings) -> str:
    """Name of the Chroma collection: a hash of the settings that shape the vectors, so a
    different model or chunking never mixes with existing vectors."""
    shape = f"{settings.embed_model}|{settings.chunk_max_chars}|{settings.chunk_overlap_sentences}"
    shape += f"|v{CHUNKER_VERSION}"
    if settings.embed_backend == "onnx-int8":
        shape += "|int8"
    return "reports-" + hashlib.sha256(shape.encode()).hexdigest()[:12]


def bm25_root(index_dir: Path, collection: str) -> Path:
    """Folder of one collection's BM25 index versions."""
    return index_dir / "bm25" / collection


def onnx_root(index_dir: Path, model_path: str) -> Path:
    """Folder of the ONNX export of the model at `model_path` (a local folder)."""
    key = hashlib.sha256(str(Path(model_path).resolve()).encode()).hexdigest()[:12]
    return index_dir / "onnx" / key


class Index:
    """One index: its folder, collection, manifest, BM25 files, ONNX export and locks,
    and which report versions are live.

    Cheap to make (nothing is opened until asked for). `store` is the strategy that
    knows where the chunks are: `LocalStore` (embedded, in `folder`) or `ServerStore`
    (a Chroma server, ASSISTANT_CHROMA_URL)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.folder: Path = settings.index_dir
        self.collection_name = collection_name_for(settings)
        self.store: Store = open_store(settings, self.collection_name)
        self._reader: Manifest | None = None
        self._reader_lock = threading.Lock()
        self._bm25_unwritable = False  # an older-format BM25 index we could not rebuild

    # ------------------------------------------------------------------ layout

    @property
    def manifest_path(self) -> Path:
        return self.folder / "manifest.sqlite3"

    @property
    def bm25_root(self) -> Path:
        return bm25_root(self.folder, self.collection_name)

    def onnx_dir(self, model_path: str) -> Path:
        return onnx_root(self.folder, model_path)

    @property
    def where(self) -> str:
        """Where the chunks are (a folder or a server URL), for messages."""
        return self.store.where

    # ------------------------------------------------------------------ manifest

    def manifest(self, *, read_only: bool = False) -> Manifest:
        """A new connection to the manifest; the caller closes it. `read_only`
        (answering) writes nothing, and a missing manifest reads as empty."""
        return Manifest(self.folder, self.collection_name, read_only=read_only)

    def live_reports(self) -> dict[str, ReportRow]:
        """The live reports, by file, read afresh on every call (another process may
        have indexed since): the list published on a Chroma server when there is one,
        else the manifest (over one read-only connection kept by this object)."""
        published = self.store.published_reports()
        if published is not None:
            return published
        with self._reader_lock:
            if self._reader is None:
                if not self.manifest_path.exists():
                    return {}  # not indexed yet; opened once the indexer has made it
                self._reader = self.manifest(read_only=True)
            return self._reader.reports()

    # ------------------------------------------------------------------ locks

    @contextmanager
    def indexing_lock(self) -> Iterator[None]:
        """One indexing run at a time per index, across threads (chat uploads) and
        processes (a CLI run beside the chat): a second run waits instead of sweeping
        the first one's half-written chunks."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with _indexing_lock, file_lock(self.folder / ".indexing.lock"):
            yield

    # ------------------------------------------------------------------ chunks

    def collection(self, *, create: bool = True) -> Any | None:
        return self.store.collection(create=create)

    def clear(self, manifest: Manifest) -> None:
        """Drop everything indexed (`--rebuild`): chunks, published list, manifest, BM25."""
        self.store.drop()
        manifest.clear()
        shutil.rmtree(self.bm25_root, ignore_errors=True)

    # ------------------------------------------------------------------ BM25

    def bm25_signature(self) -> str | None:
        """The signature of the current BM25 index (the report versions it was built from,
        and its format), if any."""
        from . import bm25

        return bm25.current_signature(self.folder, self.collection_name)

    @staticmethod
    def bm25_signature_for(live_shas: set[str]) -> str:
        """The signature a BM25 index of the report versions `live_shas` should have."""
        from . import bm25

        return bm25.signature_for(live_shas)

    def load_bm25(self) -> tuple[str, Any] | None:
        """(signature, BM25 retriever) of the live BM25 index (see `bm25.load_bm25`)."""
        from . import bm25

        return bm25.load_bm25(self.folder, self.collection_name)

    def _upgrade_bm25(self, rows: dict[str, ReportRow], collection: Callable[[], Any],
                      signature: str) -> None:
        from . import bm25

        if self._bm25_unwritable:
            return
        with _bm25_build_lock:
            try:
                bm25.rebuild_older(self.folder, self.collection_name,
                                   lambda: bm25.nodes_for(collection(), list(rows.values())),
                                   signature)
            except OSError as exc:
                self._bm25_unwritable = True
                logger.warning("the BM25 index in %s is of an older format and cannot be "
                               "rebuilt here (%s); run `assistant index` where it can be "
                               "written", self.folder, exc)

    def write_bm25(self, rows: list[ReportRow], collection: Any, signature: str) -> None:
        """Rebuild the BM25 index from the chunks of `rows` and make it current."""
        from . import bm25

        bm25.write_bm25(self.folder, self.collection_name, bm25.nodes_for(collection, rows),
                        signature)

    def sync_bm25(self, rows: dict[str, ReportRow], collection: Callable[[], Any]) -> None:
        """Build the BM25 index here from the store's chunks when it is not that of the
        live reports `rows` (a chat on a machine that did not index, in server mode;
        where this machine indexes, the indexer has already written it), or when it is in
        an older format than this version's (an index from before an upgrade: rebuilt on
        the first question rather than at the next `assistant index`). Where the folder
        cannot be written, the older index stays in use, searched as it was built."""
        from . import bm25

        wanted = self.bm25_signature_for({r.sha256 for r in rows.values()})
        current = self.bm25_signature()
        if current == wanted:
            return
        if not self.store.shared:
            if current is not None and bm25.format_of(current) < bm25.FORMAT:
                self._upgrade_bm25(rows, collection, wanted)
            return
        with _bm25_build_lock:  # apart from the reader lock: a long build must not stall it
            if self.bm25_signature() != wanted:
                self.write_bm25(list(rows.values()), collection(), wanted)
