"""Saved conversations and answer feedback, in one SQLite file (`Settings.workbench_db()`:
beside the index, or in `ASSISTANT_DATA_DIR`).

A conversation belongs to a user (the signed-in name; "" without sign-in) and holds turns;
each turn keeps the whole `Answer` (text, citations with their passages and offsets,
related passages, confidence), so a reopened conversation shows the same answers,
sources and highlights. Feedback (thumbs up/down, a comment) is stored per turn with a
copy of the question, answer and citations, so it survives the conversation's deletion.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .types import Answer, Citation

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_user ON conversations (user, updated);
CREATE TABLE IF NOT EXISTS turns (
    id TEXT PRIMARY KEY,
    conversation TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    reports TEXT NOT NULL DEFAULT '{}',
    filters TEXT NOT NULL DEFAULT '{}',
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_conversation ON turns (conversation, seq);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn TEXT NOT NULL UNIQUE,
    user TEXT NOT NULL,
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    reports TEXT NOT NULL DEFAULT '{}',
    created REAL NOT NULL
);
"""

TITLE_CHARS = 60


@dataclass
class Turn:
    """One question and its answer. `reports` maps each cited file to its title and
    event date as they were when answered (for references that outlive the report)."""

    id: str
    question: str
    answer: Answer
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    filters: dict[str, Any] = field(default_factory=dict)
    created: float = 0.0


@dataclass
class Conversation:
    id: str
    user: str
    title: str
    created: float
    updated: float
    turns: list[Turn] = field(default_factory=list)


@dataclass
class Feedback:
    """A rating of one answer: `rating` +1 (thumbs up) or -1 (thumbs down)."""

    id: int
    turn: str
    user: str
    rating: int
    comment: str
    question: str
    answer: Answer
    reports: dict[str, dict[str, Any]]
    created: float


def answer_to_json(answer: Answer) -> str:
    """Every field of an Answer (citations with passages and offsets included)."""
    return json.dumps(dataclasses.asdict(answer), ensure_ascii=False)


def answer_from_json(text: str) -> Answer:
    """Inverse of answer_to_json; fields this version does not know are ignored, missing
    ones take their defaults (an answer saved by an older or newer version still opens)."""
    data = json.loads(text)
    cite_fields = {f.name for f in dataclasses.fields(Citation)}

    def cite(d: dict[str, Any]) -> Citation:
        return Citation(**{k: v for k, v in d.items() if k in cite_fields})

    fields = {f.name for f in dataclasses.fields(Answer)}
    kwargs = {k: v for k, v in data.items() if k in fields}
    kwargs["citations"] = [cite(c) for c in data.get("citations") or []]
    kwargs["related"] = [cite(c) for c in data.get("related") or []]
    kwargs["corrections"] = [(a, b) for a, b in data.get("corrections") or []]
    return Answer(**kwargs)


def title_from(question: str) -> str:
    """A conversation's title: its first question, on one line, shortened at a word."""
    text = " ".join(question.split())
    if len(text) <= TITLE_CHARS:
        return text or "Untitled"
    cut = text[: TITLE_CHARS - 1].rsplit(" ", 1)[0]
    return cut + "…"


class WorkbenchStore:
    """Conversations and feedback of one data folder. Safe to share between the chat's
    threads; every method is one short transaction."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot keep conversations in {self.path} ({exc}); set ASSISTANT_DATA_DIR "
                "to a writable folder") from exc
        self._lock = threading.Lock()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ conversations

    def create(self, user: str, first_question: str) -> str:
        cid = uuid.uuid4().hex
        now = time.time()
        with self._lock:
            self.db.execute("INSERT INTO conversations VALUES (?,?,?,?,?)",
                            (cid, user, title_from(first_question), now, now))
        return cid

    def add_turn(self, conversation: str, user: str, question: str, answer: Answer,
                 reports: dict[str, dict[str, Any]] | None = None,
                 filters: dict[str, Any] | None = None) -> str:
        """Append a turn; returns its id. Raises ConfigError when the conversation is
        not the user's."""
        self._owned(conversation, user)
        tid = uuid.uuid4().hex
        now = time.time()
        with self._lock:
            seq = self.db.execute("SELECT COUNT(*) FROM turns WHERE conversation=?",
                                  (conversation,)).fetchone()[0]
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.execute(
                    "INSERT INTO turns VALUES (?,?,?,?,?,?,?,?)",
                    (tid, conversation, seq, question, answer_to_json(answer),
                     json.dumps(reports or {}), json.dumps(filters or {}), now))
                self.db.execute("UPDATE conversations SET updated=? WHERE id=?",
                                (now, conversation))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return tid

    def list(self, user: str) -> list[Conversation]:
        """The user's conversations, most recently used first (without their turns)."""
        cur = self.db.execute(
            "SELECT id, user, title, created, updated FROM conversations WHERE user=? "
            "ORDER BY updated DESC", (user,))
        return [Conversation(*row) for row in cur.fetchall()]

    def get(self, conversation: str, user: str) -> Conversation:
        row = self._owned(conversation, user)
        conv = Conversation(*row)
        cur = self.db.execute(
            "SELECT id, question, answer, reports, filters, created FROM turns "
            "WHERE conversation=? ORDER BY seq", (conversation,))
        conv.turns = [Turn(id=r[0], question=r[1], answer=answer_from_json(r[2]),
                           reports=json.loads(r[3]), filters=json.loads(r[4]), created=r[5])
                      for r in cur.fetchall()]
        return conv

    def rename(self, conversation: str, user: str, title: str) -> None:
        title = " ".join((title or "").split())[:200]
        if not title:
            raise ConfigError("a conversation needs a title; type one")
        self._owned(conversation, user)
        with self._lock:
            self.db.execute("UPDATE conversations SET title=? WHERE id=?", (title, conversation))

    def delete(self, conversation: str, user: str) -> None:
        self._owned(conversation, user)
        with self._lock:
            self.db.execute("DELETE FROM conversations WHERE id=?", (conversation,))

    def turn(self, turn: str, user: str) -> Turn:
        row = self.db.execute(
            "SELECT t.id, t.question, t.answer, t.reports, t.filters, t.created, c.user "
            "FROM turns t JOIN conversations c ON c.id = t.conversation WHERE t.id=?",
            (turn,)).fetchone()
        if row is None or row[6] != user:
            raise ConfigError("that answer is not in your saved conversations")
        return Turn(id=row[0], question=row[1], answer=answer_from_json(row[2]),
                    reports=json.loads(row[3]), filters=json.loads(row[4]), created=row[5])

    def _owned(self, conversation: str, user: str) -> tuple:
        row = self.db.execute(
            "SELECT id, user, title, created, updated FROM conversations WHERE id=?",
            (conversation,)).fetchone()
        # Another user's conversation reads as missing: its existence is not shown either.
        if row is None or row[1] != user:
            raise ConfigError("no such conversation in your saved conversations")
        return row

    # ------------------------------------------------------------ feedback

    def rate(self, turn: str, user: str, rating: int, comment: str = "") -> None:
        """Thumbs up (+1) or down (-1) on a saved answer, with an optional comment; a new
        rating of the same answer replaces the old one."""
        if rating not in (1, -1):
            raise ConfigError("a rating is +1 (thumbs up) or -1 (thumbs down)")
        t = self.turn(turn, user)
        with self._lock:
            self.db.execute(
                "INSERT INTO feedback (turn, user, rating, comment, question, answer, "
                "reports, created) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(turn) DO UPDATE SET "
                "rating=excluded.rating, comment=CASE WHEN excluded.comment != '' THEN "
                "excluded.comment ELSE feedback.comment END, created=excluded.created",
                (turn, user, rating, comment.strip(), t.question, answer_to_json(t.answer),
                 json.dumps(t.reports), time.time()))

    def comment(self, turn: str, user: str, comment: str) -> None:
        """Add or change the comment of a rated answer."""
        self.turn(turn, user)
        with self._lock:
            cur = self.db.execute("UPDATE feedback SET comment=? WHERE turn=? AND user=?",
                                  (comment.strip(), turn, user))
        if cur.rowcount == 0:
            raise ConfigError("rate the answer (thumbs up or down) before commenting")

    def feedback(self) -> list[Feedback]:
        """All feedback of all users, oldest first."""
        cur = self.db.execute(
            "SELECT id, turn, user, rating, comment, question, answer, reports, created "
            "FROM feedback ORDER BY created, id")
        return [Feedback(id=r[0], turn=r[1], user=r[2], rating=r[3], comment=r[4],
                         question=r[5], answer=answer_from_json(r[6]),
                         reports=json.loads(r[7]), created=r[8]) for r in cur.fetchall()]


_stores: dict[Path, WorkbenchStore] = {}
_stores_lock = threading.Lock()


def get_store(settings: Any) -> WorkbenchStore:
    """One store per data folder and process."""
    path = settings.workbench_db().resolve()
    with _stores_lock:
        if path not in _stores:
            _stores[path] = WorkbenchStore(path)
        return _stores[path]
