"""A year inside a relative clause that dates when something was created, not which statement is asked for.

"How much has Bangladesh put into the climate trust it set up in 2009?" reads "in 2009" as a document year
by its words alone (``years.py``), and the question's verb ("put") says nothing of documents, nor does the
verb of "What did Sweden say about the partnership it launched in 2016?" ("say"), whose year comes after
the clause that dates the launch. A year right after the verb of a relative clause ("the fund it set up",
"the plan that we adopted", "the law adopted") dates the event that verb tells, which a later statement
recalls as readily as that year's: it is read like a bare year (``question._read_against_the_verb``).

Only verbs of creating, adopting or launching count: "the pledge it announced in 2009" is what the 2009
statement said. A main clause keeps its reading: "What has Kenya launched in 2019?" puts an auxiliary
before the subject, and "What did Kenya say in 2009?" has no such verb.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas, getInflection

from qa_service.retrieval.roles import AUXILIARIES, word_set
from qa_service.retrieval.years import TimeExpression

# Lemmas of verbs whose past form tells when something came to be, or took place ("the meeting it hosted").
CREATION_VERBS = word_set(
    """create establish launch found set adopt build start begin introduce initiate inaugurate open institute
    form enact sign ratify approve unveil host hold convene organize organise"""
)
_PARTICLES = frozenset(("up", "out", "off", "down"))
_ADVERBS = frozenset(("back", "first", "already", "originally", "only"))
_PREPOSITIONS = frozenset(("in", "during"))
_PRONOUNS = frozenset(("it", "they", "we", "he", "she", "i", "you"))
_DETERMINERS = frozenset(("the", "its", "their", "our", "his", "her", "this", "that"))
_RELATIVIZERS = frozenset(("that", "which", "who", "whom"))
# Words before a verb that make its clause the question's own ("What has Kenya launched", "was adopted").
_NOT_A_HEAD = AUXILIARIES | word_set("be been being what which who whom when where why how")
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


def _past_form_of_a_creation_verb(word: str) -> bool:
    lemmas = getAllLemmas(word.lower()).get("VERB", ())
    return any(
        lemma in CREATION_VERBS and word.lower() in (*getInflection(lemma, "VBD"), *getInflection(lemma, "VBN"))
        for lemma in lemmas
    )


def dates_an_event(question: str, time: TimeExpression) -> bool:
    """Whether ``time`` ("in 2009") follows the verb of a relative clause of creating or adopting: "the
    climate trust it set up in 2009", "the plan that we adopted in 2016", "the law adopted in 2014"."""
    words = _WORD.findall(question[: time.start])
    spanned = _WORD.findall(time.text)  # a document year's span starts at its preposition ("in 2009")
    preposition = spanned[0] if spanned else (words.pop() if words else "")
    if preposition.lower() not in _PREPOSITIONS:
        return False
    if words and words[-1].lower() in _ADVERBS:
        words = words[:-1]  # "set up back in 2009"
    words = _without_agent(words)  # "the trust established by its Government in 2009"
    if words and words[-1].lower() in _PARTICLES:
        words = words[:-1]  # "set up"
    if not words or not _past_form_of_a_creation_verb(words[-1]):
        return False
    head = len(words) - 2  # the word before the verb: its subject, or the noun it qualifies
    subject = 0
    while head >= 0 and subject < 4 and _subject_word(words[head]):
        head, subject = head - 1, subject + 1
    if head < 0:
        return False  # "Bangladesh set up ... in 2009?": a main clause with nothing before its subject
    word = words[head]
    if subject == 0 and word.lower() in ("was", "were") and head > 0 and words[head - 1].lower() in _RELATIVIZERS:
        return True  # "the law which was adopted in 2014"
    if word.lower() in _NOT_A_HEAD or word[:1].isupper():
        return False  # "What has Kenya launched in 2019?", "What did Bangladesh set up in 2009?"
    return subject > 0 or word.lower() not in _RELATIVIZERS  # "the law adopted": a reduced relative clause


def _without_agent(words: list[str]) -> list[str]:
    """``words`` without a closing "by" and the name of who acted ("by its Government", "by the Prime Minister")."""
    for i in range(len(words) - 2, max(-1, len(words) - 7), -1):
        if words[i].lower() == "by":
            return words[:i] if all(_subject_word(w) for w in words[i + 1 :]) else words
    return words


def _subject_word(word: str) -> bool:
    """A word of the relative clause's subject: a pronoun, a name, or its determiner ("its Parliament")."""
    lower = word.lower()
    return lower in _PRONOUNS or word[:1].isupper() or lower in _DETERMINERS - _RELATIVIZERS
