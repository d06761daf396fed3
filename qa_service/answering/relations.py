"""What a "how many" question says is done to what it counts, and whether a sentence says it too.

"How many people did UNDP train in digital skills?" counts people *trained*: "the 150 million expected
to be added to the world's extreme poor" counts people, but answers another question. When someone
else acts on the counted thing (an auxiliary follows it: "did UNDP train", "has India lifted", "were
launched"), the words after it are the relation, and an answer must hold one of them:

    >>> asked_relation("How many people did UNDP train in digital skills in 2021?")
    ('digit', 'skill', 'train')
    >>> relation_held(('digit', 'skill', 'train'), "The 150 million expected to be added to the poor.")
    False

When the counted thing is the subject ("How many people died in the floods?") any count of it answers:
"cost almost 200 of my compatriots their lives" says "died" in other words. So does any count when the
verb is a light one ("How many subscribers does Ghana have now?").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
from lemminflect import getAllLemmas

from indexer.keyword import analyze
from qa_service.answering import multipart
from qa_service.answering.answer_types import AnswerType, has_type, holds_new
from qa_service.answering.quantities import HOW_MANY, MAX_PHRASE_WORDS, PHRASE_WORD, counted_noun, words_after_numbers
from qa_service.answering.scoring import Scored
from qa_service.retrieval.verbs import STATEMENT_VERBS
from qa_service.retrieval.years import DOCUMENT_NOUNS

# A count whose sentence is this close to the question (MiniLM cosine) answers it even without the question's
# words for the act counted: on the seed and UNGDC how-many cases every right count lies at 0.47 or above,
# "150 million added to the extreme poor" for "How many people did UNDP train?" at 0.15.
RELATION_COSINE = 0.45

_AUXILIARIES = frozenset(
    ["did", "does", "do", "will", "would", "can", "could", "should", "shall", "may", "might", "must"]
    + ["has", "have", "had", "is", "are", "was", "were"]
)
_PREPOSITIONS = frozenset(["in", "of", "to", "for", "on", "at", "by", "from", "with", "into", "out", "over", "under"])
_LIGHT_VERBS = frozenset(["be", "been", "being", "have", "do", "get", "make", "take", "there"])
# Verbs of having: "How many refugees does Uganda host?" asks how many it has, and "we have more than 1.5
# million refugees" answers it; no act of its own to hold, as with "have".
_HAVING = frozenset(["host", "house", "hold", "shelter", "accommodate", "include", "comprise", "contain", "own"])


def asked_relation(question: str) -> tuple[str, ...]:
    """Stems of what a "how many X <auxiliary> ..." question says is done to X ("How many people did UNDP
    train in digital skills?" -> train, digit, skill), without names, auxiliaries or light verbs; () when
    X is the subject ("How many people died ...": any count of deaths answers) or nothing is left."""
    match = HOW_MANY.search(question)
    if match is None:
        return ()
    words = PHRASE_WORD.findall(match.group("phrase"))
    aux = next((i for i, w in enumerate(words[: MAX_PHRASE_WORDS + 1]) if i and w.lower() in _AUXILIARIES), None)
    if aux is None:
        return ()
    rest = words[aux + 1 :]
    head = rest[: next((i for i, w in enumerate(rest) if w.lower() in _PREPOSITIONS), len(rest))]
    verbs = [w.lower() for w in head if not w[0].isupper() and "VERB" in getAllLemmas(w.lower())]
    if not verbs or _lemma(verbs[-1]) in _LIGHT_VERBS | _HAVING:
        return ()  # "How many subscribers does Ghana have now": no act to hold, any count of them answers
    # "did Uganda say it was hosting": the act is what was said, not the saying; "in its 2022 address" is
    # where it was said.
    frame = {w for w in verbs[:-1] if _lemma(w) in STATEMENT_VERBS} | DOCUMENT_NOUNS | {"address", "according"}
    stems: set[str] = set()
    for word in rest:
        if word[0].isupper() or word.lower() in _AUXILIARIES or word.lower() in frame:
            continue  # the subject's name ("UNDP"), a further auxiliary ("had been"), the statement's frame
        if (lemma := _lemma(word.lower())) not in _LIGHT_VERBS:
            stems.update(stem for stem in analyze(lemma) if not stem.isdigit())  # "in 2021" is no act
    return tuple(sorted(stems))


def _lemma(word: str) -> str:
    return getAllLemmas(word).get("VERB", (word,))[0]


def relation_held(relation: tuple[str, ...], sentence: str) -> bool:
    """Whether ``sentence`` says the relation asked: one of its stems, verbs by their lemma ("built": build)."""
    words = PHRASE_WORD.findall(sentence)
    stems = set(analyze(sentence)) | {
        stem for w in words for lemma in getAllLemmas(w.lower()).get("VERB", ()) for stem in analyze(lemma)
    }
    return bool(stems & set(relation))


# Words whose MiniLM vectors are this close name the same thing counted ("dams" and "reservoirs" 0.59, "sailors"
# and "seafarers" 0.70, "students" and "pupils" 0.63), while "houses" and "families" (0.53), "people" and
# "countries" (0.39) do not.
COUNTED_ALIKE = 0.55

WordVectors = Callable[[list[str]], np.ndarray]  # words -> unit vectors, one row each


def counts_alike(counted: tuple[str, ...], sentence: str, vectors: WordVectors | None) -> bool:
    """Whether a number of ``sentence`` counts a word that means what ``counted`` names, in other words."""
    words = words_after_numbers(sentence)
    if vectors is None or not counted or not words:
        return False
    return bool((vectors(list(counted)) @ vectors(words).T >= COUNTED_ALIKE).any())


def counts_only(
    question: str, answer_type: AnswerType | None, scored: list[Scored], vectors: WordVectors | None = None
) -> list[Scored]:
    """For "how many X did Y <act>", only the sentences that count X in that act: "150 million added to the
    extreme poor" answers another question than "How many people did UNDP train?", and so does a sentence
    with no count of X. A sentence close in meaning to the question (``RELATION_COSINE``) says the act in
    other words, and so may the count: a number of "reservoirs" counts "dams" (``counts_alike``, with
    word ``vectors``). No sentence left: the answerer abstains. When X is the subject ("How many people died
    ...?") no act is asked and the scorer alone weighs sentences without a count down (a hard filter there
    lost a held-out answer whose count the counted-noun test missed)."""
    if answer_type is not AnswerType.QUANTITY:
        return scored
    # "How many toilets ..., and how many bank accounts ...?": a count of either answers its part.
    asked = [(counted_noun(part), asked_relation(part)) for part in multipart.parts(question) or [question]]
    if not all(counted and relation for counted, relation in asked):
        return scored

    def counts(counted: tuple[str, ...], sentence: str) -> bool:
        return has_type(AnswerType.QUANTITY, sentence, counted) or counts_alike(counted, sentence, vectors)

    return [
        s
        for s in scored
        if any(
            counts(counted, s.candidate.text)
            and (s.semantic >= RELATION_COSINE or relation_held(relation, s.candidate.text))
            for counted, relation in asked
        )
    ]


_TIME_TYPES = (AnswerType.YEAR, AnswerType.DAY, AnswerType.DATE)
# "Where did Türkiye hold the summit?" asks a place; "Where did Tanzania rank ...?" and "Which country said ...?"
# do not ask where something happened.
_WHERE_HELD = re.compile(
    r"^\W*where\b(?!.*\b(?:rank|ranks|ranked|place|places|placed|stand|stands|stood|lie|lies)\b)", re.I
)


def typed_first(
    answer_type: AnswerType | None,
    scored: list[Scored],
    threshold: float,
    question: str,
    given: Callable[[], Sequence[str]] = list,
) -> list[Scored]:
    """For "when ...?" and "where ...?", the best sentence that says a time, or a place other than the parties the
    question names (``given``: their names, as "Turkey" for "Türkiye", read for "where" only), ahead of better-scored
    ones that say none:
    "In the coming years, we plan to upgrade our universal health coverage" does not tell when it was introduced,
    "Since its inception in 2002" does; "... to hold the third Turkey-Africa Partnership Summit in Turkey" does not
    tell where Türkiye held it, "in Istanbul from 16 to 18 December 2021, we held ..." does. Only a sentence the
    scorer finds answering (``threshold``) moves."""
    if answer_type in _TIME_TYPES:

        def holds(text: str) -> bool:
            return has_type(answer_type, text)
    elif answer_type is AnswerType.PLACE and _WHERE_HELD.match(question):
        asked = " ".join([question, question.replace("-", " "), *given()])  # "Africa" of "Türkiye-Africa" is given

        def holds(text: str) -> bool:
            return holds_new(AnswerType.PLACE, text, asked)
    else:
        return scored
    if not scored or holds(scored[0].candidate.text):
        return scored
    for i, s in enumerate(scored):
        if s.score < threshold:
            break
        if holds(s.candidate.text):
            return [s, *scored[:i], *scored[i + 1 :]]
    return scored
