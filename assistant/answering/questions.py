"""What a question asks for: its answer type, whether it wants a list, and its parts.

Pure functions over the question text; the answerers and the follow-up logic use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import STOPWORDS, Term, salient_terms, term_of, words

# Answer types, in the order the features use them.
TYPES = ("number", "percent", "money", "date", "person", "org", "place", "definition",
         "list", "reason", "other")

# "What (was) (the) [up to three words] <measure>": the frame of a question asking for a
# measure, unless it asks what caused or explains one.
_MEASURE = (r"^\W*what (?!.*\b(caused?|explains?|led to|factors|drivers|why|reasons?)\b)"
            r"((is|was|are|were|will be) )?(the )?([\w'’.-]+ ){0,4}")
# "List / Name ... ": a question that asks for a list whatever else it names.
_LIST_VERB = r"^\W*(list|name|enumerate|outline)\b"
_TYPE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("percent", re.compile(r"\b(what|which) (share|percentage|proportion|percent|fraction|"
                           r"rate)\b|\bhow much (of|did .* (grow|rise|fall|drop|increase|"
                           # "How much did exports fall TO?" asks for the level reached
                           r"decrease)\b(?! to\b))|\bby how much\b|\bwhat % |" +
                           # "percent of", not after the question's own figure: "Which
                           # district had piped water in 21.4 percent of households?" asks
                           # for a place
                           r"(?<![\d.] )(?<![\d.])\bpercent(age)? of\b|" +
                           # "What was the GDP growth rate / the voter turnout ...?"
                           _MEASURE + r"(?-i:rate|turnout)\b(?! of \w+s\b)", re.I)),
    ("money", re.compile(r"\bhow much ([\w-]+ ){0,2}(money|funding|funds|cash|financing)\b|"
                         r"\bhow much (did .* (pledge|spend|cost|pay|invest|"
                         r"allocate|earn|raise))|\b(budget|cost|price|revenue|income|"
                         r"spending|funding|value|worth|sales|profit|loss|expenses?|cash)\b.*\?",
                         re.I)),
    ("number", re.compile(r"\bhow (many|much|long|large|big|often|far|high|old)\b|\bwhat "
                          r"(number|amount|level|score|total|size|count)\b|\bnumber of\b|" +
                          # A measure named after "what is/was": "What was CT REIT's GRESB
                          # score", "What is the range of the missile" (lower case: "the
                          # Population Council" is a name; not "the range of topics").
                          _MEASURE + r"(?-i:score|range|population|emissions|capacity|"
                          r"output|volume|tonnage|length|distance|height|depth|speed|target|"
                          r"count|total|figure|estimate|yield)\b(?! of \w+s\b)(?! date)",
                          re.I)),
    ("date", re.compile(r"^\W*(when|since when|until when)\b|\b(what|which|in what) (years?|dates?|"
                        r"months?|days?|time)\b|\bwhen (was|were|did|is|will|does)\b|\buntil when\b"
                        r"|\bby when\b|" +
                        # "What was the date of the seminar?"
                        _MEASURE + r"(?-i:dates?)(?= of\b(?! (birth|issue)\b)| for\b|\W*$)", re.I)),
    ("person", re.compile(r"^\W*(who|whom|whose)\b|\bwho (is|was|were|are|heads|chairs|"
                          r"leads|spoke|said|presented|organi[sz]ed)\b|"
                          r"\bwhich ([\w-]+ ){0,3}(person|official|officer|speaker|minister|"
                          r"ambassador|envoy|expert|scholar|analyst|researcher|justice|judge|"
                          r"chair(man|woman|person)?|president|director|secretary|author|"
                          r"writer|leader|head|chief|governor|commissioner|"
                          r"spokes(man|woman|person)|representative|CEO)\b|"
                          r"\bname of the (person|speaker|chair|head)\b", re.I)),
    ("place", re.compile(r"^\W*where\b|\bwhere (was|were|is|are|did|will)\b|\bin which "
                         r"(city|country|place|province|region|district)\b|\bwhat (venue|"
                         r"location|city|place)\b|\bwhich ([\w-]+ )?(city|town|venue|capital|"
                         r"province|region|district|port|village)\b|"
                         # a country is named as a place is (`text.place_names`)
                         r"\bwhich ([\w-]+ )?(country|countries|nations?)\b|" +
                         # "What was the venue of the Gwadar dialogue?"
                         _MEASURE + r"(?-i:venue|location)(?= of\b| for\b|\W*$)", re.I)),
    # "Which Japanese company ...", "Which provincial government ...": one word may qualify.
    ("org", re.compile(r"\bwhich ([\w-]+ )?(organi[sz]ation|company|agency|institution|"
                       r"university|firm|department|ministry|body|bank|group|"
                       r"government|program|programme|project|component|party|think tank)\b",
                       re.I)),
    ("list", re.compile(_LIST_VERB + r"|\bwhat (are|were) the (main |key "
                        r"|\w+ )?(\w+ )?(areas|priorities|directions|goals|objectives|"
                        r"recommendations|tools|steps|measures|pillars|themes|topics|"
                        r"components|elements|principles|challenges|risks|factors|"
                        r"categories|types|sectors|issues|findings|outcomes|points|"
                        r"strategies|initiatives|actions|lessons|areas|kinds|ways|options)\b|"
                        r"\bwhich (\w+ )?(tools|areas|countries|sectors|topics|measures|steps|"
                        r"programs|programmes|projects|organi[sz]ations|companies|agencies)\b|"
                        r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+) (main |key )?"
                        r"(\w+ )?(areas|priorities|directions|goals|objectives|pillars|themes|"
                        r"recommendations|steps|points|principles|elements|components)\b",
                        re.I)),
    ("definition", re.compile(r"^\W*(what (is|are|was|were) (an? |the )?[\w -]{1,40}\?$|define\b|"
                              r"what does [\w -]+ (mean|stand for)|meaning of)", re.I)),
    # ("Why ...?" is answered before these rules: see `answer_type`.)
    ("reason", re.compile(r"\bwhat (caused|led to|explains)\b|\bthe reason\b", re.I)),
]

_WHY = re.compile(r"^\W*why\b", re.I)
# "When was/did/will ...", not a clause: "When the pandemic hit, how many jobs were lost?"
_WHEN = re.compile(r"^\W*(since |until |by )?when (is|was|were|are|did|do|does|will|would|"
                   r"has|have|had|can|could|should|must|shall)\b", re.I)
# A keyword question names what it wants last: "measuring network quality workshop -
# dates?", "OPM data center location", "Gwadar dialogue: who spoke?".
_KEYWORD_TYPES: list[tuple[str, re.Pattern[str]]] = [
    # ... or first: "date of the cotton roundtable", "death toll from the floods"
    ("date", re.compile(r"\b(dates?|when|which year)\W*$|^\W*(the )?dates? (of|for)\b", re.I)),
    ("place", re.compile(r"\b(location|venue|where)\W*(\([^)]*\)\W*)?$", re.I)),
    ("person", re.compile(r"\b(speakers?|who( spoke)?)\W*$", re.I)),
    ("number", re.compile(r"\bhow many\W*$|\b(numbers|figures|death toll|headcount)\W*$|"
                          r"^\W*(the )?(death toll|headcount|turnout)\b", re.I)),
]


# Questions in the other scripts the reports of the region mix with English: Russian,
# Urdu and Chinese question words, a share or a sum before a plain count.
_OTHER_SCRIPT_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("reason", re.compile(r"^\W*(почему|зачем)\b|\bکیوں\b|为什么|為什麼", re.I)),
    ("percent", re.compile(r"\b(какой|каков[аоы]?|какая) (процент|доля)|\bсколько процентов\b|"
                           r"\bна сколько процентов\b|\bکتن[ےیا] فیصد|百分之|百分比|比例", re.I)),
    ("money", re.compile(r"\bсколько (денег|средств|рублей|долларов)\b|"
                         r"\b(какой|каков[аоы]?|какая) (бюджет|стоимость|сумма)|"
                         r"\bکتن[ےیا] (پیسے|روپے|ڈالر)|多少钱|多少錢|多少资金|预算是", re.I)),
    ("number", re.compile(r"\bсколько\b|\b(какое|каково) (количество|число)\b|"
                          r"\b(какова|какой) (численность|объ[её]м)\b|"
                          r"\bکتن[ےیا]\b|多少|几个|幾個", re.I)),
    ("date", re.compile(r"^\W*когда\b|\bв каком году\b|\bкакого числа\b|"
                        r"\b(какая|какие) дат[аы]\b|\bکب\b|\bکس (سال|تاریخ|دن)\b|"
                        r"\bکون سی تاریخ\b|什么时候|什麼時候|何时|何時|哪一?年|哪一?天", re.I)),
    # "کون سا شہر" (which city) before "کون" (who)
    ("place", re.compile(r"^\W*(где|куда|откуда)\b|\bв каком (городе|месте)\b|"
                         r"\bв какой стране\b|\bکہاں\b|\b(کون سا|کون سے|کس) (شہر|ملک|جگہ)\b|"
                         r"哪里|哪裡|在哪|何地|哪个城市|哪個城市", re.I)),
    ("person", re.compile(r"^\W*(кто|кем|кого|кому)\b|\bکون\b|\bکس نے\b|谁|誰", re.I)),
]


def answer_type(question: str) -> str:
    """The kind of thing the question asks for (one of TYPES), for questions in English
    and, by their question words, in Russian, Urdu and Chinese."""
    # "Why did ... net sales fall?" asks for a reason, whatever measure it names.
    if _WHY.match(question):
        return "reason"
    # "Since when has Rio Tinto built a carbon price into ...?" asks for a date, whatever
    # sum or measure it names.
    if _WHEN.match(question):
        return "date"
    for name, rule in _TYPE_RULES:
        if rule.search(question):
            return name
    for name, rule in _KEYWORD_TYPES:
        if rule.search(question):
            return name
    if not question.isascii():
        for name, rule in _OTHER_SCRIPT_TYPES:
            if rule.search(question):
                return name
    return "other"


def wants_list(question: str) -> bool:
    """Whether the question asks for several things: "List ...", "Which tools ...", "What
    obstacles have ...", "What new products did ...".

    A plural noun right after "what" or "which" (with at most one word before it) and
    then a verb asks for the items of a list, unless it asks for a date or a figure
    ("from which years?", "what percentages ...?")."""
    qtype = answer_type(question)
    if qtype in ("date", "number", "percent", "money") and not re.match(
            _LIST_VERB, question, re.I):
        return False
    return qtype == "list" or bool(
        re.search(r"\b(list|which \w+s|what (are|were) the \w+s)\b", question, re.I)) or \
        bool(re.search(r"\b(what|which) (\w+ )?\w{2,}[^\Wsiu']s (have|has|does|do|did|are|were|"
                       r"will|would|can|could|should|make up|comprise|constitute|include|"
                       r"form|" + _PAST_VERBS + r")\b", question, re.I))


# A verb in the past tense after a plural noun ("What ideas came up ...", "Which firms
# signed ..."): the question asks for the items.
_PAST_VERBS = (r"\w+ed|came|arose|went|took|made|gave|got|met|saw|grew|rose|fell|won|led|held|"
               r"drew|brought|put|set|ran|became|began|found|left|kept|told|said|showed")


# A coordinated second ask: ", and when ...", " and how many ...", "; who ...".
_SPLIT = re.compile(
    r"\s*(?:,\s*and|;\s*and|\band\b|;|,)\s+(?=(?:(?:until|by|since|at|in|for|from|to|on|"
    r"roughly|approximately|about|exactly)\s+)?(?:who|whom|whose|what|when|where|which|why|"
    r"how|did|does|do|is|are|was|were|has|have)\b)", re.I)
_ASKS = re.compile(r"^\W*(?:(?:until|by|since|at|in|for|from|to|on|roughly|approximately|"
                   r"about)\s+)?"
                   r"(who|whom|whose|what|when|where|which|why|how|did|does|do|is|are|was|"
                   r"were|has|have|can|could|will|would|should|list|name|give|describe|"
                   r"explain|compare)\b", re.I)
_WH_WORD = re.compile(r"\b(who|whom|whose|what|when|where|which|why|how)\b", re.I)
# "... pay for One Medical and for iRobot", "grow in Q2 and over the first half": the
# second ask repeats the first's frame with another prepositional phrase.
_PREPS = (r"for|of|in|at|on|to|from|with|by|over|during|through|since|under|between|"
          r"per|about|among|regarding")
_SAME_PREP = re.compile(rf"\s+and\s+({_PREPS})\s+", re.I)
_PREP = re.compile(rf"\b({_PREPS})\b", re.I)
# "When and where was ... held?": two question words sharing one clause.
_WH_PAIR = re.compile(r"^\W*(who|what|when|where|which|why|how)\s+and\s+"
                      r"(who|what|when|where|which|why|how)\b", re.I)


def split_parts(question: str) -> list[str]:
    """The separate asks of a coordinated question ("Who heads X, and when was he
    confirmed?" -> two parts); a single ask is one part. A part of fewer than three words
    stays with the one before it."""
    text = question.strip()
    pieces: list[str] = []
    last = 0
    for m in _SPLIT.finditer(text):
        left = text[last:m.start()].strip(" ,;")
        # "By FY 2026, how much ...": an opening phrase, not an ask of its own.
        if not _ASKS.match(left) and not _WH_WORD.search(left):
            continue
        if len(left.split()) >= 3 and len(text[m.end():].split()) >= 2:
            pieces.append(left)
            last = m.end()
    pieces.append(text[last:].strip(" ,;"))
    pieces = [p.rstrip("?").strip() for p in pieces if p.strip()]
    if len(pieces) == 1:
        pieces = _wh_pair(text) or _prep_pair(text) or pieces
    if len(pieces) <= 1:
        return [question.strip()]
    return [p + "?" for p in pieces]


def _wh_pair(text: str) -> list[str]:
    """"When and where was X held?" -> "When was X held", "Where was X held"; not "What
    and how much ...", where the second asks a measure of its own."""
    m = _WH_PAIR.match(text)
    if not m or re.match(r"\s+(much|many|long|far|often|old|big)\b", text[m.end():], re.I):
        return []
    rest = text[m.end():].rstrip("?").strip()
    return [f"{m.group(1)} {rest}", f"{m.group(2)} {rest}"] if len(rest.split()) >= 2 else []


# Where a prepositional phrase after "and" ends and the words both asks share go on:
# "died in Sindh and in Punjab | during the 2022 floods", "in 2023 | according to the IMF".
_SHARED_TAIL = re.compile(r"\s*,|\s+(?:(?:for|in|at|on|to|from|with|by|over|during|through|"
                          r"since|under|between|per)\b|according to\b|as (?:of|at)\b)", re.I)


def _prep_pair(text: str) -> list[str]:
    """"How fast did AWS grow in Q2 2023 and over the first half of 2023?" -> the same
    frame with each prepositional phrase: the second replaces the last phrase before it
    (of another preposition: not one that belongs to a noun, "trade with China"), and what
    follows the second ("... during the 2022 floods") belongs to both."""
    m = _SAME_PREP.search(text)
    if not m or not text[m.end():].rstrip("? ").strip():
        return []
    head = text[:m.start()]
    same = f" {m.group(1).lower()} "
    at = head.lower().rfind(same)
    if at <= 0:  # another preposition: the last one before "and"
        preps = [p for p in _PREP.finditer(head) if p.start() > 0
                 and p.group().lower() not in ("of", "with", "to", "per", "about")]
        if not preps:
            return []
        at = preps[-1].start() - 1
    second = text[m.end():].rstrip("?")
    tail = _SHARED_TAIL.search(second)
    shared = second[tail.start():] if tail else ""
    if _PREP.search(head[at:].strip(), len(m.group(1))):
        shared = ""  # "give to Pakistan in 2010 and to India in 2011": parallel, not shared
    return [(head + shared).strip(), (head[:at] + f" {m.group(1)} " + second).strip()]


# Words that end the noun phrase naming what is asked for ("how many crew members ARE
# aboard", "what royalty rate WILL ...", "the budget OF ...").
_PHRASE_END = frozenset("""did do does is are was were be been has have had will would can
    could should may might must of in on at for from to by per with about into during over
    under between among across that which who whom whose when where why how than as and or
    since until after before according""".split())
# Words that frame the asked quantity without naming it ("the total number of ...").
_FRAME = frozenset("""many much the a an what which number numbers amount amounts total level
    size count figure figures exact approximate approximately roughly overall current new
    value share percentage proportion""".split())
# "How many people": reports count people by what they are.
PEOPLE = frozenset("""people persons person individuals participants participant attendees
    attendee delegates delegate scholars scholar experts expert members member guests guest
    representatives representative officials official speakers speaker students student
    academicians academician practitioners practitioner researchers researcher visitors
    visitor trainees trainee staff employees employee workers worker officers officer
    journalists journalist diplomats diplomat farmers farmer women woman men man youth
    youths panellists panellist panelists panelist stakeholders stakeholder policymakers
    policymaker entrepreneurs entrepreneur developers developer founders founder leaders
    leader teachers teacher children child residents resident citizens citizen refugees
    refugee victims victim families family""".split())
PEOPLE_FORMS = frozenset(term_of(w) for w in PEOPLE)
# The generic words for who came: "how many participants attended" is answered by "40
# scholars, academicians and practitioners" as much as "how many people" is.
ANY_PEOPLE = frozenset(term_of(w) for w in ("people", "persons", "person", "individuals",
                                             "participants", "attendees"))


def _phrase_start(low: list[str]) -> int | None:
    """Where the asked-for noun phrase begins: after "how many/much", or after "what/which"
    (and a following "is/was/are/were"). None when the question has no such opening."""
    for i, w in enumerate(low):
        if w == "how" and i + 1 < len(low) and low[i + 1] in ("many", "much"):
            return i + 2
        if w in ("what", "which") and i + 1 < len(low):
            j = i + 1
            return j + 1 if low[j] in ("is", "was", "are", "were") else j
        # "Who were the members of …?", "Who is the chair of …?": the role asked for
        if w == "who" and i + 2 < len(low) and low[i + 1] in ("is", "was", "are", "were") \
                and low[i + 2] in ("the", "a", "an"):
            return i + 2
    return None


def _ends_phrase(w: str, phrase: list[str], compound: bool) -> bool:
    # A participle ("crew members STATIONED aboard", "ships USED to") ends the phrase only
    # once it has begun: before the noun it reads as an adjective ("the EXPECTED growth"),
    # and so it does joined to the word before ("paper-BASED material").
    return w in _PHRASE_END or (bool(phrase) and not compound and (
        w.endswith("ed") and (len(w) > 4 or w == "used") or w in _IRREGULAR_PAST))


# Past forms without "-ed" that end the phrase as a participle does ("how many farmers GOT
# drip kits": the farmers are asked for, not "got")
_IRREGULAR_PAST = frozenset("""got gave took won paid sent spent sold bought built saw went
    came became grew fell brought began drew chose wrote sought taught caught""".split())


def _noun_phrase(toks: list[str], low: list[str], joined: frozenset[int]) -> list[str]:
    """The words of the asked-for noun phrase from toks (starting where it begins), frame
    words and stopwords left out, at most five; `joined`: positions of words hyphenated
    to the word before."""
    phrase: list[str] = []
    for k, (tok, w) in enumerate(zip(toks, low, strict=True)):
        if _ends_phrase(w, phrase, k in joined):
            if phrase or w != "of":  # "the share of households": the households are asked about
                break
            continue
        if w.endswith(("'s", "’s")):  # "CT REIT's GRESB score": the owner is no focus
            phrase = []
            continue
        if w in _FRAME or w in STOPWORDS:
            continue
        phrase.append(tok)
        if len(phrase) >= 5:
            break
    return phrase


def focus_terms(question: str) -> list[Term]:
    """The noun phrase naming what the question asks for, as terms, head (last) word last:
    "How many American crew members are aboard ...?" -> American, crew, members; "What is
    the annual budget of CAPES?" -> annual, budget; "What royalty rate will the ISA
    charge?" -> royalty, rate. Empty when the question names no such thing ("When was
    ...?", "How much did X grow?"). A quote that answers the question usually names it
    (or, for people, what they are: "40 scholars")."""
    toks = words(question)
    low = [t.lower() for t in toks]
    start = _phrase_start(low)
    if start is None:
        return []
    # The words of the question joined by a hyphen to the word before ("paper-based").
    joined = frozenset(k - start for k in range(start, len(toks))
                       if re.search(r"\w-" + re.escape(toks[k]) + r"\b", question))
    phrase = _noun_phrase(toks[start:], low[start:], joined)
    return [Term(form=term_of(t), key=False, acronym=False, shown=t) for t in phrase]


# A unit of measure as reports abbreviate it: "How many tonnes ..." is answered by "1.2
# Mt" or "400 t" as by "400 tonnes".
_UNIT_ALIASES = [frozenset(term_of(w) for w in group.split()) for group in (
    "tonnes t mt kt mmt", "kilograms kg", "kilometres kilometers km", "hectares ha acres",
    "megawatts mw gigawatts gw kilowatts kw", "barrels bbl bpd", "miles mi")]
UNIT_FORMS = {form: group for group in _UNIT_ALIASES for form in group}


def holds_focus(term: Term, forms: set[str]) -> bool:
    """Whether a passage's term forms hold a focus term (people by what they are, a unit
    by its abbreviation)."""
    if term.form in forms:
        return True
    if term.form in UNIT_FORMS:
        return bool(forms & UNIT_FORMS[term.form])
    return term.form in ANY_PEOPLE and bool(forms & PEOPLE_FORMS)


_EVENT_FRAME = frozenset(term_of(w) for w in (
    "held hold holds take takes took taken place happen happened occur occurred convene "
    "convened").split())


@dataclass
class QuestionInfo:
    """A question (or one part of one) as the answer selection reads it."""

    text: str  # what the embedding sees
    terms: list[Term]
    qtype: str
    wants_list: bool
    parts: list[str] = field(default_factory=list)
    focus: list[Term] = field(default_factory=list)  # what is asked for (focus_terms)

    @classmethod
    def of(cls, text: str, context: str = "") -> QuestionInfo:
        """`context`: an earlier question whose terms count at half weight (follow-ups)
        or the rest of a multi-part question (at a third)."""
        terms = salient_terms(text)
        parts = split_parts(text)
        qtype = answer_type(parts[0])
        if qtype in ("date", "place"):
            # "When / where was X held?": the verb frames the ask and is no topic; a report's
            # "Event Date:" and "Venue:" lines answer it without it.
            own = [t for t in terms if t.key or t.form not in _EVENT_FRAME]
            terms = own or terms
        if context:
            mine = {t.form for t in terms}
            terms += [t for t in salient_terms(context, weight=0.4) if t.form not in mine]
        # A multi-part question's answer type is its first ask's ("Who heads X, and when
        # ...?" wants a name first).
        return cls(text=text, terms=terms, qtype=qtype,
                   wants_list=wants_list(text), parts=parts, focus=focus_terms(parts[0]))
