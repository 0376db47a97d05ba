"""Typos in a question, corrected against the words of the indexed reports.

Analysts type fast ("how many particpants attended", "the national comission"). A
misspelt word matches nothing: BM25 misses it, the answer selection counts it as a term
no report holds, and the question may be refused for it. A lower-case word of six or
more letters that no indexed passage holds, and whose stem none holds either, is
replaced by the report word one edit away (optimal string alignment distance: one
insertion, deletion, substitution or swap of neighbours; rapidfuzz) that the reports use
most, unless it is a common English word (wordfreq's Zipf frequency of 3 or more:
"aboard", "sultan") or more common than that report word. Capitalised words, acronyms and
numbers are never touched: a name no report holds is what a refusal names ("no report
mentions 'Taiwan'"), and a real word no report holds is what an absent-fact refusal
rests on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Shorter words are too often another real word one edit away ("voter" ~ "vote").
MIN_LENGTH = 6
# A word this common in English (Zipf scale: 3 is once per million words) is no typo.
COMMON_ZIPF = 3.0

_LOWER_WORD = re.compile(r"(?<![\w'’.-])[a-z]+(?![\w'’-]|\.\w)")


@dataclass
class Correction:
    """The question as searched, and each (typed, corrected) word pair."""

    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def note(self) -> str:
        """A line for the answer's notes: "searched for 'participants' (typed
        'particpants')"; empty when nothing changed."""
        if not self.changes:
            return ""
        pairs = ", ".join(f"'{new}' (typed '{old}')" for old, new in self.changes)
        return f"searched for {pairs}"


def correct(question: str, vocabulary: Mapping[str, int],
            known_stems: set[str] | Mapping[str, int]) -> Correction:
    """`question` with its misspelt lower-case words replaced (see the module docstring).

    `vocabulary`: lower-case word -> number of indexed passages holding it;
    `known_stems`: the term forms of the index (`text.term_of`), so that another form of
    a word the reports hold ("convening" beside "convened") is left alone. About 2 ms per
    unknown word over a vocabulary of 14,000 words (the eval and benchmark reports); the
    first call loads wordfreq's English list (about 0.25 s)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA
    from wordfreq import zipf_frequency

    from .text import term_of

    changes: list[tuple[str, str]] = []
    out: list[str] = []
    last = 0
    for m in _LOWER_WORD.finditer(question):
        word = m.group()
        if len(word) < MIN_LENGTH or word in vocabulary or term_of(word) in known_stems:
            continue
        typed = zipf_frequency(word, "en")
        if typed >= COMMON_ZIPF:
            continue
        near = process.extract(word, vocabulary.keys(), scorer=OSA.distance,
                               score_cutoff=1, limit=None)
        best = max((v for v, _, _ in near if v.isalpha()),
                   key=lambda v: (vocabulary[v], v), default=None)
        if best is None or zipf_frequency(best, "en") <= typed:
            continue
        out.append(question[last:m.start()] + best)
        last = m.end()
        changes.append((word, best))
    if not changes:
        return Correction(question)
    out.append(question[last:])
    return Correction("".join(out), changes)
