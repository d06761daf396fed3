"""A count told of the past, brought up to the present by a later sentence of its paragraph.

"How many Syrian refugees did Jordan say it hosts?" is matched best by "At that point, 200,000 Syrians had
sought refuge in our small country.", a count of then; the figure asked for is in "Today, 10 years later, we
host more than 1.3 million." (a number naming nothing: the same count carried on). "We started small, with
only 16 countries." is likewise followed, a sentence on, by "We now have 108 countries". The later sentence is
quoted after the best one (elaborate.py) when the best tells its count of the past (a past-tense verb, no verb
or word of the present) and the later one, within ``REACH`` sentences, is marked as the present.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lemminflect import getAllLemmas, getInflection

from qa_service.answering.answer_types import AnswerType, has_type
from qa_service.answering.candidates import Candidate, usable
from qa_service.answering.quantities import counted_noun, elided_count

_PRESENT = re.compile(r"\b(?:now|today|currently|presently|at\s+present|to\s+date|so\s+far)\b", re.IGNORECASE)
REACH = 2  # sentences after the best one in which the count may be carried on
# Verbs of the present that make a sentence's count a present one ("We continue to host 1.1 million Rohingya",
# "the Government has employed 18,181 teachers") though it also holds past forms ("who were forced to leave").
_PRESENT_VERBS = frozenset(["is", "are", "am", "has", "have", "continue", "continues", "remain", "remains"])


def carried_on(question: str, best: Candidate, later: Iterable[Candidate]) -> Candidate | None:
    """The first of the ``later`` sentences (within the paragraph) that carries the count of ``best`` on to the
    present, by a number naming nothing or by a count of the noun asked; None when the question counts no noun
    or ``best`` tells no count of the past."""
    counted = counted_noun(question)
    if not counted or not _of_the_past(best.text) or not has_type(AnswerType.QUANTITY, best.text, counted):
        return None
    for sentence in later:
        if not usable(sentence.text) or not _PRESENT.search(sentence.text):
            continue
        if elided_count(sentence.text) or has_type(AnswerType.QUANTITY, sentence.text, counted):
            return sentence
    return None


def _of_the_past(sentence: str) -> bool:
    """Whether ``sentence`` tells of the past: a past-tense verb ("started", "had sought"), no verb or word of
    the present."""
    words = re.findall(r"[a-z]+", sentence.lower())
    if _PRESENT.search(sentence) or _PRESENT_VERBS.intersection(words):
        return False
    return any(_past_tense(word) for word in words)


def _past_tense(word: str) -> bool:
    lemmas = getAllLemmas(word).get("VERB", ()) or getAllLemmas(word).get("AUX", ())
    return any(word in getInflection(lemma, "VBD") and word not in getInflection(lemma, "VBP") for lemma in lemmas)
