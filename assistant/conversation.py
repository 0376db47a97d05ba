"""Follow-up questions: turning "Which university is she from?" into a question that
retrieval can answer on its own, using the conversation so far."""

from __future__ import annotations

import re
from typing import Any

_FOLLOW_UP = re.compile(
    r"\b(he|she|him|her|his|hers|they|them|their|it|its|this|that|these|those|there|"
    r"the same|the event|the forum|the report)\b",
    re.I,
)


def normalize_history(history: Any) -> list[tuple[str, str]]:
    """(question, answer) pairs from tuples, dicts, or chat messages
    ([{"role": "user", "content": ...}, {"role": "assistant", ...}])."""
    if not history:
        return []
    pairs: list[tuple[str, str]] = []
    pending_user: str | None = None
    for item in history:
        if isinstance(item, dict) and "role" in item:
            content = item.get("content")
            text = content if isinstance(content, str) else str(content or "")
            if item["role"] == "user":
                pending_user = text
            elif item["role"] == "assistant" and pending_user is not None:
                pairs.append((pending_user, text))
                pending_user = None
        elif isinstance(item, dict):
            pairs.append((str(item.get("question", "")), str(item.get("answer", ""))))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.append((str(item[0] or ""), str(item[1] or "")))
    return [(q, a) for q, a in pairs if q.strip()]


def is_follow_up(question: str) -> bool:
    words = question.split()
    return len(words) <= 4 or bool(_FOLLOW_UP.search(question))


def condense_offline(question: str, history: list[tuple[str, str]]) -> str:
    """Offline mode: a short or pronoun-led follow-up is searched together with the
    previous question, which carries the subject."""
    if not history or not is_follow_up(question):
        return question
    return f"{history[-1][0]} {question}"


CONDENSE_PROMPT = """Rewrite the follow-up question as one standalone question, using the \
conversation for names and subjects it refers to. Reply with the question only.

Conversation:
{conversation}

Follow-up question: {question}
Standalone question:"""


def condense_with_llm(question: str, history: list[tuple[str, str]], llm: Any) -> str:
    if not history:
        return question
    convo = "\n".join(f"User: {q}\nAssistant: {a[:500]}" for q, a in history[-3:])
    try:
        text = llm.complete(CONDENSE_PROMPT.format(conversation=convo, question=question)).text
    except Exception:  # the LLM is optional here: fall back to the offline rule
        return condense_offline(question, history)
    text = text.strip().splitlines()[0].strip() if text.strip() else ""
    # A small model can answer instead of rewriting, or drift off the subject: keep its
    # rewrite only if it still carries words of the question and of the earlier turn.
    from .text import content_terms

    words = set(content_terms(text))
    keeps_subject = words & set(content_terms(history[-1][0])) and words & set(
        content_terms(question))
    if not (3 <= len(text) <= 500 and keeps_subject):
        return condense_offline(question, history)
    return text
