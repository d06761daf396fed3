""" "When ...?" is answered by a sentence that says a time (relations.dated_first).

Thailand 2023: "In the coming years, we plan to further invest to upgrade our universal health coverage"
scored above "Since its inception in 2002." for "When was it first introduced?", and said no time.
"""

from __future__ import annotations

from qa_service.answering.answer_types import AnswerType
from qa_service.answering.relations import dated_first
from qa_service.answering.scoring import Scored
from tests.one_document import candidate_of, document_of

UNDATED = "In the coming years, we plan to further invest to upgrade our universal health coverage."
DATED = "Since its inception in 2002."
WEAK = "The programme began in 2002 as a pilot."


def _scored(*pairs: tuple[str, float]) -> list[Scored]:
    document, chunk = document_of([sentence for sentence, _ in pairs])
    return [Scored(candidate_of(document, chunk, s), score, 0.0, score, None) for s, score in pairs]


def _texts(scored: list[Scored]) -> list[str]:
    return [s.candidate.text for s in scored]


def test_a_sentence_saying_a_time_comes_first_for_when():
    scored = _scored((UNDATED, 0.78), (DATED, 0.65))
    assert _texts(dated_first(AnswerType.DATE, scored, 0.5)) == [DATED, UNDATED]


def test_only_an_answering_sentence_moves_and_only_for_a_time():
    scored = _scored((UNDATED, 0.78), (WEAK, 0.40))
    assert _texts(dated_first(AnswerType.DATE, scored, 0.5)) == [UNDATED, WEAK]  # below the threshold
    scored = _scored((UNDATED, 0.78), (DATED, 0.65))
    assert _texts(dated_first(AnswerType.PLACE, scored, 0.5)) == [UNDATED, DATED]
    assert _texts(dated_first(None, scored, 0.5)) == [UNDATED, DATED]
