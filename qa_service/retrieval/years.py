"""Years in a question, with what each one is about: the document, a range of documents, or the topic.

"What did Norway say about oceans in 2012?" asks for Norway's 2012 statement; "How many homes
does India plan to build by 2024?" asks about a target year; "the 2030 Agenda" and "the 2005
World Summit" name things. Only the first kind may filter documents, so each year is read with
the words around it:

- ``document``: "in 2021", "during 2021", "in 2019 and 2021", "its 2019 statement",
  "the 2021 submission" — the documents of those years, and no others.
- ``range``: "since 2019", "from 2019", "after 2019", "before 2021", "between 2019 and 2021",
  "2019-2021" — the documents of those years when there are any, else the topic reading.
- ``bare``: a year with no preposition ("Ghana 2019 climate") or after "for" (a submission "for
  2021", a target "set for 2022"): a document year when the corpus holds it for the entity asked
  about, else a topic year when its texts mention it, else a year the corpus lacks.
- ``topic``: "by 2024", "until 2030", "the 2030 Agenda", "plans for 2022" — never a filter.

"in 2017" is a document year by its words alone; the question's verb may still make it the date of
what is asked (``question._read_against_the_verb``). ``dates_a_value`` tells one such case: a year
dating a measured fact ("the poverty rate in 2017", "what had it been in 2005"), which a later
statement reports as readily as that year's.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Literal

from qa_service.retrieval.roles import AUXILIARIES

Role = Literal["document", "range", "bare", "topic"]

_YEAR = r"(?:19|20)\d{2}"
_YEAR_TOKEN = re.compile(rf"(?<![\w/.])({_YEAR})(?![\w/]|\.\d)")
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")

# Words after a year that make it a document year ("the 2021 submission", "its 2019 statement").
DOCUMENT_NOUNS = frozenset(
    [
        "submission",
        "submissions",
        "statement",
        "statements",
        "speech",
        "speeches",
        "address",
        "addresses",
        "report",
        "reports",
        "remarks",
        "session",
        "sessions",
        "contribution",
        "contributions",
        "input",
        "inputs",
        "debate",
        "document",
        "documents",
    ]
)
# Nouns before "for <year>" that make the year a target ("plans for 2022", "goals for 2030").
TARGET_NOUNS = frozenset(
    [
        "plan",
        "plans",
        "planning",
        "target",
        "targets",
        "goal",
        "goals",
        "ambition",
        "ambitions",
        "vision",
        "agenda",
        "strategy",
        "strategies",
        "commitment",
        "commitments",
        "pledge",
        "pledges",
        "roadmap",
        "deadline",
        "objective",
        "objectives",
        "aim",
        "aims",
        "outlook",
        "projection",
        "projections",
        "forecast",
        "forecasts",
        "priorities",
        "priority",
        "preparations",
    ]
)
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "our",
        "your",
    ]
)
# Nouns of a measured fact: a year in the clause that asks for one dates the fact ("the poverty rate in 2017").
_MEASURES = """rate rates level levels share shares number numbers percentage proportion ratio population amount total
figure figures value size gdp growth income output exports imports debt deficit inflation unemployment emissions
budget cost costs price prices spending expenditure investment revenue count coverage index cent percent"""
MEASURE_NOUNS = frozenset(_MEASURES.split())
_COPULAS = frozenset({"was", "were", "been", "is", "are", "be", "stood"})
_ASKS_AN_AMOUNT = re.compile(r"\bhow\s+(?:much|many)\b", re.IGNORECASE)
# Where a question's clause starts: punctuation, or a conjunction opening a new question ("and what had it been").
_CLAUSE_BREAK = re.compile(
    r"[,;:?!]|\b(?:and|but|while|whereas)\s+(?=(?:what|how|which|who|where|when)\b)", re.IGNORECASE
)
_DOCUMENT_PREPOSITIONS = frozenset({"in", "for", "during", "of"})
_MONTHS = frozenset(m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"))
_SINCE = frozenset({"since", "from", "after"})
_BEFORE = frozenset({"before", "prior"})
_TARGET_PREPOSITIONS = frozenset({"by", "until", "till", "til", "through", "towards", "toward"})
_JOINERS = re.compile(r"^\s*(?:,\s*(?:and|or)?|and|or|&)\s*$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:-|\u2013|\u2014|to|through|until|till)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TimeExpression:
    """One time expression: its role, its years, and the span of the question it covers."""

    role: Role
    years: tuple[int, ...]  # document/bare: the years; range: (low, high) with None-less bounds below
    low: int | None = None  # range bounds (inclusive); None is open
    high: int | None = None
    start: int = 0
    end: int = 0
    text: str = ""

    def contains(self, year: int) -> bool:
        if self.role == "range":
            return (self.low is None or year >= self.low) and (self.high is None or year <= self.high)
        return year in self.years


def parse(question: str) -> list[TimeExpression]:
    """Every year of ``question`` grouped into expressions, in order."""
    tokens = [(int(m.group(1)), m.start(1), m.end(1)) for m in _YEAR_TOKEN.finditer(question)]
    out: list[TimeExpression] = []
    i = 0
    while i < len(tokens):
        year, start, end = tokens[i]
        # A run of years joined by "and", "or" or commas ("in 2019, 2020 and 2021"), or a range ("2019-2021").
        group = [tokens[i]]
        ranged = False
        while i + 1 < len(tokens):
            between = question[group[-1][2] : tokens[i + 1][1]]
            if len(group) == 1 and _RANGE_JOIN.match(between):
                ranged = True
                group.append(tokens[i + 1])
                i += 1
                break
            if not _JOINERS.match(between):
                break
            group.append(tokens[i + 1])
            i += 1
        i += 1
        out.append(_classify(question, group, ranged))
    return out


def _classify(question: str, group: list[tuple[int, int, int]], ranged: bool) -> TimeExpression:
    years = tuple(y for y, _, _ in group)
    start, end = group[0][1], group[-1][2]
    before = _WORD.findall(question[:start].lower())[-3:]
    after_match = re.match(r"\s*([A-Za-z][\w'\u2019-]*)", question[end:])
    after = after_match.group(1) if after_match else ""
    prev = before[-1] if before else ""
    # Extend the span over the preposition that belongs to it, so the ranked text loses it too.
    prep_start = _preposition_start(question, start, prev)
    if prev == "between" and len(years) == 2:  # "between 2019 and 2021"
        low, high = sorted(years)
        return TimeExpression("range", years, low, high, prep_start, end, question[prep_start:end])
    if ranged:
        low, high = sorted(years)
        if prev in _TARGET_PREPOSITIONS:
            return TimeExpression("topic", years, low, high, start, end, question[start:end])
        span_start = prep_start if prev in (_SINCE | _DOCUMENT_PREPOSITIONS) else start
        return TimeExpression("range", years, low, high, span_start, end, question[span_start:end])
    first, last = min(years), max(years)
    if _names_a_document(question[end:]):
        return TimeExpression("document", years, first, last, start, end, question[start:end])
    if prev in _MONTHS and _WORD.findall(question[:start])[-1][:1].isupper():
        # "in March 2016", "on 27 November 2024": the day of an event, not the year of a statement.
        return TimeExpression("topic", years, first, last, start, end, question[start:end])
    if after[:1].isupper() or (prev in _DETERMINERS and after):
        # "the 2030 Agenda", "the 2005 World Summit", "the 2022 elections": the year names a thing.
        return TimeExpression("topic", years, first, last, start, end, question[start:end])
    if prev in _TARGET_PREPOSITIONS:
        return TimeExpression("topic", years, first, last, start, end, question[start:end])
    if prev in _SINCE:
        low = first + 1 if prev == "after" else first
        return TimeExpression("range", years, low, None, prep_start, end, question[prep_start:end])
    if prev in _BEFORE or (prev == "to" and len(before) > 1 and before[-2] == "prior"):
        return TimeExpression("range", years, None, first - 1, prep_start, end, question[prep_start:end])
    if prev in _DOCUMENT_PREPOSITIONS and _in_the_asked_phrase(question[:prep_start], after):
        # "Which Russian aggression in 2008 did Latvia say ...?": the year dates what is asked, not the speech.
        return TimeExpression("topic", years, first, last, start, end, question[start:end])
    if prev in _DOCUMENT_PREPOSITIONS:
        head = before[-2] if len(before) > 1 else ""
        if prev in ("for", "of") and head in TARGET_NOUNS:
            return TimeExpression("topic", years, first, last, start, end, question[start:end])
        if prev == "of" and head not in DOCUMENT_NOUNS:
            return TimeExpression("topic", years, first, last, start, end, question[start:end])
        if prev == "for":  # "the submission for 2021", but also "the target Kenya set for 2022": read as bare
            return TimeExpression("bare", years, first, last, prep_start, end, question[prep_start:end])
        return TimeExpression("document", years, first, last, prep_start, end, question[prep_start:end])
    # "Ghana 2019 climate", "UNDP 2021": no word says what the year is about.
    return TimeExpression("bare", years, first, last, start, end, question[start:end])


# The question phrase before its auxiliary: "Which Russian aggression | in 2008 | did ...".
_ASKED_PHRASE = re.compile(r"^\W*(?:which|what)\s+(?:[\w'\u2019-]+\s+){1,4}$", re.IGNORECASE)


def _in_the_asked_phrase(before_preposition: str, after_year: str) -> bool:
    """Whether "in <year>" sits inside the question phrase, between "which/what <noun>" and its auxiliary."""
    words = _WORD.findall(before_preposition.lower())
    return (
        bool(_ASKED_PHRASE.match(before_preposition))
        and after_year.lower() in AUXILIARIES
        and not AUXILIARIES.intersection(words)
        and not DOCUMENT_NOUNS.intersection(words)  # "Which statement in 2019 did Fiji make?" dates the statement
    )


def names_the_document(question: str, time: TimeExpression) -> bool:
    """Whether a document noun follows ``time`` ("its 2020 speech"): the one year that is the statement's."""
    return _names_a_document(question[time.end :])


def _names_a_document(after_year: str) -> bool:
    """'2019 statement', '2015 General Debate statement', '2017 General Debate': a document noun
    right after the year or after the capitalised words of a name ("the 2005 World Summit" is not)."""
    for word in _WORD.findall(after_year)[:4]:
        if word.lower() in DOCUMENT_NOUNS:
            return True
        if not word[:1].isupper():
            return False
    return False


def _preposition_start(question: str, year_start: int, prev: str) -> int:
    """Where "in 2021" / "since 2019" starts: the preposition right before the year, when there is one."""
    if not prev:
        return year_start
    match = re.search(rf"\b{re.escape(prev)}\s+(?:the\s+(?:year\s+)?|year\s+)?$", question[:year_start], re.IGNORECASE)
    return match.start() if match else year_start


def dates_a_value(question: str, time: TimeExpression) -> bool:
    """Whether ``time`` dates a measured fact the question asks for, not a statement: the clause that
    holds it asks how much or how many or names a measure ("What was Myanmar's poverty rate in
    2017"), or the year follows a copula ("and what had it been in 2005"). "What were UNDP's
    activities in 2018?" names no measure: its year stays the document's. A year opening the question
    ("In 2006, what was Bangladesh's poverty rate?") dates the clause after it."""
    clause = _CLAUSE_BREAK.split(question[: time.start])[-1]
    words = [w.lower() for w in _WORD.findall(clause)]
    if not words:
        clause = _CLAUSE_BREAK.split(question[time.end :].lstrip(" ,;:"))[0]
        words = [w.lower() for w in _WORD.findall(clause)]
    if words and words[-1] in _DOCUMENT_PREPOSITIONS:  # "been in 2005": the word before the preposition
        words = words[:-1]
    if words and words[-1] in _COPULAS:
        return True
    return bool(_ASKS_AN_AMOUNT.search(clause)) or any(w in MEASURE_NOUNS for w in words)
