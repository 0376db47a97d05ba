"""What is indexed, in SQLite: one row per report of each collection.

The manifest is the truth about which report versions are live. Chunks in Chroma whose
report version (sha256) is not in the manifest are invisible to queries, which is what
makes indexing crash-safe: chunks are written first, the manifest row is committed in one
transaction, and only then are old chunks deleted.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    collection TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    event_date TEXT,
    venue TEXT,
    format TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0,
    mtime REAL NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '[]',
    indexed_at REAL NOT NULL,
    event_end TEXT,
    PRIMARY KEY (collection, file)
);
CREATE TABLE IF NOT EXISTS failures (
    collection TEXT NOT NULL,
    file TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (collection, file)
);
CREATE TABLE IF NOT EXISTS failed_versions (
    collection TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    settings_key TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (collection, sha256, settings_key)
);
CREATE TABLE IF NOT EXISTS pending (
    collection TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (collection, sha256)
);
"""
# Columns added to `reports` after its first version, with their SQL type: a manifest
# written before one is migrated when opened for writing (`_migrate`), and read with NULL
# in its place when opened read-only (`Manifest.reports`).
# event_end: the last day (ISO) of an event over several days; NULL, a one-day event.
_ADDED_COLUMNS = {"event_end": "TEXT"}
# The columns of `ReportRow`, in its order, as SELECTed and INSERTed.
_ROW_COLUMNS = ("file", "sha256", "title", "event_date", "venue", "format", "pages",
                "chunks", "size", "mtime", "notes", "indexed_at", "event_end")


@dataclass
class ReportRow:
    file: str
    sha256: str
    title: str = ""
    event_date: str | None = None
    venue: str | None = None
    format: str = ""
    pages: int = 0
    chunks: int = 0
    size: int = 0
    mtime: float = 0.0
    notes: str = "[]"
    indexed_at: float = 0.0
    event_end: str | None = None  # ISO last day of an event over several days

    @property
    def note_list(self) -> list[str]:
        return json.loads(self.notes or "[]")


def signature_of(shas: set[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(sorted(shas)).encode()).hexdigest()[:16]


class Manifest:
    """The manifest of one collection. `read_only=True` (answering) opens it without
    writing anything, so an index on a read-only mount answers; a missing manifest then
    reads as empty."""

    def __init__(self, index_dir: Path, collection: str, *, read_only: bool = False):
        self.path = index_dir / "manifest.sqlite3"
        self.collection = collection
        self.read_only = read_only
        if read_only:
            self.db = _open_read_only(self.path)
            return
        index_dir.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit, so a row is either all there or not.
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                  check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        _migrate(self.db)

    def close(self) -> None:
        self.db.close()

    def reports(self) -> dict[str, ReportRow]:
        # A manifest written before a column was added (opened read-only, so not
        # migrated) reads NULL for it: an index built before event ranges were read has
        # one-day events until it is rebuilt.
        have = _columns(self.db)
        columns = ", ".join(c if c in have else f"NULL AS {c}" for c in _ROW_COLUMNS)
        cur = self.db.execute(
            f"SELECT {columns} FROM reports WHERE collection=? ORDER BY file",
            (self.collection,),
        )
        return {r[0]: ReportRow(*r) for r in cur.fetchall()}

    def live_shas(self) -> set[str]:
        cur = self.db.execute("SELECT sha256 FROM reports WHERE collection=?", (self.collection,))
        return {r[0] for r in cur.fetchall()}

    def failures(self) -> dict[str, tuple[int, float, str]]:
        """Files that failed in the last indexing run, as (size, mtime, reason) of the
        file when it failed: what the report list shows as failed until the file
        changes. Not used to skip reading (see `failed_versions`)."""
        cur = self.db.execute("SELECT file, size, mtime, reason FROM failures WHERE collection=?",
                              (self.collection,))
        return {r[0]: (r[1], r[2], r[3]) for r in cur.fetchall()}

    def set_run_failures(self, failed: list[tuple[str, int, float, str]]) -> None:
        """Replace the last run's failures with this run's (file, size, mtime, reason).
        Every run lists every failing file (remembered or retried), so replacing is right."""
        with self._tx():
            self.db.execute("DELETE FROM failures WHERE collection=?", (self.collection,))
            self.db.executemany("INSERT OR REPLACE INTO failures VALUES (?,?,?,?,?)",
                                [(self.collection, *row) for row in failed])

    def failed_versions(self, settings_key: str) -> dict[str, str]:
        """Why each file version (by sha256) that failed under these read settings
        failed. Only faults of the file itself are remembered (see ReportError.permanent)."""
        cur = self.db.execute(
            "SELECT sha256, reason FROM failed_versions WHERE collection=? AND settings_key=?",
            (self.collection, settings_key))
        return dict(cur.fetchall())

    def remember_failure(self, sha: str, settings_key: str, reason: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO failed_versions VALUES (?,?,?,?)",
                        (self.collection, sha, settings_key, reason))

    def mark_pending(self, sha: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO pending VALUES (?, ?)", (self.collection, sha)
        )

    def pending(self) -> set[str]:
        cur = self.db.execute("SELECT sha256 FROM pending WHERE collection=?", (self.collection,))
        return {r[0] for r in cur.fetchall()}

    def clear_pending(self, sha: str) -> None:
        self.db.execute("DELETE FROM pending WHERE collection=? AND sha256=?",
                        (self.collection, sha))

    def commit_report(self, row: ReportRow, replaces: str | None = None) -> None:
        """Make `row` the live version of its file (and drop `replaces`, a renamed-from
        file) in one transaction."""
        with self._tx():
            if replaces:
                self.db.execute("DELETE FROM reports WHERE collection=? AND file=?",
                                (self.collection, replaces))
            self.db.execute(
                f"INSERT OR REPLACE INTO reports (collection, {', '.join(_ROW_COLUMNS)}) "
                f"VALUES ({', '.join('?' * (len(_ROW_COLUMNS) + 1))})",
                (self.collection, row.file, row.sha256, row.title, row.event_date, row.venue,
                 row.format, row.pages, row.chunks, row.size, row.mtime, row.notes,
                 row.indexed_at or time.time(), row.event_end),
            )

    def touch(self, file: str, size: int, mtime: float) -> None:
        self.db.execute("UPDATE reports SET size=?, mtime=? WHERE collection=? AND file=?",
                        (size, mtime, self.collection, file))

    def remove(self, file: str) -> None:
        with self._tx():
            self.db.execute("DELETE FROM reports WHERE collection=? AND file=?",
                            (self.collection, file))

    def clear(self) -> None:
        with self._tx():
            self.db.execute("DELETE FROM reports WHERE collection=?", (self.collection,))
            self.db.execute("DELETE FROM pending WHERE collection=?", (self.collection,))
            self.db.execute("DELETE FROM failures WHERE collection=?", (self.collection,))
            self.db.execute("DELETE FROM failed_versions WHERE collection=?",
                            (self.collection,))

    def _tx(self):
        db = self.db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, *_):
                db.execute("ROLLBACK" if exc_type else "COMMIT")

        return _Tx()


def _columns(db: sqlite3.Connection) -> set[str]:
    """The columns the manifest's `reports` table has."""
    return {r[1] for r in db.execute("PRAGMA table_info(reports)").fetchall()}


def _migrate(db: sqlite3.Connection) -> None:
    """Add the columns of `_ADDED_COLUMNS` a manifest written by an earlier version lacks;
    its rows keep everything and read NULL there. Safe beside another process opening
    the same manifest: a column it added first is not added twice."""
    for name, sql_type in _ADDED_COLUMNS.items():
        if name in _columns(db):
            continue
        try:
            db.execute(f"ALTER TABLE reports ADD COLUMN {name} {sql_type}")
        except sqlite3.OperationalError:
            if name not in _columns(db):  # not another process's migration: a real error
                raise


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that writes nothing: no -wal/-shm files, no journal, no schema.

    SQLite's mode=ro still needs the -shm file of a WAL database, which a read-only
    folder cannot hold; immutable=1 reads the file as it is (the indexer never writes a
    read-only mount, so it cannot change under us). Where the folder is writable the
    indexer may be running, so mode=ro is used there, which sees its commits."""
    from urllib.parse import quote

    if not path.exists():
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.executescript(_SCHEMA)
        return db
    mode = "mode=ro" if writable(path.parent) else "mode=ro&immutable=1"
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?{mode}", uri=True,
                           timeout=30, isolation_level=None, check_same_thread=False)


def writable(folder: Path) -> bool:
    """Whether this process can write in `folder` (not a read-only mount, and permitted)."""
    import os

    return os.access(folder, os.W_OK) and not _on_read_only_mount(folder)


def _on_read_only_mount(folder: Path) -> bool:
    import os

    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def is_disk_full(exc: BaseException | None) -> bool:
    """Whether `exc` (or what caused it) is a full disk or quota, as raised by Python,
    SQLite or Chroma (which wraps the OS error in its own types and text)."""
    import errno

    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        text = str(exc).lower()
        if "no space left on device" in text or "disk is full" in text or \
                "disk quota exceeded" in text:
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False
