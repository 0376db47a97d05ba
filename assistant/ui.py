"""The Gradio web chat: streaming cited answers, a sources panel, filters, upload and a
report list. `app.py` only builds and launches it.

Everything that comes from a report, a file name or a question is escaped before it
reaches the page: reports are data, and a report holding `<script>` must stay inert.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path
from typing import Any

from .errors import AssistantError, ConfigError
from .settings import Settings, get_settings
from .types import Answer, Citation
from .untrusted import strip_controls

EXAMPLES = [
    "Who spoke on food security at the Russia–Pakistan forum?",
    "What did the trade representative invite Pakistani businesses to?",
    "Who organised the forum, and where was it held?",
    "What did Dr. Gul I Ayesha Bhatti present?",
]
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")

CSS = """
.source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px;
          margin-bottom: 8px; }
.source mark { background: #fde68a; color: inherit; padding: 0 2px; }
.source .where { font-size: 0.85em; opacity: 0.8; }
.related-note { font-weight: 600; color: #b45309; }
"""


def escape_markdown(text: str) -> str:
    """Show text literally in a markdown-rendering component: no HTML, no links, no
    control or bidi-override characters (maths is off in the Chatbot itself)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(strip_controls(text), quote=False))


def report_url(settings: Settings, file: str, page: int | None) -> str:
    """A link that opens the report (PDFs at their page) through the safe report route
    (serving.py), which serves indexed reports only."""
    from .serving import report_href

    return report_href(file, page)


def safe_corpus_path(settings: Settings, file: str) -> Path:
    root = settings.corpus_dir.resolve()
    path = (root / file).resolve()  # resolves "..", absolute parts and symlinks
    if not path.is_relative_to(root) or not path.is_file():
        raise ConfigError(f"{file}: not a report in the corpus")
    return path


def _source_html(c: Citation, settings: Settings, label: str | None = None) -> str:
    passage = c.passage or c.quote
    rel_start = c.start - c.passage_start
    if 0 <= rel_start and passage[rel_start : rel_start + len(c.quote)] == c.quote:
        before, after = passage[:rel_start], passage[rel_start + len(c.quote):]
    else:
        before, after = "", ""
        passage = c.quote
    # Text indexed before clean-up stripped control characters may still hold them.
    before, quote, after = (html.escape(strip_controls(t)) for t in (before, c.quote, after))
    body = f"{before}<mark>{quote}</mark>{after}"
    where = f"page {c.page}" if c.page else strip_controls(c.location or "")
    try:
        link = (f'<a href="{html.escape(report_url(settings, c.file, c.page))}" '
                f'target="_blank" rel="noopener noreferrer">open report</a>')
    except ConfigError:
        link = ""
    return (
        f'<div class="source"><div><b>{label or f"[{c.n}]"} '
        f"{html.escape(strip_controls(c.title or c.file))}</b></div>"
        f'<div class="where">{html.escape(strip_controls(c.file))} · {html.escape(where)} · '
        f"{link}</div>"
        f"<p>{body}</p></div>"
    )


def sources_html(answer: Answer | None, settings: Settings) -> str:
    if answer is None:
        return "<p>Sources of the answer appear here.</p>"
    parts = [_source_html(c, settings) for c in answer.citations]
    if answer.related:
        parts.append('<p class="related-note">Not an answer: the closest passages, possibly '
                     "related</p>")
        parts.extend(_source_html(c, settings, label="·") for c in answer.related)
    return "\n".join(parts) or "<p>No sources.</p>"


def _filters(files: list[str] | str | None, date_from: str, date_to: str) -> dict[str, Any]:
    if isinstance(files, str):
        files = [files]
    for label, value in (("From", date_from), ("To", date_to)):
        if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ConfigError(f"{label} date {value!r} is not like 2025-12-18")
    return {"files": list(files or []), "date_from": (date_from or "").strip() or None,
            "date_to": (date_to or "").strip() or None}


def _manifest_rows(settings: Settings) -> list[Any]:
    """The indexed reports, from where questions see them (the server's published rows
    in server mode, else the local manifest)."""
    from .answering import get_retriever

    return list(get_retriever(settings).reports().values())


def report_rows(settings: Settings) -> list[list[Any]]:
    return [[r.title, r.file, r.event_date or "", r.pages, r.chunks, _not_read(r)]
            for r in _manifest_rows(settings)]


def _not_read(row: Any) -> str:
    """The reader's notes on what it could not read, without the file name they start
    with (the row names the file)."""
    prefix = f"{row.file}: "
    return "; ".join(n[len(prefix):] if n.startswith(prefix) else n for n in row.note_list)


def ensure_index(settings: Settings) -> None:
    """Build the index on first run (with progress in the terminal), so the chat opens
    ready to answer."""
    from .indexing import build_index, list_reports

    if report_rows(settings) or not list_reports(settings.corpus_dir,
                                                 follow_links=settings.follow_links):
        return
    print(f"No index yet: indexing the reports in {settings.corpus_dir} ...", flush=True)
    summary = build_index(settings=settings, progress=True)
    from .untrusted import shown_name

    for file, reason in summary.failed:
        print(shown_name(f"skipped {file}: {reason}"), flush=True)
    n = len(summary.added)
    print(f"Indexed {n} report{'' if n == 1 else 's'} ({summary.chunks_written} chunks) in "
          f"{summary.seconds:.0f}s", flush=True)


def upload_name(name: str) -> str:
    """A safe file name for an upload: letters, digits, dots, dashes, underscores and
    spaces; no leading "." or "_" (such files are not indexed); its type suffix kept, so
    "..txt" becomes "report.txt", not "txt"."""
    name = strip_controls(Path(name).name)
    suffix = Path(name).suffix.lower() if Path(name).suffix.strip(".") else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    stem = re.sub(r"[^\w.\- ]", "_", stem).strip().lstrip("._ ").rstrip(". ")
    return (stem or "report") + suffix


def store_upload(settings: Settings, src: Path) -> tuple[str | None, str | None]:
    """Copy an uploaded file into corpus/uploads after the checks that need no reading
    (size, type, already indexed); (file, error). The file is read once, by the
    indexing run that follows, in a limited process (sandbox.py): this server never
    parses it."""
    from .readers import sha256_file

    name = strip_controls(Path(src).name)
    size_mb = Path(src).stat().st_size / 1e6
    if size_mb > settings.upload_max_mb:
        return None, (f"{name}: {size_mb:.1f} MB is over the {settings.upload_max_mb:g} MB limit "
                      "(ASSISTANT_UPLOAD_MAX_MB)")
    if Path(name).suffix.lower() not in settings.upload_types:
        return None, (f"{name}: not an accepted type ({', '.join(settings.upload_types)}; "
                      "ASSISTANT_UPLOAD_TYPES)")
    sha = sha256_file(Path(src))
    for row in _manifest_rows(settings):
        if row.sha256 == sha:
            return None, f"{name}: already indexed as {row.file}"
    dest_dir = settings.corpus_dir / "uploads"
    dest_dir.mkdir(parents=True, exist_ok=True)
    safe = upload_name(name)
    dest = dest_dir / safe
    i = 1
    while dest.exists() or dest.is_symlink():
        dest = dest_dir / f"{Path(safe).stem}-{i}{Path(safe).suffix}"
        i += 1
    shutil.copyfile(src, dest)
    return dest.relative_to(settings.corpus_dir).as_posix(), None


def build_app(settings: Settings | None = None) -> Any:
    # Offline by default: Gradio's usage analytics would call out to the internet.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from .answering import ask as ask_fn
    from .answering import ask_stream
    from .indexing import build_index

    settings = settings or get_settings()

    def respond(message: str, history: list[dict], pairs: list[list[str]], files: list[str],
                date_from: str, date_to: str):
        # The chat shows escaped text; follow-ups need what was really asked and answered,
        # which `pairs` (a gr.State) keeps.
        history = list(history or [])
        pairs = [tuple(p) for p in pairs or []]
        history.append({"role": "user", "content": escape_markdown(message or "")})
        history.append({"role": "assistant", "content": "…"})
        yield history, gr.update(), "", pairs
        try:
            streamed = ""
            for item in ask_stream(message, history=list(pairs), filters=_filters(files, date_from,
                                                                            date_to),
                                   settings=settings):
                if isinstance(item, Answer):
                    history[-1] = {"role": "assistant", "content": escape_markdown(item.text)}
                    yield (history, sources_html(item, settings), "",
                           [*pairs, (message, item.text)])
                else:
                    streamed += item
                    history[-1] = {"role": "assistant", "content": escape_markdown(streamed)}
                    yield history, gr.update(), "", pairs
        except AssistantError as exc:
            history[-1] = {"role": "assistant", "content": escape_markdown(f"⚠ {exc}")}
            yield history, sources_html(None, settings), "", pairs

    def refresh():
        rows = report_rows(settings)
        files = [r[1] for r in rows]
        return (gr.update(value=rows), gr.update(choices=files, value=[]),
                gr.update(choices=files, value=None))

    def upload(files: list[str] | None, progress=gr.Progress()):  # noqa: B008 (Gradio's idiom)
        if not files:
            return ("Choose one or more reports first.", *refresh())
        messages: list[str] = []
        added: list[str] = []
        names: list[str] = []  # as uploaded, for the messages
        for f in files:
            rel, err = store_upload(settings, Path(f))
            if err:
                messages.append(f"Refused {err}")
            else:
                added.append(rel)
                names.append(strip_controls(Path(f).name))
        if added:
            def cb(done: int, total: int, what: str) -> None:
                progress(done / max(total, 1), desc=what)

            try:
                summary = build_index(settings=settings, progress=cb)
            except AssistantError as exc:  # a full disk: keep the corpus as it was
                for rel in added:
                    (settings.corpus_dir / rel).unlink(missing_ok=True)
                return (f"Not added: {exc}", *refresh())
            failed = dict(summary.failed)
            for rel, name in zip(added, names, strict=True):
                if rel in failed:
                    (settings.corpus_dir / rel).unlink(missing_ok=True)  # keep corpus clean
                    messages.append(f"Refused {name}: {failed[rel]}")
            indexed = [rel for rel in added if rel in summary.added + summary.updated]
            if indexed:
                messages.append(f"Added {', '.join(indexed)} ({summary.chunks_written} "
                                "chunks); ask away.")
            messages.extend(f"Note: {n}" for n in summary.notes
                            if any(n.startswith(rel) for rel in indexed))
        return ("\n".join(messages), *refresh())

    def remove(file: str | None):
        if not file:
            return ("Pick a report to remove.", *refresh())
        try:
            if file not in {r.file for r in _manifest_rows(settings)}:
                raise ConfigError(f"{file}: not an indexed report")
            path = safe_corpus_path(settings, file)
        except ConfigError as exc:
            return (str(exc), *refresh())
        path.unlink()
        # One report, picked by hand: never held back as a mass removal.
        summary = build_index(settings=settings, allow_mass_removal=True)
        return (f"Removed {file} ({len(summary.removed)} report out of the index).", *refresh())

    def api_ask(question: str, files: list[str] | None = None, date_from: str | None = None,
                date_to: str | None = None, history: list | None = None) -> dict:
        """Answer a question from the reports; returns Answer.to_dict() JSON.

        files: report file names to answer from; date_from/date_to: event dates like
        2025-12-18; history: earlier [question, answer] pairs, for follow-ups."""
        from .validation import check_ask_request

        try:
            req = check_ask_request(question, files, date_from, date_to, history)
            return ask_fn(req.question, history=req.history, filters=req.filters,
                          settings=settings).to_dict()
        except AssistantError as exc:
            raise gr.Error(str(exc)) from None
        except Exception as exc:  # never the library's internal text to a client
            import logging

            logging.getLogger(__name__).exception("ask failed")
            raise gr.Error("the question could not be answered (an internal error, logged "
                           "on the server)") from exc

    rows = report_rows(settings)
    files = [r[1] for r in rows]
    with gr.Blocks(title="Report assistant") as demo:
        gr.Markdown("## Report assistant\nAnswers come only from the indexed reports; every "
                    "sentence cites its report, page and passage.")
        with gr.Row():
            with gr.Column(scale=3):
                # Report text is text: no maths rendering of "$$ ... $$" either.
                chatbot = gr.Chatbot(label="Chat", height=480, elem_id="chat",
                                     sanitize_html=True, buttons=["copy"],
                                     latex_delimiters=[])
                question = gr.Textbox(placeholder="Ask about the reports…", show_label=False,
                                      elem_id="question", submit_btn=True)
                with gr.Row():
                    clear = gr.Button("Clear conversation", size="sm")
                gr.Examples(EXAMPLES, inputs=question, label="Examples")
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML(sources_html(None, settings), elem_id="sources")
        pairs = gr.State([])
        with gr.Accordion("Filters", open=False):
            with gr.Row():
                file_filter = gr.Dropdown(files, multiselect=True, label="Reports",
                                          elem_id="file-filter")
                date_from = gr.Textbox(label="Event date from (YYYY-MM-DD)")
                date_to = gr.Textbox(label="Event date to (YYYY-MM-DD)")
        with gr.Accordion("Reports", open=False):
            table = gr.Dataframe(rows, headers=["Title", "File", "Event date", "Pages",
                                                "Chunks", "Not read"], interactive=False, wrap=True)
            with gr.Row():
                uploader = gr.File(file_count="multiple", file_types=settings.upload_types,
                                   label="Add reports (PDF, DOCX, TXT, MD, HTML)",
                                   elem_id="uploader")
                with gr.Column():
                    add_btn = gr.Button("Add to index", variant="primary", elem_id="add")
                    to_remove = gr.Dropdown(files, label="Remove a report",
                                            elem_id="remove-pick", filterable=True)
                    remove_btn = gr.Button("Remove report", variant="stop", elem_id="remove")
            status = gr.Textbox(label="Status", interactive=False, elem_id="status")

        question.submit(respond, [question, chatbot, pairs, file_filter, date_from, date_to],
                        [chatbot, sources, question, pairs], api_visibility="private")
        clear.click(lambda: ([], sources_html(None, settings), []), None,
                    [chatbot, sources, pairs], api_visibility="private")
        # Each new page sees the reports as they are now, not as at start-up.
        demo.load(refresh, None, [table, file_filter, to_remove], api_visibility="private")
        add_btn.click(upload, [uploader], [status, table, file_filter, to_remove],
                      api_visibility="private")
        remove_btn.click(remove, [to_remove], [status, table, file_filter, to_remove],
                         api_visibility="private")
        gr.api(api_ask, api_name="ask")
    return demo


def launch(settings: Settings | None = None, **kwargs: Any) -> Any:
    """Build the index if needed, then serve the chat (blocking unless
    prevent_thread_lock=True is passed)."""
    import gradio as gr

    settings = settings or get_settings()
    ensure_index(settings)
    demo = build_app(settings)
    auth = None
    if settings.auth_username and settings.auth_password:
        auth = (settings.auth_username, settings.auth_password)
    host = os.environ.get("GRADIO_SERVER_NAME") or settings.host
    port = int(os.environ.get("GRADIO_SERVER_PORT") or settings.port)
    demo.queue(default_concurrency_limit=4)
    from .serving import app_kwargs

    def indexed() -> set[str]:
        return {r.file for r in _manifest_rows(settings)}

    return demo.launch(
        server_name=host, server_port=port, auth=auth,
        # Reports are served by the safe /report/ route only (serving.py), never by
        # Gradio's file route: the corpus is not among its allowed paths.
        app_kwargs=app_kwargs(settings, indexed),
        # Gradio's own cap is a backstop against huge uploads; upload() gives the clear
        # message for files over the setting.
        max_file_size=f"{int(settings.upload_max_mb * 2) + 1}mb", show_error=True,
        # System fonts: the default theme would fetch web fonts, and the chat runs offline.
        theme=gr.themes.Soft(font=["ui-sans-serif", "system-ui", "sans-serif"],
                             font_mono=["ui-monospace", "monospace"]),
        css=CSS, **kwargs,
    )
