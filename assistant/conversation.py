"""Follow-up questions: deciding whether a question leans on the earlier turn, and
turning it into one that retrieval can answer on its own.

A question is a follow-up only when it leans on the earlier turn: it opens elliptically
("And in 2024?", "What about Japan?"), has no topic of its own ("Why?"), or refers back
with a pronoun and names little else ("Which university is he from?"). A question with
its own topic ("Who spoke about agriculture?") stands alone, whatever came before.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .text import Term, content_terms, salient_terms, term_of, words

_PRONOUN = re.compile(
    r"\b(he|she|him|her|his|hers|they|them|their|theirs|it|its|this|that|these|those|there|"
    r"the same|the latter|the former|"
    # Russian: "Что он сказал?" leans on "Кто открыл форум?" as "What did he say?" does
    # (a Russian question word opens a question of its own, so no fragment says so)
    r"он|она|оно|они|его|её|ее|ему|ей|им|их|него|неё|нее|нему|ней|ним|них|нём|нем|там|"
    r"этот|эта|это|эти|этого|этой|этом|этих)\b", re.I)
# English openers ("Same question for 2023?" too), and the Russian and Urdu ones ("А в
# 2023?", "Что насчёт 2023?", "اور 2023 میں؟"): `\b` would not end a word before "?" in
# every script, so the opener is followed by a space or the end.
_ELLIPSIS = re.compile(r"^\W*(and what about|what about|how about|and|but|also|or|what of|"
                       # "Same for", "The same question, but for", "Same again for"
                       # "Same in Quetta?", "The same at Gwadar?": the place word stays
                       r"(?:the\s+)?same(?:\s+(?:question|again|thing))?(?:,?\s+but)?"
                       r"(?:\s+for(?!\s+example)|(?=\s+(?:in|at|on|with|during)\s))|"
                       r"then|а что насчёт|а как насчёт|что насчёт|как насчёт|"
                       r"а что с|а|и|но|اور)(?=[\s\W]|$)|"
                       # Chinese "那2024年呢？", "还有2024年呢?": no spaces between words
                       r"^\W*(?:那么|那|还有|而|至于)(?=\w)", re.I)
# The Chinese question particle that closes such a fragment ("…呢？").
_CJK_PARTICLE = re.compile(r"[呢吗呀]+(?=\W*$)")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
# A fiscal year, one token: "2023-24", "FY2024-25", "2023/2024".
_FISCAL = r"(?:FY\s?)?(?:1[89]|20)\d\d[-–/](?:\d\d|(?:1[89]|20)\d\d)(?!\d)"
# A year written before a Chinese word ("2024年") is a token of its own.
_TOKEN = re.compile(_FISCAL + r"|(?:1[89]|20)\d\d(?=[^\W\d_])(?![^\W\d_]*[A-Za-z])|"
                    r"[\w][\w'’.,–/-]*\w|\w", re.I)
# "And the second day?" after "... on the first day?": one ordinal stands for another.
_ORDINALS = frozenset("""first second third fourth fifth sixth seventh eighth ninth tenth
    last final opening closing""".split())
# These are ordinals only before a counted noun ("the closing session"), not in "last year".
_SOFT_ORDINALS = frozenset("last final opening closing".split())
_COUNTED_NOUNS = r"day|session|panel|round|phase|stage|week|part"
_NTH = dict(zip("one two three four five six seven eight nine ten".split(),
                "first second third fourth fifth sixth seventh eighth ninth tenth".split(),
                strict=True))
_NTH.update({str(i): _NTH[w] for i, w in enumerate(list(_NTH), 1)})
# "day two", "session 3": the ordinal an earlier "first day" can be swapped for.
_COUNTED = re.compile(r"\b(" + _COUNTED_NOUNS + r")\s+(" +
                      "|".join(_NTH) + r")\b", re.I)


@dataclass
class FollowUp:
    """How a question is searched and weighed given the conversation."""

    search: str  # the question retrieval and answer selection see
    context: str = ""  # an earlier question whose terms count at a lower weight
    is_follow_up: bool = False
    # "Who else spoke?": the earlier answer's quotes are no answer to it again
    others: bool = False


def normalize_history(history: Any) -> list[tuple[str, str]]:
    """(question, answer) pairs from tuples, dicts, or chat messages
    ([{"role": "user", "content": ...}, {"role": "assistant", ...}])."""
    if not history:
        return []
    pairs: list[tuple[str, str]] = []
    pending_user: str | None = None
    for item in history:
        if isinstance(item, dict) and "role" in item:
            content = item.get("content")
            text = content if isinstance(content, str) else str(content or "")
            if item["role"] == "user":
                pending_user = text
            elif item["role"] == "assistant" and pending_user is not None:
                pairs.append((pending_user, text))
                pending_user = None
        elif isinstance(item, dict):
            pairs.append((str(item.get("question", "")), str(item.get("answer", ""))))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.append((str(item[0] or ""), str(item[1] or "")))
    return [(q, a) for q, a in pairs if q.strip()]


# ... and the Russian question words, which open a question as the English ones do
# ("Кто представлял Татарстан?" is a question of its own, no fragment)
_WH = re.compile(r"^\W*(who|whom|whose|what|when|where|which|why|how|is|are|was|were|did|"
                 r"does|do|can|could|list|name|кто|кого|кому|что|чего|где|куда|откуда|когда|"
                 r"почему|зачем|сколько|как|какой|какая|какое|какие|каким|какова|каков|"
                 r"каково|чей|чья|чьи)(?=[\s\W]|$)", re.I)


def is_elliptical(question: str) -> bool:
    """"And in 2024?", "What about Japan?", "In Sindh?": a fragment of a question."""
    return bool(_ELLIPSIS.match(question)) or (
        len(words(question)) <= 3 and not _WH.match(question))


# Nouns that stand for the earlier question's subject ("What was the figure for 2024?").
_STAND_INS = frozenset("""figure figures one ones same case answer result results total totals
    number numbers""".split())
# A question's frame: question words, auxiliaries, articles, prepositions, pronouns. A
# question of these, stand-ins and figures only ("How many in 2024?", "What was the figure
# for 2024?") has no subject of its own; one with a word of its own ("What happened in
# 2024?", "Who spoke in 2024?") does, though the word is too common to be a salient term.
_FRAME = frozenset("""what which who whom whose when where why how many much is are was were
    be been do does did has have had will would can could shall should may might must a an
    the in for of on at during about by to from over per and then now it its this that
    there""".split())


def _bare(question: str) -> bool:
    """Whether the question is its frame, stand-in nouns, years and numbers only."""
    toks = words(_ELLIPSIS.sub("", question))
    return bool(toks) and all(
        w.lower() in _FRAME or w.lower() in _STAND_INS
        or re.fullmatch(r"[\d.,%/-]+|" + _FISCAL, w, re.I) for w in toks)


def _topical(question: str) -> list[str]:
    """The question's salient terms other than years, numbers and stand-in nouns: what it is
    about on its own."""
    return [t.form for t in salient_terms(question) if t.shown.lower() not in _STAND_INS
            and not re.fullmatch(r"[\d.,%/-]+|" + _FISCAL, t.form, re.I)]


def is_follow_up(question: str) -> bool:
    """Whether the question leans on an earlier turn (see the module docstring)."""
    own = salient_terms(question)
    if is_elliptical(question) or not own or _bare(question):
        return True
    # "How many the year before?", "What was it the previous year?": the frame and the
    # earlier question's year moved
    if _RELATIVE_YEAR.search(question) and _bare(_RELATIVE_YEAR.sub(" ", question)):
        return True
    return bool(_PRONOUN.search(question)) and len(own) <= 2


_WH_LEAD = re.compile(r"^\W*(how\s+(?:many|much|long|often|old)|who|whom|whose|what|when|where|"
                      r"which|why|how|кто|что|где|когда|почему|зачем|сколько|какой|какая|какие)\b",
                      re.I)


_CIRCUMSTANCE = frozenset(["when", "where", "why", "how", "how long", "how often", "где",
                           "когда", "почему", "зачем"])
# "Who did the minister resign?": these ask for a part of the sentence, not its circumstance
# asked for a place or a time, which a report's "Venue:" or "Event Date:" line gives
# without the question's verb ("held", "take place")
_PLACE_TIME_WH = frozenset(["where", "when", "где", "куда", "откуда", "когда"])

_SUBJECT_WH = frozenset(["who", "whom", "whose", "which", "кто"])

_AUXILIARIES = frozenset("""is are was were be been do does did has have had will would can
    could shall should may might must a an the""".split())


def _new_wh(question: str, previous: str) -> str | None:
    """The follow-up's question word when it asks something else of the same subject
    ("And when?", "Where was it held?" after "When was the forum held?"), else None."""
    rest = _ELLIPSIS.sub("", question).strip()
    m, p = _WH_LEAD.match(rest), _WH_LEAD.match(previous)
    if not (m and p) or m.group(1).lower() == p.group(1).lower():
        return None
    # Only where the earlier question word can simply be exchanged: between two that ask
    # of circumstance ("When was the forum held?" -> "Where was ..."), or before "did"
    # ("How much did Germany pledge?" -> "When did ..."). "How many teachers did ...",
    # "Who spoke ...", "What is the budget ..." and "Who was the forum held?" would be
    # no question.
    new, old = (" ".join(g.group(1).lower().split()) for g in (m, p))
    after = previous[p.end():].split()
    if not (new in _CIRCUMSTANCE and old in _CIRCUMSTANCE) and not (
            after and after[0].lower() in ("do", "does", "did") and new not in _SUBJECT_WH):
        return None
    # Only the question word is new: "Where was it held?" holds no word the earlier
    # question lacks, "What did he say?" does ("say") and leans on it by a pronoun instead.
    own = {w.lower() for w in words(_PRONOUN.sub(" ", rest[m.end():]))} - _AUXILIARIES
    return m.group(1) if own <= {w.lower() for w in words(previous)} else None


def _asks_anew(rest: str, previous: str) -> bool:
    """Whether `rest`, a follow-up after its "And", is a question of its own: a new word
    ("And what did the minister say about hiring?"), or a new name that does not simply
    take the earlier one's place ("And what did the US say?" after "What was pledged at
    the Lahore conference?"). "And what is the budget of FAPESP?" after "What is the
    budget of CAPES?" says the earlier question again of FAPESP."""
    # "那么2024年培训了多少名医生？", "اور یونین نے کیا مطالبہ کیا؟": a Chinese or Urdu
    # question has no question word first; one with a topic of its own asks anew
    other_script = re.search(r"[^\W\d_A-Za-z\u00c0-\u024f\u0400-\u04ff]", rest)
    if not (_WH.match(rest) or other_script and not is_follow_up(rest)):
        return False
    before = salient_terms(previous)
    known = {t.form for t in before}
    topical = set(_topical(rest))
    new = [t for t in salient_terms(rest) if t.form in topical and t.form not in known]
    own = {t.form for t in salient_terms(rest)}
    restated = all(t.form in own for t in before if not (t.key or t.acronym))
    return any(not (t.key or t.acronym) for t in new) or bool(new) and not restated


def _asked_anew(question: str, rest: str, previous: str) -> FollowUp:
    """"And what did the US say?" after "What was pledged at the Lahore conference?": a
    question of its own about the same subject, not a name to swap in. Asked in another
    script ("А кто представлял Узбекистан?" after an English question), it is searched in
    its own words, which the earlier ones would outweigh; those still count, at a lower
    weight."""
    if _script(rest) != _script(previous):
        return FollowUp(question, previous, True)
    return FollowUp(f"{question} {previous}", previous, True)


def _script(text: str) -> str:
    """The script most of `text`'s letters are written in ("LATIN", "CYRILLIC", ...)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = name.split(" ", 1)[0] if name else ""
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def _kind(token: str, following: str = "") -> str:
    """The kind of `token`; `following` is the word after it, which tells "the last day"
    (an ordinal) from "last year" (a word)."""
    if _YEAR.match(token) or re.fullmatch(_FISCAL, token, re.I):
        return "year"
    if token.lower() in _ORDINALS:
        # "the closing one": "one" stands for the earlier question's counted noun
        if token.lower() in _SOFT_ORDINALS and not re.fullmatch(
                rf"(?:{_COUNTED_NOUNS}|one)s?", following, re.I):
            return "word"
        return "ordinal"
    if token[:1].isdigit():
        return "number"
    if token[:1].isupper():
        return "name"
    return "word"


def replace_ellipsis(question: str, previous: str) -> str:
    """The earlier question with the follow-up's own names, years and numbers put in place
    of those of the same kind ("How many teachers ... in 2023?" + "And in 2024?" -> "How
    many teachers ... in 2024?"); without such a match, the follow-up's words are added."""
    def ordinal(m: re.Match) -> str:
        return f"{_NTH[m.group(2).lower()]} {m.group(1)}"

    # "那2024年呢？": the year, without the particle and the 年 the earlier question has
    question = _CJK_PARTICLE.sub("", _COUNTED.sub(ordinal, question))
    question = re.sub(r"((?:1[89]|20)\d\d)年", r"\1", question)
    own = [t for m in re.finditer(_FISCAL + r"|\S+", _ELLIPSIS.sub("", question), re.I)
           for t in ([m.group()] if re.fullmatch(_FISCAL, m.group(), re.I) else words(m.group()))
           if salient_terms(t)]
    if not own:
        return previous
    kinds = [_kind(t, own[i + 1] if i + 1 < len(own) else "") for i, t in enumerate(own)]
    if "ordinal" in kinds:
        # "session 1" in the earlier question is the "first session" the follow-up's
        # "session 2" ("second session") replaces.
        previous = _COUNTED.sub(ordinal, previous)
    text = previous
    prev_tokens = list(_TOKEN.finditer(text))
    leftover = []
    used: set[int] = set()

    def kind_at(i: int) -> str:
        nxt = prev_tokens[i + 1].group() if i + 1 < len(prev_tokens) else ""
        return _kind(prev_tokens[i].group(), nxt)

    for tok, kind in zip(own, kinds, strict=True):
        target = next((m for i, m in enumerate(prev_tokens) if i not in used and kind != "word"
                       # a question's first word is capitalised, no name
                       and kind_at(i) == kind and (m.start() > 0 or kind != "name")), None)
        if target is None:
            leftover.append(tok)
            continue
        used.add(prev_tokens.index(target))
        text = text[:target.start()] + tok + text[target.end():]
        # Offsets after the replacement shift; recompute the tokens of the new text.
        prev_tokens = list(_TOKEN.finditer(text))
    # "And the second day?": "day" is in the earlier question already.
    # "the figure for 2024": the stand-in is the earlier question's subject, no word to add
    have = {w.lower() for w in words(text)} | _STAND_INS
    leftover = [tok for tok in leftover if tok.lower() not in have]
    if leftover:
        text = f"{text.rstrip('?').rstrip()} {' '.join(leftover)}?"
    return text


# "Who else?", "Anything else?": the earlier question again, for more of its answers.
_ELSE = re.compile(r"^\W*(?:(?:and|а|и)\s+)?(?:who|what|where|which|anyone|anybody|anything|"
                   r"any|кто|что|где)\s+(?:else|other|others|ещё|еще)\W*$", re.I)
# "Who else spoke?", "What else did he say?", "Who else was on the panel?": a question of
# its own verb, asked of the earlier question's subject for answers other than its own.
# Russian "Кто ещё выступил?" alike.
_ELSE_ASK = re.compile(r"^\W*(?:(?:and|а|и)\s+)?(who|whom|what|where|which|кто|что|где)\s+"
                       r"(?:else|ещё|еще)\b\s*(?=\w)", re.I)
# A fiscal year ("2024-25", "FY2024") or a calendar one, as "the year before" moves it
_MOVABLE_YEAR = _FISCAL + r"|\bFY\s?(?:1[89]|20)\d\d\b|\b(?:1[89]|20)\d\d\b"
# "And the year before?", "The previous year?", "What about the following year?": the
# earlier question's year moved by one.
_RELATIVE_YEAR = re.compile(
    r"\b(?:the\s+)?(?:(year|one)\s+(before|after|earlier|later|prior)|"
    # "next year" alone is the calendar's next year ("What is planned for next year?")
    r"(?:previous|prior|preceding|following|(?<=the\s)next)\s+year|a\s+year\s+(?:earlier|later))\b",
    re.I)


def _shift_year(question: str, previous: str) -> str | None:
    """The earlier question with its (last) year or fiscal year moved by the follow-up's
    "the year before" / "the year after", or None when either has none."""
    m = _RELATIVE_YEAR.search(question)
    span = _last_years(previous)
    if m is None or span is None:
        return None
    step = 1 if re.search(r"after|later|next|following", m.group(), re.I) else -1

    def moved(y: re.Match[str]) -> str:
        return str(int(y.group()) + step).zfill(len(y.group()))

    # "2024-25" -> "2023-24", "between 2023 and 2024" -> "between 2022 and 2023": each
    # run of digits moves; "FY" stays
    shifted = re.sub(r"\d+", moved, previous[span[0]:span[1]])
    return previous[:span[0]] + shifted + previous[span[1]:]


# A span of years ("between 2023 and 2024", "from 2022 to 2024"): moved as one
_YEAR_SPAN = re.compile(rf"(?:{_MOVABLE_YEAR})\s*(?:and|to|until|till|through|[-–])\s*"
                        rf"(?:{_MOVABLE_YEAR})", re.I)


def _last_years(question: str) -> tuple[int, int] | None:
    """Where the last year, fiscal year or span of years of `question` is."""
    years = list(re.finditer(_MOVABLE_YEAR, question, re.I))
    if not years:
        return None
    last = years[-1]
    spans = [m for m in _YEAR_SPAN.finditer(question) if m.end() == last.end()]
    return (spans[-1].start(), last.end()) if spans else last.span()


def follow_up(question: str, history: list[tuple[str, str]]) -> FollowUp:
    """See `_follow_up`; only the earlier questions count, not their answers."""
    found = _follow_up(question, tuple(q for q, _ in history))
    return FollowUp(found.search, found.context, found.is_follow_up, found.others)


# Each turn of a conversation is resolved once: a chain's root is looked up among them.
@lru_cache(maxsize=512)
def _follow_up(question: str, history: tuple[str, ...]) -> FollowUp:
    """Offline: an elliptical follow-up replaces the matching part of the earlier question
    (itself resolved, when it was a follow-up); "the year before" moves its year; "who
    else?" asks it again; one that refers back by a pronoun is searched with the earlier
    question, whose words then count less than its own; a standalone question is
    searched as asked."""
    if not history or not (is_follow_up(question) or _more_of(question)):
        return FollowUp(question)
    # A chain ("What about Sindh?" then "And the year before?") leans on the question
    # the earlier follow-up stood for.
    last = _follow_up(history[-1], history[:-1])
    previous = last.search
    more = _asks_for_more(question, previous)
    if more is not None:
        return more
    wh = _new_wh(question, previous)
    if wh is not None:
        # "When was the forum held?" + "And where?": the same subject, the new question word
        swapped = _WH_LEAD.sub(wh[:1].upper() + wh[1:], previous, count=1)
        rest = _WH_LEAD.sub("", _ELLIPSIS.sub("", question).strip(), count=1)
        return FollowUp(replace_ellipsis(rest, swapped) if salient_terms(rest) else swapped,
                        "", True)
    rest = _ELLIPSIS.sub("", question).strip()
    if _ELLIPSIS.match(question) and _asks_anew(rest, previous):
        return _asked_anew(question, rest, previous)
    if salient_terms(question) and _bare(question):
        # "What was the figure for 2024?": the earlier question, with this year
        return FollowUp(replace_ellipsis(question, previous), "", True)
    shifted = _shift_year(question, previous)
    if shifted is not None:
        # "What about GDP growth the year before?": the rest of the follow-up still
        # applies, to the earlier question with its year moved
        rest = re.sub(r"\s+", " ", _RELATIVE_YEAR.sub(" ", question)).strip()
        if not salient_terms(_ELLIPSIS.sub("", rest)):
            return FollowUp(shifted, "", True)
        question, previous = rest, shifted
    if is_elliptical(question):
        # "What about the CPEC seminar?" after a chain of years about the programme's
        # trainees: a subject of its own, asked after as such; the earlier question still
        # counts, at a lower weight ("What about GDP growth the year before?" moves a year)
        return FollowUp(question, previous, True) if shifted is None and _names_new_subject(
            question, previous) else FollowUp(replace_ellipsis(question, previous), "", True)
    if last.context:
        # "Where did he study?" after "What is his position?" after "Who opened …?": the
        # last question and the one the chain began with, so that a chain of pronouns
        # does not carry every question the conversation ever asked.
        previous = f"{history[-1]} {_chain_root(history[:-1])}".strip()
    return FollowUp(f"{question} {previous}", previous, True)


def _more_of(question: str) -> bool:
    """"Who else?", "Who else spoke?": asking for more than the earlier answer gave."""
    return bool(_ELSE.match(question) or _ELSE_ASK.match(question))


def _asks_for_more(question: str, previous: str) -> FollowUp | None:
    """"Who else?": the earlier question again; "Who else spoke?" after "Who chaired the
    inaugural session of the Gwadar forum?": "Who spoke?", of that forum (its words count
    less). Both answered by quotes other than the earlier answer's; None for other
    questions."""
    if _ELSE.match(question):
        return FollowUp(previous, "", True, others=True)
    ask_else = _ELSE_ASK.match(question)
    if ask_else is None:
        return None
    own = ask_else.group(1).capitalize() + " " + question[ask_else.end():]
    return FollowUp(own, previous, True, others=True)


def _names_new_subject(question: str, previous: str) -> bool:
    """Whether an elliptical follow-up names a thing of its own rather than a part of the
    earlier question to replace: a name with the noun it names ("What about the CPEC
    seminar?", "And the Roshan Gharana scheme?"), that noun not in the earlier question
    ("How many health workers did the programme train in 2025?"). "What about Japan?", "And
    leather?", "How about in Lahore?", "What about Sindh's wheat output?" (after a question
    about wheat output) and a follow-up with a year, a number or an ordinal to put in the
    earlier question's place are parts of the earlier question."""
    rest = _CJK_PARTICLE.sub("", _ELLIPSIS.sub("", question))
    terms = salient_terms(rest)
    if any(_kind(t.shown or t.form) in ("year", "number", "ordinal") for t in terms) or \
            _COUNTED.search(rest) or _RELATIVE_YEAR.search(rest):
        return False
    earlier = {t.form for t in salient_terms(previous)} | {term_of(w) for w in words(previous)}
    # the fragment's first word is a name when capitalised: the opener went before it
    names = [t for t in terms if t.acronym or (t.shown or "")[:1].isupper()]
    # "Sindh province", "Lahore district": a place the earlier question is asked of; "the
    # Lahore conference" after "How many people attended the Gwadar forum?": the event in
    # the earlier one's place, asked the same ("How many", "When"), where that one asks of
    # an event too ("What about the Gwadar forum?" after a question about the Punjab
    # programme's trainees is a subject of its own)
    named = any((t.shown or t.form).lower() in _EVENT_NOUNS for t in salient_terms(previous))
    nouns = [t for t in terms if t not in names and t.form not in earlier
             and (t.shown or t.form).lower() not in _STAND_INS
             and (t.shown or t.form).lower() not in _PLACE_NOUNS
             and not (named and (t.shown or t.form).lower() in _EVENT_NOUNS)]
    return bool(names and nouns)


_PLACE_NOUNS = frozenset("""province provinces district districts division divisions city
    cities region regions country countries state states town towns village villages area
    areas tehsil tehsils county counties""".split())
_EVENT_NOUNS = frozenset("""forum conference seminar event meeting session workshop summit
    dialogue roundtable webinar symposium lecture talk talks consultation festival expo fair
    exhibition visit""".split())


def _chain_root(history: tuple[str, ...]) -> str:
    """The latest turn that did not lean on another by a pronoun, as it was resolved
    ("What about Sindh?" stands for "What was wheat output in Sindh in 2024?")."""
    i = len(history) - 1
    while i > 0 and _follow_up(history[i], history[:i]).context:
        i -= 1
    return _follow_up(history[i], history[:i]).search if history else ""


def own_terms(question: str, resolved: str = "") -> list[Term]:
    """The terms an elliptical follow-up brings of its own ("rice" in "What about rice?",
    "2024" in "And in 2024?"), which the answer's first quote must hold: not the opener,
    stand-in nouns ("the figure") or ordinals ("the second day", which a report may write
    "Day 2"). "And the year before?" brings the year it stands for, the last year of
    `resolved` (the question it was resolved to, `_shift_year`), not "before", which no
    report writes beside the figure, and so does "What was it the year before?". Empty
    for another question that is not elliptical."""
    shifted: list[Term] = []
    relative = _RELATIVE_YEAR.search(question)
    if relative:
        span = _last_years(resolved)
        # With no year to move ("How many farmers received kits?" then "And the year
        # before?") the answer must hold what was typed, "before": no figure of the
        # earlier question's (latest) year answers it; a span's years all ("between 2022
        # and 2023" is not answered by "between 2023 and 2024")
        shifted = [t for t in salient_terms(resolved[span[0]:span[1]]) if re.fullmatch(
            _MOVABLE_YEAR, t.shown or t.form, re.I)] if span else [
            t for t in salient_terms(relative.group()) if t.shown.lower() != "year"]
    if not is_elliptical(question):
        return shifted
    rest = _RELATIVE_YEAR.sub(" ", _CJK_PARTICLE.sub("", _ELLIPSIS.sub("", question)))
    keys = [t for t in salient_terms(rest) if t.key]
    wh = _WH.match(rest)
    if wh and (wh.group(1).lower() in _PLACE_TIME_WH or keys and _script(rest) != "LATIN"):
        # "А сколько экспортировал Узбекистан в Афганистан?": a whole question after its
        # "А", which the report words its own way ("экспорт электроэнергии", a form the
        # Russian stemmer does not bring together); only its names, years and numbers must
        # be quoted. So for "And where was it held?", answered by "Venue: Karachi". Not
        # other English ones, whose stemmer brings the forms together ("And who spoke about
        # fisheries?" is not answered by the speakers on gas prices, "And what did it
        # recommend?" by what it reviewed), nor one with no name, where nothing would be
        # left to hold ("А кто выступал?").
        return shifted + keys
    return shifted + [
        t for t in salient_terms(rest) if (t.shown or t.form).lower() not in _STAND_INS
        and (t.shown or t.form).lower() not in _ORDINALS and t.form not in _NTH
        and not re.fullmatch(rf"(?:{_COUNTED_NOUNS})s?", t.shown or t.form, re.I)]


def condense_offline(question: str, history: list[tuple[str, str]]) -> str:
    return follow_up(question, history).search


CONDENSE_PROMPT = """Rewrite the follow-up question as one standalone question, using the \
conversation for names and subjects it refers to. Reply with the question only.

Conversation:
{conversation}

Follow-up question: {question}
Standalone question:"""


def condense_with_llm(question: str, history: list[tuple[str, str]], llm: Any) -> str:
    if not history or not is_follow_up(question):
        return question
    convo = "\n".join(f"User: {q}\nAssistant: {a[:500]}" for q, a in history[-3:])
    try:
        text = llm.complete(CONDENSE_PROMPT.format(conversation=convo, question=question)).text
    except Exception:  # the LLM is optional here: fall back to the offline rule
        return condense_offline(question, history)
    text = text.strip().splitlines()[0].strip() if text.strip() else ""
    # A small model can answer instead of rewriting, or drift off the subject: keep its
    # rewrite only if it still carries words of the question and of the earlier turn.
    words_ = set(content_terms(text))
    keeps_subject = words_ & set(content_terms(history[-1][0])) and words_ & set(
        content_terms(question))
    if not (3 <= len(text) <= 500 and keeps_subject):
        return condense_offline(question, history)
    return text
