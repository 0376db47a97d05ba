"""Typos in a question, corrected against the words of the indexed reports.

Analysts type fast ("how many particpants attended", "the national comission"). A
misspelt word matches nothing: BM25 misses it, the answer selection counts it as a term
no report holds, and the question may be refused for it. A lower-case word of six or
more letters (or the question's capitalised first word) that no indexed passage holds,
and whose stem none holds either, is replaced by the report word one typing slip away
that the reports use most. A slip is one letter added, dropped or swapped with its
neighbour, or one letter struck for a key next to it on the keyboard: the single-error
typos of Damerau (1964), "A technique for computer detection and correction of spelling
errors"; distances by rapidfuzz (optimal string alignment). Left alone:
- common English words (wordfreq's Zipf frequency of 3 or more: "aboard", "sultan"), and
  words no less common than the report word: a real word no report holds is what an
  absent-fact refusal rests on;
- capitalised words inside the question, acronyms and numbers: a name no report holds is
  what a refusal names ("no report mentions 'Taiwan'");
- a substitution of a letter for one not next to it ("smelter" is no slip for
  "shelter", nor "ginning" for "winning").
A shorter word is corrected only to one of a few function words it is with two letters
swapped ("teh", "nad", "waht"; `SLIP_TARGETS`), when that word is far commoner in English.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from dataclasses import dataclass, field

# Shorter words are too often another real word one slip away ("voter" ~ "vote").
MIN_LENGTH = 6
# A word this common in English (Zipf scale: 3 is once per million words) is no typo.
COMMON_ZIPF = 3.0
# A short word is a function word's slip only when that is this much commoner (Zipf:
# 3 is a thousand times): "teh" (3.0) for "the" (7.7), not "tow" (3.3) for "two" (6.2).
SWAP_ZIPF_GAP = 3.0
# The function words a swapped pair of letters is corrected to ("teh", "thier", "waht",
# "wehn", "frmo"): ones whose slips are no common name or acronym.
SLIP_TARGETS = frozenset("the and what when where which with that they their them then "
                         "there these this those from have were does did".split())

# A lower-case word (or the question's first word, capitalised), possibly possessive or
# part of a hyphenated word; not part of an acronym, a number or a web address.
_WORD = re.compile(r"(?<![\w'’.])([A-Za-z][a-z]+)(?!\w|\.\w|['’][a-rt-z])")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, set[str]]:
    """Letters next to each other on a QWERTY keyboard: one key either way in the row,
    and the two keys touching it in the rows above and below (each row sits half a key
    to the right of the one above)."""
    at = {ch: (r, c) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}
    out: dict[str, set[str]] = {}
    for a, (r, c) in at.items():
        near = {(r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c)}
        out[a] = {b for b, rc in at.items() if rc in near}
    return out


_NEAR_KEYS = _neighbours()


def is_slip(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with one typing slip: a letter added, dropped or swapped
    with its neighbour (any), or struck for a key next to it (a substitution)."""
    if len(typed) != len(word):
        return True  # one insertion or deletion (the caller checked the distance is 1)
    diff = [k for k in range(len(word)) if typed[k] != word[k]]
    if len(diff) == 2:  # neighbours swapped
        return True
    return len(diff) == 1 and typed[diff[0]] in _NEAR_KEYS.get(word[diff[0]], set())


def _function_word_slip(word: str) -> str | None:
    """The function word ("the", "and", "what") that `word` ("teh", "nad", "waht") is with
    two neighbouring letters swapped, the commonest slip in short words; None otherwise.
    Only the words of `SLIP_TARGETS`, and only when the slip is far rarer in English (by
    `SWAP_ZIPF_GAP`): "aws", "btu", "lal" or "fro" may be a name or an acronym typed in
    lower case, and "was", "but", "all", "for" are left out for that reason. A short word
    is otherwise never corrected (MIN_LENGTH), but a function word typed wrong is a term no
    report holds, and counts against the answer."""
    from wordfreq import zipf_frequency

    if not 3 <= len(word) < MIN_LENGTH:
        return None
    swaps = {word[:k] + word[k + 1] + word[k] + word[k + 2:] for k in range(len(word) - 1)}
    found = [w for w in swaps if w != word and w in SLIP_TARGETS]
    if len(found) != 1:
        return None
    best = found[0]
    return best if zipf_frequency(best, "en") - zipf_frequency(word, "en") >= SWAP_ZIPF_GAP \
        else None


@dataclass
class Correction:
    """The question as searched, and each (typed, corrected) word pair, once."""

    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)


def correct(question: str, vocabulary: Mapping[str, int],
            known_stems: Container[str]) -> Correction:
    """`question` with its misspelt words replaced (see the module docstring).

    `vocabulary`: lower-case word -> number of indexed passages holding it;
    `known_stems`: the term forms of the index (`text.term_of`), so that another form of
    a word the reports hold ("convening" beside "convened") is left alone. About 2 ms per
    unknown word over a vocabulary of 14,000 words (the eval and benchmark reports); the
    first call loads wordfreq's English list (about 0.25 s)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA
    from wordfreq import zipf_frequency

    from .text import term_of

    fixed: dict[str, str | None] = {}
    out: list[str] = []
    last = 0
    for m in _WORD.finditer(question):
        typed = m.group(1)
        first_word = not any(ch.isalnum() for ch in question[:m.start()])
        if typed[0].isupper() and not first_word:
            continue
        word = typed.lower()
        if word not in fixed:
            fixed[word] = None if word in vocabulary else _function_word_slip(word)
            if fixed[word] is None and len(word) >= MIN_LENGTH and word not in vocabulary \
                    and term_of(word) not in known_stems \
                    and (seen := zipf_frequency(word, "en")) < COMMON_ZIPF:
                near = process.extract(word, vocabulary.keys(), scorer=OSA.distance,
                                       score_cutoff=1, limit=None)
                slips = [v for v, _, _ in near if v.isalpha() and is_slip(word, v)
                         and zipf_frequency(v, "en") > seen]
                fixed[word] = max(slips, key=lambda v: (vocabulary[v], v), default=None)
        best = fixed[word]
        if best is None:
            continue
        out.append(question[last:m.start(1)] + (best.capitalize() if typed[0].isupper()
                                                 else best))
        last = m.end(1)
    changes = [(w, b) for w, b in fixed.items() if b is not None]
    if not changes:
        return Correction(question)
    out.append(question[last:])
    return Correction("".join(out), changes)


def merge(*corrections: Correction) -> list[tuple[str, str]]:
    """The (typed, corrected) pairs of several corrections, each once, in order."""
    return list(dict.fromkeys(pair for c in corrections for pair in c.changes))
