"""Lexical helpers shared by the answerers, the follow-up logic and the citation checks.

Tokens are Unicode-aware: words of any alphabetic script (Latin, Cyrillic, Arabic/Urdu,
Devanagari), numbers as written ("1,200", "9.09"), and runs of Chinese/Japanese characters
as overlapping character pairs (those scripts put no spaces between words). Curly and
straight apostrophes are the same character, and a possessive "'s" is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

STOPWORDS = frozenset(
    """a an the of and or to in on at by for from with as is are was were be been being it
    its this that these those he she they them his her their there here what which who whom
    whose when where why how did do does done has have had not no yes can could would should
    will shall may might must about into over under than then so such also any all some each
    other more most very just only i you we our your my me us if but because while whether
    said say says tell told according report reports""".split()
    # Russian and Urdu function words: questions in those scripts need the same treatment.
    + """и в во не что он на я с со как а то все она так его но да к у же вы за бы по только ее
    было вот от еще нет о из ему когда даже ли если уже или ни быть был была были будет него
    до там потом где есть для мы их чем сам без чего раз тоже под тогда кто этот того потому
    этого какой какая какие каким каков какова каково сколько почему здесь этом при об после
    над через эти про всего них году года г""".split()
    + """کا کی کے ہے ہیں میں نے سے کو اور یہ وہ پر کیا تھا تھی تھے کہ ایک بھی ہو گیا کس کون کب
    کہاں کتنے کتنی کتنا کیوں""".split()
)
# Abbreviated titles before a name ("Dr.", "Gen.", "Adm.", "Lt. Col.")
TITLE_ABBREVIATIONS = frozenset("dr mr mrs ms prof gen col capt lt maj brig adm cmdr sen rep "
                                "amb hon".split())
# Words that frame a question without naming its topic ("what were the main ..."): not
# salient, though they are no stop words in a sentence.
QUESTION_WORDS = frozenset(
    """many much long large big often kind type name names list give describe explain main
    key number numbers amount level share percentage proportion value total year date
    happened happen according mentioned mention document documents brief describe describes
    state stated states discuss discussed identify identified summarize summarise provide
    provided mean meant reason reasons spoke speak speaks spoken talk talked talks
    following two three four five six seven eight nine
    ten several various different""".split()
)
# Chinese function and question characters.
_CJK_FUNCTION = frozenset("的了吗呢么什哪谁少是在有和与为何怎几吧啊呀")
_TOKEN = re.compile(r"[\w][\w'’.-]*\w|\w", re.UNICODE)
# Kana, CJK ideographs (and Extension A) and Hangul syllables: the scripts written without
# spaces between words, split into character pairs here and in the BM25 index (bm25.py).
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{CJK_CHARS}]+")
_CJK_OR_NOT = re.compile(f"[{CJK_CHARS}]+|[^{CJK_CHARS}]+")
_WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_](?:[^\W_]|['’](?=[^\W\d_]))*", re.UNICODE)


def stem(word: str) -> str:
    """The Snowball stem of a word (Porter2 for Latin script, the Russian algorithm for
    Cyrillic; `PyStemmer`), lower case: "invited" ~ "invite", "respondents" ~
    "responded", "выставку" ~ "выставке". Other scripts are only lower-cased."""
    w = word.lower().replace("’", "'").strip(".'-")
    if w.endswith("'s"):
        w = w[:-2]
    if not w:
        return w
    if "\u0400" <= w[0] <= "\u04ff":
        return _stemmer("russian")(w)
    if w[0].isascii() or "\u00c0" <= w[0] <= "\u024f":
        return _verb_root(_stemmer("english")(base_form(w)))
    return w


# A Latin nominalisation's stem to its verb's: Snowball leaves "conclusion" (conclus) apart
# from "conclude" (conclud), "decision" from "decide", "reduction" from "reduce", so "What
# did the workshop conclude?" missed "The conclusion was that …". Whole stems, not endings:
# "product" shares its stem with "production" and "provisions" (a bill's clauses) with
# "provision", and neither is "produce" or "provide".
# ("introduction" stays apart: every report has an "Introduction" heading, and "When was
# the bill introduced?" is not about it. "inclusive" and "decisive" share their nouns'
# stems, and so their verbs'.)
_VERB_ROOTS = {"conclus": "conclud", "inclus": "includ", "decis": "decid", "reduct": "reduc",
               "descript": "describ", "prescript": "prescrib", "consumpt": "consum",
               "assumpt": "assum", "growth": "grow"}


def _verb_root(form: str) -> str:
    return _VERB_ROOTS.get(form, form)


@lru_cache(maxsize=200_000)
def base_form(word: str) -> str:
    """A lower-case English word as the stemmer should see it: American spelling (the
    `breame` word lists: "centre" -> "center", "organisation" -> "organization") and an
    irregular form's lemma (`lemminflect`: "wrote" -> "write", "spoke" -> "speak", "children"
    -> "child"), so that a Pakistani analyst's question matches a US report's sentence and
    "Who wrote …?" a line saying who "writes". A form that is also a base form of its own
    ("found", "ground", "saw", "lay") stays as it is. Snowball leaves all of these apart."""
    from breame.spelling import get_american_spelling
    from lemminflect import getAllLemmas

    w = get_american_spelling(word)
    lemmas = getAllLemmas(w)
    for pos in ("VERB", "NOUN"):
        if pos in lemmas and w not in lemmas[pos]:
            w = get_american_spelling(lemmas[pos][0])
            break
    return w


@lru_cache(maxsize=4)
def _stemmer(language: str):  # noqa: ANN202 - a bound method of PyStemmer
    import Stemmer

    return Stemmer.Stemmer(language, 100_000).stemWord


def content_terms(text: str) -> list[str]:
    return [stem(t) for t in _TOKEN.findall(text) if t.lower() not in STOPWORDS]


def overlap(query_terms: list[str], text: str) -> float:
    """Share of the query's content terms that appear in `text` (0..1)."""
    if not query_terms:
        return 0.0
    have = set(content_terms(text))
    wanted = set(query_terms)
    return len(wanted & have) / len(wanted)


def words(text: str) -> list[str]:
    """The word tokens of `text` as written (numbers whole, CJK runs as character pairs)."""
    out: list[str] = []
    for tok in _WORD.findall(text):
        if not _CJK.search(tok):
            out.append(tok)
            continue
        # A CJK run with digits or Latin letters inside ("在2024年增长") is one \w run:
        # its CJK runs become pairs and the rest words of their own.
        for piece in _CJK_OR_NOT.findall(tok):
            if _CJK.fullmatch(piece):
                out.extend(piece[i:i + 2] for i in range(max(1, len(piece) - 1)))
            else:
                out.extend(_WORD.findall(piece))
    return out


def _norm_number(tok: str) -> str:
    return tok.replace(",", "").rstrip("%")


# Memoised: answer selection compares every word of every candidate sentence, and the
# same words come back sentence after sentence.
@lru_cache(maxsize=200_000)
def term_of(token: str) -> str:
    """The comparable form of a word token: numbers without separators, acronyms lower
    case, words stemmed."""
    if token[:1].isdigit():
        return _norm_number(token)
    if is_acronym(token):
        return _ACRONYM_ENDING.sub("", token).lower()
    return stem(token)


# "WHO’s", "IMF's": an acronym's possessive ending, which leaves it an acronym
_POSSESSIVE = re.compile(r"['’]s$")
# ... and its plural: "FTEs", "NGOs", "CEOs" are the acronyms "FTE", "NGO", "CEO", so a
# question's "FTEs" finds a report's "FTE hours" (and the other way round).
_ACRONYM_ENDING = re.compile(r"['’]s$|(?<=[A-Z][A-Z\d])s$")


def as_word(token: str) -> str | None:
    """The form a question typed in lower case gives an acronym of four or more letters
    ("nemops" for "NEMOPS", stemmed "nemop"; "capes" for "CAPES"), where that differs
    from the acronym's own form; None otherwise. Shorter ones ("US", "IT", "WHO", "AIM")
    are ordinary words in lower case."""
    bare = _ACRONYM_ENDING.sub("", token)
    if len(bare) <= 3 or not is_acronym(bare) or not bare.isalpha():
        return None
    form = stem(bare.lower())
    return form if form != bare.lower() else None


def is_acronym(token: str) -> bool:
    """"US", "IT", "CAPES", "OPM": two or more capitals (a digit may follow); "WHO’s" is
    "WHO"."""
    if token.islower():  # most words: no capital at all (cheap, and called per word)
        return False
    token = _ACRONYM_ENDING.sub("", token)
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and len(token) <= 10


@dataclass(frozen=True)
class Term:
    """A salient term of a question."""

    form: str  # comparable form (see term_of)
    key: bool  # a name, acronym, year or number: the question is about this exact thing
    acronym: bool  # matched only against capitalised tokens ("US" is not "us")
    weight: float = 1.0  # lower for terms taken from an earlier turn
    shown: str = ""  # as the question wrote it, for messages
    # the acronyms of the names the word is part of ("ccz" for each word of "the
    # Clarion-Clipperton Zone"): a passage writing the acronym holds the word
    initials: frozenset[str] = frozenset()


def salient_terms(question: str, weight: float = 1.0) -> list[Term]:
    """The terms that carry a question's topic, in order, without repeats: content words,
    acronyms (kept even when the lower-case word is a stop word), names and numbers. Case
    does not decide salience, so a question typed in lower case has the same terms."""
    out: dict[str, Term] = {}
    # "U.S." is the acronym "US", as reports' "U.S." is (see Bag); "A.Q. Khan" is a
    # person's initials, which a report may write "A. Q." or in full.
    question = _DOTTED_NOT_INITIALS.sub(lambda m: m.group().replace(".", ""), question)
    toks = words(question)
    # "10-Q", "295-C", "COVID-19": a number joined to a word is part of a name; the
    # reports may write the name otherwise, so it is no figure the answer must hold.
    glued = set(re.findall(r"(?<=[^\W\d_]-)\d+\b|\b\d+(?=-[^\W\d_])", question))
    # "2014-15": the year a report writes in full ("2014-2015"), no figure of its own.
    glued |= set(re.findall(r"(?<=(?:19|20)\d\d[-–/])\d\d\b", question))
    named = name_initials(question)
    for i, tok in enumerate(toks):
        # "how much did the us give?": after "the", "us" and "it" are no pronouns but the
        # acronyms a question typed in lower case lost.
        if tok in ("us", "it") and i > 0 and toks[i - 1].lower() == "the":
            tok = tok.upper()
        acronym = is_acronym(tok)
        low = tok.lower().replace("’", "'")
        if low.endswith("'s"):
            low = low[:-2]
        if not acronym and (low in STOPWORDS or low in QUESTION_WORDS):
            continue
        # "Adm. Correll", "Gen. Munir": the report may write "Admiral Correll" or the name
        # alone; a title's abbreviation is no topic the passage must hold ("Gen Z", "Gen
        # AI", "DR Congo", "MS Teams" are).
        if low in TITLE_ABBREVIATIONS and not tok.isupper() and i + 1 < len(toks) \
                and len(toks[i + 1]) > 1 and toks[i + 1][:1].isupper() \
                and not is_acronym(toks[i + 1]):
            continue
        if not acronym and len(low) < 2 and not low.isdigit() and not _CJK.match(low):
            continue
        if _CJK.match(low) and any(ch in _CJK_FUNCTION for ch in low):
            continue  # "多少" (how much), "了", "的": the question's frame, not its topic
        form = term_of(tok)
        key = acronym or (tok[:1].isdigit() and tok not in glued) or \
            (i > 0 and tok[:1].isupper())
        if form and form not in out:
            out[form] = Term(form=form, key=key, acronym=acronym, weight=weight, shown=tok,
                             initials=frozenset(named.get(form, ())))
    return list(out.values())


def name_initials(text: str) -> dict[str, set[str]]:
    """The acronyms of the capitalised names in `text`, by the forms of the words that
    spell them: {"clarion": {"ccz"}, "clipperton": {"ccz"}, "zone": {"ccz"}} for "the
    Clarion-Clipperton Zone". Reports spell a name out once and write its acronym after,
    so the sentence with the answer often holds only the acronym. The last three to six
    words of a run (joining words skipped): a name ends a run ("Which Defense
    Intelligence Agency" is DIA), and shorter windows inside it would join unrelated
    names ("Analyzing IETF Data" is no "AID")."""
    out: dict[str, set[str]] = {}
    for spelling in _name_runs(text):
        for i in range(max(0, len(spelling) - 6), len(spelling) - 2):
            acronym = "".join(w[0] for w in spelling[i:]).lower()
            for w in spelling[i:]:
                out.setdefault(term_of(w), set()).add(acronym)
    return out


# "to": "United Nations Convention to Combat Desertification" is UNCCD
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|on|the|de|to|&)\s+)*[A-Z][\w’'-]*)+")
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
_DOTTED_NOT_INITIALS = re.compile(_DOTTED.pattern + r"(?!\s*[A-Z][a-z])")
_TWO_WORD_UNION = re.compile(r"\b(?:United (?:Kingdom|States|Nations)|European Union)\b")
# their acronyms, which a question may write in place of the names
UNIONS = frozenset({"uk", "us", "un", "eu"})
# and the words that name them otherwise ("the British High Commission", "American buyers")
UNION_WORDS = {"us": frozenset({"usa", "america", "american"}),
               "uk": frozenset({"britain", "british"}),
               "eu": frozenset({"european"})}
_RUN_GLUE = frozenset({"of", "for", "and", "on", "the", "de", "to", "&"})


def initialisms(text: str) -> set[str]:
    """The acronyms that runs of capitalised words spell, lower case: "Defense
    Intelligence Agency" gives "dia", "Centre for Social Justice" gives "csj" (joining
    words skipped). Runs of three to six words, and within a longer run ("The Defense
    Intelligence Agency") each such run of its words. Two-letter acronyms ("US", "IT",
    "AI") are left out, as any two capitalised words in a row would spell one, except
    the unions' and unities' ("United Kingdom" UK, "United States" US, "United Nations"
    UN, "European Union" EU), which reports write out and questions abbreviate."""
    out: set[str] = set()
    for m in _TWO_WORD_UNION.finditer(text):
        out.add("".join(w[0] for w in m.group().split()).lower())
    for ws in _name_runs(text):
        initials = [w[0].lower() for w in ws]
        for i in range(len(initials)):
            for j in range(i + 3, min(len(initials), i + 6) + 1):
                out.add("".join(initials[i:j]))
    return out


def _name_runs(text: str) -> Iterator[list[str]]:
    """The words of each run of capitalised words in `text`, joining words left out, and
    of a hyphenated run also its parts: "China-Pakistan Economic Corridor" is CPEC as well
    as CEC."""
    for m in _NAME_RUN.finditer(text):
        run = m.group().split()
        for ws in (run, [p for w in run for p in w.split("-") if p]) if "-" in m.group() \
                else (run,):
            yield [w for w in ws if w not in _RUN_GLUE]



def spelled_out(text: str, acronyms: Collection[str]) -> set[str]:
    """The forms of the words of `text` that spell out one of `acronyms` (a run of
    capitalised words, joining words skipped, whose initials are it): "the World Health
    Organization officer" where a report writes "the WHO's national officer". Three
    letters at least, or a union's two ("United States"), ending in a word that names a
    body ("Organization", "Fund"): "Asad Iqbal Mir" is a person, not AIM."""
    out: set[str] = set()
    for m in _NAME_RUN.finditer(text):
        ws = [w for w in m.group().split() if w not in _RUN_GLUE]
        for i in range(len(ws)):
            for j in range(i + 2, len(ws) + 1):
                if ws[j - 1].lower() not in _BODIES and not (j - i == 2 and ws[i] == "United"):
                    continue
                initials = "".join(w[0] for w in ws[i:j]).lower()
                if (len(initials) >= 3 or initials in UNIONS) and initials in acronyms:
                    out |= {term_of(w) for w in ws[i:j]}
    return out

# Last words of the names of organisations, programmes and the like, which acronyms stand for
_BODIES = frozenset("""organization organisation organizations organisations agency fund bank
    council authority commission committee department ministry union nations association
    institute institution forum programme program corporation board office service
    services party alliance treaty cooperation community federation mission centre center
    foundation network initiative bureau court assembly parliament conference society
    league group force command university college school project partnership company
    secretariat administration""".split())


@dataclass
class Bag:
    """The terms of a passage, for matching salient terms against it."""

    forms: set[str]
    caps: set[str]  # forms of tokens written with a capital or as an acronym
    # forms written as acronyms only ("US", "U.S.", the initials of a name), not "Us"
    acronyms: set[str] = field(default_factory=set)
    # acronyms as written ("CCZ", "U.S."), not the initials of a name the text spells out
    written: set[str] = field(default_factory=set)
    text: str = field(default="", repr=False)  # the text read, for `spelled`

    @cached_property
    def spelled(self) -> set[str]:
        """The initials of the text's runs of three to five lower-case words ("fte" of
        "full-time equivalent employees"), for an acronym a question writes where a report
        spells out a common noun phrase (`spelled_runs`); sentences only (`_SPELLED_TEXT`).
        Read on first use: most questions hold no acronym the text lacks."""
        return spelled_runs(self.text)

    @classmethod
    def of(cls, text: str) -> Bag:
        """The bag of `text`. A sentence's bag is kept (the same sentences come back for
        question after question) and shared: callers must not change its sets."""
        if len(text) <= _KEPT_TEXT:
            return _kept_bag(text)
        return cls._read(text)

    @classmethod
    def _read(cls, text: str) -> Bag:
        forms: set[str] = set()
        caps: set[str] = set()
        toks = words(text)
        for tok in toks:
            f = term_of(tok)
            forms.add(f)
            if tok[:1].isupper() or tok[:1].isdigit():
                caps.add(f)
                # "nemops workshop dates": the question's word is stemmed, the acronym not
                w = as_word(tok)
                if w:
                    forms.add(w)
        low = {tok.lower() for tok in toks}
        if not low.isdisjoint(_EVENT_WORDS):
            for trigger, phase in _EVENT_PHASES:
                if not low.isdisjoint(trigger):
                    forms |= phase
        written = written_acronyms(text, toks)
        acronyms = written | initialisms(text)
        # a longer text is not kept: its runs are never read
        return cls(forms | acronyms, caps | acronyms, acronyms, written,
                   text if len(text) <= _SPELLED_TEXT else "")

    def has(self, term: Term) -> bool:
        if term.acronym:
            # "IT", "US", "WHO": a sentence's opening "It" or "Who" is no acronym
            if term.form in STOPWORDS:
                return term.form in self.acronyms
            return term.form in self.caps or (len(term.form) >= 3 and term.form in self.spelled)
        return term.form in self.forms or bool(term.initials and term.initials & self.written)

    def has_name(self, term: Term) -> bool:
        """Whether the passage names `term`: an acronym only as an acronym ("Who Pays?"
        is no WHO); a Russian name whatever its case ending, which the stemmer leaves on
        ("Пакистана" -> "пакиста", "Пакистану" -> "пакистан"); a demonym by its country
        ("Japanese", "Iranian", "Pakistani" by "Japan", "Iran", "Pakistan")."""
        if term.acronym:
            # "BOLTON" typed in capitals is the report's "Bolton"; "WHO" is not its "Who"
            return term.form in self.acronyms or (len(term.form) > 3 and term.form in self.caps)
        if term.form in self.forms or (term.initials and term.initials & self.written):
            return True
        if has_cyrillic(term.form):
            return near_form(term.form, self.forms)
        if by_country(term, self.caps):
            return True
        return spelling_variant(term.form, self.caps)


# The words that tell when in an event something happened, as reports write them, and the
# forms of the words a question asks with: "Who opened the forum?" is answered by "The
# forum commenced with a welcome address by ...", "How did the forum wrap up?" by "The event
# ended with ...". Only in a sentence naming an event (`_EVENT_WORDS`): "Work began on the
# new terminal" does not say when it opens, nor "the year ending 30 June" when a meeting
# closed. Bare words with other senses are left out ("the end of 2025", "close
# cooperation", "open data"; "welcomed the ceasefire").
_EVENT_PHASES = (
    (frozenset(("commence commenced commences commencing inaugurated inaugurates inaugural "
                "inauguration inaugurating opened opening began begins kicked welcome "
                "welcoming").split()),
     frozenset(term_of(w) for w in ("open", "begin", "start", "commence", "inaugurate",
                                     "kick"))),
    (frozenset(("concluded concludes concluding conclusion closed closing ended ends ending "
                "wrapped finished").split()),
     frozenset(term_of(w) for w in ("close", "conclude", "end", "wrap", "finish"))),
)

_EVENT_WORDS = frozenset("""forum forums conference seminar event meeting session sessions
    workshop summit dialogue roundtable round-table webinar symposium ceremony proceedings
    consultation""".split())

# Only a sentence's own words spell out an acronym (texts up to this many characters):
# over a passage or a whole report, chance runs "hold" most three-letter acronyms.
_SPELLED_TEXT = 600

# runs of lower-case words with nothing but spaces or hyphens between them
_LOWER_RUN = re.compile(r"\b[a-z]{2,}(?:(?: +|-)[a-z]{2,}){2,}\b")


def spelled_runs(text: str) -> set[str]:
    """The initials of each run of three to five lower-case words of `text` ("of", "and",
    "the" and the like skipped within a run; any other stop word, a capital, a digit, a
    single letter or a punctuation mark ends it): "fte" (and "ftee", "tee") of
    "full-time equivalent employees", "leu" of "low enriched uranium". Hyphenated words
    count as their parts."""
    out: set[str] = set()
    for m in _LOWER_RUN.finditer(text):
        parts: list[str | None] = [None if w in STOPWORDS else w
                                   for w in re.split(r"[ -]+", m.group())
                                   if w not in _RUN_GLUE]
        for i in range(len(parts)):
            for j in range(i + 3, min(len(parts), i + 5) + 1):
                run = parts[i:j]
                if all(run):
                    out.add("".join(w[0] for w in run if w))
    return out


# Bags of texts up to this many characters (sentences, most passages) are kept, up to
# `maxsize` (a sentence's bag is some 6 KB: about 50 MB at most in a long-running chat);
# a whole report's is kept by its Idf instead.
_KEPT_TEXT = 1500


@lru_cache(maxsize=8192)
def _kept_bag(text: str) -> Bag:
    return Bag._read(text)


def by_country(term: Term, forms: Collection[str]) -> bool:
    """Whether `forms` name the country of the demonym `term` ("Japanese", "Vietnamese",
    "Pakistani", "German", "Kazakh" by "Japan", "Vietnam", "Pakistan", "Germany",
    "Kazakhstan"); irregular ones by a list ("French", "Dutch", "Emirati" by "France",
    "Netherlands", "UAE"). Only a country's name counts: "Chinar Hotel" does not name
    China, nor "Professor George Mason" Georgia. Callers pass the forms written with a
    capital: "turkey meat" names no Türkiye."""
    shown = (term.shown or term.form).lower()
    # "French", "Dutch", "Swiss", "Emirati": the country's name is not the demonym's base
    # with another ending; their countries' own forms (and an acronym a report writes for
    # one, "the UAE") are listed
    named = _irregular_demonyms().get(_POSSESSIVE.sub("", shown))
    if named and any(f in forms for f in named):
        return True
    base = _DEMONYM.sub("", shown)
    countries = country_forms()

    def names_it(f: str) -> bool:
        if f not in countries:
            return False
        # "Germany" is stemmed "germani": three letters past "Germ(an)"
        if len(base) >= 4 and base != shown and f.startswith(base) and len(f) - len(base) <= 3:
            return True
        # "Kazakh", "Uzbek", "Afghan": the country is the demonym with "-(i)stan"
        return f in (shown + "stan", shown + "istan")

    # the country forms (a few hundred) against a report's (thousands), not each of those
    return any(names_it(f) for f in countries if f in forms) if isinstance(
        forms, (set, frozenset)) else any(names_it(f) for f in forms)


# Demonyms whose country is no suffix away (see `by_country`): no library at hand lists
# demonyms, and the regular ones need no list. Acronyms only where no English word is
# spelt so ("UAE", "UK", "USA", not "US"). Not a name that is also part of another place's
# or a person's: "America" of "Latin America", "England" of "New England", "Wales" of "New
# South Wales", "Holland" a surname ("English" and "Welsh" are languages besides).
_IRREGULAR = {
    "french": "France", "dutch": "Netherlands", "norwegian": "Norway",
    "emirati": "Emirates UAE", "turkish": "Turkey Türkiye Turkiye", "swiss": "Switzerland",
    "filipino": "Philippines", "filipina": "Philippines", "philippine": "Philippines",
    "british": "Britain UK", "scottish": "Scotland",
    "irish": "Ireland", "danish": "Denmark", "finnish": "Finland", "swedish": "Sweden",
    "polish": "Poland", "spanish": "Spain", "greek": "Greece", "thai": "Thailand",
    "portuguese": "Portugal", "icelandic": "Iceland", "cypriot": "Cyprus",
    "peruvian": "Peru", "congolese": "Congo", "singaporean": "Singapore",
    "slovak": "Slovakia", "malagasy": "Madagascar", "argentine": "Argentina",
    "american": "USA", "saudi": "Saudi", "lao": "Laos",
    # continents and regions, which the country table lacks: "European orders" of "orders
    # from Europe"
    "european": "Europe EU", "asian": "Asia", "african": "Africa", "eurasian": "Eurasia",
    "scandinavian": "Scandinavia", "balkan": "Balkans",
}


@lru_cache(maxsize=1)
def _irregular_demonyms() -> dict[str, frozenset[str]]:
    return {d: frozenset(term_of(w) for w in names.split()) for d, names in _IRREGULAR.items()}


@lru_cache(maxsize=1)
def country_forms() -> frozenset[str]:
    """The forms of the words of the world's country names, from the ISO 3166 table the
    time-zone database ships (tzdata, or the system's copy); empty without either, when
    no demonym is taken for its country."""
    text = _tz_table("iso3166.tab")
    out: set[str] = set()
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        for w in words(line.split("\t", 1)[1]):
            if len(w) >= 4:
                out |= {w.lower(), term_of(w)}
    return frozenset(out)


def _tz_table(name: str) -> str:
    """A table the time-zone database ships (tzdata, or the system's copy); "" without."""
    from importlib import resources

    try:
        return (resources.files("tzdata") / "zoneinfo" / name).read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        try:
            with open(f"/usr/share/zoneinfo/{name}", encoding="utf-8") as f:
                return f.read()
        except OSError:
            return ""


@lru_cache(maxsize=1)
def _gazetteer() -> frozenset[tuple[str, ...]]:
    names: set[str] = set()
    for line in _tz_table("iso3166.tab").splitlines():
        if not line.startswith("#") and "\t" in line:
            names.add(re.sub(r"\s*\(.*\)", "", line.split("\t", 1)[1]).replace("&", "and"))
    for line in _tz_table("zone.tab").splitlines():
        fields = line.split("\t")
        if not line.startswith("#") and len(fields) >= 3:
            names.add(fields[2].rsplit("/", 1)[-1].replace("_", " "))
    return frozenset(tuple(words(n)) for n in names if len(n) >= 4)


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    stems = {"amer"}  # "Americans": ISO 3166 writes "United States"
    for line in _tz_table("iso3166.tab").splitlines():
        if not line.startswith("#") and "\t" in line:
            stems.update(w[:4].lower() for w in words(line.split("\t", 1)[1]) if len(w) >= 4)
    return frozenset(stems)


def is_demonym(word: str) -> bool:
    """Whether `word` names a country's people in the plural ("Afghans", "Pakistanis",
    "Chinese", "Americans"): capitalised, ending as such names do, and beginning as an
    ISO 3166 country's name does (so not "Plans" or "Loans"). False without tzdata's
    tables, bar "Americans"."""
    return re.fullmatch(r"[A-Z][a-z]+(?:ans|ese|is|ns)", word) is not None \
        and word[:4].lower() in _country_stems()


def place_names(text: str) -> list[str]:
    """The names of places `text` writes (case as written): the countries of ISO 3166
    and the cities the time-zone database names its zones after ("Shanghai", "Karachi",
    "New York"), from tzdata's tables. A small gazetteer, for telling a sentence that
    names a city or country ("The plan features Shanghai as China's financial center")
    from one that does not, where no "in" or "at" comes before the name. Empty without
    the tables."""
    names = _gazetteer()
    if not names:
        return []
    toks = [_POSSESSIVE.sub("", t) for t in words(text)]  # "China’s" names China
    out = []
    for i, tok in enumerate(toks):
        if tok[:1].isupper():
            for n in (3, 2, 1):
                if tuple(toks[i:i + n]) in names:
                    out.append(" ".join(toks[i:i + n]))
                    break
    return out


def written_acronyms(text: str, toks: list[str] | None = None) -> set[str]:
    """The acronyms `text` writes as such: "US" (not "Us"), "U.S." and "U.K." with dots.
    `toks`: `words(text)`, when the caller has them."""
    out = {term_of(t) for t in (words(text) if toks is None else toks) if is_acronym(t)}
    out.update(m.group().replace(".", "").lower() for m in _DOTTED.finditer(text))
    return out


def acronym_forms(text: str, toks: list[str] | None = None) -> set[str]:
    """The forms `text` writes as acronyms: "US" (not "Us"), "U.S." and "U.K." with dots,
    and the initials of names ("Defense Intelligence Agency" is DIA, see `initialisms`).
    `toks`: `words(text)`, when the caller has them."""
    return written_acronyms(text, toks) | initialisms(text)


def report_names(title: str, file: str) -> str:
    """A report's title and file name as text to match a question's terms against. The
    file name's words also in capitals, a comma apart (so that no acronym is spelt from
    their initials), stop words left out: a file name is a lower-case slug, and an acronym
    in it ("iab-workshop-report-m-ten-2022.txt", "csj-pakistan-fact-sheet.pdf") is the
    report's acronym, which a question writes in capitals ("the M-TEN report")."""
    stem = file.rsplit(".", 1)[0] if "." in file[-6:] else file
    caps = [w.upper() for w in re.split(r"[\W_]+", stem) if w and w.lower() not in STOPWORDS]
    return f"{title} {file} {', '.join(caps)}"


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DEMONYM = re.compile(r"(?:ese|ian|ish|i|an)$")


def spelling_variant(form: str, names: Collection[str]) -> bool:
    """Whether `names` (forms the reports write with a capital) holds another spelling of
    the name `form`. Names transliterated from Urdu, Arabic or Russian are spelt several
    ways, and reports misspell them: "Pakhtunkhwa", "Pakhtunkhawa", "Pakhtoonkhwa";
    "Baluchistan", "Balochistan"; "Muhammad", "Mohammed". Such spellings differ in vowels,
    h, w, y and doubled letters only, so both must keep the same consonants in the same
    order (`_skeleton`), start alike and be at most one edit apart (two from ten letters;
    Levenshtein distance by rapidfuzz). Seven letters at least; not one word that only adds
    an ending ("German", "Germany"); Latin letters only (Cyrillic has `near_form`). So
    "Iceland" is no "Ireland", "Austrian" no "Australian", "Abdulkarim" no "Abdulrahim"."""
    if len(form) < 7 or not form.isascii() or not form.isalpha():
        return False
    from rapidfuzz.distance import Levenshtein

    limit = 2 if len(form) >= 10 else 1
    bones = _skeleton(form)
    return any(
        f[:1] == form[:1] and f != form and abs(len(f) - len(form)) <= limit
        and not f.startswith(form) and not form.startswith(f) and _skeleton(f) == bones
        and Levenshtein.distance(form, f, score_cutoff=limit) <= limit
        for f in names)


def _skeleton(word: str) -> str:
    """The consonants of `word` in order, without h, w, y and doubled letters."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouhwy]", "", word))


def near_form(form: str, forms: set[str] | dict[str, int]) -> bool:
    """Whether `forms` holds `form` or a form that extends it, or that it extends, by one or
    two letters (both at least five letters long)."""
    if form in forms:
        return True
    if len(form) < 5:
        return False
    if any(form[:k] in forms for k in range(max(5, len(form) - 2), len(form))):
        return True
    return any(f.startswith(form) and len(f) - len(form) <= 2 for f in forms)
