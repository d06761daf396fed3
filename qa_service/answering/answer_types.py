"""The kind of answer a question asks for, and whether a sentence holds one.

"How many homes ..." wants a quantity, "when ..." a date, "where ..." a place and "who / with
whom ..." an organisation or person. Among sentences that match the question's topic equally,
one that holds an answer of the asked kind is the better answer:

    >>> expected_type("How much did UNDP spend on e-governance?")
    <AnswerType.QUANTITY: 'quantity'>
    >>> has_type(AnswerType.QUANTITY, "Geneva, 28 March to 1 April 2022")
    False

A year alone is not a quantity, and the days of a date are not one either: a title block is
evidence for "when", not for "how many". "How many X" asks for a quantity of X: the counted noun
(``counted_noun``) must be next to the number, so "800 communities" does not answer "How many
power plants ...?":

    >>> has_type(AnswerType.QUANTITY, "It powers 800 communities.", counted_noun("How many power plants are there?"))
    False
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class AnswerType(StrEnum):
    QUANTITY = "quantity"
    DATE = "date"
    PLACE = "place"
    AGENT = "organisation or person"


# Order matters: "how many countries" asks for a quantity, "which year" for a date before a place.
_QUESTION_PATTERNS = (
    (
        AnswerType.QUANTITY,
        r"\bhow\s+(?:much|many|large|big|long|often|far|tall|high|old|deep|fast)\b"
        r"|\b(?:at|to)\s+what\s+(?:temperature|speed|height|depth|age|level|rate|price|cost)\b"
        r"|\bwhat\s+(?:temperature|speed|height|depth|distance|weight|length|population|price)\b"
        r"|\bwhat\s+(?:is\s+|was\s+|are\s+|were\s+)?(?:the\s+)?(?:number|percentage|proportion|share|amount|sum|"
        r"total|cost|budget|figure|value|rate|size)\b|\bpercent(?:age)?\b|\bper\s+cent\b",
    ),
    (
        AnswerType.DATE,
        r"^\W*when\b|\b(?:since|until|by)\s+when\b|\bwhen\s+(?:did|does|do|was|were|is|are|will|has|have)\b"
        r"|\b(?:what|which)\s+(?:year|date|month|day|period)\b|\bin\s+(?:what|which)\s+year\b",
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


def expected_type(question: str) -> AnswerType | None:
    """The answer type a question asks for; None when any sentence may answer it ("What did X do?")."""
    for answer_type, pattern in _COMPILED:
        if pattern.search(question):
            return answer_type
    return None


# -- the sentence side -------------------------------------------------------------------------
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DATE = re.compile(
    rf"\b{_MONTH}\b|\b{_YEAR}s?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|\b(?:last|next|this)\s+(?:year|month|decade)\b"
    r"|\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b"
)
# Day numbers of a date and numbers that name something ("SDG 16", "Article 19") are not quantities.
_NOT_A_QUANTITY = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?!\w)|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b(?:SDGs?|Goals?|Articles?|Sections?|Paragraphs?|Resolutions?|Chapter|Part|Annex|Target|Item|No\.?|page|"
    r"pp?\.|Action\s+Lines?|session)\s+\d[\d.]*",
    re.IGNORECASE,
)
_MONEY_OR_SHARE = re.compile(
    r"[$€£¥]\s?\d|\b(?:US\$|USD|EUR|CHF|GBP)\s?\d|\d\s?(?:%|percent\b|per\s+cent\b)|\b\d[\d,.]*\s?(?:million|billion|"
    r"trillion|thousand|m|bn|k)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_WORD_NUMBER = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|"
    r"billions?|trillions?|dozens?|half|twice|double|triple|percent|per\s+cent)\b(?!-?(?:first|second|third|fourth|"
    r"fifth|sixth|seventh|eighth|ninth|th))",
    re.IGNORECASE,
)
_BARE_YEAR = re.compile(rf"^{_YEAR}$")
_REGIONS = (
    "Africa|Asia|Europe|Latin America|the Caribbean|Caribbean|the Pacific|Pacific|Middle East|Arab States|"
    "Sahel|Balkans|Central America|South America|North America|Oceania|Sub-Saharan Africa|Southeast Asia"
)
_CAPITALISED = r"[A-Z][a-z'\u2019-]+(?:\s+(?:of\s+|de\s+)?[A-Z][a-z'\u2019-]+)*"
# "in Geneva", "across Kenya": a capitalised word after a place preposition (not a month or a weekday).
_IN_PLACE = re.compile(rf"\b(?:in|at|from|across|throughout|within|to)\s+(?:the\s+)?(?!{_MONTH}\b)({_CAPITALISED})")
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


def has_type(answer_type: AnswerType, sentence: str, counted: tuple[str, ...] = ()) -> bool:
    """Whether ``sentence`` holds an answer of ``answer_type`` (a general cue, not a guarantee);
    ``counted``: the noun a "how many" question counts, which must be quantified in the sentence."""
    if answer_type is AnswerType.QUANTITY:
        return _has_quantity(sentence) and (not counted or counted_nearby(counted, sentence))
    if answer_type is AnswerType.DATE:
        return bool(_DATE.search(sentence))
    if answer_type is AnswerType.PLACE:
        return _has_place(sentence)
    return _has_agent(sentence)


# "Not a single Rohingya has been repatriated" answers "how many" with zero.
_ZERO = re.compile(r"\bnot\s+(?:a\s+single|one|any)\b|\bno\s+(?:single\s+)?one\b|\bzero\b", re.IGNORECASE)


def _has_quantity(sentence: str) -> bool:
    sentence = _ZERO.sub(" 0 ", sentence)
    if _MONEY_OR_SHARE.search(sentence) or _WORD_NUMBER.search(sentence):
        return True
    rest = _NOT_A_QUANTITY.sub(" ", sentence)
    return any(not _BARE_YEAR.match(m.group().replace(",", "")) for m in _NUMBER.finditer(rest))


def _has_place(sentence: str) -> bool:
    if _place_names().search(sentence):
        return True
    return any(m.group(1).split()[0] not in _NOT_PLACES for m in _IN_PLACE.finditer(sentence))


def _has_agent(sentence: str) -> bool:
    return bool(_AGENT_CUE.search(sentence) or _ACRONYM.search(sentence) or _NAME.search(sentence)) or bool(
        _place_names().search(sentence)
    )  # a state is an actor too ("with Norway")


@lru_cache(maxsize=1)
def _place_names() -> re.Pattern[str]:
    """Country names from pycountry (name, common and official names) and world regions, longest first."""
    import pycountry

    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value)
                names.add(value.split(",")[0])  # "Korea, Republic of" -> "Korea"
    names |= {"United States", "United Kingdom", "Russia", "Iran", "Syria", "Venezuela", "Bolivia", "Tanzania"}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation}|{_REGIONS})\b")


# -- "how many X": the counted noun -------------------------------------------------------------
_HOW_MANY = re.compile(r"\bhow\s+many\s+(?:of\s+(?:the|its|their|these|those)\s+)?(?P<phrase>[^?,;:.]*)", re.IGNORECASE)
# The counted phrase ends at a verb, a preposition or a relative word: "people | who fled", "plants | is".
_PHRASE_END = frozenset(
    [
        "did",
        "does",
        "do",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "in",
        "of",
        "at",
        "for",
        "to",
        "by",
        "on",
        "from",
        "with",
        "who",
        "whom",
        "that",
        "which",
        "where",
        "when",
        "were",
        "across",
        "over",
        "under",
        "per",
    ]
)
_PHRASE_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_MAX_PHRASE_WORDS = 4
# A count of people is often said with the group counted: "3,000 Somalis", "5 million refugees", "100 lives".
_PERSON_NOUNS = frozenset(
    [
        "people",
        "persons",
        "person",
        "individuals",
        "citizens",
        "residents",
        "inhabitants",
        "children",
        "child",
        "women",
        "men",
        "girls",
        "boys",
        "youth",
        "young",
        "refugees",
        "migrants",
        "immigrants",
        "lives",
        "workers",
        "students",
        "pupils",
        "teachers",
        "farmers",
        "families",
        "households",
        "patients",
        "soldiers",
        "troops",
        "staff",
        "employees",
        "members",
        "nationals",
        "civilians",
        "victims",
        "deaths",
        "dead",
        "fatalities",
        "casualties",
        "displaced",
        "survivors",
        "journalists",
        "doctors",
        "nurses",
        "voters",
        "users",
        "beneficiaries",
        "adults",
        "poor",
        "compatriots",
    ]
)
_COUNTRY_NOUNS = frozenset(["countries", "country", "nations", "nation", "states", "economies", "territories"])
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ans|ians|is|ese|ers|ites)$")
_NUMERIC = re.compile(rf"^(?:\d[\d,.]*|{_WORD_NUMBER.pattern})$", re.IGNORECASE)
_SCALE = frozenset(["million", "millions", "billion", "billions", "thousand", "thousands", "hundred", "hundreds"])
_CLAUSE_START = frozenset(
    [
        "we",
        "i",
        "they",
        "he",
        "she",
        "it",
        "you",
        "have",
        "has",
        "had",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "can",
        "could",
        "that",
        "which",
        "who",
        "whose",
    ]
)
_AFTER = 5  # words after a number that may name what it counts ("250 digital solutions", "5 million immigrants")


def counted_noun(question: str) -> tuple[str, ...]:
    """The noun a "how many" question counts ("How many nuclear power plants is ..." -> plants), or ().

    The phrase after "how many" ends at a verb, a past participle or a preposition ("countries | condemned");
    its last word is the noun counted, or, when that is a verb ("people benefit | from"), its first word:
    both are returned. Without such an end within a few words the first word is the noun.
    """
    match = _HOW_MANY.search(question)
    if match is None:
        return ()
    words = _PHRASE_WORD.findall(match.group("phrase"))
    low = [w.lower() for w in words] + ["", ""]

    def participle(i: int) -> bool:  # "countries | condemned Russia's war", not "protected areas | has"
        return i > 0 and low[i].endswith("ed") and low[i + 2] not in _PHRASE_END

    stops = [i for i in range(len(words)) if low[i] in _PHRASE_END or participle(i)]
    if stops and stops[0] == 0:
        return ()  # "how many had been ...": the noun is in an earlier turn
    if stops and stops[0] <= _MAX_PHRASE_WORDS:
        return tuple(dict.fromkeys((words[0], words[stops[0] - 1])))
    return (words[0],) if words else ()


def counted_nearby(counted: tuple[str, ...], sentence: str) -> bool:
    """Whether a number in ``sentence`` counts one of ``counted``: its stem (or, for people or countries,
    any word of that class) is within a few words of the number."""
    from indexer.keyword import analyze

    wanted = {stem for noun in counted for stem in analyze(noun)}
    classes = [c for c in (_PERSON_NOUNS, _COUNTRY_NOUNS) if any(n.lower() in c for n in counted)]
    people = _PERSON_NOUNS in classes
    tokens = re.findall(r"[\w'\u2019.,-]+", _NOT_A_QUANTITY.sub(" ", _ZERO.sub(" 0 ", sentence)))
    for i, token in enumerate(tokens):
        bare = token.strip(".,")
        if not _NUMERIC.match(bare) or _BARE_YEAR.match(bare.replace(",", "")):
            continue
        near: list[str] = []
        for t in tokens[i + 1 : i + 1 + _AFTER]:
            if t.lower() in _CLAUSE_START:  # "two years | we have planted": the clause after the count
                break
            near.append(t.strip(".,'\u2019"))
        after = [t.lower() for t in tokens[i + 1 : i + 3]] + ["", ""]
        if people and after[0] in _SCALE and after[1].endswith(("ed", "ing")):
            return True  # "the 150 million expected to be added to the poor": a count of people, elided
        for word in near:
            if word.lower() in _SCALE:
                continue
            if wanted & set(analyze(word.replace("-", " "))) or any(word.lower() in c for c in classes):
                return True
            if people and _DEMONYM.match(word):
                return True
    return False
