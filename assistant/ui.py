"""The Gradio web chat: streaming cited answers, a sources panel, filters, upload and a
report list. `app.py` only builds and launches it.

Everything that comes from a report, a file name or a question is escaped before it
reaches the page: reports are data, and a report holding `<script>` must stay inert.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import os
import re
from pathlib import Path
from typing import Any

from .errors import AssistantError, ConfigError
from .settings import Settings, get_settings
from .types import Answer, Citation
from .untrusted import strip_controls

logger = logging.getLogger(__name__)

gr: Any = None  # the gradio module, imported by build_app (`assistant --help` stays instant)

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
.confidence, .searched { font-size: 0.9em; opacity: 0.85; }
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
    except ConfigError as exc:
        logger.debug("no link to %s: %s", c.file, exc)
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
    if answer.corrections:
        parts.append(f'<p class="searched">{html.escape(answer.searched_for)}</p>')
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


def ensure_index(settings: Settings) -> None:
    """Build the index on first run (with progress in the terminal), so the chat opens
    ready to answer."""
    from .library import index_if_empty

    def announce() -> None:
        print(f"No index yet: indexing the reports in {settings.corpus_dir} ...", flush=True)

    summary = index_if_empty(settings, progress=True, on_start=announce)
    if summary is None:
        return
    from .untrusted import shown_name

    for file, reason in summary.failed:
        print(shown_name(f"skipped {file}: {reason}"), flush=True)
    n = len(summary.added)
    print(f"Indexed {n} report{'' if n == 1 else 's'} ({summary.chunks_written} chunks) in "
          f"{summary.seconds:.0f}s", flush=True)


def build_app(settings: Settings | None = None) -> Any:
    """The Gradio app: components laid out by `_View`, wired to `_Handlers`."""
    # Gradio finds the handlers' gr.Request / gr.LikeData parameters by resolving their
    # (string) annotations in this module's namespace; gradio itself is imported lazily.
    global gr
    # Offline by default: Gradio's usage analytics would call out to the internet.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    settings = settings or get_settings()
    handlers = _Handlers(settings)
    with gr.Blocks(title="Report assistant") as demo:
        view = _View(settings)
        view.lay_out()
        _wire(demo, view, handlers)
        gr.api(handlers.api_ask, api_name="ask")
    return demo


class _Handlers:
    """The app's event handlers: each turns a library, workbench or answering call into
    component updates. Nothing here validates, copies or deletes corpus files: uploads
    and removals go through `library`."""

    def __init__(self, settings: Settings):
        self.settings = settings

    # ------------------------------------------------------------ asking

    def respond(self, message: str, history: list[dict], pairs: list[list[str]],
                files: list[str], date_from: Any, date_to: Any, conv: str | None,
                turns: list[str | None], request: gr.Request):
        """Stream the answer into the chat, then show its sources and save the turn."""
        from . import workbench as wb
        from .answering import ask_stream

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
                                   settings=self.settings):
                if isinstance(item, Answer):
                    yield self._answered(user, conv, message, item, flt, history, pairs, turns)
                else:
                    streamed += item
                    history[-1] = {"role": "assistant", "content": escape_markdown(streamed)}
                    yield history, gr.update(), "", pairs, *keep
        except AssistantError as exc:
            history[-1] = {"role": "assistant", "content": escape_markdown(f"⚠ {exc}")}
            yield (history, sources_html(None, self.settings), "", pairs, conv,
                   [*turns, None], gr.update(), gr.update(), gr.update())

    def _answered(self, user: str, conv: str | None, message: str, answer: Answer,
                  flt: dict[str, Any], history: list[dict], pairs: list, turns: list) -> tuple:
        from . import workbench as wb

        settings = self.settings
        conv, turn, note = wb.save_turn(settings, user, conv, message, answer, flt)
        content = wb.answer_markdown(answer, escape_markdown)
        history[-1] = {"role": "assistant",
                       "content": content + (f"\n\n*{note}*" if note else "")}
        return (history, sources_html(answer, settings), "",
                [*pairs, (message, answer.text)], conv, [*turns, turn],
                dataclasses.asdict(answer),
                gr.update(choices=wb.cite_choices(answer), value=None),
                gr.update(choices=wb.conversation_choices(settings, user), value=conv))

    def api_ask(self, question: str, files: list[str] | None = None,
                date_from: str | None = None, date_to: str | None = None,
                history: list | None = None) -> dict:
        """Answer a question from the reports; returns Answer.to_dict() JSON.

        files: report file names to answer from; date_from/date_to: event dates like
        2025-12-18; history: earlier [question, answer] pairs, for follow-ups."""
        from .answering import ask
        from .validation import check_ask_request

        try:
            req = check_ask_request(question, files, date_from, date_to, history)
            return ask(req.question, history=req.history, filters=req.filters,
                       settings=self.settings).to_dict()
        except AssistantError as exc:
            raise gr.Error(str(exc)) from None
        except Exception as exc:  # never the library's internal text to a client
            logger.exception("ask failed")
            raise gr.Error("the question could not be answered (an internal error, logged "
                           "on the server)") from exc

    # ------------------------------------------------------------ the report library

    def refresh(self, request: gr.Request):
        """The report table, the filter and remove pickers, the conversation list."""
        from . import workbench as wb

        choices = wb.filter_choices(self.settings)
        files = [f for _, f in choices]
        return (gr.update(value=wb.report_table(self.settings)),
                gr.update(choices=choices, value=[]), gr.update(choices=files, value=None),
                gr.update(choices=wb.conversation_choices(self.settings, wb.user_of(request))))

    def upload(self, files: list[str] | None, request: gr.Request, progress: Any):
        from . import library

        if not files:
            return ("Choose one or more reports first.", *self.refresh(request))

        def cb(done: int, total: int, what: str) -> None:
            progress(done / max(total, 1), desc=what)

        results = library.add_reports(self.settings, [(Path(f), None) for f in files],
                                      progress=cb)
        return (_added_message(results), *self.refresh(request))

    def remove(self, file: str | None, request: gr.Request):
        from . import library

        if not file:
            return ("Pick a report to remove.", *self.refresh(request))
        try:
            summary = library.remove_report(self.settings, file)
        except ConfigError as exc:
            return (str(exc), *self.refresh(request))
        return (f"Removed {file} ({len(summary.removed)} report out of the index).",
                *self.refresh(request))

    # ------------------------------------------------------------ conversations

    def new_conversation(self):
        from . import workbench as wb

        return ([], sources_html(None, self.settings), [], None, [], None,
                gr.update(choices=[], value=None), gr.update(value=None), "",
                None, wb.viewer_placeholder())

    def open_conversation(self, conv: str | None, request: gr.Request):
        from . import workbench as wb

        user = wb.user_of(request)
        try:
            messages, pairs, turns, last, title = wb.load_conversation(
                self.settings, user, conv, escape_markdown)
        except AssistantError as exc:
            return (*(gr.update(),) * 7, str(exc), gr.update(), gr.update())
        current = dataclasses.asdict(last) if last else None
        return (messages, sources_html(last, self.settings), pairs, conv, turns, current,
                gr.update(choices=wb.cite_choices(last), value=None), title,
                None, wb.viewer_placeholder())

    def rename(self, conv: str | None, title: str, request: gr.Request):
        from . import workbench as wb
        from .conversations import get_store

        user = wb.user_of(request)
        if not conv:
            return gr.update(), "Open or start a conversation first."
        try:
            get_store(self.settings).rename(conv, user, title)
        except AssistantError as exc:
            return gr.update(), str(exc)
        return (gr.update(choices=wb.conversation_choices(self.settings, user), value=conv),
                "Renamed.")

    def delete(self, conv: str | None, request: gr.Request):
        from . import workbench as wb
        from .conversations import get_store

        user = wb.user_of(request)
        if conv:
            try:
                get_store(self.settings).delete(conv, user)
            except AssistantError as exc:  # already gone: the list below shows what is left
                logger.info("conversation %s not deleted: %s", conv, exc)
        cleared = self.new_conversation()
        return (*cleared[:7], gr.update(choices=wb.conversation_choices(self.settings, user),
                                        value=None), "", *cleared[9:])

    # ------------------------------------------------------------ feedback, export, viewer

    def like(self, turns: list[str | None], data: gr.LikeData, request: gr.Request):
        from . import workbench as wb

        return wb.rate(self.settings, wb.user_of(request), turns, data.index, data.liked)

    def select_message(self, turns: list[str | None], data: gr.SelectData,
                       request: gr.Request):
        """Clicking an earlier answer shows its sources, ready for the viewer."""
        from . import workbench as wb

        answer = wb.answer_of_message(self.settings, wb.user_of(request), turns, data.index)
        if answer is None:
            return gr.update(), gr.update(), gr.update()
        return (dataclasses.asdict(answer), sources_html(answer, self.settings),
                gr.update(choices=wb.cite_choices(answer), value=None))

    def send_comment(self, turn: str | None, text: str, request: gr.Request):
        from . import workbench as wb

        msg = wb.comment(self.settings, wb.user_of(request), turn, text)
        return msg, ("" if msg.startswith("Comment saved") else gr.update())

    def exporter(self, scope: str, fmt: str):
        from . import workbench as wb

        settings = self.settings

        def run(conv: str | None, turns: list[str | None], request: gr.Request):
            path, msg = wb.export(settings, wb.user_of(request), conv, turns or [], scope, fmt)
            return (gr.update(value=path, visible=True) if path else gr.update()), msg
        return run

    def open_citation(self, answer: dict[str, Any] | None, value: str | None):
        from . import workbench as wb

        return wb.open_citation(self.settings, answer, value)

    def turner(self, step: int, zoom: float):
        from . import workbench as wb

        settings = self.settings

        def run(target: dict[str, Any] | None):
            return wb.turn_page(settings, target, step, zoom)
        return run


def _added_message(results: list[Any]) -> str:
    """The status line of an upload: what was refused and why, what was added."""
    messages = [f"Refused {r.error}" for r in results if not r.ok]
    indexed = [r for r in results if r.ok]
    if indexed:
        summary = indexed[0].summary
        chunks = summary.chunks_written if summary else 0
        messages.append(f"Added {', '.join(str(r.file) for r in indexed)} ({chunks} "
                        "chunks); ask away.")
        messages.extend(f"Note: {n}" for n in (summary.notes if summary else [])
                        if any(n.startswith(str(r.file)) for r in indexed))
    return "\n".join(messages)


class _View:
    """The app's components, made by one builder per part of the page (inside a
    gr.Blocks context)."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def lay_out(self) -> None:
        self._state()
        self._sidebar()
        gr.Markdown("## Report assistant\nAnswers come only from the indexed reports; every "
                    "sentence cites its report, page and passage.")
        with gr.Row():
            with gr.Column(scale=3):
                self._chat()
                self._export()
                gr.Examples(EXAMPLES, inputs=self.question, label="Examples")
            with gr.Column(scale=3):
                self._sources()
        self._filters()
        self._reports()
        # The report list follows the folder (an `assistant index --watch` beside the chat).
        self.timer = gr.Timer(5)

    def _state(self) -> None:
        self.conv = gr.State(None)
        self.turns = gr.State([])
        self.current = gr.State(None)
        self.view = gr.State(None)
        self.rated = gr.State(None)
        self.pairs = gr.State([])

    def _sidebar(self) -> None:
        with gr.Sidebar(label="Conversations", open=True, elem_id="sidebar"):
            self.new_btn = gr.Button("New conversation", size="sm", elem_id="new-conversation")
            self.conv_list = gr.Radio([], label="Saved conversations", elem_id="conversations")
            with gr.Accordion("Rename or delete", open=False):
                self.title_box = gr.Textbox(label="Title", elem_id="conv-title")
                with gr.Row():
                    self.rename_btn = gr.Button("Rename", size="sm", elem_id="rename")
                    self.delete_btn = gr.Button("Delete", size="sm", variant="stop",
                                                elem_id="delete-conversation")
                self.conv_note = gr.Markdown("")

    def _chat(self) -> None:
        # Report text is text: no maths rendering of "$$ ... $$" either. No label shown:
        # Gradio floats it over the first message.
        self.chatbot = gr.Chatbot(label="Chat", show_label=False, height=480, elem_id="chat",
                                  sanitize_html=True, buttons=["copy"],
                                  feedback_options=["Like", "Dislike"], latex_delimiters=[])
        self.question = gr.Textbox(placeholder="Ask about the reports…", show_label=False,
                                   elem_id="question", submit_btn=True)
        with gr.Row():
            self.feedback_box = gr.Textbox(placeholder="Comment on your thumbs up/down "
                                           "(optional)", show_label=False,
                                           elem_id="feedback-comment", scale=4)
            self.comment_btn = gr.Button("Send comment", size="sm", scale=1,
                                         elem_id="send-comment")
        self.feedback_note = gr.Markdown("", elem_id="feedback-note")

    def _export(self) -> None:
        with gr.Accordion("Export", open=False, elem_id="export"):
            with gr.Row():
                self.exports = [
                    (gr.Button("Answer → Markdown", size="sm", elem_id="exp-a-md"),
                     "answer", "md"),
                    (gr.Button("Answer → DOCX", size="sm", elem_id="exp-a-docx"),
                     "answer", "docx"),
                    (gr.Button("Conversation → Markdown", size="sm", elem_id="exp-c-md"),
                     "conversation", "md"),
                    (gr.Button("Conversation → DOCX", size="sm", elem_id="exp-c-docx"),
                     "conversation", "docx"),
                ]
            self.export_file = gr.File(label="Download", visible=False, interactive=False,
                                       elem_id="export-file")
            self.export_note = gr.Markdown("", elem_id="export-note")

    def _sources(self) -> None:
        from . import workbench as wb

        gr.Markdown("### Sources")
        self.sources = gr.HTML(sources_html(None, self.settings), elem_id="sources")
        self.cite_pick = gr.Radio([], label="Show in the viewer", elem_id="cite-pick")
        with gr.Row(equal_height=True):
            self.pagers = [
                (gr.Button("◀ Page", size="sm", elem_id="viewer-prev", min_width=60), -1, 1.0),
                (gr.Button("Page ▶", size="sm", elem_id="viewer-next", min_width=60), 1, 1.0),
                (gr.Button("Zoom −", size="sm", elem_id="viewer-zoom-out", min_width=60),
                 0, 1 / 1.25),
                (gr.Button("Zoom +", size="sm", elem_id="viewer-zoom-in", min_width=60),
                 0, 1.25),
            ]
        self.viewer = gr.HTML(wb.viewer_placeholder(), elem_id="viewer")

    def _filters(self) -> None:
        from . import workbench as wb

        self.choices = wb.filter_choices(self.settings)
        with gr.Accordion("Filters", open=False):
            with gr.Row():
                self.file_filter = gr.Dropdown(self.choices, multiselect=True, label="Reports",
                                               elem_id="file-filter")
                self.date_from = gr.DateTime(label="Event date from", include_time=False,
                                             type="string", elem_id="date-from")
                self.date_to = gr.DateTime(label="Event date to", include_time=False,
                                           type="string", elem_id="date-to")

    def _reports(self) -> None:
        from . import workbench as wb

        with gr.Accordion("Reports", open=False):
            self.table = gr.Dataframe(wb.report_table(self.settings),
                                      headers=wb.REPORT_HEADERS, interactive=False, wrap=True,
                                      elem_id="report-table")
            with gr.Row():
                self.uploader = gr.File(file_count="multiple",
                                        file_types=self.settings.upload_types,
                                        label="Add reports (PDF, DOCX, TXT, MD, HTML)",
                                        elem_id="uploader")
                with gr.Column():
                    self.add_btn = gr.Button("Add to index", variant="primary", elem_id="add")
                    self.to_remove = gr.Dropdown([f for _, f in self.choices],
                                                 label="Remove a report",
                                                 elem_id="remove-pick", filterable=True)
                    self.remove_btn = gr.Button("Remove report", variant="stop",
                                                elem_id="remove")
            self.status = gr.Textbox(label="Status", interactive=False, elem_id="status")


_PRIVATE = {"api_visibility": "private"}


def _wire(demo: Any, v: _View, h: _Handlers) -> None:
    """Connect the components' events to the handlers (none of them is a public API
    endpoint; the one public endpoint is `api_ask`)."""
    asking = v.question.submit(
        h.respond, [v.question, v.chatbot, v.pairs, v.file_filter, v.date_from, v.date_to,
                    v.conv, v.turns],
        [v.chatbot, v.sources, v.question, v.pairs, v.conv, v.turns, v.current, v.cite_pick,
         v.conv_list], **_PRIVATE)
    _wire_conversations(v, h, asking)
    _wire_workbench(v, h)
    _wire_reports(demo, v, h)


def _wire_conversations(v: _View, h: _Handlers, asking: Any) -> None:
    cleared = [v.chatbot, v.sources, v.pairs, v.conv, v.turns, v.current, v.cite_pick,
               v.conv_list, v.title_box, v.view, v.viewer]
    # A new conversation first stops an answer still streaming into the old one, then
    # clears (in that order, so no late piece of the old answer lands in the new one).
    v.new_btn.click(None, None, None, cancels=[asking], **_PRIVATE).then(
        h.new_conversation, None, cleared, **_PRIVATE)
    v.conv_list.input(h.open_conversation, [v.conv_list],
                      [v.chatbot, v.sources, v.pairs, v.conv, v.turns, v.current, v.cite_pick,
                       v.title_box, v.view, v.viewer], **_PRIVATE)
    v.rename_btn.click(h.rename, [v.conv, v.title_box], [v.conv_list, v.conv_note], **_PRIVATE)
    v.delete_btn.click(None, None, None, cancels=[asking], **_PRIVATE).then(
        h.delete, [v.conv], cleared[:8] + [v.title_box, v.view, v.viewer], **_PRIVATE)


def _wire_workbench(v: _View, h: _Handlers) -> None:
    from .viewer import SCROLL_JS

    v.chatbot.like(h.like, [v.turns], [v.rated, v.feedback_note], **_PRIVATE)
    v.chatbot.select(h.select_message, [v.turns], [v.current, v.sources, v.cite_pick],
                     **_PRIVATE)
    v.comment_btn.click(h.send_comment, [v.rated, v.feedback_box],
                        [v.feedback_note, v.feedback_box], **_PRIVATE)
    for btn, scope, fmt in v.exports:
        btn.click(h.exporter(scope, fmt), [v.conv, v.turns], [v.export_file, v.export_note],
                  **_PRIVATE)
    v.cite_pick.input(h.open_citation, [v.current, v.cite_pick], [v.view, v.viewer],
                      **_PRIVATE).then(None, js=SCROLL_JS, **_PRIVATE)
    for btn, step, zoom in v.pagers:
        btn.click(h.turner(step, zoom), [v.view], [v.view, v.viewer], **_PRIVATE)


def _wire_reports(demo: Any, v: _View, h: _Handlers) -> None:
    from . import workbench as wb

    def upload(files: list[str] | None, request: gr.Request,
               progress=gr.Progress()):  # noqa: B008 (Gradio's idiom)
        return h.upload(files, request, progress)

    # Each new page sees the reports as they are now, not as at start-up.
    lists = [v.table, v.file_filter, v.to_remove, v.conv_list]
    demo.load(h.refresh, None, lists, **_PRIVATE)
    v.timer.tick(lambda: wb.report_table(h.settings), None, [v.table], **_PRIVATE)
    v.add_btn.click(upload, [v.uploader], [v.status, *lists], **_PRIVATE)
    v.remove_btn.click(h.remove, [v.to_remove], [v.status, *lists], **_PRIVATE)


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
        from .library import indexed_rows

        return set(indexed_rows(settings))

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
