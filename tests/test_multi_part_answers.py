"""Answers that need several passages (issue 12): a sentence for each part of a two-part question, the
reason of a "why" from the sentence beside the best one or from another sentence restating the question,
and a sentence that points back quoted with the one it points to."""

from __future__ import annotations

import pytest

from indexer.store import ChunkRow, DocumentRow
from qa_service.answering import elaborate
from qa_service.answering.candidates import Candidate
from qa_service.answering.multipart import parts


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "How did demand change in 2021, and what kind of support do they ask for?",
            ["How did demand change in 2021", "what kind of support do they ask for"],
        ),
        (
            "How many solutions were launched, and in how many countries?",
            ["How many solutions were launched", "in how many countries"],
        ),
        ("What did UNDP and ITU launch?", []),  # "and" between names: one question
    ],
)
def test_a_question_splits_where_a_new_question_word_starts(question, expected):
    assert parts(question) == expected


@pytest.mark.parametrize(
    ("sentence", "back"),
    [("This translated into more requests.", True), ("These efforts helped.", True), ("This year we grew.", False)],
)
def test_a_sentence_opening_with_this_points_back(sentence, back):
    assert elaborate.points_back(sentence) is back


TEXT = (
    "The increased demand needs commensurate investments. Efforts that introduce tools help, but countries need "
    "ecosystems.\n\nSecurity is our largest expense because everything else depends on it. We fight extremists."
)


def _candidate(sentence: str) -> Candidate:
    document = DocumentRow("d", "d.txt", "0" * 64, "text", TEXT, {})
    spans = []
    for part in ("The increased", "Efforts that", "Security is", "We fight"):
        begin = TEXT.index(part)
        spans.append((begin, TEXT.index(".", begin) + 1))
    chunk = ChunkRow("d:0000", "d", 0, [], "", 0, len(TEXT), None, 60, spans, [], TEXT)
    start = TEXT.index(sentence)
    return Candidate(document, chunk, 0, start, next(e for s, e in spans if s == start), 1.0)


def test_a_why_answer_takes_the_sentence_before_as_its_reason():
    best = _candidate("Efforts that")
    quoted = elaborate.completed("Why does demand call for funding?", best, 0.1, lambda doc_id: [best.chunk])
    assert [c.text.split()[1] for c in quoted] == ["increased", "that"]


def test_a_why_sentence_that_gives_its_own_reason_stands_alone():
    best = _candidate("Security is")
    quoted = elaborate.completed("Why is security the largest expense?", best, 0.9, lambda doc_id: [best.chunk])
    assert quoted == [best]


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        (
            "How did countries' demand for digital support change in 2021, and what kind of support do they now "
            "ask for?",
            ["across all regions", "holistic"],
        ),
        ("Why does the growing appetite for digital tools call for more funding?", ["commensurate investments"]),
        ("Why does UNDP insist on anchoring digital solutions in local contexts?", ["Myanmar", "150 million"]),
    ],
)
def test_each_part_or_reason_is_cited_within_the_sentence_limit(seed_answerer, question, facts):
    answer = seed_answerer.answer([question])
    quotes = " ".join(c.quote for c in answer.citations)
    assert not answer.abstained and all(fact in quotes for fact in facts)
    assert len(answer.citations) <= seed_answerer.selection.max_sentences


def test_a_two_part_count_cites_a_count_for_each_part(ungdc_answerer):
    """Over seed and speeches: each part's count is found, the speeches do not displace the seed's."""
    answer = ungdc_answerer.answer(["How many digital solutions did UNDP launch, and in how many countries?"])
    quotes = " ".join(c.quote for c in answer.citations)
    assert "250" in quotes and "80 countries" in quotes
