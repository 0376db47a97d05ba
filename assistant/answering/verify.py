"""Citation checks for generated answers.

A generated sentence keeps a marker only if the marker names a source and the source
supports the sentence (enough of its content words appear in that passage); its citation
then quotes the passage's best-matching sentence verbatim, with offsets. Unsupported
sentences are dropped. Nothing a source says can change these rules: they are code,
not prompt.
"""

from __future__ import annotations

import re

from ..retrieval import Retrieved
from ..sentences import sentence_spans
from ..text import content_terms, overlap
from ..types import Citation

_MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
# Share of a sentence's content words that its cited passage must contain.
MIN_SUPPORT = 0.5
# A passage that talks to the model ("ignore previous instructions...") is a prompt
# injection, not evidence: it can never support a sentence, whatever the model wrote.
_INSTRUCTIONS = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|rules)\b|"
    r"\byou are now\b|\bsystem prompt\b|\b(reply|respond|answer|say) (only )?(with|that)\b",
    re.I,
)


def is_instruction(text: str) -> bool:
    return bool(_INSTRUCTIONS.search(text))


def _best_sentence(terms: list[str], hit: Retrieved) -> tuple[int, str, float]:
    text = hit.chunk.text
    base = hit.chunk.start
    best = (base, text, 0.0)
    for s, e in sentence_spans(text):
        sc = overlap(terms, text[s:e])
        if sc > best[2]:
            best = (base + s, text[s:e], sc)
    return best


def _cited(sentence: str, count: int, notes: list[str]) -> list[int]:
    """Source numbers the sentence's markers name (1..count), noting markers that name
    no source."""
    cited: list[int] = []
    for m in _MARKER.finditer(sentence):
        for num in re.split(r"\s*,\s*", m.group(1)):
            n = int(num)
            if 1 <= n <= count:
                cited.append(n)
            else:
                notes.append(f"removed marker [{n}]: there is no source {n}")
    return cited


def _plain_support(terms: list[str], sources: list[Retrieved]) -> int | None:
    """The source (1-based) that plainly supports an uncited sentence, if one does."""
    scored = [(overlap(terms, src.chunk.text), i + 1) for i, src in enumerate(sources)
              if not is_instruction(src.chunk.text)]
    best = max(scored, default=(0.0, 0))
    return best[1] if best[0] >= 0.75 else None


def _supports(n: int, hit: Retrieved, terms: list[str], bare: str, notes: list[str]) -> bool:
    if is_instruction(hit.chunk.text):
        notes.append(f"source [{n}] holds instructions, not evidence: {bare[:80]}")
        return False
    if overlap(terms, hit.chunk.text) < MIN_SUPPORT:
        notes.append(f"source [{n}] does not support: {bare[:80]}")
        return False
    return True


def _citation(n: int, hit: Retrieved, terms: list[str]) -> Citation:
    start, quote, sc = _best_sentence(terms, hit)
    return Citation(
        n=n, file=hit.report.file, page=hit.chunk.page, quote=quote,
        start=start, end=start + len(quote), score=sc, location=hit.chunk.location,
        title=hit.report.title, passage=hit.chunk.text, passage_start=hit.chunk.start,
    )


def verify(text: str, sources: list[Retrieved]) -> tuple[str, list[Citation], list[str]]:
    """Checked answer text (renumbered markers), its citations, and notes on what was
    removed."""
    notes: list[str] = []
    citations: list[Citation] = []
    by_source: dict[int, int] = {}
    kept: list[str] = []
    # "... 2026. [1] Next" -> "... 2026 [1]. Next": a marker belongs to the sentence before.
    text = re.sub(r"([.!?])((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)", r"\2\1", text.strip())
    for s, e in sentence_spans(text):
        sentence = text[s:e]
        cited = _cited(sentence, len(sources), notes)
        bare = _MARKER.sub("", sentence).strip()
        terms = content_terms(bare)
        if not terms:
            continue
        if not cited:
            # An uncited sentence survives only if one source plainly supports it.
            plain = _plain_support(terms, sources)
            if plain is None:
                notes.append(f"dropped uncited sentence: {bare[:80]}")
                continue
            cited = [plain]
        markers = []
        for n in dict.fromkeys(cited):
            if not _supports(n, sources[n - 1], terms, bare, notes):
                continue
            if n not in by_source:
                citations.append(_citation(len(citations) + 1, sources[n - 1], terms))
                by_source[n] = len(citations)
            markers.append(f"[{by_source[n]}]")
        if markers:
            body = bare.rstrip()
            end = body[-1] if body[-1] in ".!?" else "."
            kept.append(f"{body.rstrip('.!?')} {''.join(markers)}{end}")
        else:
            notes.append(f"dropped unsupported sentence: {bare[:80]}")
    return " ".join(kept), citations, notes
