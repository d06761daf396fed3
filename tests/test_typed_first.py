""" "When ...?" is answered by a sentence that says a time (relations.typed_first).

Thailand 2023: "In the coming years, we plan to further invest to upgrade our universal health coverage"
scored above "Since its inception in 2002." for "When was it first introduced?", and said no time.
"""

from __future__ import annotations

from qa_service.answering.answer_types import AnswerType
from qa_service.answering.relations import typed_first
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
    assert _texts(typed_first(AnswerType.DATE, scored, 0.5, "When was it introduced?")) == [DATED, UNDATED]


def test_only_an_answering_sentence_moves_and_only_for_a_time():
    scored = _scored((UNDATED, 0.78), (WEAK, 0.40))
    assert _texts(typed_first(AnswerType.DATE, scored, 0.5, "When was it introduced?")) == [
        UNDATED,
        WEAK,
    ]  # below the threshold
    scored = _scored((UNDATED, 0.78), (DATED, 0.65))
    assert _texts(typed_first(AnswerType.PLACE, scored, 0.5, "Where was it introduced?")) == [UNDATED, DATED]
    assert _texts(typed_first(None, scored, 0.5, "What was introduced?")) == [UNDATED, DATED]


IN_TURKEY = "We continue our efforts to hold the third Turkey-Africa Partnership Summit in Turkey in the coming period."
IN_ISTANBUL = (
    "In that context, in Istanbul from 16 to 18 December 2021, we held the third Tiirkiye-Africa Partnership Summit."
)
WHERE = "Where did Türkiye hold the third Türkiye-Africa Partnership Summit?"


def test_a_place_other_than_the_party_asked_about_comes_first_for_where():
    scored = _scored((IN_TURKEY, 0.99), (IN_ISTANBUL, 0.63))
    names = ["turkey", "türkiye"]
    assert _texts(typed_first(AnswerType.PLACE, scored, 0.5, WHERE, lambda: names)) == [IN_ISTANBUL, IN_TURKEY]
    # Without the party's other name, "in Turkey" reads as a new place and nothing moves.
    assert _texts(typed_first(AnswerType.PLACE, scored, 0.5, WHERE)) == [IN_TURKEY, IN_ISTANBUL]


def test_where_asking_a_rank_or_which_country_asking_a_party_moves_nothing():
    ranked = "Tanzania stood as the twelfth-largest contributor among the countries of United Nations missions."
    scored = _scored((ranked, 0.9), (IN_ISTANBUL, 0.63))
    for question in ("Where did Tanzania rank among contributors?", "Which country hosted the summit in Istanbul?"):
        assert _texts(typed_first(AnswerType.PLACE, scored, 0.5, question)) == [ranked, IN_ISTANBUL]
