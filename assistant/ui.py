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
from urllib.parse import quote as urlquote

from .errors import AssistantError, ConfigError, ReportError
from .settings import Settings, get_settings
from .types import Answer, Citation

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
.source p { white-space: pre-line; }  /* list quotes keep one item a line */
.confidence { font-size: 0.9em; opacity: 0.85; }
"""


def escape_markdown(text: str) -> str:
    """Show text literally in a markdown-rendering component: no HTML, no links."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def report_url(settings: Settings, file: str, page: int | None) -> str:
    """A link that opens the report; PDFs at their page. Only files inside the corpus."""
    path = safe_corpus_path(settings, file)
    # Gradio's file route takes paths relative to the server's working folder too: a
    # corpus below it is linked without showing the server's folders to every user.
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = path
    url = f"/gradio_api/file={urlquote(shown.as_posix())}"
    return f"{url}#page={page}" if page and path.suffix.lower() == ".pdf" else url


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
    body = (f"{html.escape(before)}<mark>{html.escape(c.quote)}</mark>{html.escape(after)}")
    where = f"page {c.page}" if c.page else (c.location or "")
    try:
        link = (f'<a href="{html.escape(report_url(settings, c.file, c.page))}" '
                f'target="_blank" rel="noopener">open report</a>')
    except ConfigError:
        link = ""
    return (
        f'<div class="source"><div><b>{label or f"[{c.n}]"} '
        f"{html.escape(c.title or c.file)}</b></div>"
        f'<div class="where">{html.escape(c.file)} · {html.escape(where)} · {link}</div>'
        f"<p>{body}</p></div>"
    )


def sources_html(answer: Answer | None, settings: Settings) -> str:
    if answer is None:
        return "<p>Sources of the answer appear here.</p>"
    parts = []
    if answer.confidence:
        why = f" \u2014 {html.escape(answer.reason)}" if answer.reason else ""
        parts.append(f'<p class="confidence">Confidence: {answer.confidence_label}{why}</p>')
    parts += [_source_html(c, settings) for c in answer.citations]
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
    return [[r.title, r.file, r.event_date or "", r.pages, r.chunks]
            for r in _manifest_rows(settings)]


def ensure_index(settings: Settings) -> None:
    """Build the index on first run (with progress in the terminal), so the chat opens
    ready to answer."""
    from .indexing import build_index, list_reports

    if report_rows(settings) or not list_reports(settings.corpus_dir):
        return
    print(f"No index yet: indexing the reports in {settings.corpus_dir} ...", flush=True)
    summary = build_index(settings=settings, progress=True)
    for file, reason in summary.failed:
        print(f"skipped {file}: {reason}", flush=True)
    n = len(summary.added)
    print(f"Indexed {n} report{'' if n == 1 else 's'} ({summary.chunks_written} chunks) in "
          f"{summary.seconds:.0f}s", flush=True)


def store_upload(settings: Settings, src: Path) -> tuple[str | None, str | None]:
    """Copy an uploaded file into corpus/uploads after checking it; (file, error)."""
    from .readers import read_report

    name = Path(src).name
    size_mb = Path(src).stat().st_size / 1e6
    if size_mb > settings.upload_max_mb:
        return None, (f"{name}: {size_mb:.1f} MB is over the {settings.upload_max_mb:g} MB limit "
                      "(ASSISTANT_UPLOAD_MAX_MB)")
    if Path(name).suffix.lower() not in settings.upload_types:
        return None, (f"{name}: not an accepted type ({', '.join(settings.upload_types)}; "
                      "ASSISTANT_UPLOAD_TYPES)")
    try:
        read_report(Path(src), None, ocr=settings.ocr, ocr_language=settings.ocr_language)
    except ReportError as exc:
        return None, f"{name}: {exc.reason}"
    from .readers import sha256_file

    sha = sha256_file(Path(src))
    for row in _manifest_rows(settings):
        if row.sha256 == sha:
            return None, f"{name}: already indexed as {row.file}"
    dest_dir = settings.corpus_dir / "uploads"
    dest_dir.mkdir(parents=True, exist_ok=True)
    # Names starting with "." or "_" are not indexed (hidden files), so strip those too.
    safe = re.sub(r"[^\w.\- ]", "_", name).strip().lstrip("._ ") or "report"
    dest = dest_dir / safe
    i = 1
    while dest.exists():
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
        messages, added = [], []
        for f in files:
            rel, err = store_upload(settings, Path(f))
            if err:
                messages.append(f"Refused {err}")
            else:
                added.append(rel)
        if added:
            def cb(done: int, total: int, what: str) -> None:
                progress(done / max(total, 1), desc=what)

            summary = build_index(settings=settings, progress=cb)
            failed = dict(summary.failed)
            for rel in added:
                if rel in failed:
                    (settings.corpus_dir / rel).unlink(missing_ok=True)  # keep corpus clean
                    messages.append(f"Refused {rel}: {failed[rel]}")
            indexed = [rel for rel in added if rel in summary.added + summary.updated]
            if indexed:
                messages.append(f"Added {', '.join(indexed)} ({summary.chunks_written} "
                                "chunks); ask away.")
        return ("\n".join(messages), *refresh())

    def remove(file: str | None):
        if not file:
            return ("Pick a report to remove.", *refresh())
        try:
            path = safe_corpus_path(settings, file)
        except ConfigError as exc:
            return (str(exc), *refresh())
        path.unlink()
        summary = build_index(settings=settings)
        return (f"Removed {file} ({len(summary.removed)} report out of the index).", *refresh())

    def api_ask(question: str, files: list[str] | None = None, date_from: str = "",
                date_to: str = "") -> dict:
        """Answer a question from the reports; returns Answer.to_dict() JSON."""
        try:
            return ask_fn(question, filters=_filters(files, date_from, date_to),
                          settings=settings).to_dict()
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc

    rows = report_rows(settings)
    files = [r[1] for r in rows]
    with gr.Blocks(title="Report assistant") as demo:
        gr.Markdown("## Report assistant\nAnswers come only from the indexed reports; every "
                    "sentence cites its report, page and passage.")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Chat", height=480, elem_id="chat",
                                     sanitize_html=True, buttons=["copy"])
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
                                                "Chunks"], interactive=False, wrap=True)
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
    return demo.launch(
        server_name=host, server_port=port, auth=auth,
        allowed_paths=[str(settings.corpus_dir.resolve())],
        # Gradio's own cap is a backstop against huge uploads; upload() gives the clear
        # message for files over the setting.
        max_file_size=f"{int(settings.upload_max_mb * 2) + 1}mb", show_error=True,
        # System fonts: the default theme would fetch web fonts, and the chat runs offline.
        theme=gr.themes.Soft(font=["ui-sans-serif", "system-ui", "sans-serif"],
                             font_mono=["ui-monospace", "monospace"]),
        css=CSS, **kwargs,
    )
