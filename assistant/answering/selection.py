"""Answer selection: which sentences (or list blocks) of the retrieved passages answer a
question, and whether any does.

Every sentence of the retrieved passages is a candidate. Each gets the features below;
a logistic regression fitted on labelled questions (`assistant eval --fit`, see
`fitting.py`) turns them into the probability that the sentence holds the answer. A
second logistic regression over the evidence (best probability, margin, the question's
terms in the chosen quote, terms no passage holds, agreement of the dense and BM25 tops,
answer-type match) gives the probability that the reports answer the question at all;
below a threshold set by cross-validation the question is refused, with the reason.

Quotes are exact slices of the cleaned page text: passages of one page are merged into
fragments by their offsets, and sentence and list boundaries are offsets into those.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..chunking import title_start
from ..dates import date_spans
from ..retrieval import Retrieved
from ..sentences import sentence_spans
from ..text import (
    STOPWORDS,
    UNION_WORDS,
    Bag,
    Term,
    as_word,
    by_country,
    has_cyrillic,
    initialisms,
    is_acronym,
    is_demonym,
    near_form,
    place_names,
    report_names,
    spelled_out,
    spelling_variant,
    term_of,
    words,
    written_acronyms,
)
from . import enumeration
from .questions import (
    ANY_PEOPLE,
    PEOPLE,
    PEOPLE_FORMS,
    UNIT_FORMS,
    QuestionInfo,
    holds_focus,
)

if TYPE_CHECKING:
    from ..components import CachedEmbedder

MODEL_FILE = Path(__file__).with_name("selection_model.json")

FEATURES = (
    "cos", "cos_rel", "cos_nb", "lex", "lex_rel", "cov", "cov_rel", "cov_ctx", "key",
    "key_sent", "type", "rank", "dense", "bm25", "defines", "def_match", "opens_list",
    "list_match", "reference", "length", "heading", "needs_antecedent", "first", "number",
    "value", "focus", "head", "focus_near", "label", "num_near",
)
REFUSAL_FEATURES = (
    "best", "margin", "cov_quote", "key_quote", "miss_mass", "miss_rare", "miss_cap",
    "absent_cap", "agree", "type", "max_cov", "max_lex",
    "value", "focus", "head", "focus_near", "cov_own", "miss_own", "max_focus_near",
    "typed_noval",
)
# Answer types whose answer is a value a quote either holds or lacks (`answer_value`).
VALUE_TYPES = frozenset({"date", "number", "percent", "money"})

# A sentence opening with one of these needs the sentence before it to make sense.
NEEDS_ANTECEDENT = re.compile(
    r"^(He|She|It|They|This|These|That|Those|His|Her|Their|Its|Such|The latter|"
    r"The former|Both|Then|"
    # Russian and Urdu: "Он пригласил ...", "انہوں نے مطالبہ کیا ..." ("he/they demanded")
    r"Он|Она|Оно|Они|Его|Её|Ее|Их|Это|Эти|Этот|Эта|Такой|Такие|"
    r"انہوں|انھوں|انہیں|انھیں|ان|اس|وہ|یہ)\b")
# A sentence that announces reasons or factors without giving them ("... may not be carried
# out for a variety of reasons.", "There are three main causes.") is quoted with the
# sentence after it, which gives them ("Three reasons emerged as most typical: ...").
ANNOUNCES = re.compile(
    r"\b(?:for|from|due to|because of|owing to|there (?:are|were|is|was))\s+"
    r"(?:(?:an?\s+)?(?:variety|number|range|host|couple|handful|set|mix)\s+of|several|many|"
    r"various|numerous|multiple|two|three|four|five|different|a few|some|a series of)\s+"
    r"(?:\w+\s+)?(?:reasons|factors|causes|motives|considerations|explanations)"
    r"(?:\s+(?:for|behind)(?:\s+[\w'’-]+){1,3})?\W*$", re.I)
# Bibliography and footnote entries share a question's words without answering it.
REFERENCE = re.compile(r"(?i:https?://|\bwww\.\w|\bdoi:)|\bRetrieved from\b|"
                       r"\b(?:Accessed|Retrieved)(?: on)? (?:\d|[A-Z][a-z]+ \d)|"
                       r"^\d{1,3}\s+(?:See|For (?:more|details|further)|Ibid|Source)\b|"
                       # an RFC-style entry: [Nordman] Nordman, B., "Applying ...", ...
                       r"^\s*\[[\w.+-]{1,30}\]\s+[A-Z][\w'’-]+,\s+(?:[A-Z]\.|Ed\.|[A-Z][a-z]+,)|"
                       # an entry opening with its author list: "* Feldmann, A., Gasser, O.,
                       # …", "[McKinsey2020] Boland, B., De Smet, A., …" (not "Speakers
                       # included Khan, A., Ali, B., …" in a sentence; numbered entries, "12.
                       # Feldmann, A., …", were tried and cost refusals, see the README)
                       r"^\s*(?:[*•-]\s+|\[[\w.+-]{1,30}\]\s+)?"
                       r"(?:(?:[A-Z][\w'’-]+\s)?[A-Z][\w'’-]+,\s(?:[A-Z]\.\s?){1,3}(?:,|\sand\b)\s*){2}|"
                       # a source line ("Source: CRS, with data from ...", "Source:
                       # github.com/..."), an address without its scheme
                       r"^\s*Sources?:\s|"
                       r"(?i:\b[a-z0-9-]+\.(?:com|org|net|gov|edu|int|io)(?:\.[a-z]{2})?/\S)|"
                       # a footnote naming its source in capitalised words and a title in
                       # quotes: "54 ISA, “Letter Dated 30 June 2021 ...”", "4 Weilun Soon,
                       # “Shipowners Eye ...”", "170 Tom LaTourrette et al., “China’s ..."
                       r"^\s*\d{1,3}\s+(?:(?:[A-Z][\w.’'&-]*|et al\.|and|of|the|for)\s*){1,8},"
                       r"\s+[“\"][A-Z]")
# A reference entry's probability of answering is cut to this share wherever sentences are
# ranked (`Linear.prob`): its fitted weight alone let "[McKinsey2020] Boland, B., ..." lead
# for "How many people took part in the workshop?", and "Source: github.com/..." for
# "Where was the workshop held?". Not 0: a sentence giving an address can answer "where
# can I register?".
REFERENCE_SHARE = 0.3
DEFINES = re.compile(r"\b(is|are|was|were) (an?|the) \w+|\brefers? to\b|\bmeans?\b|"
                     r"\bdefined as\b|\bstands for\b|\bknown as\b|\(\s*[A-Z]{2,}\s*\)")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# Words that end or head an organisation's name, for the answer-type check and for telling
# organisations from persons (`_ORG_RUN`).
_ORG_WORDS = (r"Ministry|Department|Agency|Commission|Council|University|Institute|Company|"
              r"Corporation|Bank|Authority|Office|Organi[sz]ation|Cent(?:er|re)")
_TYPE_PATTERNS = {
    "number": re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                         r"twelve|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|"
                         r"billion|dozen|half|double|triple)\b", re.I),
    "percent": re.compile(r"\d\s*(%|percent|per cent|percentage points?)|\bper ?cent\b", re.I),
    "money": re.compile(r"[$€£¥₹]\s?\d|\b(Rs\.?|PKR|USD|US\$|dollars?|rupees?|euros?|"
                        r"pounds?|yuan|roubles?|rubles?)\b|\d\s*(million|billion|bn|mn|m)\b",
                        re.I),
    "date": re.compile(r"\b(1[89]|20)\d\d\b|\b" + _MONTH + r"\b|\d{1,2}/\d{1,2}/\d{2,4}"),
    "person": re.compile(r"\b(Dr|Mr|Mrs|Ms|Prof|H\.E|Ambassador|Minister|Senator|President|"
                         r"General|Chairman|Director)\b\.?|[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+"),
    "org": re.compile(r"\b[A-Z]{2,}\b|\b(" + _ORG_WORDS + r"|Inc|Ltd)\b"),
    # The preposition in any case, the name right after it (or after "the") capitalised,
    # in any script: "in Islamabad", "at the UAE embassy", "in Ürümqi".
    "place": re.compile(r"\b(?i:held in|located in|in|at)\s+(?:the\s+)?"
                        r"(?P<name>(?=[^\W\d_])[^\W\da-z_][\w'’-]*)|\b(?i:venue)\b"),
    "definition": DEFINES,
    "reason": re.compile(r"\b(because|due to|owing to|as a result|since|so that|in order to|"
                         r"led to|caused|causes?|reasons?|driven by|thanks to)\b", re.I),
}


@dataclass
class Fragment:
    """Contiguous text of one page (or DOCX section) covered by retrieved passages."""

    sha: str
    part: int
    start: int  # offset of `text` in the cleaned page text
    text: str
    spans: list[tuple[int, int, Retrieved, int]] = field(default_factory=list)  # page offsets


@dataclass
class Candidate:
    """A sentence of a fragment, with what the answer would quote for it."""

    frag: Fragment
    hit: Retrieved  # the best-ranked passage holding the sentence (for the citation)
    rank: int
    start: int  # page offsets of the sentence
    end: int
    text: str
    index: int  # position among the fragment's candidates
    quote_start: int = 0
    quote_end: int = 0
    is_list: bool = False
    prob: float = 0.0

    @property
    def quote(self) -> str:
        return self.frag.text[self.quote_start - self.frag.start:self.quote_end - self.frag.start]


def _part(hit: Retrieved) -> int:
    return hit.chunk.part


def fragments(hits: list[Retrieved], corpus: Idf | None = None) -> list[Fragment]:
    """The retrieved passages of each page merged where their offsets overlap or touch
    (the sentence before a passage, kept with it at indexing, included); with `corpus`,
    a fragment that ends inside a list goes on to the list's end (`_continue_lists`)."""
    pieces: dict[tuple[str, int], list[tuple[int, str, Retrieved, int]]] = {}
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        pieces.setdefault((hit.report.sha256, _part(hit)), []).append(
            (chunk.start - len(chunk.prev_text), chunk.prev_text + chunk.text, hit, rank))
    out: list[Fragment] = []
    for (sha, part), items in pieces.items():
        items.sort(key=lambda x: x[0])
        current: Fragment | None = None
        for start, text, hit, rank in items:
            end = start + len(text)
            if current is not None and start <= current.start + len(current.text):
                have_end = current.start + len(current.text)
                if end > have_end:
                    current.text += text[have_end - start:]
            else:
                current = Fragment(sha, part, start, text)
                out.append(current)
            current.spans.append((start, end, hit, rank))
    if corpus is not None:
        out = _continue_lists(out, corpus)
    return out


def _continue_lists(frags: list[Fragment], corpus: Idf) -> list[Fragment]:
    """A fragment that ends inside a list (its last lines are items, or an opener) goes on
    with the page text that follows, from the index's other passages of that page, up to
    the length of a list block: the list's remaining items are rarely retrieved with its
    opener, and a list question wants them all. Where that reaches the page's next
    fragment, the two become one, so that the list's block can run into its later items
    ("(a)…(c)" in one passage, "(d), (e)" retrieved in another). Returns the fragments."""
    by_page: dict[tuple[str, int], list[Fragment]] = {}
    for f in frags:
        by_page.setdefault((f.sha, f.part), []).append(f)
    out: list[Fragment] = []
    for (sha, part), items in by_page.items():
        items.sort(key=lambda f: f.start)
        k = 0
        while k < len(items):
            f = items[k]
            nxt = items[k + 1] if k + 1 < len(items) else None
            if enumeration.unfinished_list(f.text):
                end = f.start + len(f.text)
                limit = enumeration.MAX_CHARS
                if nxt is not None:
                    limit = min(limit, nxt.start - end)
                f.text += corpus.following(sha, part, end, limit)
                if nxt is not None and nxt.start <= f.start + len(f.text):
                    f.text += nxt.text[f.start + len(f.text) - nxt.start:]
                    f.spans.extend(nxt.spans)
                    del items[k + 1]
                    continue  # the merged tail may end inside a list too: look again
            out.append(f)
            k += 1
    return out


# A footnote or endnote entry: its mark, then a source with a link or an access date
# ("17 Government of the Netherlands, ..., https://..."). It shares a question's words
# with the passage it supports but never answers the question itself.
NOTE_ENTRY = re.compile(r"^\s*\d{1,3}\s+\S")


def table_title(c: Candidate) -> str:
    """The title of the table whose row `c` is (the short lines just above its rows, in
    the candidate's fragment, as `chunking.title_start` finds them for the chunks), or ""
    for a sentence that is no table row."""
    if " | " not in c.text:
        return ""
    text = c.frag.text
    at = text.rfind("\n", 0, c.start - c.frag.start) + 1
    while at > 0:  # up over the rows before this one
        prev = text.rfind("\n", 0, at - 1) + 1
        if " | " not in text[prev:at - 1]:
            break
        at = prev
    return " ".join(text[title_start(text, at):at].split())


def _usable(sentence: str) -> bool:
    if NOTE_ENTRY.match(sentence) and REFERENCE.search(sentence):
        return False
    toks = [t for t in words(sentence) if not t[:1].isdigit()]
    return len(sentence) >= 8 and (len(toks) >= 2 or bool(re.search(r"[\u4e00-\u9fff]{4}",
                                                                     sentence))
                                   # a table row of one word and its figures: "Rural |
                                   # 2022: 45.2 | 2023: 43.1", "Kech | 40.9 | 52.8"
                                   or len(toks) == 1 and " | " in sentence
                                   and bool(re.search(r"\d", sentence)))


class _Sentences:
    """The sentences of a text by index, for walking a list whose items are sentences."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text, self.spans = text, spans

    def __getitem__(self, k: int) -> str:
        return self.text[self.spans[k][0]:self.spans[k][1]]

    def item(self, k: int) -> bool:
        return enumeration.is_item(self[k])

    def tail(self, k: int) -> bool:
        """A further sentence of the item before it ("● We expanded ... goats. This brings
        the campus to 3.3MW. ● We began ..."): a short one with items on both sides."""
        return 0 < k < len(self.spans) - 1 and self.item(k - 1) and self.item(k + 1) \
            and enumeration.item_tail(self[k])

    def head(self, i: int) -> int:
        """The opener (or first item) of the list that item `i` belongs to."""
        first = i
        kind = enumeration.marker(self[i])[0]
        while first > 0 and (self.item(first - 1) or self.tail(first - 1)) and \
                i - first < enumeration.MAX_ITEMS:
            if self.item(first) and self.item(first - 1) and \
                    enumeration.marker(self[first])[0] == kind and \
                    enumeration.starts_sublist(self[first - 1], self[first]):
                break  # "(a)" after "13. … areas:": the list opens at its opener
            first -= 1
        if first > 0 and enumeration.heads_items(self[first - 1]):
            first -= 1
        return first

    def last(self, first: int) -> int:
        """The last item of the list that opens at `first`, within the bounds."""
        last = first
        kinds = enumeration.first_kinds(self[first])
        for k in range(first + 1, len(self.spans)):
            if k - first > enumeration.MAX_ITEMS or \
                    self.spans[k][1] - self.spans[first][0] > enumeration.MAX_CHARS:
                break
            if not self.item(k):
                if last > first and self.tail(k):
                    continue
                break
            if enumeration.new_list(kinds, self[k]):
                break  # "(a) … (e)", then the next numbered paragraph "14. We …"
            kinds.add(enumeration.marker(self[k])[0])
            last = k
        return last


def _item_run(text: str, spans: list[tuple[int, int]], i: int, *,
              as_item: bool = False) -> tuple[int, int] | None:
    """A list whose items are sentences of their own ("areas: • A • B • C" on one line, as
    a report's bullets come out of a text file): from the opening sentence at `i` (or, with
    `as_item`, the opener before the item at `i`) through the items that follow it."""
    sents = _Sentences(text, spans)
    if as_item:
        if not sents.item(i):
            return None
        first = sents.head(i)
    elif enumeration.opens_list(sents[i]):
        first = i
    else:
        return None
    last = sents.last(first)
    if last - first < 2:
        return None
    return spans[first][0], spans[last][1]


def _leans_on(text: str, prev: tuple[int, int], start: int) -> bool:
    """Whether the sentence at `start` may take its subject from the sentence `prev`: in
    the same paragraph, or after a paragraph's closing sentence, never a list item or a
    heading."""
    before = text[prev[0]:prev[1]]
    if "\n" not in text[prev[1]:start]:
        return True
    return before.rstrip().endswith((".", "!", "?", "\u3002", "\u06d4")) and \
        not enumeration.is_item(before)


def _announced_end(text: str, end: int, after: tuple[int, int]) -> int:
    """Where the quote of an announcing sentence (ending at `end`, `ANNOUNCES`) ends: with
    the sentence `after` it in its paragraph, or the list that sentence opens; at `end`
    where that is an item, a heading run into the line or a reference."""
    start, stop = after
    nxt = text[start:stop]
    if "\n" in text[end:start] or enumeration.is_item(nxt) or REFERENCE.search(nxt):
        return end
    block = enumeration.block_at(text, start, stop)
    return block[1] if block is not None else stop


def candidates(hits: list[Retrieved], wants_list: bool,
               corpus: Idf | None = None) -> list[Candidate]:
    """Every usable sentence of the retrieved passages, once, with its quote span: the
    sentence (with the one before when it opens with a pronoun), or the whole enumeration
    block when it opens a list, or when the question wants a list and it is an item."""
    out: list[Candidate] = []
    for frag in fragments(hits, corpus):
        spans = sentence_spans(frag.text)
        mine: list[Candidate] = []
        for i, (s, e) in enumerate(spans):
            sentence = frag.text[s:e]
            # A one-word label or heading over a list ("Speakers:", "Recommendations")
            # stands for its items.
            if not _usable(sentence) and not (
                    len(sentence) >= 4 and enumeration.block_at(frag.text, s, e)):
                continue
            ps, pe = frag.start + s, frag.start + e
            holding = [(r, h) for a, b, h, r in frag.spans if a <= ps < b]
            rank, hit = min(holding, key=lambda x: x[0]) if holding else (
                frag.spans[0][3], frag.spans[0][2])
            c = Candidate(frag, hit, rank, ps, pe, sentence, len(mine), ps, pe)
            block = _item_run(frag.text, spans, i) or enumeration.block_at(frag.text, s, e)
            if block is None and wants_list:
                block = next((b for b in (_item_run(frag.text, spans, i, as_item=True),
                                          enumeration.block_at(frag.text, s, e, as_item=True))
                              if b is not None and b[0] <= s < b[1]), None)
            if block is not None:
                c.quote_start, c.quote_end, c.is_list = frag.start + block[0], \
                    frag.start + block[1], True
            else:
                if (NEEDS_ANTECEDENT.match(sentence) and i > 0
                        and _leans_on(frag.text, spans[i - 1], s)):
                    c.quote_start = frag.start + spans[i - 1][0]
                if ANNOUNCES.search(sentence) and i + 1 < len(spans):
                    c.quote_end = frag.start + _announced_end(frag.text, e, spans[i + 1])
            mine.append(c)
        out.extend(mine)
    return out


# ---------------------------------------------------------------- corpus statistics

class Idf:
    """Inverse document frequencies of term forms over the indexed chunks (BM25's own
    corpus), so that a rare name counts more than a common word."""

    def __init__(self, df: dict[str, int], n_docs: int,
                 chunks: dict[tuple[str, int], list[tuple[int, str]]] | None = None,
                 vocabulary: dict[str, int] | None = None, acronyms: set[str] | None = None,
                 names: set[str] | None = None, spelled: set[str] | None = None):
        self.df = df
        # Forms written with a capital somewhere, for names spelt otherwise (`holds`).
        self.names = names
        # Forms written as acronyms somewhere ("US", "U.S.", or the initials of "World
        # Health Organization"): an acronym question term must be one of these, as "us"
        # and "who" are in every report as ordinary words. None: not kept, use `df`.
        self.acronyms = acronyms
        # The initials of the names the reports spell out ("aim" of "Agriculture
        # Innovation Mission"): a question spelling such an acronym otherwise ("Asian
        # Investment Mission") names something else (`spelled_out`).
        self.spelled = spelled or set()
        self.n = max(1, n_docs)
        # Lower-case words -> passages holding them, for correcting typos (`spelling`).
        self.vocabulary = vocabulary or {}
        # The indexed passages of each page, (sha, part) -> [(start offset, text)] sorted,
        # for the page text that follows a retrieved passage (see `following`).
        self.chunks = chunks or {}
        self._report_bags: dict[str, Bag | None] = {}
        self._pages_by_sha: dict[str, list[str]] | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:  # picklable (the lock is not)
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("names", None)  # pickled before `names` was kept
        self._lock = threading.Lock()

    def following(self, sha: str, part: int, end: int, limit: int) -> str:
        """Up to `limit` characters of the page text from offset `end`, stitched from the
        indexed passages of that page ("" where none holds it)."""
        out = ""
        at = end
        for start, text in self.chunks.get((sha, part), []):
            if len(out) >= limit:
                break
            if start <= at < start + len(text):
                piece = text[at - start:]
                out += piece
                at += len(piece)
        return out[:max(0, limit)]

    def __call__(self, form: str) -> float:
        d = self.df.get(form, 0)
        return math.log(1 + (self.n - d + 0.5) / (d + 0.5))

    def max(self) -> float:
        return self(" never ")

    def holds(self, term: Term) -> bool:
        """Whether any indexed chunk holds `term`, an acronym only as an acronym. Names in
        Cyrillic are forgiven their case endings (see `Bag.has_name`), which the Russian
        stemmer leaves on them."""
        if term.acronym and self.acronyms is not None:
            # "the UK" where a report has "the British High Commission"
            return term.form in self.acronyms or any(
                term_of(w) in self.df for w in UNION_WORDS.get(term.form, ()))
        if term.form in self.df:
            return True
        if has_cyrillic(term.form):
            return near_form(term.form, self.df)
        # A name spelt otherwise than the reports spell it ("Pakhtunkhwa" where a report
        # has "Pakhtunkhawa") is there, and so is a demonym whose country a report names
        # ("the Vietnamese counsellor" of "Vietnam wanted more seafood"): only names the
        # reports lack are refused for.
        return term.key and self.names is not None and (
            spelling_variant(term.form, self.names) or by_country(term, self.names))

    def report_bag(self, sha: str) -> Bag | None:
        """The terms of one whole report (all its indexed passages, words in capitals also
        as words: "PAK-PACIFIC" names the Pak-Pacific Brief); None when the index kept no
        text of it here (an IDF over retrieved passages only). Built on first use and kept
        (about 0.2 s for a 300-page report), under a lock, as chat threads share it."""
        with self._lock:
            if sha in self._report_bags:
                return self._report_bags[sha]
            if self._pages_by_sha is None:
                self._pages_by_sha = {}
                for (s, _), items in self.chunks.items():
                    self._pages_by_sha.setdefault(s, []).extend(t for _, t in items)
            text = " ".join(t for t in self._pages_by_sha.get(sha, []) if t.strip())
            bag = Bag.of(text) if text.strip() else None
            self._report_bags[sha] = bag
            return bag

    @classmethod
    def from_texts(cls, texts: list[str]) -> Idf:
        df: dict[str, int] = {}
        vocabulary: dict[str, int] = {}
        acronyms: set[str] = set()
        names: set[str] = set()
        spelled: set[str] = set()
        # token -> (its form, the form a lower-case question gives it, whether it is an
        # acronym): worked out once per distinct token, as the same words recur in every
        # passage (this is what the first question in a process waits for: 5 s over the
        # 14,000 passages of the eval and benchmark reports before, 2 s after)
        known: dict[str, tuple[str, str | None, bool]] = {}
        for t in texts:
            toks = set(words(t))
            for w in toks:
                if w not in known:
                    known[w] = (_form(w), as_word(w), is_acronym(w))
            form_of = {w: known[w][0] for w in toks}
            # a lower-case question's "nemops" ("nemop") is the reports' "NEMOPS"
            lowered = {known[w][1] for w in toks if known[w][1]}
            for f in set(form_of.values()) | lowered:
                df[f] = df.get(f, 0) + 1
            for w in {w.lower() for w in toks if w.isalpha()}:
                vocabulary[w] = vocabulary.get(w, 0) + 1
            names.update(f for w, f in form_of.items() if w[:1].isupper())
            # `acronym_forms`, given only the tokens found to be acronyms above
            runs = initialisms(t)
            acronyms |= written_acronyms(t, [w for w in toks if known[w][2]]) | runs
            spelled |= runs
        return cls(df, len(texts), vocabulary=vocabulary, acronyms=acronyms, names=names,
                   spelled=spelled)


def _form(token: str) -> str:
    return term_of(token)


# ---------------------------------------------------------------- features

def embed_all(texts: list[str], vectors: CachedEmbedder) -> np.ndarray:
    """Unit sentence vectors, shape (len(texts), dim), from the cache of `vectors`
    (`Components.vectors`): the same passages come back for related questions."""
    return vectors.sentence_vectors(texts)


def type_match(qtype: str, text: str) -> float:
    """1 when the sentence holds the kind of thing asked for, 0 when not, 0.5 when the
    question asks for nothing in particular."""
    if qtype in ("other", "list"):
        return 0.5
    if qtype == "money":
        return 1.0 if _TYPE_PATTERNS["money"].search(text) else (
            0.3 if _TYPE_PATTERNS["number"].search(text) else 0.0)
    if qtype == "percent":
        return 1.0 if _TYPE_PATTERNS["percent"].search(text) else (
            0.3 if re.search(r"\d", text) else 0.0)
    pattern = _TYPE_PATTERNS.get(qtype)
    if qtype == "place" and place_names(text):
        return 1.0
    return 1.0 if pattern is not None and pattern.search(text) else 0.0


_NUMBER_WORDS = frozenset("""two three four five six seven eight nine ten eleven twelve
    fifteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand
    thousands million millions billion billions trillion dozen dozens""".split())
_YEAR = re.compile(r"(1[89]|20)\d\d")
# "20241": a year (1950-2039) with a one-digit footnote mark run into it in PDF text.
_FOOTNOTED_YEAR = re.compile(r"(19[5-9]\d|20[0-3]\d)[1-9]")
# "the 2015-16 season", "FY2019/20": the second year of a span, no count
_YEAR_SPAN_END = re.compile(r"(?:19|20)\d\d ?[-–/] ?$")
# Runs of capitalised words naming an organisation or a region ("Embassy of the Russian
# Federation", "Asia Pacific & Eurasian Studies", "Labor Party"): no person's name.
_ORG_RUN = re.compile(
    r"(?:[A-Z][\w’'-]*\s+(?:(?:of|for|the|and|&|on)\s+)*)*"
    r"(?:" + _ORG_WORDS + r"|Federation|Republic|"
    r"Union|Party|Parties|Studies|Pacific|Asia|Nations|States|Kingdom|Embassy|Forum|"
    r"Conference|Foundation|Association|Group|Committee|Assembly|Parliament|Government|Fund|"
    r"Bureau|Society|Network|Program(?:me)?|Initiative|Plan|Report|Economics)\b"
    r"(?:\s+(?:(?:of|for|the|and|&|on)\s+)*[A-Z][\w’'-]*)*")
# A day of a date: a whole number up to 31 after a month and before a comma, a dash, a
# year, a preposition or the sentence's end ("December 18, 2025"; not "June 12 firms"), or
# before a month ("5 to 8 August").
_DAY_OF = re.compile(r"\b" + _MONTH + r"\.?\s+$")
_DAY_END = re.compile(r"\s*(?:[,.;:)–-]|(?:1[89]|20)\d\d\b|$|(?:to|and|in|at|on|the|with|"
                      r"by|for|of|when|as|was|were|is)\b)")
_DAY_BEFORE = re.compile(r"(?:\s*(?:-|–|to|and)\s*\d{1,2})?\s+" + _MONTH + r"\b")
# "U-235", "COVID-19", "F-16", "u- 235": a number joined to the name before it.
_AFTER_NAME_DASH = re.compile(r"[^\W\d_]-\s?$")
# A length of time after a number: "40 days", "a 30-day period", "two-week", "eight years".
_SPAN_AFTER = re.compile(r"(?:\s+|\s?-\s?)(?:days?|weeks?|months?|years?|hours?|minutes?|"
                         r"decades?|nights?)\b", re.I)
_ASKS_SPAN = re.compile(r"\bhow (?:long|old)\b|\bhow many (?:\w+ )?(?:days|weeks|months|years|"
                        r"hours|minutes|decades|nights)\b|\b(?:age|duration)\b", re.I)
_PERCENT_AFTER = re.compile(r"\s*(%|percent\b|per cent\b|percentage point)", re.I)
# The number of a document's part or of a document ("Annex 1", "Table 3", "resolutions
# 76/217", "Section 295-C", "Goal 2"): a label, no count.
_LABEL_BEFORE = re.compile(
    r"\b(?:(?i:Annex(?:ure)?|Appendix|Fig(?:ure|\.)|Table|Chart|Section|Chapter|Article|"
    r"Paragraph|Para\.|Resolutions?|Page|pp?\.|Nos?\.|Clause|Schedule)|"
    # capitalised only: "trade volume 1.2 billion", "a box of 12" are figures
    r"Box|Art\.|Decision|Goal|Objective|Pillar|Rule|Volume|Vol\.|Issue|Item|Part|Order|"
    r"Recommendation)\s+$")
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+", re.UNICODE)
# A label line of a report's header: "Venue: Russian Embassy, Islamabad".
_LABELS = {
    "place": re.compile(r"^\s*(Venue|Location|Place|Held at|Address)\s*:", re.I | re.M),
    "date": re.compile(r"^\s*(Event )?(Date|Dated|Held on|Published)\s*:", re.I | re.M),
    "person": re.compile(r"^\s*(Speakers?|Chair(ed by)?|Moderator|Author|Prepared by|"
                         r"Keynote)\s*:", re.I | re.M),
    "org": re.compile(r"^\s*(Organi[sz]ed by|Organi[sz]ers?|Host(ed by)?|Partners?)\s*:",
                      re.I | re.M),
}

_ANY_LABEL = re.compile("|".join(f"(?:{p.pattern})" for p in _LABELS.values()), re.I)
# "Who organised / hosted ...?" is answered by an organisation as often as by a person.
_LABEL_TYPES = {"place": ("place",), "date": ("date",), "person": ("person", "org"),
                "org": ("org",)}


@lru_cache(maxsize=256)
def asks_span(question: str) -> bool:
    """Whether a question asks for a length of time or an age ("How long ...", "how many
    years ...", "how old ..."), so that "40 days" or "13 years old" can answer it."""
    return bool(_ASKS_SPAN.search(question))


def _number_tokens(text: str, spans: bool = True) -> list[tuple[int, str, bool]]:
    """(token position, comparable form, is a percentage) of each number in `text`,
    written in digits or words ("forty", "2,150", "12%"). Left out, as no count: years,
    days of dates ("December 18, 2025", "5 to 8 August", "November 9-13", "18.12.2025"),
    a paragraph's own number ("1. We ..."), a label's ("Annex 1", "Table 3"), a
    document's ("resolution 76/217"), a year with a footnote mark run into it
    ("20241"), a number joined to a name ("U-235", "COVID-19") and a number word inside a
    name ("the Five Eyes").
    `spans=False` leaves out lengths of time as well ("40 days of conflict", "a 30-day
    period", "a two-week ceasefire"): no count of people, offices or votes."""
    out = []
    toks = list(_NUMBER_TOKEN.finditer(text))
    dates = date_spans(text) if any(t.group()[:1].isdigit() for t in toks) else []
    for k, m in enumerate(toks):
        tok = m.group()
        if not spans and _SPAN_AFTER.match(text, m.end()):
            continue
        if any(a <= m.start() < b for a, b in dates):
            continue  # "November 9-13, 2020", "2 December": a date counts nothing
        if tok[:1].isdigit():
            if _no_count(text, m, k == 0):
                continue
            pct = tok.endswith("%") or bool(_PERCENT_AFTER.match(text, m.end()))
            out.append((k, tok.replace(",", "").rstrip("%"), pct))
        elif tok.lower() in _NUMBER_WORDS and not (
                k > 0 and tok[:1].isupper() and k + 1 < len(toks)
                and toks[k + 1].group()[:1].isupper()):
            out.append((k, tok.lower(), False))
    return out


# Words after a figure that scale it ("2.1 million tonnes"), not name what it counts.
_SCALES = frozenset("""thousand thousands million millions billion billions trillion lakh
    lakhs crore crores mn bn m k""".split())
# Words that count people as much as "people" does, for telling a count of people from a
# count of things ("40,000 soldiers", "221,000 full-time equivalents").
_PEOPLE_LIKE = frozenset("""workforce headcount personnel troops soldier soldiers sailor
    sailors crew crews marines fte ftes equivalents household households individuals lives
    casualties deaths dead injured wounded fatalities hires jobs positions posts migrants
    pilgrims voters user users customer customers client clients subscribers patients
    beneficiaries recipients survivors holders nationals""".split())
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b(?:Rs|PKR|USD|US\$|EUR|GBP)\.?)\s?$")
_CURRENCY_WORDS = frozenset(term_of(w) for w in
                            "dollars rupees euros pounds yuan roubles rubles usd pkr".split())


def counts_people(word: str) -> bool:
    """Whether a word names people ("scholars", "employees", "troops", "Afghans"), as
    written: stems mix people with things ("developers" / "Development")."""
    low = word.lower()
    return low in PEOPLE or low in _PEOPLE_LIKE or is_demonym(word)


@dataclass(frozen=True)
class FigureKind:
    """What one figure of a text counts (`figure_kinds`)."""

    kind: str  # percent, money, span, measure, people, noun or bare
    word: str = ""  # the term form it counts: the unit, the noun, or the "of" of a share


def figure_kinds(text: str, question: str) -> list[FigureKind]:
    """What each figure of `text` that the question does not hold counts, read off the
    words right after it (`_number_tokens` decides what is a figure): "percent" ("40%",
    `word` the term after its "of": "40% of households"), "money" ("$4 million", "Rs
    500,000", "4 million USD"), "span" (a length of time: "12 days"), "measure" ("6,000
    miles", "400 t"; `word` the unit's first form in its `UNIT_FORMS` group), "people"
    ("40 distinguished scholars", "240,000 staff"), "noun" (another word, "1,000 cargo
    ships"; `word` the term forms up to a function word, space-separated), or "bare" (no
    noun after it: "45 were accepted", "rose to 193")."""
    asked = {f for _, f, _ in _number_tokens(question)}
    toks = list(_NUMBER_TOKEN.finditer(text))
    out = []
    for k, form, pct in _number_tokens(text):
        m = toks[k]
        if form in asked or m.group().lower() in _SCALES and k > 0 \
                and toks[k - 1].group()[:1].isdigit():
            continue  # the "billion" of "$1.4 billion" is part of its figure
        if pct:
            of = _SHARE_OF.match(text, m.end())
            out.append(FigureKind("percent", term_of(of.group(1)) if of else ""))
        elif _CURRENCY_BEFORE.search(text[max(0, m.start() - 5):m.start()]):
            out.append(FigureKind("money"))
        elif _SPAN_AFTER.match(text, m.end()):
            out.append(FigureKind("span"))
        else:
            # "haven't": the "t" after an apostrophe is no tonne, nor "MT-class" a unit
            after = [t.group() if text[t.end():t.end() + 1] != "-" else t.group() + "-"
                     for t in toks[k + 1:k + 5] if not t.group()[:1].isdigit()
                     and text[t.start() - 1:t.start()] not in ("'", "\u2019")]
            out.append(_kind_after([w for w in after if w.lower() not in _SCALES][:3]))
    return out


# "40% of households", "39.4 per cent of all Pakistanis": what the share is of.
_SHARE_OF = re.compile(r"\s*(?:%|per ?cent|percent)?\s+of\s+(?:the\s+|all\s+|its\s+)?(\w+)",
                       re.I)


def _kind_after(after: list[str]) -> FigureKind:
    """What a figure counts (`figure_kinds`), from the up to three words after it (its
    scale left out): a unit right after it, or a people word among them, names it ("400
    t", "40 distinguished scholars"); a function word first leaves it bare ("45 were
    accepted"); else the words up to a function word ("1,000 cargo ships were")."""
    nouns: list[str] = []
    for j, w in enumerate(after):
        f = term_of(w)
        if f in _CURRENCY_WORDS:
            return FigureKind("money")
        if j == 0 and f in UNIT_FORMS:
            return FigureKind("measure", min(UNIT_FORMS[f]))
        if counts_people(w):
            return FigureKind("people", f)
        if w.lower() in STOPWORDS or w.lower() in _BARE_AFTER:
            if j == 0:
                return FigureKind("bare")
            break
        nouns.append(f)
    return FigureKind("noun", " ".join(nouns)) if nouns else FigureKind("bare")


# Words right after a figure that leave it bare: "45 were accepted", "killed 12 and".
_BARE_AFTER = frozenset("""were was are is have has had will would could did do does
    remain remained more fewer less others other total in all across from to by for with
    at on over under per among into out of""".split())


def _no_count(text: str, m: re.Match[str], first: bool) -> bool:
    """Whether the figure `m` of `text` (not in a date) counts nothing (`_number_tokens`);
    `first`: it is the text's first word."""
    tok, start, end = m.group(), m.start(), m.end()
    # "... improve its services.28 Congress", "[^15]", "[15]": a footnote mark, no figure.
    if start >= 2 and text[start - 1] == "." and text[start - 2].isalpha() or \
            re.search(r"\[\^?$", text[max(0, start - 2):start]) and text[end:end + 1] == "]":
        return True
    if _YEAR.fullmatch(tok) or _FOOTNOTED_YEAR.fullmatch(tok) or \
            _AFTER_NAME_DASH.search(text[max(0, start - 3):start]) or \
            _YEAR_SPAN_END.search(text[max(0, start - 6):start]):
        return True
    if tok.isdigit() and 1 <= int(tok) <= 31 and (
            (_DAY_OF.search(text[max(0, start - 12):start]) and _DAY_END.match(text, end))
            or _DAY_BEFORE.match(text, end)):
        return True
    # "1. We, the Heads of State ...": a paragraph's number, not a figure.
    if first and len(tok.rstrip("%")) <= 2 and text[end:end + 1] in (".", ")"):
        return True
    return bool(_LABEL_BEFORE.search(text[max(0, start - 16):start])) or \
        _document_number(text, start, end)


def _document_number(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is part of a document's number written with
    slashes: a run of three or more parts with letters among them ("ISBA/26/C/38",
    "A/RES/80/3"), or two figures in a text that speaks of resolutions or decisions
    ("resolutions 76/217 and 77/246"). Not a price or a rate ("Rs 3,900/maund",
    "$85/barrel"), a score ("29/100", "10.5/25") or "24/7"."""
    a = start
    while a > 0 and (text[a - 1].isalnum() or text[a - 1] == "/"):
        a -= 1
    b = end
    while b < len(text) and (text[b].isalnum() or text[b] == "/"):
        b += 1
    parts = text[a:b].split("/")
    if len(parts) >= 3 and any(p[:1].isalpha() for p in parts) and all(parts):
        return True
    return len(parts) == 2 and all(p.isdigit() and len(p) >= 2 for p in parts) and \
        _DOCUMENT_WORDS.search(text) is not None


_DOCUMENT_WORDS = re.compile(r"\b(?i:resolutions?|decisions?)\b")


@lru_cache(maxsize=256)
def _asked(question: str) -> frozenset[str]:
    """The question's own numbers and words: a value it already holds is no answer."""
    return frozenset({f for _, f, _ in _number_tokens(question)} | set(words(question)))


_PERCENT_HEAD = re.compile(r"\((?:%|per ?cent|percentage)\)|\bin %|\bin per ?cent\b", re.I)


def answer_value(qtype: str, text: str, question: str) -> float:
    """Whether `text` holds a value of the asked type that the question does not already
    hold: 1 yes, 0 no (0.5 where the type has no value, e.g. a list or a reason). A
    sentence that only repeats the question's own year or number does not answer it."""
    asked = _asked(question)
    if qtype in ("number", "percent", "money"):
        nums = [(f, pct) for _, f, pct in _number_tokens(text, asks_span(question))
                if f not in asked]
        if qtype == "percent":
            # a table or a column headed "(%)", "(percent)", "in %": its figures are shares
            return 1.0 if any(p for _, p in nums) or nums and _PERCENT_HEAD.search(text) \
                else (0.3 if nums else 0.0)
        if qtype == "money":
            if not nums:
                return 0.0
            return 1.0 if _TYPE_PATTERNS["money"].search(text) else 0.3
        return 1.0 if any(not p for _, p in nums) else (0.5 if nums else 0.0)
    if qtype == "date":
        found = [m.group() for m in _TYPE_PATTERNS["date"].finditer(text)]
        return 1.0 if any(f not in question for f in found) else 0.0
    if qtype in ("person", "place", "org"):
        return 1.0 if _names_new(qtype, text, asked) else 0.0
    return 0.5


# A month or season after "in" ("in July", "in Sept. 2024", "in Spring"): a time, no place,
# unless a capitalised word goes on with it ("at the Spring Garden Hotel").
_TIME_AFTER_IN = re.compile(_MONTH + r"\b\.?|(?:Spring|Summer|Autumn|Winter)\b")


def _a_time(text: str, m: re.Match[str]) -> bool:
    """Whether the name of the place match `m` is a month or season, not a place's."""
    t = _TIME_AFTER_IN.match(text, m.start("name"))
    return t is not None and not re.match(r"\s+[A-Z][a-z]", text[t.end():])


def _names_new(qtype: str, text: str, asked: frozenset[str]) -> bool:
    """Whether `text` names a person, place or organisation the question does not."""
    if qtype == "place":
        # "Venue", or a place name the question lacks ("in Islamabad"; "Shanghai", a
        # city of the gazetteer, with no "in" before it)
        lower = {re.sub(r"['’]s$", "", w.lower()) for w in asked}
        return any(m.group("name") is None or m.group("name") not in asked
                   and not _a_time(text, m) for m in _TYPE_PATTERNS["place"].finditer(text)) \
            or any(not set(name.lower().split()) <= lower for name in place_names(text))
    if qtype == "person":
        # Organisations' and regions' names hold capitalised pairs that are no person.
        text = _ORG_RUN.sub(" ", text)
    for m in _TYPE_PATTERNS[qtype].finditer(text):
        caps = [w for w in words(m.group()) if w[:1].isupper() and w.lower() not in STOPWORDS]
        if caps and any(w not in asked for w in caps):
            return True
    return False


_MONEY_FORMS = frozenset(_form(w) for w in ("money", "funding", "funds", "cash", "financing"))


def focus_features(info: QuestionInfo, text: str) -> tuple[float, float, float]:
    """How `text` names what the question asks for (`QuestionInfo.focus`): the share of
    its words held, whether its head word is held, and (for number questions) whether a
    number not in the question stands within six words of one of them ("approximately 40
    distinguished scholars" for "how many people"). (1, 1, 0.5) when the question names
    nothing."""
    if not info.focus:
        return 1.0, 1.0, 0.5
    toks = [m.group() for m in _NUMBER_TOKEN.finditer(text)]
    forms = [_form(t) for t in toks]
    have = set(forms)
    # "How much money ...": a sum of money names it ("400,000 Rupees", "$100 billion").
    sum_of_money = info.qtype == "money" and answer_value("money", text, info.text) == 1.0
    if sum_of_money:
        have |= _MONEY_FORMS
    held = [holds_focus(t, have) for t in info.focus]
    share = sum(held) / len(held)
    head = 1.0 if held[-1] else 0.0
    if info.qtype not in ("number", "percent", "money"):
        return share, head, 0.5
    if sum_of_money and info.focus[-1].form in _MONEY_FORMS:
        return share, head, 1.0
    at = [k for k, f in enumerate(forms) if any(holds_focus(t, {f}) for t in info.focus)]
    return share, head, 1.0 if _new_figure_near(info, text, at, 6) else 0.0


def _new_figure_near(info: QuestionInfo, text: str, at: list[int], within: int) -> bool:
    """Whether a number the question does not hold stands within `within` word tokens of
    one of the token positions `at` of `text`."""
    asked = _asked(info.text)
    nums = [k for k, f, _ in _number_tokens(text, asks_span(info.text)) if f not in asked]
    return any(abs(a - b) <= within for a in at for b in nums)


def _coverage(terms: list[Term], bag: Bag, idf: Idf) -> float:
    total = sum(t.weight * idf(t.form) for t in terms)
    if total <= 0:
        return 0.0
    return sum(t.weight * idf(t.form) for t in terms if bag.has(t)) / total


def _lexical(terms: list[Term], text: str, idf: Idf, avg_len: float) -> float:
    """BM25 of the sentence for the question's terms (k1=1.2, b=0.75), over the sum of
    their IDF so that questions of any length compare."""
    toks = [_form(w) for w in words(text)]
    if not toks or not terms:
        return 0.0
    counts: dict[str, int] = {}
    for t in toks:
        counts[t] = counts.get(t, 0) + 1
    norm = 1.2 * (0.25 + 0.75 * len(toks) / max(avg_len, 1.0))
    score = total = 0.0
    for t in terms:
        w = t.weight * idf(t.form)
        total += w
        tf = counts.get(t.form, 0)
        if tf:
            score += w * tf * 2.2 / (tf + norm)
    return score / total if total else 0.0


def is_key(t: Term, idf: Idf) -> bool:
    """A name, acronym or number, or a rare word (high IDF) whatever its case: the
    question is about this exact thing."""
    return t.key or idf(t.form) >= 0.6 * idf.max()


def number_near_terms(info: QuestionInfo, text: str) -> float:
    """For a number question, whether a number not in the question stands within four
    words of one of the question's terms ("With 1146 respondents" for "how many people
    responded"): the figure is about what is asked even when the counted noun differs
    from the question's. 0.5 for other questions."""
    if info.qtype not in ("number", "percent", "money"):
        return 0.5
    forms = [_form(m.group()) for m in _NUMBER_TOKEN.finditer(text)]
    wanted = {t.form for t in info.terms if not t.form[:1].isdigit()}
    at = [k for k, f in enumerate(forms) if f in wanted]
    return 1.0 if _new_figure_near(info, text, at, 4) else 0.0


def _bag(text: str) -> Bag:
    """The terms of `text`, where a passage that names people by what they are ("40
    scholars") also holds the question's "people" (see `questions.holds_focus`)."""
    bag = Bag.of(text)
    if bag.forms & PEOPLE_FORMS:  # a new bag: Bag.of's are shared
        return Bag(bag.forms | ANY_PEOPLE, bag.caps, bag.acronyms, bag.written, bag.text)
    return bag


def _key_share(terms: list[Term], bag: Bag, idf: Idf) -> float:
    keys = [t for t in terms if is_key(t, idf)]
    if not keys:
        return 1.0
    return sum(t.weight for t in keys if bag.has(t)) / sum(t.weight for t in keys)


@dataclass
class Scored:
    """Candidates of one question (or part) with their feature matrix."""

    info: QuestionInfo
    cands: list[Candidate]
    X: np.ndarray  # (len(cands), len(FEATURES))
    cos: np.ndarray
    missing: list[Term]  # terms that no retrieved passage, title or file name holds
    absent: list[Term]  # terms that no indexed chunk holds at all
    agree: float

    @property
    def absent_names(self) -> list[Term]:
        """The names, acronyms and numbers of the question itself (not of an earlier
        turn) that no indexed chunk holds."""
        return [t for t in self.absent if t.key and t.weight >= 1]


def _label_of(qtype: str, c: Candidate) -> tuple[str, str] | None:
    """(report, label) of a header label line answering `qtype` ("Venue:" for where)."""
    for t in _LABEL_TYPES.get(qtype, ()):
        m = _LABELS[t].search(c.text)
        if m:
            return c.hit.report.sha256, m.group().strip().lower()
    return None


def _named_union(term: Term, bag: Bag) -> bool:
    """Whether `bag` names the union `term` ("UK", "US", "EU") by a word of its own
    ("British", "American", "European")."""
    return term.acronym and any(term_of(w) in bag.forms
                                for w in UNION_WORDS.get(term.form, ()))


def featurize(info: QuestionInfo, cands: list[Candidate], hits: list[Retrieved],
              query_vec: np.ndarray, sent_vecs: np.ndarray, idf: Idf) -> Scored:
    n = len(cands)
    X = np.zeros((n, len(FEATURES)), dtype=np.float32)
    q = np.asarray(query_vec, dtype=np.float32)
    q = q / (np.linalg.norm(q) + 1e-9)
    cos = sent_vecs @ q if n else np.zeros(0, dtype=np.float32)
    if n and np.isnan(cos).any():  # sentences not embedded: below every embedded one
        floor = float(np.nanmin(cos)) - 0.05 if not np.isnan(cos).all() else 0.0
        cos = np.where(np.isnan(cos), floor, cos).astype(np.float32)
    terms = info.terms
    meta_text = {id(h): report_names(h.report.title, h.report.file) for h in hits}
    # A header line ("Event Date: ...", "Venue: ...") speaks of the report's own event,
    # which its title names: its words are the line's and the title's.
    # A table row ("Rural | 2022: 45.2 | 2023: 43.1") is read with its table's title
    # ("Poverty headcount ratio (%), Sindh"), which says what its figures are.
    titles = [table_title(c) for c in cands]
    own = [f"{c.text} {meta_text[id(c.hit)]}" if _ANY_LABEL.match(c.text)
           else f"{c.text} {titles[i]}" if titles[i] else c.text
           for i, c in enumerate(cands)]
    # A report's header has one "Date:" line; the same label on several lines of a
    # report is a field of records (references, a table), no header.
    labels = [_label_of(info.qtype, c) for c in cands]
    seen = Counter(k for k in labels if k)
    bags = [_bag(t) for t in own]
    avg_len = float(np.mean([len(words(c.text)) for c in cands])) if n else 1.0
    # Capped at 1, the score of every term once in a sentence of average length: a word
    # repeated in one sentence ("University of Agriculture ... agriculture ...
    # agricultural") lifts BM25 past nearly all the linear model was fitted on (1 row in
    # 150 above 1), where its negative weight for `lex` (fitted next to the correlated
    # coverage features) would refuse the sentence. A short sentence holding every term
    # once (up to about 1.7) is cut to 1 too.
    lex = np.minimum([_lexical(terms, t, idf, avg_len) for t in own], 1.0).astype(np.float32)
    cov = np.array([_coverage(terms, b, idf) for b in bags], dtype=np.float32)
    for i, c in enumerate(cands):
        same = [j for j in (i - 1, i + 1) if 0 <= j < n and cands[j].frag is c.frag]
        context = " ".join([cands[j].text for j in same] + [c.text, meta_text[id(c.hit)]])
        quote = c.quote if c.quote_end - c.quote_start > c.end - c.start else c.text
        ctx_bag = _bag(context + " " + quote + " " + titles[i])
        if titles[i]:
            quote = f"{quote} {titles[i]}"
        X[i] = (
            cos[i], cos[i] - cos.max(), max((cos[j] for j in same), default=0.0),
            lex[i], lex[i] - lex.max(), cov[i], cov[i] - cov.max(),
            _coverage(terms, ctx_bag, idf), _key_share(terms, ctx_bag, idf),
            _key_share(terms, bags[i], idf), type_match(info.qtype, quote),
            1.0 / (1 + c.rank),
            1.0 / (1 + c.hit.dense_rank) if c.hit.dense_rank is not None else 0.0,
            1.0 / (1 + c.hit.bm25_rank) if c.hit.bm25_rank is not None else 0.0,
            1.0 if DEFINES.search(c.text) else 0.0,
            1.0 if DEFINES.search(c.text) and info.qtype == "definition" else 0.0,
            1.0 if c.is_list and c.quote_start == c.start else 0.0,
            1.0 if info.wants_list and (c.is_list or enumeration.inline_items(c.text) >= 2
                                        or enumeration.run_in_series(c.text)) else 0.0,
            1.0 if REFERENCE.search(c.text) else 0.0,
            math.log(1 + len(c.text)) / 6.0,
            # a heading; a short line ending in a colon opens a list instead
            1.0 if len(c.text) < 80 and not c.text.rstrip().endswith(
                (".", "!", "?", "。", "۔", ":")) else 0.0,
            1.0 if NEEDS_ANTECEDENT.match(c.text) else 0.0,
            1.0 if c.index == 0 or cands[i - 1].frag is not c.frag else 0.0,
            1.0 if re.search(r"\d", c.text) else 0.0,
            answer_value(info.qtype, quote, info.text),
            *focus_features(info, quote),
            # A label line answers a question about its report's event ("When was the
            # Gwadar dialogue held?" by "Held on: ..."), not one about something the
            # report discusses ("When will the Gwadar free trade zone open?"): weighed by
            # how much of the question the line and the title cover.
            float(cov[i]) if labels[i] and seen[labels[i]] == 1 else 0.0,
            number_near_terms(info, quote),
        )
    everything = Bag.of(" ".join([f.text for f in {id(c.frag): c.frag for c in cands}.values()]
                                 + list(meta_text.values())
                                 + [h.chunk.text for h in hits]))
    # a demonym is held by its country's name ("the Turkish contractors" by "Contractors
    # from Türkiye"), as `Idf.holds` holds it for the corpus
    # and a name spelt another way ("Pakhtunkhwa" where the report writes "Pakhtunkhawa")
    missing = [t for t in terms if not (everything.has_name(t) if has_cyrillic(t.form)
                                        else everything.has(t)
                                        or (t.key and everything.has_name(t))
                                        or _named_union(t, everything))]
    # "World Health Organization" where the reports write "WHO" is named
    spelled = spelled_out(info.text, set(idf.acronyms or ()) - idf.spelled)
    absent = [t for t in missing if not idf.holds(t) and t.form not in spelled]
    agree = 1.0 if any(h.dense_rank == 0 and h.bm25_rank == 0 for h in hits) else 0.0
    return Scored(info, cands, X, cos, missing, absent, agree)


def part_quotes(parts: list[Scored], selection: Linear) -> list[Candidate]:
    """The likeliest quote of each part of a multi-part question."""
    out = []
    for ps in parts:
        if len(ps.cands):
            out.append(ps.cands[int(np.argmax(selection.prob(ps.X)))])
    return out


def part_refusal_rows(parts: list[Scored], selection: Linear, idf: Idf) -> np.ndarray:
    """The refusal features (REFUSAL_FEATURES) of each part of a multi-part question, as
    if asked alone, with the other parts' likeliest quotes as its `extra`: shape
    (len(parts), len(REFUSAL_FEATURES)); no rows for a one-part question."""
    if len(parts) < 2:
        return np.zeros((0, len(REFUSAL_FEATURES)), dtype=np.float32)
    # The parts share one list of candidates, so a part's own quote is found by position.
    best = [ps.cands[int(np.argmax(selection.prob(ps.X)))] if len(ps.cands) else None
            for ps in parts]
    rows = []
    for k, ps in enumerate(parts):
        others = [c for j, c in enumerate(best) if j != k and c is not None]
        rows.append(refusal_features(ps, selection.prob(ps.X), idf, others))
    return np.stack(rows)


def answer_confidence(main_prob: float, part_probs: np.ndarray) -> float:
    """The probability that a question is answerable: the higher of its own (`main_prob`)
    and that of its least likely part (`part_probs`, each part asked alone; none for a
    one-part question). A two-part question's best quote covers half of it, which alone
    reads as a refusal."""
    if len(part_probs):
        return max(main_prob, float(np.min(part_probs)))
    return main_prob


def refusal_features(sc: Scored, probs: np.ndarray, idf: Idf,
                     extra: list[Candidate] | None = None) -> np.ndarray:
    """The evidence for answering at all (REFUSAL_FEATURES), from the scored candidates:
    how likely the best quote is and by how much it beats the next; how much of the
    question it covers; how much of the question (by IDF) no retrieved passage holds, and
    whether that is a name, acronym or number, or a word the whole index lacks; whether
    the dense and BM25 tops agree; the answer type of the best quote; whether it holds a
    value of that type and names what is asked for (`focus_features`), and how much of the
    question it (with `extra`, the quotes of the question's parts) leaves out; and whether
    a question asking for a date, number, percentage or sum gets a quote holding none
    ("typed_noval": the refusal model is linear, so this interaction of question type and
    quote value needs its own column)."""
    if not len(sc.cands):
        return np.array([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1],
                        dtype=np.float32)
    order = np.argsort(-probs)
    b = int(order[0])
    second = float(probs[order[1]]) if len(order) > 1 else 0.0
    terms = sc.info.terms
    mass = sum(idf(t.form) * t.weight for t in terms) or 1.0
    top = max((idf(t.form) * t.weight for t in terms), default=1.0) or 1.0
    col = {name: i for i, name in enumerate(FEATURES)}
    best = sc.cands[b]
    # The chosen quote itself with the sentences around it and its report's title: what
    # an analyst reads. A term the question stresses and this lacks is not answered.
    same = [c.text for c in sc.cands if c.frag is best.frag and abs(c.index - best.index) == 1]
    # With the quotes of the question's other parts ("who ..., and when ...?"): together
    # they are the answer.
    own = _bag(" ".join([best.quote, *same, best.hit.report.title or ""]
                          + [c.quote for c in extra or []]))
    return np.array([
        probs[b], probs[b] - second, sc.X[b, col["cov_ctx"]], sc.X[b, col["key"]],
        sum(idf(t.form) * t.weight for t in sc.missing) / mass,
        max((idf(t.form) * t.weight for t in sc.missing), default=0.0) / top,
        1.0 if any(t.key and t.weight >= 1 for t in sc.missing) else 0.0,
        1.0 if sc.absent_names else 0.0,
        sc.agree, sc.X[b, col["type"]],
        float(sc.X[:, col["cov"]].max()), float(sc.X[:, col["lex"]].max()),
        sc.X[b, col["value"]], sc.X[b, col["focus"]], sc.X[b, col["head"]],
        sc.X[b, col["focus_near"]], _coverage(terms, own, idf),
        max((idf(t.form) * t.weight for t in terms if not own.has(t)), default=0.0) / top,
        float(sc.X[:, col["focus_near"]].max()),
        1.0 if sc.info.qtype in VALUE_TYPES and sc.X[b, col["value"]] < 0.5 else 0.0,
    ], dtype=np.float32)


# ---------------------------------------------------------------- the fitted model

@dataclass
class Linear:
    """A standardised logistic regression: p = sigmoid(((x - mean) / scale) @ coef + b),
    cut to REFERENCE_SHARE for rows that are reference entries (selection features)."""

    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def prob(self, X: np.ndarray) -> np.ndarray:
        if X.size == 0:
            return np.zeros(len(X))
        z = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        if "reference" in self.names:  # the selection model's rows: see REFERENCE_SHARE
            p = np.where(X[:, self.names.index("reference")] > 0.5, p * REFERENCE_SHARE, p)
        return p

    def to_json(self) -> dict[str, Any]:
        return {"features": self.names, "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": float(self.intercept)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Linear:
        return cls(list(d["features"]), np.array(d["mean"], dtype=np.float64),
                   np.array(d["scale"], dtype=np.float64), np.array(d["coef"], dtype=np.float64),
                   float(d["intercept"]))


@dataclass
class Model:
    """Answer selection and refusal, as fitted by `assistant eval --fit`."""

    selection: Linear
    refusal: Linear
    threshold: float  # refuse below this refusal probability
    extra_ratio: float = 0.6  # further quotes when their probability is this share of the best
    part_min: float = 0.05  # a part of a question whose best quote is below this is not covered
    # The first quote may be one this share as likely as the best if it holds more of the
    # question's names, years and numbers.
    key_ratio: float = 0.35
    meta: dict[str, Any] = field(default_factory=dict)
    # Selection refitted with the classes weighed evenly: the probabilities the refusal
    # features are computed from (None: `selection`'s).
    evidence: Linear | None = None
    # A further quote from a page no other quote is on only for a one-fact question whose
    # lead is less likely than this (`extractive._add_likely`); the default lets them all
    # in for one-fact questions (list and multi-part questions get none whatever it is).
    far_below: float = math.inf

    def to_json(self) -> dict[str, Any]:
        return {"selection": self.selection.to_json(), "refusal": self.refusal.to_json(),
                "threshold": self.threshold, "extra_ratio": self.extra_ratio,
                "part_min": self.part_min, "key_ratio": self.key_ratio, "meta": self.meta,
                **({"far_below": self.far_below} if math.isfinite(self.far_below) else {}),
                **({"evidence": self.evidence.to_json()} if self.evidence else {})}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Model:
        return cls(Linear.from_json(d["selection"]), Linear.from_json(d["refusal"]),
                   float(d["threshold"]), float(d.get("extra_ratio", 0.6)),
                   float(d.get("part_min", 0.05)), float(d.get("key_ratio", 0.35)),
                   dict(d.get("meta", {})),
                   Linear.from_json(d["evidence"]) if "evidence" in d else None,
                   float(d.get("far_below", math.inf)))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> Model:
    """The fitted parameters shipped with the package (or another file from --fit)."""
    from ..errors import ConfigError

    p = Path(path) if path else MODEL_FILE
    try:
        model = Model.from_json(json.loads(p.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"the answer-selection model {p} cannot be read ({exc}); refit it "
                          "with 'assistant eval --fit QA.jsonl'") from exc
    if tuple(model.selection.names) != FEATURES or tuple(model.refusal.names) != \
            REFUSAL_FEATURES or (model.evidence and tuple(model.evidence.names) != FEATURES):
        raise ConfigError(f"the answer-selection model {p} was fitted on other features; "
                          "refit it with 'assistant eval --fit QA.jsonl'")
    return model
