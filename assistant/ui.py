"""The Gradio web chat: streaming cited answers, a sources panel, filters, upload and a
report list. `app.py` only builds and launches it.

Everything that comes from a report, a file name or a question is escaped before it
reaches the page: reports are data, and a report holding `<script>` must stay inert.
"""

from __future__ import annotations

import dataclasses
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
.source p { white-space: pre-line; }  /* list quotes keep one item a line */
.confidence { font-size: 0.9em; opacity: 0.85; }
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

    # Gradio finds the handlers' gr.Request / gr.LikeData parameters by resolving their
    # (string) annotations in this module's namespace; gradio itself is imported lazily.
    globals()["gr"] = gr
    from . import library
    from . import workbench as wb
    from .answering import ask as ask_fn
    from .answering import ask_stream
    from .viewer import SCROLL_JS

    settings = settings or get_settings()

    def respond(message: str, history: list[dict], pairs: list[list[str]], files: list[str],
                date_from: Any, date_to: Any, conv: str | None, turns: list[str | None],
                request: gr.Request):
        # The chat shows escaped text; follow-ups need what was really asked and answered,
        # which `pairs` (a gr.State) keeps.
        user = wb.user_of(request)
        history = list(history or [])
        pairs = [tuple(p) for p in pairs or []]
        turns = list(turns or [])
        keep = (gr.update(),) * 5
        history.append({"role": "user", "content": escape_markdown(message or "")})
        history.append({"role": "assistant", "content": "…"})
        yield history, gr.update(), "", pairs, *keep
        try:
            streamed = ""
            flt = _filters(files, wb.day(date_from), wb.day(date_to))
            for item in ask_stream(message, history=list(pairs), filters=flt,
                                   settings=settings):
                if isinstance(item, Answer):
                    conv, turn, note = wb.save_turn(settings, user, conv, message, item, flt)
                    content = wb.answer_markdown(item, escape_markdown)
                    history[-1] = {"role": "assistant",
                                   "content": content + (f"\n\n*{note}*" if note else "")}
                    current = dataclasses.asdict(item)
                    yield (history, sources_html(item, settings), "",
                           [*pairs, (message, item.text)], conv, [*turns, turn], current,
                           gr.update(choices=wb.cite_choices(item), value=None),
                           gr.update(choices=wb.conversation_choices(settings, user),
                                     value=conv))
                else:
                    streamed += item
                    history[-1] = {"role": "assistant", "content": escape_markdown(streamed)}
                    yield history, gr.update(), "", pairs, *keep
        except AssistantError as exc:
            history[-1] = {"role": "assistant", "content": escape_markdown(f"⚠ {exc}")}
            yield (history, sources_html(None, settings), "", pairs, conv, [*turns, None],
                   gr.update(), gr.update(), gr.update())

    def refresh(request: gr.Request):
        choices = wb.filter_choices(settings)
        files = [f for _, f in choices]
        return (gr.update(value=wb.report_table(settings)), gr.update(choices=choices, value=[]),
                gr.update(choices=files, value=None),
                gr.update(choices=wb.conversation_choices(settings, wb.user_of(request))))

    def upload(files: list[str] | None, request: gr.Request,
               progress=gr.Progress()):  # noqa: B008 (Gradio's idiom)
        if not files:
            return ("Choose one or more reports first.", *refresh(request))

        def cb(done: int, total: int, what: str) -> None:
            progress(done / max(total, 1), desc=what)

        results = library.add_reports(settings, [(Path(f), None) for f in files], progress=cb)
        messages = [f"Refused {r.error}" for r in results if not r.ok]
        indexed = [r for r in results if r.ok]
        if indexed:
            chunks = indexed[0].summary.chunks_written if indexed[0].summary else 0
            messages.append(f"Added {', '.join(str(r.file) for r in indexed)} ({chunks} "
                            "chunks); ask away.")
            summary = indexed[0].summary
            messages.extend(f"Note: {n}" for n in (summary.notes if summary else [])
                            if any(n.startswith(str(r.file)) for r in indexed))
        return ("\n".join(messages), *refresh(request))

    def remove(file: str | None, request: gr.Request):
        if not file:
            return ("Pick a report to remove.", *refresh(request))
        try:
            summary = library.remove_report(settings, file)
        except ConfigError as exc:
            return (str(exc), *refresh(request))
        return (f"Removed {file} ({len(summary.removed)} report out of the index).",
                *refresh(request))

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

    def new_conversation():
        return ([], sources_html(None, settings), [], None, [], None,
                gr.update(choices=[], value=None), gr.update(value=None), "",
                None, wb.viewer_placeholder())

    def open_conversation(conv: str | None, request: gr.Request):
        user = wb.user_of(request)
        try:
            messages, pairs, turns, last, title = wb.load_conversation(
                settings, user, conv, escape_markdown)
        except AssistantError as exc:
            return (gr.update(), gr.update(), gr.update(), gr.update(), gr.update(),
                    gr.update(), gr.update(), str(exc), gr.update(), gr.update())
        current = dataclasses.asdict(last) if last else None
        return (messages, sources_html(last, settings), pairs, conv, turns, current,
                gr.update(choices=wb.cite_choices(last), value=None), title,
                None, wb.viewer_placeholder())

    def rename(conv: str | None, title: str, request: gr.Request):
        from .conversations import get_store

        user = wb.user_of(request)
        if not conv:
            return gr.update(), "Open or start a conversation first."
        try:
            get_store(settings).rename(conv, user, title)
        except AssistantError as exc:
            return gr.update(), str(exc)
        return gr.update(choices=wb.conversation_choices(settings, user), value=conv), "Renamed."

    def delete(conv: str | None, request: gr.Request):
        from .conversations import get_store

        user = wb.user_of(request)
        if conv:
            try:
                get_store(settings).delete(conv, user)
            except AssistantError:
                pass  # already gone: the list below shows what is left
        cleared = new_conversation()
        return (*cleared[:7], gr.update(choices=wb.conversation_choices(settings, user),
                                        value=None), "", *cleared[9:])

    def like(turns: list[str | None], data: gr.LikeData, request: gr.Request):
        return wb.rate(settings, wb.user_of(request), turns, data.index, data.liked)

    def select_message(turns: list[str | None], data: gr.SelectData, request: gr.Request):
        # Clicking an earlier answer shows its sources, ready for the viewer.
        answer = wb.answer_of_message(settings, wb.user_of(request), turns, data.index)
        if answer is None:
            return gr.update(), gr.update(), gr.update()
        return (dataclasses.asdict(answer), sources_html(answer, settings),
                gr.update(choices=wb.cite_choices(answer), value=None))

    def send_comment(turn: str | None, text: str, request: gr.Request):
        msg = wb.comment(settings, wb.user_of(request), turn, text)
        return msg, ("" if msg.startswith("Comment saved") else gr.update())

    def exporter(scope: str, fmt: str):
        def run(conv: str | None, turns: list[str | None], request: gr.Request):
            path, msg = wb.export(settings, wb.user_of(request), conv, turns or [], scope, fmt)
            return (gr.update(value=path, visible=True) if path else gr.update()), msg
        return run

    choices = wb.filter_choices(settings)
    files = [f for _, f in choices]
    with gr.Blocks(title="Report assistant") as demo:
        conv = gr.State(None)
        turns = gr.State([])
        current = gr.State(None)
        view = gr.State(None)
        rated = gr.State(None)
        pairs = gr.State([])
        with gr.Sidebar(label="Conversations", open=True, elem_id="sidebar"):
            new_btn = gr.Button("New conversation", size="sm", elem_id="new-conversation")
            conv_list = gr.Radio([], label="Saved conversations", elem_id="conversations")
            with gr.Accordion("Rename or delete", open=False):
                title_box = gr.Textbox(label="Title", elem_id="conv-title")
                with gr.Row():
                    rename_btn = gr.Button("Rename", size="sm", elem_id="rename")
                    delete_btn = gr.Button("Delete", size="sm", variant="stop",
                                           elem_id="delete-conversation")
                conv_note = gr.Markdown("")
        gr.Markdown("## Report assistant\nAnswers come only from the indexed reports; every "
                    "sentence cites its report, page and passage.")
        with gr.Row():
            with gr.Column(scale=3):
                # Report text is text: no maths rendering of "$$ ... $$" either.
                chatbot = gr.Chatbot(label="Chat", height=480, elem_id="chat",
                                     sanitize_html=True, buttons=["copy"],
                                     feedback_options=["Like", "Dislike"],
                                     latex_delimiters=[])
                question = gr.Textbox(placeholder="Ask about the reports…", show_label=False,
                                      elem_id="question", submit_btn=True)
                with gr.Row():
                    feedback_box = gr.Textbox(placeholder="Comment on your thumbs up/down "
                                              "(optional)",
                                              show_label=False, elem_id="feedback-comment",
                                              scale=4)
                    comment_btn = gr.Button("Send comment", size="sm", scale=1,
                                            elem_id="send-comment")
                feedback_note = gr.Markdown("", elem_id="feedback-note")
                with gr.Accordion("Export", open=False, elem_id="export"):
                    with gr.Row():
                        exp_a_md = gr.Button("Answer → Markdown", size="sm", elem_id="exp-a-md")
                        exp_a_docx = gr.Button("Answer → DOCX", size="sm", elem_id="exp-a-docx")
                        exp_c_md = gr.Button("Conversation → Markdown", size="sm",
                                             elem_id="exp-c-md")
                        exp_c_docx = gr.Button("Conversation → DOCX", size="sm",
                                               elem_id="exp-c-docx")
                    export_file = gr.File(label="Download", visible=False, interactive=False,
                                          elem_id="export-file")
                    export_note = gr.Markdown("", elem_id="export-note")
                gr.Examples(EXAMPLES, inputs=question, label="Examples")
            with gr.Column(scale=3):
                gr.Markdown("### Sources")
                sources = gr.HTML(sources_html(None, settings), elem_id="sources")
                cite_pick = gr.Radio([], label="Show in the viewer", elem_id="cite-pick")
                with gr.Row(equal_height=True):
                    prev_btn = gr.Button("◀ Page", size="sm", elem_id="viewer-prev",
                                         min_width=60)
                    next_btn = gr.Button("Page ▶", size="sm", elem_id="viewer-next",
                                         min_width=60)
                    zoom_out = gr.Button("Zoom −", size="sm", elem_id="viewer-zoom-out",
                                         min_width=60)
                    zoom_in = gr.Button("Zoom +", size="sm", elem_id="viewer-zoom-in",
                                        min_width=60)
                viewer = gr.HTML(wb.viewer_placeholder(), elem_id="viewer")
        with gr.Accordion("Filters", open=False):
            with gr.Row():
                file_filter = gr.Dropdown(choices, multiselect=True, label="Reports",
                                          elem_id="file-filter")
                date_from = gr.DateTime(label="Event date from", include_time=False,
                                        type="string", elem_id="date-from")
                date_to = gr.DateTime(label="Event date to", include_time=False,
                                      type="string", elem_id="date-to")
        with gr.Accordion("Reports", open=False):
            table = gr.Dataframe(wb.report_table(settings), headers=wb.REPORT_HEADERS,
                                 interactive=False, wrap=True, elem_id="report-table")
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
        # The report list follows the folder (an `assistant index --watch` beside the chat).
        timer = gr.Timer(5)

        private = {"api_visibility": "private"}
        asking = question.submit(
            respond, [question, chatbot, pairs, file_filter, date_from, date_to, conv, turns],
            [chatbot, sources, question, pairs, conv, turns, current, cite_pick, conv_list],
            **private)
        cleared = [chatbot, sources, pairs, conv, turns, current, cite_pick, conv_list,
                   title_box, view, viewer]
        # A new conversation first stops an answer still streaming into the old one, then
        # clears (in that order, so no late piece of the old answer lands in the new one).
        new_btn.click(None, None, None, cancels=[asking], **private).then(
            new_conversation, None, cleared, **private)
        conv_list.input(open_conversation, [conv_list],
                        [chatbot, sources, pairs, conv, turns, current, cite_pick, title_box,
                         view, viewer], **private)
        rename_btn.click(rename, [conv, title_box], [conv_list, conv_note], **private)
        delete_btn.click(None, None, None, cancels=[asking], **private).then(
            delete, [conv], cleared[:8] + [title_box, view, viewer], **private)
        chatbot.like(like, [turns], [rated, feedback_note], **private)
        chatbot.select(select_message, [turns], [current, sources, cite_pick], **private)
        comment_btn.click(send_comment, [rated, feedback_box], [feedback_note, feedback_box],
                          **private)
        for btn, scope, fmt in ((exp_a_md, "answer", "md"), (exp_a_docx, "answer", "docx"),
                                (exp_c_md, "conversation", "md"),
                                (exp_c_docx, "conversation", "docx")):
            btn.click(exporter(scope, fmt), [conv, turns], [export_file, export_note],
                      **private)
        cite_pick.input(lambda a, v: wb.open_citation(settings, a, v), [current, cite_pick],
                        [view, viewer], **private).then(None, js=SCROLL_JS, **private)
        for btn, step, zoom in ((prev_btn, -1, 1.0), (next_btn, 1, 1.0),
                                (zoom_out, 0, 1 / 1.25), (zoom_in, 0, 1.25)):
            btn.click(lambda t, s=step, z=zoom: wb.turn_page(settings, t, s, z), [view],
                      [view, viewer], **private)
        # Each new page sees the reports as they are now, not as at start-up.
        lists = [table, file_filter, to_remove, conv_list]
        demo.load(refresh, None, lists, **private)
        timer.tick(lambda: wb.report_table(settings), None, [table], **private)
        add_btn.click(upload, [uploader], [status, *lists], **private)
        remove_btn.click(remove, [to_remove], [status, *lists], **private)
        gr.api(api_ask, api_name="ask")
    return demo


def launch(settings: Settings | None = None, **kwargs: Any) -> Any:
    """Build the index if needed, then serve the chat and the HTTP API (`api.py`) on one
    server (blocking unless prevent_thread_lock=True is passed)."""
    import gradio as gr

    from .api import api_routes
    from .viewer import CSS as VIEWER_CSS

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

    # The report route and the API's routes come first, so Gradio's own routes never
    # shadow them; /openapi.json describes the API only.
    server_kwargs = app_kwargs(settings, indexed)
    server_kwargs["routes"] = [*server_kwargs.get("routes", []), *api_routes(settings)]
    server_kwargs["openapi_url"] = None
    return demo.launch(
        server_name=host, server_port=port, auth=auth,
        # Reports are served by the safe /report/ route only (serving.py), never by
        # Gradio's file route: the corpus is not among its allowed paths.
        app_kwargs=server_kwargs,
        # Gradio's own cap is a backstop against huge uploads; upload() gives the clear
        # message for files over the setting.
        max_file_size=f"{int(settings.upload_max_mb * 2) + 1}mb", show_error=True,
        # System fonts: the default theme would fetch web fonts, and the chat runs offline.
        theme=gr.themes.Soft(font=["ui-sans-serif", "system-ui", "sans-serif"],
                             font_mono=["ui-monospace", "monospace"]),
        css=CSS + VIEWER_CSS,
        **kwargs,
    )
