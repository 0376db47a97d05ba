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
        cited: list[int] = []
        for m in _MARKER.finditer(sentence):
            for num in re.split(r"\s*,\s*", m.group(1)):
                n = int(num)
                if 1 <= n <= len(sources):
                    cited.append(n)
                else:
                    notes.append(f"removed marker [{n}]: there is no source {n}")
        bare = _MARKER.sub("", sentence).strip()
        terms = content_terms(bare)
        if not terms:
            continue
        if not cited:
            # An uncited sentence survives only if one source plainly supports it.
            scored = [(overlap(terms, src.chunk.text), i + 1) for i, src in enumerate(sources)
                      if not is_instruction(src.chunk.text)]
            best = max(scored, default=(0.0, 0))
            if best[0] >= 0.75:
                cited = [best[1]]
            else:
                notes.append(f"dropped uncited sentence: {bare[:80]}")
                continue
        markers = []
        for n in dict.fromkeys(cited):
            hit = sources[n - 1]
            if is_instruction(hit.chunk.text):
                notes.append(f"source [{n}] holds instructions, not evidence: {bare[:80]}")
                continue
            if overlap(terms, hit.chunk.text) < MIN_SUPPORT:
                notes.append(f"source [{n}] does not support: {bare[:80]}")
                continue
            if n not in by_source:
                start, quote, sc = _best_sentence(terms, hit)
                citations.append(Citation(
                    n=len(citations) + 1, file=hit.report.file, page=hit.chunk.page, quote=quote,
                    start=start, end=start + len(quote), score=sc,
                    location=hit.chunk.location,
                    title=hit.report.title, passage=hit.chunk.text,
                    passage_start=hit.chunk.start,
                ))
                by_source[n] = len(citations)
            markers.append(f"[{by_source[n]}]")
        if markers:
            body = bare.rstrip()
            end = body[-1] if body[-1] in ".!?" else "."
            kept.append(f"{body.rstrip('.!?')} {''.join(markers)}{end}")
        else:
            notes.append(f"dropped unsupported sentence: {bare[:80]}")
    return " ".join(kept), citations, notes
