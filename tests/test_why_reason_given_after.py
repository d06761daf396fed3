"""Class B: a "why" answered by the sentence restating it, while the speaker gives the reason a few sentences on.

"Why did Norway's Prime Minister mention that she had lost an election?" is matched best by "On a personal
note, I stand here as a Prime Minister who lost an election last week."; the sentence before it was quoted as
its context, while the reason comes three sentences on: "I am mentioning this because orderly transitions
cannot be taken for granted." A later sentence of the paragraph that gives the reason for what precedes it
("... this because", "That is because", "We do so because") is quoted with the best one
(``elaborate._reason_given_after``), at most ``REASON_REACH`` sentences on.
"""

from __future__ import annotations

from qa_service.answering.elaborate import REASON_REACH, completed
from tests.one_document import candidate_of, composed, document_of

CONTEXT = "Everyone who believes in democracy must now defend its core values."
RESTATED = "I stand here as a leader who lost an election last week."
BETWEEN = ["After eight years, my Government will step down.", "I hope the new team will succeed."]
REASON = "I am mentioning this because orderly transitions cannot be taken for granted."
QUESTION = "Why did the leader mention that she had lost an election?"


def _group(question: str, *paragraphs: list[str], overlap: float = 0.5) -> list[str]:
    document, chunk = document_of(*paragraphs)
    return [c.text for c in completed(question, candidate_of(document, chunk, RESTATED), overlap, lambda d: [chunk])]


def test_the_reason_given_sentences_on_is_quoted_with_the_restating_sentence():
    assert _group(QUESTION, [CONTEXT, RESTATED, *BETWEEN, REASON]) == [RESTATED, REASON]
    assert _group(QUESTION, [CONTEXT, RESTATED, *BETWEEN, REASON], overlap=0.9) == [RESTATED, REASON]


def test_pointing_back_with_a_cause_in_other_words():
    for reason in ("That is because transitions are fragile.", "We do so because transitions are fragile."):
        assert _group(QUESTION, [CONTEXT, RESTATED, reason]) == [RESTATED, reason]


def test_not_beyond_the_reach_nor_the_paragraph_nor_for_other_questions():
    far = [*BETWEEN, "The new team takes over next month."][:REASON_REACH]
    assert REASON not in _group(QUESTION, [CONTEXT, RESTATED, *far, REASON])
    assert REASON not in _group(QUESTION, [CONTEXT, RESTATED, *BETWEEN], [REASON])
    assert REASON not in _group("What did the leader say about the election?", [CONTEXT, RESTATED, REASON])
    # a sentence with its own reason stands alone
    own = "I stand here as a leader who lost an election because voters wanted change."
    document, chunk = document_of([CONTEXT, own, REASON])
    assert [c.text for c in completed(QUESTION, candidate_of(document, chunk, own), 0.5, lambda d: [chunk])] == [own]


def test_the_composed_answer_cites_both_with_exact_offsets():
    _, citations = composed(QUESTION, [[CONTEXT, RESTATED, *BETWEEN, REASON]], RESTATED, 0.5)
    assert [c.quote for c in citations] == [RESTATED, REASON]
