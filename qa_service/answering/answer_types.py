"""The kind of answer a question asks for, and whether a sentence holds one.

"How many homes ..." wants a quantity, "when ..." a date, "which year ..." a year written out,
"where ..." a place and "who / with whom ..." an organisation or person. Among sentences that match
the question's topic equally, one that holds an answer of the asked kind is the better answer:

    >>> expected_type("How much did UNDP spend on e-governance?")
    <AnswerType.QUANTITY: 'quantity'>
    >>> has_type(AnswerType.QUANTITY, "Geneva, 28 March to 1 April 2022")
    False

A year alone is not a quantity, and the days of a date are not one either: a title block is
evidence for "when", not for "how many". What counts as a quantity, and what a "how many"
question counts, is ``quantities.py``.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from lemminflect import getAllLemmas

from qa_service.answering.quantities import (
    MONTH,
    YEAR,
    counted_nearby,
    counts_occurrences,
    has_money,
    has_quantity,
)
from qa_service.retrieval.roles import AUXILIARIES


class AnswerType(StrEnum):
    MONEY = "amount of money"
    QUANTITY = "quantity"
    YEAR = "year"
    DAY = "day"
    DATE = "date"
    PLACE = "place"
    AGENT = "organisation or person"


# Order matters: "how much money" asks for money before a quantity, "how many countries" for a quantity,
# "which year" for a date before a place. Money is asked by what/which/how much, not by "why ... more funding".
_MONEY_WORDS = r"(?:money|funding|funds?|financing|finance|budget|investments?|pledges?|grants?|loans?|aid)"
_QUESTION_PATTERNS = (
    (
        AnswerType.MONEY,
        rf"\bhow\s+much\s+(?:\w+\s+)?{_MONEY_WORDS}\b|\b(?:what|which)\s+(?:\w+\s+){{0,2}}?(?:financial|monetary|"
        rf"budgetary)\s+\w+|\b(?:what|which)\s+(?:\w+\s+)?{_MONEY_WORDS}\s+(?:did|does|do|has|have|had|was|were|is|are|will)\b",
    ),
    (
        AnswerType.QUANTITY,
        r"\bhow\s+(?:much|many|large|big|long|often|far|tall|high|old|deep|fast)\b"
        r"|\b(?:at|to)\s+what\s+(?:temperature|speed|height|depth|age|level|rate|price|cost)\b"
        r"|\bwhat\s+(?:temperature|speed|height|depth|distance|weight|length|population|price)\b"
        r"|\bwhat\s+(?:is\s+|was\s+|are\s+|were\s+)?(?:the\s+)?(?:number|percentage|proportion|share|amount|sum|"
        r"total|cost|budget|figure|value|rate|size)\b|\bpercent(?:age)?\b|\bper\s+cent\b",
    ),
    # "By what year ...": a year; "this year" or "last month" does not say which. "On what date ...": a day of
    # a month; "in 2022" does not say which.
    (AnswerType.YEAR, r"\b(?:what|which)\s+year\b"),
    (AnswerType.DAY, r"\b(?:what|which)\s+(?:date|day)\b"),
    (
        AnswerType.DATE,
        r"^\W*when\b|\b(?:since|until|by)\s+when\b|\bwhen\s+(?:did|does|do|was|were|is|are|will|has|have)\b"
        r"|\b(?:what|which)\s+(?:month|period)\b",
    ),
    (
        AnswerType.PLACE,
        r"\bwhere\b|\b(?:in|to|from)\s+(?:what|which)\s+(?:countr|cit|region|place|location|state|province|part)\w*"
        r"|\b(?:what|which)\s+(?:countr|cit|region|location|province)\w*",
    ),
    (
        AnswerType.AGENT,
        r"^\W*who\b|\bwho\s+(?:did|does|do|is|are|was|were|will|has|have)\b|\bwhom\b"
        r"|\b(?:what|which)\s+(?:organi[sz]ation|agenc|partner|compan|institution|entit|body|bodies|donor|ministr|"
        r"government|firm|person|people)\w*|\bpartner(?:ed|s|ing)?\s+with\b|\bin\s+partnership\s+with\b",
    ),
)
_COMPILED = tuple((t, re.compile(p, re.IGNORECASE)) for t, p in _QUESTION_PATTERNS)


# A keyword query ends with the kind of thing it asks for: "Colombia FARC final agreement deadline" asks a date.
_KEYWORD_KINDS = {
    **dict.fromkeys(("deadline", "date", "dates"), AnswerType.DATE),
    **dict.fromkeys(("venue", "venues", "location"), AnswerType.PLACE),
    **dict.fromkeys(("cost", "costs", "budget", "price"), AnswerType.MONEY),
    **dict.fromkeys(("number", "total", "count", "toll"), AnswerType.QUANTITY),
}
_QUESTION_START = re.compile(
    r"^\W*(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|has|have|had|can|could|will|"
    r"would|should|tell|list|name|give|describe|explain|compare|summari[sz]e)\b",
    re.IGNORECASE,
)


def keyword_kind(question: str) -> AnswerType | None:
    """The kind a keyword query asks for by its last word ("... final agreement deadline": a date), else None
    (a question, or a last word naming no kind)."""
    words = re.findall(r"[A-Za-z]+", question)
    if not words or "?" in question or _QUESTION_START.match(question):
        return None
    return _KEYWORD_KINDS.get(words[-1].lower())


def expected_type(question: str) -> AnswerType | None:
    """The answer type a question asks for; None when any sentence may answer it ("What did X do?")."""
    for answer_type, pattern in _COMPILED:
        if pattern.search(question):
            return answer_type
    return None


# -- the sentence side -------------------------------------------------------------------------
# "Which anniversary ...", "What object ...", "What share of ...": the noun names the kind of answer, which
# the answering sentence states ("Next year marks 50 years since ...") without the noun itself.
_ASKED_NOUN = re.compile(
    r"^\W*(?:which|what)\s+(?!(?:did|does|do|is|are|was|were|will|would|has|have|had|can|could|should|may|"
    r"might|must|kind|sort|type|kinds|sorts|types)\b)([a-z][a-z-]+)\b(?=\s+(?:of|did|does|do|is|are|was|were|"
    r"will|would|has|have|had|can|could|should)\b)",
    re.IGNORECASE,
)


def asked_noun(question: str) -> str | None:
    """The noun after "which"/"what" that names the kind of answer ("anniversary" in "Which anniversary did
    Sweden say falls next year?"), or None."""
    match = _ASKED_NOUN.match(question)
    return match.group(1) if match else None


_DATE = re.compile(
    rf"\b{MONTH}\b|\b{YEAR}s?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}|\b(?:last|next|this)\s+(?:year|month|decade)\b"
    r"|\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b"
)
_EXPLICIT_YEAR = re.compile(rf"\b{YEAR}s?\b")
_DAY = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}|\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
)
_REGIONS = (
    "Africa|Asia|Europe|Latin America|the Caribbean|Caribbean|the Pacific|Pacific|Middle East|Arab States|"
    "Sahel|Balkans|Central America|South America|North America|Oceania|Sub-Saharan Africa|Southeast Asia"
)
_CAPITALISED = r"[A-Z][a-z'\u2019-]+(?:\s+(?:of\s+|de\s+)?[A-Z][a-z'\u2019-]+)*"
# "in Geneva", "across Kenya": a capitalised word after a place preposition (not a month or a weekday).
_IN_PLACE = re.compile(rf"\b(?:in|at|from|across|throughout|within|to)\s+(?:the\s+)?(?!{MONTH}\b)({_CAPITALISED})")
# "on Vio Island", "the Mekong River", "Mopti Region": a name whose last word says it is a place. Not when the
# word goes on into a longer name ("Small Island Developing States", "Pacific Islands Forum", "Town Hall"), nor
# after a determiner or a describing word ("The Region", "Small Island").
_GEOGRAPHIC = re.compile(
    r"\b(?!(?:The|This|That|These|Our|Their|Its|Each|Every|Small|Smart|Digital|Large|Big)\b)[A-Z][a-z'\u2019-]+\s+"
    r"(?:Islands?|Atolls?|River|Lake|Mountains?|Valley|Coast|Peninsula|Bay|Gulf|Strait|Province|Region|District|"
    r"County|City|Town|Village|Camp|Desert|Basin|Delta)\b(?!\s+[A-Z])"
)
# A dateline ("Geneva, 28 March to 1 April 2022", "New York, September 2021"): the place opens the line.
_DATELINE = re.compile(rf"(?m)^\s*({_CAPITALISED}),\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH}")
_NOT_PLACES = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Covid", "COVID", "Part", "Annex"}
)
_ACRONYM = re.compile(r"\b(?![IVXLC]+\b)[A-Z][A-Z0-9&]{1,}[a-z]?\b")
# Two or more capitalised words, not at the start of the sentence ("the European Union", "World Bank").
_NAME = re.compile(r"(?<=[\w,;:)] )[A-Z][\w'\u2019&.-]+(?:\s+(?:of|for|and|de|the)?\s*[A-Z][\w'\u2019&.-]+)+")
_AGENT_CUE = re.compile(
    r"\b(?:(?:in\s+)?partnership\s+with|in\s+(?:collaboration|cooperation)\s+with|together\s+with|jointly\s+with|"
    r"partnered\s+with|(?:supported|funded|financed|led|hosted|organi[sz]ed|implemented)\s+by|Mr\.|Mrs\.|Ms\.|Dr\.|"
    r"Minister|President|Secretary-General|Ambassador)\s+\S",
)


# "With the European Union, ...", "Launching with ITU ...": an organisation worked with, named.
_WITH_NAME = re.compile(r"\b[Ww]ith\s+(?:the\s+)?(?:[A-Z][A-Z0-9&]+\b|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)")


def names_partner(sentence: str) -> bool:
    """Whether ``sentence`` names someone worked with (stricter than ``has_type(AGENT)``, which any
    acronym satisfies): what an item of a list must hold to answer "Which partner organisations ...?"."""
    return bool(_AGENT_CUE.search(sentence) or _WITH_NAME.search(sentence))


# "Submission by\n\nUnited Nations Development Programme": an author named after "by".
_BY_NAME = re.compile(r"\b[Bb]y\s+(?:the\s+)?[A-Z]")


def names_agent(text: str) -> bool:
    """Whether ``text`` names who did something (a partner, or an author after "by"): what a title block must
    hold to answer "who" (its acronyms, "(CSTD)", name the meeting, not the one who acted)."""
    return names_partner(text) or bool(_BY_NAME.search(text))


_WHICH = re.compile(
    r"^\W*(?:(?:in|on|to|from|at|by|with|for|under)\s+)?(?P<wh>which|what)\s+(?:(?:kind|sort|type)\s+of\s+)?(.*)",
    re.IGNORECASE | re.DOTALL,
)
_PHRASE_ENDS = frozenset({"of", "in", "on", "at", "from", "to", "with", "by", "for", "that", "who", "whose"})
_NOT_NOUNS = frozenset({"one", "ones", "about", "if", "else"})  # "Which one ...", "What about ...", "What if ..."


def asked_words(question: str) -> tuple[str, ...]:
    """The words naming what "which/what ..." asks for, the head noun last: the noun of ``asked_noun``, else the
    words after an opening "which"/"what" up to its verb (an auxiliary, a verb in the past, a preposition:
    "free-trade area" in "Which free-trade area will be ...?", "opera singer" in "Which opera singer killed in
    ...?", "agreement" in "What agreement came out of ...?"), else the one word after it ("resolution" in "Which
    resolution gives ...?"); empty for other questions ("Which of", "What did", "What Kenya said ...")."""
    noun = asked_noun(question)
    if noun:
        return (noun,)
    match = _WHICH.match(question)
    said = match.group(2).split()[:4] if match else []
    words = [w.strip("?,.;:").lower() for w in said]
    if not words or _ends_phrase(words[0]) or words[0] in _NOT_NOUNS or not re.fullmatch(r"[a-z-]+", words[0]):
        return ()
    if match is not None and match.group("wh").lower() == "what" and said[0][0].isupper():
        return ()  # "What Kenya said about ...": a subject, not the kind of answer
    end = next((i for i, w in enumerate(words) if i and (_ends_phrase(w) or _inflected_verb(w))), 1)
    return tuple(words[:end])


def _ends_phrase(word: str) -> bool:
    """Whether ``word`` ends the noun phrase after "which": its verb (an auxiliary, a past participle) or a
    preposition or relative word after it."""
    return word in AUXILIARIES or word in _PHRASE_ENDS or word.endswith("ed")


def _inflected_verb(word: str) -> bool:
    """Whether ``word`` can only be a verb, and an inflected one ("came", "began", "seeks"): the verb after the
    asked noun phrase. Not "lives" or "talks", which may be nouns too."""
    lemmas = getAllLemmas(word)
    return set(lemmas) == {"VERB"} and word not in lemmas["VERB"]


def asked_kind(question: str) -> AnswerType | None:
    """The kind of answer a question asks for, a name (``AGENT``) when it asks "which <noun>" and no other kind
    ("Which bridge will ease trade?" is answered by "the Padma Multipurpose Bridge"); None for "what did X do"."""
    return expected_type(question) or (AnswerType.AGENT if asked_words(question) else None)


_WORD = re.compile(r"[\w'\u2019-]+")
CAPITALISED_RUN = re.compile(r"[A-Z][\w'\u2019&.-]*(?:\s+(?:(?:of|for|and|de|the)\s+)?[A-Z][\w'\u2019&.-]*)*")
# A person named: two capitalised words ("Vasyl Slipak", "President Putin") or a title before a name.
_PERSON = re.compile(rf"{_NAME.pattern}|\b(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z]")


def word_key(word: str) -> str:
    """A word as the question and the sentence may both write it ("Bangladesh’s" is "Bangladesh's" is "bangladesh")."""
    return word.casefold().replace("\u2019", "'").removesuffix("'s")


def names_the_noun(noun: str, sentence: str) -> bool:
    """Whether ``sentence`` names one of what "which <noun>" asks: "the glorious December revolution",
    "resolution 73/295" answer "Which revolution / resolution ...?" (a capitalised word before the noun, or a
    number after it; not "The revolution")."""
    word = rf"(?i:{re.escape(noun)})s?\b"
    named = rf"\b(?!(?:The|This|That|These|Those|Our|Its|Their|An?|Each|Every)\b)[A-Z][\w'\u2019-]*\s+{word}"
    return bool(re.search(rf"{named}|\b{word}\s+\d", sentence))


def holds_new(
    answer_type: AnswerType, sentence: str, question: str, person: bool = False, named_only: bool = False
) -> bool:
    """Whether ``sentence`` holds an answer of ``answer_type`` besides the words the question itself gives:
    "He was a soloist at the Paris National Opera" names no one for "Who was the soloist of the Paris
    National Opera?". ``person``: the answer is someone's name (what "he" or "she" stands for), not a place
    or an acronym. ``named_only``: for "which <noun>", only a named <noun> counts ("It demands that the United
    Kingdom withdraw" names no resolution: the United Kingdom is not what "it" stands for)."""
    asked = {word_key(w) for w in _WORD.findall(question)}
    kind = asked_words(question)
    if kind and names_the_noun(kind[-1], sentence):  # the head noun: "area" of "free-trade area"
        return True
    if named_only and kind and expected_type(question) is None:
        return False
    kind_keys = {word_key(word) for word in kind}

    def given(name: str) -> bool:  # "Paris National Opera" is the question's name when it asks of "the opera"
        return any(key in asked and key not in kind_keys for key in map(word_key, _WORD.findall(name)))

    masked = CAPITALISED_RUN.sub(lambda m: "_" * len(m.group()) if given(m.group()) else m.group(), sentence)
    masked = _WORD.sub(lambda m: "_" * len(m.group()) if word_key(m.group()) in asked else m.group(), masked)
    return bool(_PERSON.search(masked)) if person else has_type(answer_type, masked)


def has_type(answer_type: AnswerType, sentence: str, counted: tuple[str, ...] = ()) -> bool:
    """Whether ``sentence`` holds an answer of ``answer_type`` (a general cue, not a guarantee);
    ``counted``: the noun a "how many" question counts, which must be quantified in the sentence."""
    if answer_type is AnswerType.MONEY:
        return has_money(sentence)
    if answer_type is AnswerType.QUANTITY:
        if has_quantity(sentence) and (not counted or counted_nearby(counted, sentence)):
            return True
        return counts_occurrences(counted, sentence)  # "How many times ...?": "for the fourth time", "twice"
    if answer_type is AnswerType.YEAR:
        return bool(_EXPLICIT_YEAR.search(sentence))
    if answer_type is AnswerType.DAY:
        return bool(_DAY.search(sentence))
    if answer_type is AnswerType.DATE:
        return bool(_DATE.search(sentence))
    if answer_type is AnswerType.PLACE:
        return _has_place(sentence)
    return _has_agent(sentence)


def _has_place(sentence: str) -> bool:
    if _place_names().search(sentence) or _DATELINE.search(sentence) or _GEOGRAPHIC.search(sentence):
        return True
    return any(m.group(1).split()[0] not in _NOT_PLACES for m in _IN_PLACE.finditer(sentence))


def _has_agent(sentence: str) -> bool:
    return bool(_AGENT_CUE.search(sentence) or _ACRONYM.search(sentence) or _NAME.search(sentence)) or bool(
        _place_names().search(sentence)
    )  # a state is an actor too ("with Norway")


@lru_cache(maxsize=1)
def _place_names() -> re.Pattern[str]:
    """Country names as the catalog knows them (ISO names, the usual order, everyday aliases) and world
    regions, longest first."""
    import pycountry

    from indexer.entities import country_adjectives, country_entity

    adjectives = country_adjectives()  # "Kenyan" names the people, not the place
    names: set[str] = set()
    for country in pycountry.countries:
        entity = country_entity(country.alpha_3)
        if entity is not None:
            names.update(n for n in (entity.name, *entity.aliases) if n not in adjectives)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation}|{_REGIONS})\b")
