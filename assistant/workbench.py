"""The chat's analyst workbench, as Gradio event handlers: saved conversations in a
sidebar, feedback on answers, exports, the source viewer and the report list with states.
`ui.build_app` lays the components out and wires them to these functions.

Every handler works for the signed-in user only (Gradio's `request.username`; "" without
sign-in), and turns the library's exceptions into a message, never a traceback.
"""

from __future__ import annotations

import dataclasses
import html
import tempfile
from pathlib import Path
from typing import Any

from .errors import AssistantError, ConfigError
from .export import confidence_phrase, refusal_reason, where_of
from .settings import Settings
from .types import Answer, Citation


def user_of(request: Any) -> str:
    return (getattr(request, "username", None) or "") if request is not None else ""


def answer_markdown(answer: Answer, escape: Any) -> str:
    """An answer as the chat shows it: the text (escaped), then how sure the answerer is,
    or why it did not answer."""
    text = escape(answer.text)
    if answer.found:
        phrase = confidence_phrase(answer)
        if phrase:
            text += f"\n\n*Confidence: {escape(phrase)}*"
    else:
        reason = refusal_reason(answer)
        text += "\n\n*Not answered" + (f": {escape(reason)}*" if reason else "*")
    return text


def report_meta(settings: Settings, answer: Answer) -> dict[str, dict[str, Any]]:
    """Title and event date of each report the answer cites, as indexed now."""
    from .library import indexed_rows

    try:
        rows = indexed_rows(settings)
    except AssistantError:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for c in [*answer.citations, *answer.related]:
        row = rows.get(c.file)
        if row is not None:
            out[c.file] = {"title": row.title, "event_date": row.event_date,
                           "event_end": row.event_end}
    return out


# ------------------------------------------------------------ citations in the viewer

def cite_choices(answer: Answer | None) -> list[tuple[str, str]]:
    """(label, value) of each citation and related passage, for the viewer picker."""
    if answer is None:
        return []
    out = []
    for i, c in enumerate(answer.citations):
        out.append((f"[{c.n}] {c.title or c.file} · {where_of(c)}", f"c{i}"))
    for i, c in enumerate(answer.related):
        out.append((f"· {c.title or c.file} · {where_of(c)} (possibly related)", f"r{i}"))
    return out


def pick_citation(answer: dict[str, Any] | None, value: str | None) -> Citation | None:
    if not answer or not value:
        return None
    import json

    from .conversations import answer_from_json

    a = answer_from_json(json.dumps(answer))
    items = a.citations if value[0] == "c" else a.related
    try:
        return items[int(value[1:])]
    except (ValueError, IndexError):
        return None


def viewer_placeholder() -> str:
    return ('<p class="viewer-empty">Pick a source above to see it in its report, the quote '
            "highlighted.</p>")


def show(settings: Settings, target: dict[str, Any] | None) -> str:
    """The viewer's HTML for a target (a ViewTarget as a dict), or a one-line message."""
    from .library import indexed_rows
    from .viewer import ViewTarget, view_html

    if not target:
        return viewer_placeholder()
    try:
        indexed = set(indexed_rows(settings))
        return view_html(settings, ViewTarget(**target), indexed)
    except AssistantError as exc:
        return f'<p class="viewer-note">{html.escape(str(exc))}</p>'
    except Exception as exc:  # a report the renderer cannot draw must not break the chat
        return (f'<p class="viewer-note">{html.escape(target.get("file", ""))}: cannot be '
                f"shown ({html.escape(type(exc).__name__)}); use “open report”.</p>")


def open_citation(settings: Settings, answer: dict[str, Any] | None,
                  value: str | None) -> tuple[dict[str, Any] | None, str]:
    from .viewer import target_for

    c = pick_citation(answer, value)
    if c is None:
        return None, viewer_placeholder()
    target = dataclasses.asdict(target_for(settings, c))
    return target, show(settings, target)


def turn_page(settings: Settings, target: dict[str, Any] | None, step: int = 0,
              zoom: float = 1.0) -> tuple[dict[str, Any] | None, str]:
    """Previous/next page (step -1/+1) or a zoom factor applied to the shown target."""
    if not target:
        return None, viewer_placeholder()
    target = dict(target)
    target["page"] = max(1, int(target.get("page", 1)) + step)
    target["zoom"] = round(max(0.5, min(3.0, float(target.get("zoom", 1.0)) * zoom)), 2)
    out = show(settings, target)
    # Past the last page: stay on it (the viewer clamps the number it draws).
    import re

    m = re.search(r'data-page="(\d+)"', out)
    if m:
        target["page"] = int(m.group(1))
    return target, out


# ------------------------------------------------------------ conversations

def conversation_choices(settings: Settings, user: str) -> list[tuple[str, str]]:
    from .conversations import get_store

    try:
        return [(c.title, c.id) for c in get_store(settings).list(user)]
    except AssistantError:
        return []


def save_turn(settings: Settings, user: str, conv: str | None, question: str,
              answer: Answer, filters: dict[str, Any]) -> tuple[str | None, str | None, str]:
    """Save a turn (creating the conversation on its first question): (conversation id,
    turn id, a note when saving failed)."""
    from .conversations import get_store

    try:
        store = get_store(settings)
        if conv is None:
            conv = store.create(user, question)
        turn = store.add_turn(conv, user, question, answer, report_meta(settings, answer),
                              filters)
        return conv, turn, ""
    except AssistantError as exc:
        return conv, None, f"Not saved: {exc}"


def load_conversation(settings: Settings, user: str, conv: str | None, escape: Any
                      ) -> tuple[list[dict], list[tuple[str, str]], list[str | None],
                                 Answer | None, str]:
    """Chat messages, (question, answer) pairs, turn ids and the last answer of a saved
    conversation, and its title."""
    from .conversations import get_store

    if not conv:
        return [], [], [], None, ""
    c = get_store(settings).get(conv, user)
    messages: list[dict] = []
    pairs, turns = [], []
    for t in c.turns:
        messages.append({"role": "user", "content": escape(t.question)})
        messages.append({"role": "assistant", "content": answer_markdown(t.answer, escape)})
        pairs.append((t.question, t.answer.text))
        turns.append(t.id)
    last = c.turns[-1].answer if c.turns else None
    return messages, pairs, turns, last, c.title


def turn_of_message(turns: list[str | None], index: Any) -> str | None:
    """The saved turn of the chat message at `index` (user and answer messages
    alternate: message 2k+1 is the answer of turn k)."""
    i = index[0] if isinstance(index, (list, tuple)) else index
    if not isinstance(i, int):
        return None
    k = i // 2
    return turns[k] if 0 <= k < len(turns) else None


def answer_of_message(settings: Settings, user: str, turns: list[str | None],
                      index: Any) -> Answer | None:
    """The saved answer of the chat message at `index` (its question's too), or None."""
    from .conversations import get_store

    turn = turn_of_message(turns, index)
    if turn is None:
        return None
    try:
        return get_store(settings).turn(turn, user).answer
    except AssistantError:
        return None


def rate(settings: Settings, user: str, turns: list[str | None], index: Any,
         liked: Any) -> tuple[str | None, str]:
    """Store a thumbs up/down from the chat's like event: (rated turn, message)."""
    from .conversations import get_store

    turn = turn_of_message(turns, index)
    if turn is None:
        return None, "This answer was not saved, so it cannot be rated."
    rating = 1 if liked is True or liked == "Like" else -1
    try:
        get_store(settings).rate(turn, user, rating)
    except AssistantError as exc:
        return None, str(exc)
    word = "Thumbs up" if rating > 0 else "Thumbs down"
    return turn, f"{word} saved. Add a comment below if you like."


def comment(settings: Settings, user: str, turn: str | None, text: str) -> str:
    from .conversations import get_store

    if not turn:
        return "Rate an answer (thumbs up or down on it) first."
    if not (text or "").strip():
        return "Type a comment first."
    try:
        get_store(settings).comment(turn, user, text)
    except AssistantError as exc:
        return str(exc)
    return "Comment saved with your rating."


def export(settings: Settings, user: str, conv: str | None, turns: list[str | None],
           scope: str, fmt: str) -> tuple[str | None, str]:
    """Write the last answer (scope "answer") or the whole conversation as Markdown
    ("md") or DOCX; (file path, message)."""
    from .conversations import get_store
    from .export import to_docx, to_markdown

    if not conv:
        return None, "Ask a question first; then export it."
    store = get_store(settings)
    try:
        c = store.get(conv, user)
    except ConfigError as exc:
        return None, str(exc)
    items = c.turns
    if scope == "answer":
        saved = [t for t in turns if t]
        items = [t for t in c.turns if saved and t.id == saved[-1]]
        title = f"Answer: {items[0].question}" if items else c.title
    else:
        title = c.title
    if not items:
        return None, "Nothing to export yet."
    import re

    stem = re.sub(r"[^\w\-]+", "-", title.lower()).strip("-")[:50] or "conversation"
    folder = Path(tempfile.mkdtemp(prefix="export-"))
    if fmt == "md":
        path = folder / f"{stem}.md"
        path.write_text(to_markdown(items, title), encoding="utf-8")
    else:
        path = to_docx(items, title, folder / f"{stem}.docx")
    what = "the answer" if scope == "answer" else "the conversation"
    return str(path), f"Exported {what} as {path.suffix[1:].upper()}."


# ------------------------------------------------------------ the report list

REPORT_HEADERS = ["Title", "File", "Event date", "Pages", "Chunks", "State"]


def report_table(settings: Settings) -> list[list[Any]]:
    from .library import report_states

    try:
        states = report_states(settings)
    except AssistantError:
        return []
    return [[s.title, s.file, s.shown_date, s.pages or "", s.chunks or "", s.status_text]
            for s in states]


def filter_choices(settings: Settings) -> list[tuple[str, str]]:
    """(Title — file, file) of the indexed reports, for the report filter."""
    from .library import report_states

    try:
        return [(s.label, s.file) for s in report_states(settings) if s.state == "indexed"]
    except AssistantError:
        return []


def day(value: Any) -> str:
    """A date picker's value as YYYY-MM-DD ("" when empty)."""
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        from datetime import UTC, datetime

        return datetime.fromtimestamp(value, UTC).date().isoformat()
    text = str(value).strip()
    return text[:10] if len(text) >= 10 and text[4] == "-" else text


def citation_dict(c: Citation) -> dict[str, Any]:
    return dataclasses.asdict(c)
