"""A keyword query ("Singapore Green Plan 2030 trees") asks for each of its words: the answer holds its rarest
word that the best sentence leaves out, from a sentence of evidence or the one beside the best."""

from __future__ import annotations

import pytest

from qa_service.answering import elaborate, multipart
from qa_service.answering.scoring import Scored
from qa_service.retrieval.question_types import keyword_query
from tests.one_document import candidate_of, document_of

PLAN = "This year we unveiled the Green Plan 2030, which charts ambitious, concrete targets over the next 10 years."
TREES = "Among other things, we will plant 1 million more trees on our tiny island."
VICTIMS = "The families of the 298 victims expect justice."
OTHER = "We will continue to work with our partners in the region."
IDF = {"green": 2.0, "plan": 1.5, "tree": 4.0, "victim": 3.0, "flight": 5.0}


def _terms(text: str) -> dict[str, float]:
    from indexer.keyword import analyze

    return {t: IDF.get(t, 1.0) for t in analyze(text)}


def _complete(question: str, paragraphs: list[list[str]], scores: dict[str, float]) -> list[str]:
    document, chunk = document_of(*paragraphs)
    scored = [
        Scored(candidate_of(document, chunk, s), score, 0.5, score, None)
        for s, score in sorted(scores.items(), key=lambda item: -item[1])
    ]

    def beside(candidate, step):
        return elaborate.neighbour(candidate, step, lambda doc_id: [chunk])

    out = multipart.complete_keywords(question, question, scored[:1], scored, 0.4, _terms, beside)
    return [s.candidate.text for s in out]


def test_the_sentence_beside_the_best_holds_the_word_it_leaves_out():
    # "trees" is in no sentence of evidence; the next one goes on about the plan.
    texts = _complete("Green Plan 2030 trees", [[PLAN, TREES], [OTHER]], {PLAN: 0.9, OTHER: 0.3})
    assert texts == [PLAN, TREES]


def test_a_sentence_of_evidence_elsewhere_comes_before_the_neighbour():
    texts = _complete("flight victims", [[PLAN, OTHER], [VICTIMS]], {PLAN: 0.9, VICTIMS: 0.5, OTHER: 0.2})
    assert texts == [PLAN, VICTIMS]


def test_a_question_is_not_completed_word_by_word():
    texts = _complete("What did they say about the Green Plan and trees?", [[PLAN, TREES]], {PLAN: 0.9})
    assert texts == [PLAN]


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        ("Singapore Green Plan 2030 trees", True),
        ("Netherlands MH17 victims", True),
        ("What did Ghana say about debt?", False),
        ("Tell me about Fiji's cyclones", False),
        ("Ghana reported a fall in poverty", False),  # a verb: a statement to check, not search words
    ],
)
def test_a_keyword_query_has_no_question_word_and_no_verb(text, keywords):
    assert keyword_query(text) is keywords


def test_the_speaker_s_name_is_no_word_to_complete():
    # The topic leaves out "Fiji", the name that chose the speech: "Fijian" answers it.
    beside = "A digital television platform reaches all 110 populated islands in Fiji."
    document, chunk = document_of(["Ninety-five per cent of the Fijian population have mobile connectivity.", beside])
    best = Scored(candidate_of(document, chunk, document.text.split(".")[0] + "."), 0.9, 0.5, 0.9, None)
    near = lambda candidate, step: elaborate.neighbour(candidate, step, lambda doc_id: [chunk])  # noqa: E731
    out = multipart.complete_keywords(
        "Fiji mobile connectivity", "mobile connectivity", [best], [best], 0.4, _terms, near
    )
    assert out == [best]
    with_name = multipart.complete_keywords(
        "Fiji mobile connectivity", "Fiji mobile connectivity", [best], [best], 0.4, _terms, near
    )
    assert [s.candidate.text for s in with_name][1:] == [beside]  # what the name alone would have added
