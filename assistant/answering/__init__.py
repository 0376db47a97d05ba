"""`ask()`: question in, cited `Answer` out.

One answer selection serves both answerers: it picks the quotes (sentences or list
blocks, one per part of the question) or refuses with a reason. The offline (extractive)
answerer, the default, quotes them; with ASSISTANT_LLM_MODE an LLM writes the answer from
them as numbered sources, only when the selection did not refuse, and `verify` checks
every citation, falling back to the extractive answer when nothing it wrote is supported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..cleaning import normalize
from ..components import Components, default_components, forget_defaults
from ..conversation import (
    FollowUp,
    condense_with_llm,
    follow_up,
    normalize_history,
    own_terms,
)
from ..errors import QuestionError
from ..retrieval import Retriever
from ..settings import Settings, get_settings
from ..spelling import Correction, correct, merge
from ..types import Answer, Filters

__all__ = ["ask", "ask_stream", "get_retriever", "reset"]


def get_retriever(settings: Settings) -> Retriever:
    """The warm retriever (model, Chroma client, BM25) of the shared `Components` for
    `settings`."""
    return default_components(settings).retriever


def reset() -> None:
    """Forget the shared components (after a rebuild that dropped the collection)."""
    forget_defaults()


def check_question(question: Any, settings: Settings) -> str:
    if not isinstance(question, str):
        raise QuestionError(f"the question must be text, not {type(question).__name__}")
    text = question.strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a broken JSON client
        raise QuestionError(
            f"the question holds a character that is not valid text (at position {exc.start}); "
            "retype it") from None
    # The reports' text is normalised when read (cleaning.normalize): a question pasted
    # from a PDF (no-break spaces, zero-width characters, ligatures) or typed with an
    # apostrophe look-alike must read the same way to match it.
    text = normalize(text).strip()
    if not text:
        raise QuestionError("the question is empty; type a question about the reports")
    if len(text) > settings.max_question_chars:
        raise QuestionError(
            f"the question is {len(text)} characters long; the limit is "
            f"{settings.max_question_chars} (ASSISTANT_MAX_QUESTION_CHARS)"
        )
    if not any(c.isalnum() for c in text):
        raise QuestionError("the question has no words in it; type a question about the reports")
    return text


def _said_before(pairs: list[tuple[str, str]]) -> str:
    """What the earlier answers of a "Who else spoke?" chain said: the last one's, and
    those before it while each was itself an "else" ("Who chaired the seminar?", "Who
    else spoke?", "Who else spoke?": the third names neither the chair nor the second's
    speakers)."""
    i = len(pairs) - 1
    while i > 0 and follow_up(pairs[i][0], pairs[:i]).others:
        i -= 1
    return "\n".join(a for _, a in pairs[i:])


def ask_stream(
    question: str,
    *,
    history: Any = None,
    top_k: int | None = None,
    filters: Filters | dict[str, Any] | None = None,
    settings: Settings | None = None,
    components: Components | None = None,
) -> Iterator[str | Answer]:
    """Yields pieces of answer text as they are produced, then the final `Answer` (whose
    text may differ from the pieces: generated sentences that fail the citation check are
    removed). `components`: the embedder, store, BM25 and LLM to answer with (default:
    the shared ones for `settings`); its settings are used when `settings` is None."""
    if components is None:
        settings = settings or get_settings()
        components = default_components(settings)
    settings = settings or components.settings
    asked = check_question(question, settings)  # normalised as the reports are
    typed_in = question.strip()  # what the answer shows as its question
    # Earlier questions are normalised the same way, so a follow-up's parts replace theirs.
    pairs = [(normalize(q).strip(), a) for q, a in normalize_history(history)
             if normalize(q).strip()]
    flt = Filters.from_any(filters)
    retriever = components.retriever
    llm_mode = settings.llm_mode != "extractive"
    idf = components.idf()

    def spell(t: str) -> Correction:
        return correct(t, idf.vocabulary, idf.df) if idf is not None and t else Correction(t)

    # Typos are corrected against the reports' words before anything reads the question,
    # and again in what a follow-up brings from the earlier turn; the answer keeps the
    # question as typed and lists the corrections.
    typed = spell(asked)
    text = typed.text
    plan = FollowUp(text)
    if pairs:
        plan = follow_up(text, pairs)
        if llm_mode and plan.is_follow_up:
            plan = FollowUp(condense_with_llm(text, pairs, components.llm), "", True)
    searched = typed if plan.search == text else spell(plan.search)
    earlier = spell(plan.context)
    search, context = searched.text, earlier.text
    corrections = merge(typed, searched, earlier)

    # "Who else spoke?" is searched as "Who spoke?" where the earlier question asked
    query = f"{search} {context}" if plan.others and context else search
    hits = retriever.retrieve(query, top_k=max(top_k or settings.top_k,
                                                settings.answer_candidates), filters=flt)
    from .extractive import select, to_answer

    if not hits:
        answer = Answer(question=typed_in, text="No report matches the filters; widen them.",
                        found=False, reason="no report matches the filters",
                        corrections=corrections)
        yield answer.text
        yield answer
        return

    selection = select(text, hits, components.vectors, settings, search_query=search,
                       context=context, idf=idf,
                       must_quote=own_terms(text, search) if plan.is_follow_up else None,
                       # "Who else spoke?": what the earlier answer quoted is no answer now
                       exclude=_said_before(pairs) if plan.others else "")
    offline = to_answer(typed_in, selection)
    offline.corrections = corrections
    if not llm_mode or not selection.found:
        # The answer exists whole; handing it out a few words at a time keeps the chat's
        # streaming display the same for both answerers. A refusal is decided here, before
        # any LLM is called.
        words = offline.text.split(" ")
        for i in range(0, len(words), 8):
            yield " ".join(words[i : i + 8]) + (" " if i + 8 < len(words) else "")
        yield offline
        return

    from .llm import stream_answer
    from .verify import verify

    sources = quote_sources(selection, hits)
    pieces: list[str] = []
    for delta in stream_answer(search, sources, settings, components.llm):
        pieces.append(delta)
        yield delta
    generated = "".join(pieces)
    checked, citations, notes = verify(generated, sources)
    if not citations:
        offline.notes.append("the LLM's answer had no supported citation; showing the "
                             "extractive answer")
        offline.notes.extend(notes)
        offline.mode = "extractive-fallback"
        yield offline
        return
    yield Answer(question=typed_in, text=checked, citations=citations, found=True,
                 mode=settings.llm_mode, notes=notes, confidence=offline.confidence,
                 evidence=offline.evidence, reason=offline.reason, corrections=corrections)


def quote_sources(selection: Any, hits: list[Any], most: int = 5) -> list[Any]:
    """The selected quotes (then the next most likely sentences, up to `most`) as numbered
    sources for the LLM: each a passage whose text is the quote and whose offsets are the
    quote's, so that `verify` cites exact slices of the page."""
    from dataclasses import replace

    from ..retrieval import Retrieved

    chosen = [c for c, _ in selection.chosen]
    extra = sorted({id(c): c for r in selection.related for c in [r]}.values(),
                   key=lambda c: -c.prob)
    out = []
    for c in chosen + [c for c in extra if c not in chosen]:
        if len(out) >= most:
            break
        quote = replace(c.hit.chunk, text=c.quote, start=c.quote_start, end=c.quote_end,
                        prev_text="")
        out.append(Retrieved(quote, c.prob, c.hit.report, c.hit.dense_rank, c.hit.bm25_rank))
    return out


def ask(
    question: str,
    *,
    history: Any = None,
    top_k: int | None = None,
    filters: Filters | dict[str, Any] | None = None,
    settings: Settings | None = None,
    components: Components | None = None,
) -> Answer:
    """Answer `question` from the indexed reports, citing report, page and sentence.

    `history`: earlier (question, answer) pairs, for follow-ups. `filters`: a dict with
    `files` (paths relative to the corpus) and/or `date_from`/`date_to` (ISO dates).
    `components`: what to answer with (tests: a fake embedder); default the shared
    `Components` for `settings`."""
    final: Answer | None = None
    for item in ask_stream(question, history=history, top_k=top_k, filters=filters,
                           settings=settings, components=components):
        if isinstance(item, Answer):
            final = item
    assert final is not None
    return final
