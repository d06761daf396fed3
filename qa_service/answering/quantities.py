"""Numbers in a sentence: whether one is a quantity, and what a "how many" question counts.

A year alone is not a quantity, nor are the days of a date or the number of a thing ("SDG 16",
"Article 19"); "not a single" is zero. "How many X" asks for a quantity of X: the counted noun
(``counted_noun``) must be next to the number (``counted_nearby``), so "800 communities" does not
answer "How many power plants ...?" (and ``relations.py``: the count must be of the act asked).
``answer_types`` uses them for its quantity type:

    >>> counted_nearby(counted_noun("How many power plants are there?"), "It powers 800 communities.")
    False
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
YEAR = r"(?:1[89]\d\d|20\d\d)"
# Day numbers of a date and numbers that name something ("SDG 16", "Article 19") are not quantities.
_NOT_A_QUANTITY = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?!\w)|\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b(?:SDGs?|Goals?|Articles?|Sections?|Paragraphs?|Resolutions?|Chapter|Part|Annex|Target|Item|No\.?|page|"
    r"pp?\.|Action\s+Lines?|session)\s+\d[\d.]*",
    re.IGNORECASE,
)
_MONEY_OR_SHARE = re.compile(
    r"[$€£¥]\s?\d|\b(?:US\$|USD|EUR|CHF|GBP)\s?\d|\d\s?(?:%|percent\b|per\s+cent\b)|\b\d[\d,.]*\s?(?:million|billion|"
    r"trillion|thousand|m|bn|k)\b",
    re.IGNORECASE,
)
# An amount of money: a currency sign or code before the number, or a currency word after it.
_MONEY = re.compile(
    r"[$€£¥]\s?\d|\b(?:US\$|USD|EUR|CHF|GBP|INR|JPY|CNY)\s?\d|\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|twenty|thirty|forty|fifty|hundred)\s?(?:(?:thousand|million|billion|trillion|m|bn)\s+)?(?:dollars|euros?|pounds|francs|rupees|taka|yen|yuan|shillings|naira|rand|pesos)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_WORD_NUMBER = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|"
    r"billions?|trillions?|dozens?|half|twice|double|triple|percent|per\s+cent|"
    # a ratio is an amount too: "sea-level rise has tripled" answers "how much faster"
    r"doubled|tripled|trebled|quadrupled|halved|(?:two|three|four|five|six|seven|eight|nine|ten|hundred)-?fold)"
    r"\b(?!-?(?:first|second|third|fourth|"
    r"fifth|sixth|seventh|eighth|ninth|th))",
    re.IGNORECASE,
)
_BARE_YEAR = re.compile(rf"^{YEAR}$")

# "Not a single Rohingya has been repatriated" answers "how many" with zero.
_ZERO = re.compile(r"\bnot\s+(?:a\s+single|one|any)\b|\bno\s+(?:single\s+)?one\b|\bzero\b", re.IGNORECASE)


def has_money(sentence: str) -> bool:
    return bool(_MONEY.search(sentence))


def has_quantity(sentence: str) -> bool:
    sentence = _ZERO.sub(" 0 ", sentence)
    if _MONEY_OR_SHARE.search(sentence) or _WORD_NUMBER.search(sentence):
        return True
    rest = _NOT_A_QUANTITY.sub(" ", sentence)
    return any(not _BARE_YEAR.match(m.group().replace(",", "")) for m in _NUMBER.finditer(rest))


# -- "how many X": the counted noun -------------------------------------------------------------
HOW_MANY = re.compile(r"\bhow\s+many\s+(?:of\s+(?:the|its|their|these|those)\s+)?(?P<phrase>[^?,;:.]*)", re.IGNORECASE)
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
PHRASE_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
MAX_PHRASE_WORDS = 4
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
_OUT_OF = frozenset(["out", "from", "into"])  # "lifted 415 million out of poverty": people, elided
_AFTER = 5  # words after a number that may name what it counts ("250 digital solutions", "5 million immigrants")
# A number with no noun of its own, said after what it counts: "the highest number of Ukrainian refugees per
# capita — more than 400,000 in a country of 10 million". Not money ("$5 million in aid"), not a percentage.
_ELIDED_COUNT = re.compile(
    r"(?<![$€£\w.,])(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![.,]?\d)(?:\s+(?:million|billion|thousand))?)"
    r"(?=\s*(?:[,;:)\u2014\u2013]|\.(?:\s|$)|$|\s(?:in|of|for|from|at|across|since|during|among|so\s+far)\b))"
)
_BEFORE_ELIDED = 12  # words before such a number that may name what it counts


def counted_noun(question: str) -> tuple[str, ...]:
    """The noun a "how many" question counts ("How many nuclear power plants is ..." -> plants), or ().

    The phrase after "how many" ends at a verb, a past participle or a preposition ("countries | condemned");
    its last word is the noun counted, or, when that is a verb ("people benefit | from"), its first word:
    both are returned, with the lower-case words between them. Without such an end within a few words the
    first word is the noun.
    """
    match = HOW_MANY.search(question)
    if match is None:
        return ()
    words = PHRASE_WORD.findall(match.group("phrase"))
    low = [w.lower() for w in words] + ["", ""]

    def participle(i: int) -> bool:  # "countries | condemned Russia's war", not "protected areas | has"
        return i > 0 and low[i].endswith("ed") and low[i + 2] not in _PHRASE_END

    stops = [i for i in range(len(words)) if low[i] in _PHRASE_END or participle(i)]
    if stops and stops[0] == 0:
        return ()  # "how many had been ...": the noun is in an earlier turn
    if stops and stops[0] <= MAX_PHRASE_WORDS:
        # The common nouns between ("ECOWAS member States") count too: the text may say "15 members of ...".
        inner = [w for w in words[1 : stops[0] - 1] if w.islower()]
        return tuple(dict.fromkeys((words[0], *inner, words[stops[0] - 1])))
    return (words[0],) if words else ()


def counted_nearby(counted: tuple[str, ...], sentence: str) -> bool:
    """Whether a number in ``sentence`` counts one of ``counted``: its stem (or, for people or countries,
    any word of that class) is within a few words of the number."""
    from indexer.keyword import analyze

    wanted = {stem for noun in counted for stem in analyze(noun)}
    classes = [c for c in (_PERSON_NOUNS, _COUNTRY_NOUNS) if any(n.lower() in c for n in counted)]
    if _PERSON_NOUNS not in classes and any(_DEMONYM.match(n) for n in counted):
        classes.append(_PERSON_NOUNS)  # "How many Bangladeshis ...": "5 million people" counts them
    people = _PERSON_NOUNS in classes
    for near, after in _after_numbers(sentence):
        if people and after[0] in _SCALE and (after[1].endswith(("ed", "ing")) or after[1] in _OUT_OF):
            return True  # "the 150 million expected to be added", "lifted 5 million out of poverty": people, elided

        for word in near:
            if word.lower() in _SCALE:
                continue
            if wanted & set(analyze(word.replace("-", " "))) or any(word.lower() in c for c in classes):
                return True
            if people and _DEMONYM.match(word):
                return True
    return _counted_before(wanted, sentence)


def elided_count(sentence: str) -> bool:
    """Whether ``sentence`` states a number that names nothing after it ("Today, we host more than 1.3 million."):
    a count whose noun an earlier sentence said."""
    return next(_elided_counts(sentence), None) is not None


def _elided_counts(sentence: str) -> Iterator[re.Match[str]]:
    """The numbers of ``sentence`` that name nothing after them, years aside."""
    return (m for m in _ELIDED_COUNT.finditer(sentence) if not _BARE_YEAR.match(m.group("number")))


def _counted_before(wanted: set[str], sentence: str) -> bool:
    """Whether a number that names nothing after it ("more than 400,000 in a country") follows, within a few
    words, one of the ``wanted`` stems: the noun it counts, said first ("number of Ukrainian refugees")."""
    from indexer.keyword import analyze

    for match in _elided_counts(sentence):
        before = PHRASE_WORD.findall(sentence[: match.start()])[-_BEFORE_ELIDED:]
        if wanted & {stem for word in before for stem in analyze(word)}:
            return True
    return False


# -- "how many times/terms": a count said as an ordinal or a multiplier --------------------------------
# Nouns that count occurrences of one act: "How many times has Ghana served on the Security Council?",
# "How many terms ...". A speech states such a count as the latest occurrence's ordinal ("serving for the fourth
# time", "a second term", "for the third time in its history") or as a multiplier ("twice"), not as a number.
_OCCURRENCES = frozenset(["time", "times", "term", "terms", "mandate", "mandates", "occasion", "occasions"])
_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))"
_OCCURRENCE_COUNT = re.compile(
    # "for the fourth time", "a second consecutive term", "its third mandate": the ordinal, then its noun
    rf"\b{_ORDINAL}(?:\s+[a-z][\w-]*)?\s+(?:times?|terms?|mandates?|occasions?)\b"
    # "twice", "thrice": a multiplier is a count of times ("once" is mostly "once again", "once the war ends")
    r"|\b(?:twice|thrice)\b",
    re.IGNORECASE,
)


def counts_occurrences(counted: tuple[str, ...], sentence: str) -> bool:
    """Whether ``sentence`` states, as an ordinal or a multiplier, how many times something happened, when the
    question counts occurrences ("How many times ...?": "for the fourth time", "twice")."""
    return any(noun.lower() in _OCCURRENCES for noun in counted) and bool(_OCCURRENCE_COUNT.search(sentence))


def words_after_numbers(sentence: str) -> list[str]:
    """The words that may name what the numbers of ``sentence`` count ("26 reservoirs", "500,000 seafarers")."""
    return list(dict.fromkeys(w for near, _ in _after_numbers(sentence) for w in near if w and w.lower() not in _SCALE))


def _after_numbers(sentence: str) -> Iterator[tuple[list[str], list[str]]]:
    """For each number of ``sentence`` (not a bare year): the few words after it, up to a new clause, and
    the next two tokens in lower case."""
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
        yield near, [t.lower() for t in tokens[i + 1 : i + 3]] + ["", ""]
