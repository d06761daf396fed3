"""What kind of answer a question asks for: one passage's fact, or something across documents.

- ``factoid``: "What did UNDP do on disinformation?" — the best passages answer it.
- ``listing``: "Which countries spoke about piracy?" — every document with evidence.
- ``counting``: "How many countries mentioned piracy?" — the number of such documents.
- ``comparison``: "Compare Kenya and Ghana on climate" — one part per named entity.
- ``evolution``: "How has Norway's position on oceans changed since 2019?" — one part per year.
- ``summary``: "Summarise Ghana's 2021 statement" — the key sentences of one document.

The words that only say the question is about documents ("which countries", "mentioned",
"reported") are meta words: they are left out of the ranked text, or every title block and
"Submissions from entities ..." heading would match them.
"""

from __future__ import annotations

import re
from typing import Literal

from indexer.metadata import COLLECTIONS
from qa_service.retrieval import roles, verbs

QuestionType = Literal["factoid", "listing", "counting", "comparison", "evolution", "summary"]
MULTI_DOCUMENT_TYPES: frozenset[str] = frozenset({"listing", "counting", "comparison", "evolution"})

# Who a cross-document question is about, and the verbs that make it about what they said.
_GROUP = (
    r"(?:entities|organi[sz]ations|agencies|bodies|countries|states|governments|members|member\s+states|"
    r"partners|nations|leaders|regions)"
)
_DOCUMENTS = rf"(?:{'|'.join(map(roles.plural, roles.DOCUMENT_NOUNS))}|reports|speakers|delegations)"
_SPEAK = (
    r"(?:mention|spoke|speak|talk|report|refer|rais|discuss|address|say|said|describ|highlight|call|emphasi[sz]|"
    r"stress|not(?:e|ed)\b|cit|express|focus|comment|warn|commit|pledg|underlin|acknowledg|prais|condemn|welcom)\w*"
)
_AUX = r"(?:(?:have|has|had|did|do|does)\s+)?(?:also\s+)?"
_SUMMARY = re.compile(
    r"\b(?:summari[sz]e|summary\s+of|sum\s+up|main\s+(?:points|messages|themes)|key\s+(?:points|messages|themes)|"
    r"gist\s+of|overview\s+of)\b",
    re.IGNORECASE,
)
_COUNTING = re.compile(
    rf"\b(?:how\s+many|number\s+of)\s+(?:other\s+)?(?:{_DOCUMENTS}\b|{_GROUP}\s+{_AUX}{_SPEAK})", re.IGNORECASE
)
_LISTING = re.compile(
    rf"\b(?:which|what)\s+(?:other\s+)?(?:{_DOCUMENTS}\b|{_GROUP}\s+{_AUX}{_SPEAK})"
    rf"|\bwho\s+(?:else\s+)?{_AUX}{_SPEAK}"
    rf"|\b(?:list|name)\s+(?:all\s+)?(?:the\s+)?(?:{_GROUP}|{_DOCUMENTS})\b"
    r"|\b(?:each|every|different)\s+(?:entit|organi[sz]ation|agenc|countr|submission|document)\w*"
    rf"|\b(?:compar\w*|across)\s+(?:the\s+|all\s+)?(?:{_GROUP}|{_DOCUMENTS})\b",
    re.IGNORECASE,
)
_EVOLUTION = re.compile(
    r"\bhow\s+(?:has|have|had)\b[^?]*\b(?:changed|evolved|shifted|developed|progressed)\b"
    r"|\bhow\s+(?:did|does|do)\b[^?]*\b(?:change|evolve|shift)\s+(?:over|since|between|from|across)\b"
    r"|\bhow\s+(?:did|does|do)\b[^?]*\b(?:position|stance|views?|approach|emphasis|priorities|tone)\b[^?]*"
    r"\b(?:change|evolve|shift)\b"
    r"|\bover\s+(?:the\s+)?(?:years|time)\b|\b(?:evolution|trajectory)\s+of\b|\btrends?\s+in\b"
    r"|\byear\s+(?:by|to|after|on)\s+year\b|\bwhat\s+(?:has\s+)?changed\b",
    re.IGNORECASE,
)
# "In which years did Norway speak about oceans?", "Which years?" (a follow-up): the years of the statements
# that speak of it, one part per year as an evolution. The singular asks one year the text gives ("What year
# did Norway say it would reach net zero?"), and another verb an event's years ("In which years was it hosted?").
_WHICH_YEARS = re.compile(r"\b(?:which|what)\s+years\b", re.IGNORECASE)
_BARE_WHICH_YEARS = re.compile(r"^\W*(?:(?:and|so|but)\s+)?(?:in\s+)?(?:which|what)\s+years\W*$", re.IGNORECASE)
_ONE_THING = re.compile(r"^\W*(?:which|who|whom|whose|where|when)\b", re.IGNORECASE)
_QUANTITY = re.compile(
    r"\bhow\s+(?:much|many|far|large|big)\b|\bby\s+what\s+(?:share|percentage|proportion|amount|margin)\b"
    r"|\bwhat\s+(?:share|percentage|proportion|amount|number|rate)\s+of\b",
    re.IGNORECASE,
)
# Words that only say what is asked about documents, removed from the ranked text of multi-document types.
META_WORDS = re.compile(
    rf"\b(?:which|what|how\s+many|number\s+of|list|name|all|other|else|each|every|compare[sd]?|comparing|"
    rf"comparison|contrast|versus|vs|{_GROUP}|{_DOCUMENTS}|entity|country|mention(?:s|ed)?|report(?:s|ed)?|spoke|"
    r"speak|talk(?:s|ed)?|discuss(?:es|ed)?|rais(?:e|es|ed)|refer(?:s|red)?|address(?:es|ed)?|describ(?:e|es|ed)|"
    r"say|said|their|its|position|positions|views?|stance|work|works|worked|efforts?|activities)\b",
    re.IGNORECASE,
)
# Words of a collection's name before a document noun name the kind of document, not a topic: "in its General
# Debate speeches" is "in its speeches", "their WSIS submissions" their submissions. Only a collection's words:
# "its COVID-19 reports", "Climate Change statements" keep their topic.
_COLLECTION_WORDS = frozenset(
    w for name in COLLECTIONS for w in name.split() if not re.fullmatch(_DOCUMENTS, w, re.IGNORECASE)
)
_NAMED_DOCUMENTS = re.compile(
    rf"\b(?:(?:{'|'.join(sorted(_COLLECTION_WORDS, key=len, reverse=True))})\s+){{1,3}}(?={_DOCUMENTS}\b)"
)
_DOCUMENT_NOUN_NEXT = re.compile(rf"\s+{_DOCUMENTS}\b")


def names_document_kind(question: str, start: int, end: int) -> bool:
    """Whether ``question[start:end]`` is made of a collection's words and followed by a document noun
    ("General Debate speeches")."""
    words = question[start:end].split()
    return bool(words) and set(words) <= _COLLECTION_WORDS and _DOCUMENT_NOUN_NEXT.match(question, end) is not None


# Further meta words of one type only: "change" is a topic in "Which countries spoke about climate change?".
_TYPE_META_WORDS = {
    "summary": re.compile(r"\b(?:summari[sz]e|summary|main|key|points|overview|gist)\b", re.IGNORECASE),
    "evolution": re.compile(
        r"\b(?:chang(?:e|ed|es)|evolv(?:e|ed)|evolution|over\s+(?:the\s+)?(?:years|time)|trends?|shift(?:ed)?|"
        r"(?:in\s+)?(?:which|what)\s+years)\b",
        re.IGNORECASE,
    ),
}


def question_type(question: str, named_entities: int, has_range: bool) -> QuestionType:
    """The type of ``question``; ``named_entities`` counts the corpus entities it names, ``has_range``
    whether it gives a range of document years ("since 2019")."""
    if _SUMMARY.search(question):
        return "summary"
    if _COUNTING.search(question):
        return "counting"
    if _LISTING.search(question):
        return "listing"
    if named_entities >= 2:
        return "comparison"
    if asks_which_years(question):
        return "evolution"
    if _EVOLUTION.search(question) and (named_entities == 1 or has_range):
        return "evolution"
    # A range alone ("since 2019") makes an evolution only in document phrasing, which the question
    # analysis reads from the verb: "How much has Bangladesh's GDP grown since 2009?" asks one figure.
    return "factoid"


def asks_which_years(question: str) -> bool:
    """Whether the question asks in which years something was said ("In which years did Norway mention
    oceans?", "Which years?"), not when an event happened ("In which year was the UN founded?")."""
    if not _WHICH_YEARS.search(question):
        return False
    return bool(_BARE_WHICH_YEARS.match(question)) or verbs.main_verb(question, []) in verbs.STATEMENT_VERBS


def asks_one_thing(question: str) -> bool:
    """Whether the question asks one thing ("Which body did Benin want to join for 2022-2024?", who, where,
    when) or one figure (``asks_a_quantity``), not what each year's statement said."""
    return bool(_ONE_THING.match(question)) or asks_a_quantity(question)


def asks_a_quantity(question: str) -> bool:
    """'How much has X grown since 2009?', 'By what share ...': one figure the text states, not what
    each year's statement said."""
    return bool(_QUANTITY.search(question))


def counts_documents(question: str) -> bool:
    """'How many submissions ...' counts documents; 'How many countries ...' counts who wrote them."""
    return bool(re.search(rf"\b(?:how\s+many|number\s+of|which|what)\s+(?:other\s+)?{_DOCUMENTS}\b", question, re.I))


def strip_meta_words(text: str, kind: QuestionType) -> str:
    """``text`` without the words that only say what a question of type ``kind`` asks about documents."""
    extra = _TYPE_META_WORDS.get(kind)
    text = extra.sub(" ", text) if extra is not None else text
    text = _NAMED_DOCUMENTS.sub(" ", text)
    return " ".join(META_WORDS.sub(" ", text).split())


# A question opens with a question word, an auxiliary or an imperative ("Tell me", "List", "Describe").
_QUESTION_OPENING = re.compile(
    r"^\W*(?:what|which|who|whom|whose|where|when|why|how|is|are|was|were|do|does|did|can|could|should|will|"
    r"would|has|have|had|tell|list|describe|explain|give|show|name|summari[sz]e|compare)\b",
    re.IGNORECASE,
)


def keyword_query(question: str) -> bool:
    """Whether ``question`` is a few search words ("Singapore Green Plan 2030 trees"): no question word
    opens it and it has no verb. Each word is then something the answer should say."""
    return not _QUESTION_OPENING.match(question) and verbs.main_verb(question, []) is None
