"""The offline answerer: quotes the one to three report sentences that answer best.

Quotes are exact slices of the cleaned page text by construction, so their citations
need no checking. Each candidate sentence is scored against the question by the
embedding model (meaning) and by content-word overlap (names, numbers); when the best
score is below `min_evidence` the answer is "not found" with the closest passages.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..cleaning import sentence_spans
from ..retrieval import Retrieved
from ..settings import Settings
from ..text import STOPWORDS, content_terms, overlap, stem
from ..types import Answer, Citation

NOT_FOUND = "The reports do not say. The closest passages are listed as possibly related."
# A sentence opening with one of these needs the sentence before it to make sense.
_NEEDS_ANTECEDENT = re.compile(
    r"^(He|She|It|They|This|These|That|Those|His|Her|Their|Its|Such|The latter|"
    r"The former|Both|Then)\b"
)
# How much meaning (cosine) and exact words (overlap) count; the rank of the chunk a
# sentence comes from adds a little, since fusion already weighed the whole chunk.
W_COSINE, W_OVERLAP, W_RANK, W_TYPE = 0.55, 0.35, 0.10, 0.10

# Bibliography and footnote entries ("17 Ministry of ... Food Security ..., April 1, 2026,
# https://...") share a question's words without answering it.
_REFERENCE = re.compile(r"(?i:https?://|\bwww\.\w|\bdoi:)|\bRetrieved from\b|"
                        r"\b(?:Accessed|Retrieved)(?: on)? (?:\d|[A-Z][a-z]+ \d)")
W_REFERENCE = 0.3

# Further sentences join the answer only when nearly as good as the best one.
ANSWER_MARGIN = 0.10

_vec_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_vec_lock = threading.Lock()


@dataclass
class Candidate:
    hit: Retrieved
    rank: int
    start: int  # offsets in the page text
    end: int
    text: str
    score: float = 0.0


def _embed_all(texts: list[str], embedder: Any) -> np.ndarray:
    """Sentence vectors, cached (least recently used out): the same chunks come back for
    related questions."""
    found: dict[str, np.ndarray] = {}
    with _vec_lock:
        for t in dict.fromkeys(texts):
            if t in _vec_cache:
                _vec_cache.move_to_end(t)
                found[t] = _vec_cache[t]
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        vectors = embedder.get_text_embedding_batch(missing)
        with _vec_lock:
            for text, vec in zip(missing, vectors, strict=True):
                found[text] = _vec_cache[text] = np.asarray(vec, dtype=np.float32)
            while len(_vec_cache) > 20000:
                _vec_cache.popitem(last=False)
    return np.stack([found[t] for t in texts])


def _part(hit: Retrieved) -> int:
    """Which page or section of its report a chunk is in (DOCX sections all have page 0,
    and offsets restart in each)."""
    meta = hit.node.metadata
    return int(meta.get("part", meta.get("page", 0)) or 0)


def candidates(hits: list[Retrieved]) -> list[Candidate]:
    seen: set[tuple[str, int, int]] = set()
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        text = hit.node.text
        base = int(hit.node.metadata.get("chunk_start", hit.node.start_char_idx or 0))
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            if len(sentence) < 12 or not re.search(r"[a-zA-Z]{3}", sentence):
                continue
            key = (hit.report.sha256, _part(hit), base + s)
            if key in seen:  # overlapping chunks repeat sentences
                continue
            seen.add(key)
            out.append(Candidate(hit, rank, base + s, base + e, sentence))
    return out


_NUMBER_Q = re.compile(r"^\s*(how (many|much|long|large|big|often)|what (share|percentage|"
                       r"proportion|level|amount|number|score|rate|fraction))\b", re.I)
_TIME_Q = re.compile(r"^\s*(when|in what year|what year|what date|on what date)\b", re.I)
_WHO_Q = re.compile(r"^\s*(who|whom|which (person|official|speaker|organi[sz]ation))\b", re.I)
_WHERE_Q = re.compile(r"^\s*(where|in which (city|country|place))\b", re.I)
_DATE = re.compile(r"\b(1[89]|20)\d\d\b|\b(January|February|March|April|May|June|July|"
                   r"August|September|October|November|December)\b")
_NAME = re.compile(r"\b[A-Z][a-z]+\.?\s+(?:[A-Z]\.?\s+)?[A-Z][a-z]+")


def answer_type_bonus(question: str, sentence: str) -> float:
    """A sentence that holds the kind of thing asked for (a number for "how many", a date
    for "when", a name for "who") is more likely the answer than one that only restates
    the question's topic."""
    if _NUMBER_Q.search(question):
        return 1.0 if re.search(r"\d", sentence) else 0.0
    if _TIME_Q.search(question):
        return 1.0 if _DATE.search(sentence) else 0.0
    if _WHO_Q.search(question):
        return 1.0 if _NAME.search(sentence[1:]) else 0.0
    if _WHERE_Q.search(question):
        return 1.0 if _NAME.search(sentence[1:]) or " in " in sentence else 0.0
    return 0.5


def score(question: str, cands: list[Candidate], embedder: Any,
          query_vector: list[float] | None = None) -> None:
    if not cands:
        return
    q = np.asarray(query_vector if query_vector is not None
                   else embedder.get_query_embedding(question), dtype=np.float32)
    vecs = _embed_all([c.text for c in cands], embedder)
    cos = vecs @ q / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(q) + 1e-9)
    terms = content_terms(question)
    for c, sim in zip(cands, cos, strict=True):
        # "He invited ..." takes its subject from the sentence before: the question's
        # words there ("the trade representative") count too.
        words = _with_antecedent(c)[1] if _NEEDS_ANTECEDENT.match(c.text) else c.text
        c.score = (W_COSINE * float(sim) + W_OVERLAP * overlap(terms, words)
                   + W_RANK / (1 + c.rank) + W_TYPE * answer_type_bonus(question, c.text)
                   - (W_REFERENCE if _REFERENCE.search(c.text) else 0.0))


def _with_antecedent(c: Candidate) -> tuple[int, str]:
    """Start offset and text of the quote, reaching back one sentence when the sentence
    leans on it ("He invited ...")."""
    if not _NEEDS_ANTECEDENT.match(c.text):
        return c.start, c.text
    node = c.hit.node
    base = int(node.metadata.get("chunk_start", 0))
    chunk = node.text
    prior = [(s, e) for s, e in sentence_spans(chunk) if base + e <= c.start]
    if prior:
        s = prior[-1][0]
        return base + s, chunk[s : c.end - base]
    prev = node.metadata.get("prev_text") or ""
    if prev and c.start == base:
        return base - len(prev), prev + chunk[: c.end - base]
    return c.start, c.text


def to_citation(n: int, c: Candidate, start: int, quote: str) -> Citation:
    meta = c.hit.node.metadata
    page = int(meta.get("page") or 0) or None
    base = int(meta.get("chunk_start", 0))
    passage = c.hit.node.text
    if start < base:  # the quote reaches into the sentence before the chunk
        passage = (meta.get("prev_text") or "") + passage
        base = start
    return Citation(
        n=n,
        file=c.hit.report.file,
        page=page,
        quote=quote,
        start=start,
        end=start + len(quote),
        score=c.score,
        location=meta.get("location") or None,
        title=c.hit.report.title,
        passage=passage,
        passage_start=base,
    )


def related_passages(hits: list[Retrieved], cands: list[Candidate], k: int = 3) -> list[Citation]:
    """The best sentence of each of the top chunks, offered when nothing answers."""
    out: list[Citation] = []
    for rank in range(min(k, len(hits))):
        mine = [c for c in cands if c.rank == rank]
        if not mine:
            continue
        best = max(mine, key=lambda c: c.score)
        start, quote = _with_antecedent(best)
        out.append(to_citation(len(out) + 1, best, start, quote))
    return out


_KEY_TERM = re.compile(r"[A-Za-z0-9][\w'’-]*")
# How much an answer's evidence drops when the question's names and numbers are missing
# from the passage it comes from (the usual sign of a question the reports cannot answer:
# "Pakistan's warheads" answered from a passage on Russia's).
KEY_PENALTY = 0.2


def key_terms(question: str) -> list[str]:
    """Names, acronyms and numbers of a question: capitalised words after the first, and
    tokens with digits."""
    out = []
    for sentence in re.split(r"(?<=[.?!])\s+", question):
        toks = _KEY_TERM.findall(sentence)
        out += [t for i, t in enumerate(toks)
                if ((i > 0 and t[0].isupper()) or any(ch.isdigit() for ch in t))
                and t.lower() not in STOPWORDS]
    return [stem(re.sub(r"['’]s$", "", t)) for t in out]


def key_coverage(question: str, hit: Retrieved) -> float:
    keys = key_terms(question)
    if not keys:
        return 1.0
    where = f"{hit.node.text} {hit.report.title} {hit.report.file.replace('-', ' ')}"
    have = set(content_terms(where)) | set(content_terms(where.replace("-", " ")))
    return sum(1 for k in keys if k in have) / len(keys)


def evidence(question: str, best: Candidate) -> float:
    """The answerer's confidence that the best sentence answers the question."""
    return best.score - KEY_PENALTY * (1 - key_coverage(question, best.hit))


def answer_extractive(
    question: str,
    hits: list[Retrieved],
    embedder: Any,
    settings: Settings,
    *,
    search_query: str | None = None,
    query_vector: list[float] | None = None,
) -> Answer:
    cands = candidates(hits)
    score(search_query or question, cands, embedder, query_vector)
    ranked = sorted(cands, key=lambda c: c.score, reverse=True)
    conf = evidence(search_query or question, ranked[0]) if ranked else 0.0
    if not ranked or conf < settings.min_evidence:
        return Answer(question=question, text=NOT_FOUND, found=False, evidence=conf,
                      related=related_passages(hits, cands))
    best = ranked[0].score
    chosen: list[Candidate] = []
    for c in ranked:
        if len(chosen) >= settings.max_answer_sentences:
            break
        # Further sentences only when nearly as good: a weaker one dilutes the answer.
        if chosen and c.score < max(settings.min_evidence, best - ANSWER_MARGIN):
            break
        chosen.append(c)

    citations: list[Citation] = []
    parts: list[str] = []
    spans: list[tuple[str, int, int, int]] = []  # (sha, page, start, end) already quoted
    for c in chosen:
        start, quote = _with_antecedent(c)
        key = (c.hit.report.sha256, _part(c.hit))

        def taken(a: int, b: int, key=key) -> bool:
            return any(k == key[0] and p == key[1] and a < e and s < b
                       for k, p, s, e in spans)

        if taken(start, start + len(quote)):
            if taken(c.start, c.end):
                continue  # already quoted
            start, quote = c.start, c.text  # its antecedent is already in an earlier quote
        spans.append((*key, start, start + len(quote)))
        cit = to_citation(len(citations) + 1, c, start, quote)
        citations.append(cit)
        parts.append(f"{quote} [{cit.n}]")
    return Answer(question=question, text=" ".join(parts), citations=citations, found=True,
                  evidence=conf)
