"""Checking a request to answer a question at the edge (the chat's /ask endpoint, and
any HTTP API beside it): one clear message per malformed field, never a library's
internal error text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import FilterError, QuestionError
from .types import Filters


@dataclass
class AskRequest:
    """A checked request: the question, its filters and the conversation so far."""

    question: str
    filters: Filters | None
    history: list[tuple[str, str]]


def check_ask_request(question: Any, files: Any = None, date_from: Any = None,
                      date_to: Any = None, history: Any = None) -> AskRequest:
    """Validate the fields of an ask request. Raises QuestionError (the question or the
    history) or FilterError (files, dates), each naming the field and what it must be."""
    if not isinstance(question, str):
        raise QuestionError(f"question must be text, not {type(question).__name__}")
    try:
        question.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QuestionError(f"question holds a character that is not valid text (at "
                            f"position {exc.start}); retype it") from None
    if files in ("", None):
        files = None
    elif isinstance(files, str):
        files = [files]
    if files is not None and (not isinstance(files, list)
                              or not all(isinstance(f, str) for f in files)):
        raise FilterError("files must be a list of report file names, e.g. "
                          '["russia-pakistan-forum-2025-12-18.txt"]')
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        if value not in (None, "") and not isinstance(value, str):
            raise FilterError(f"{name} must be a date written like 2025-12-18, not "
                              f"{type(value).__name__}")
    filters = Filters.from_any({"files": files, "date_from": date_from or None,
                                "date_to": date_to or None})
    return AskRequest(question=question, filters=filters, history=check_history(history))


def check_history(history: Any) -> list[tuple[str, str]]:
    """Earlier turns as (question, answer) pairs, from a list of [question, answer]
    pairs or of chat messages ({"role": "user" | "assistant", "content": text})."""
    if history in (None, "", []):
        return []
    if not isinstance(history, list):
        raise QuestionError("history must be a list of [question, answer] pairs")
    pairs: list[tuple[str, str]] = []
    asked: str | None = None
    for i, item in enumerate(history, 1):
        if isinstance(item, (list, tuple)) and len(item) == 2 and all(
                isinstance(x, str) for x in item):
            pairs.append((item[0], item[1]))
        elif (isinstance(item, dict) and item.get("role") in ("user", "assistant")
              and isinstance(item.get("content"), str)):
            if item["role"] == "user":
                asked = item["content"]
            elif asked is not None:
                pairs.append((asked, item["content"]))
                asked = None
        else:
            raise QuestionError(
                f"history item {i} must be a [question, answer] pair of texts or "
                '{"role": "user" or "assistant", "content": text}')
    for q, a in pairs:
        try:
            (q + a).encode("utf-8")
        except UnicodeEncodeError:
            raise QuestionError("history holds a character that is not valid text") from None
    return pairs
