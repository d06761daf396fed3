"""Class 5 of issue 12: a how/why answer that only restates the question is completed by the sentence that
explains it (the one after it, or the one before a "therefore"), within its paragraph."""

from __future__ import annotations

import pytest

from indexer.store import ChunkRow, DocumentRow
from qa_service.answering import compose
from qa_service.answering.candidates import Candidate
from qa_service.answering.elaborate import asks_explanation, direction, neighbour
from qa_service.answering.scoring import Scored

S1 = "Instability in several regions underlined the need to anchor responses in local contexts."
S2 = "Anchoring digital solutions in local contexts, therefore, becomes even more crucial."
S3 = "In 2021, the agency enhanced the support it has provided since the pandemic began."
S4 = "Efforts included leveraging digital technologies to respond to immediate needs."
TEXT = f"{S1} {S2}\n\n{S3} {S4}"


@pytest.mark.parametrize(
    ("question", "explains"),
    [
        ("How did the agency enhance its support?", True),
        ("Why does the agency anchor solutions locally?", True),
        ("In what ways did the agency help?", True),
        ("How many labs are there?", False),
        ("How much did it spend?", False),
        ("What did the agency do on disinformation?", False),
    ],
)
def test_questions_asking_how_or_why(question, explains):
    assert asks_explanation(question) is explains


def test_direction_follows_the_discourse():
    assert direction("Why anchor solutions locally?", S2, 0.9) == -1  # "therefore" points back
    assert direction("How did the agency enhance its support?", S3, 0.8) == 1  # a restatement: the "how" follows
    assert direction("How did the agency enhance its support?", S4, 0.1) == 0  # a sentence that answers
    assert direction("What did the agency enhance?", S3, 0.8) == 0  # not a how/why question


def _setup():
    document = DocumentRow("d", "d.txt", "0" * 64, "text", TEXT, {})
    spans = []
    for sentence in (S1, S2, S3, S4):
        start = TEXT.index(sentence)
        spans.append((start, start + len(sentence)))
    chunk = ChunkRow("d:0000", "d", 0, [], "", 0, len(TEXT), None, 60, spans, [], TEXT)
    return document, chunk, spans


def test_neighbours_stay_within_the_paragraph():
    document, chunk, spans = _setup()
    second = Candidate(document, chunk, 0, *spans[1])
    third = Candidate(document, chunk, 0, *spans[2])
    chunks_of = lambda doc_id: [chunk]  # noqa: E731
    assert neighbour(second, -1, chunks_of).text == S1
    assert neighbour(second, 1, chunks_of) is None  # the next sentence starts another paragraph
    assert neighbour(third, -1, chunks_of) is None
    assert neighbour(third, 1, chunks_of).text == S4


def test_composed_answer_adds_the_explaining_sentence_in_document_order():
    document, chunk, spans = _setup()
    best = Scored(Candidate(document, chunk, 0, *spans[1]), 0.5, 0.9, 0.8, None)
    parts = compose.expand([best], "Why does the agency anchor its solutions in local contexts?", lambda d: [chunk])
    assert [p.text for p in parts] == [S1, S2]
    restated = Scored(Candidate(document, chunk, 0, *spans[2]), 0.5, 0.8, 0.8, None)
    parts = compose.expand([restated], "How did the agency enhance its support in 2021?", lambda d: [chunk])
    assert [p.text for p in parts] == [S3, S4]


def test_class_5_a_sentence_naming_its_subject_only_by_a_possessive_is_quoted_with_the_one_before():
    from qa_service.answering.elaborate import names_subject_by_possessive

    assert names_subject_by_possessive("Sweden is its largest per capita contributor.")  # its: the fund before
    assert not names_subject_by_possessive("The agency launched its facility.")
    # Whatever the question asks, the sentence before comes with it.
    assert direction("Which mechanism does Sweden fund?", "Sweden is its largest contributor.", 0.1) == -1
    assert direction("Which mechanism does Sweden fund?", "The fund launched its call.", 0.1) == 0


# As in FJI_74_2019: the best sentence restates "where" without a place; the next one holds it.
RESTATED = "We are bringing solar power to communities that are off the national grid."
PLACED = "The first of these projects, on Vio Island, will start a programme for the Pacific."
UNPLACED = "The first of these projects will start a programme we hope to repeat."


@pytest.mark.parametrize(("after", "joined"), [(PLACED, True), (UNPLACED, False)])
def test_a_restating_sentence_without_the_asked_kind_of_answer_takes_the_next_one_holding_it(after, joined):
    from qa_service.answering.elaborate import completed

    text = f"{RESTATED} {after}"
    document = DocumentRow("d", "d.txt", "0" * 64, "text", text, {})
    spans = [(0, len(RESTATED)), (len(RESTATED) + 1, len(text))]
    chunk = ChunkRow("d:0000", "d", 0, [], "", 0, len(text), None, 30, spans, [], text)
    best = Candidate(document, chunk, 0, *spans[0])
    question = "Where is the first of the solar power projects for communities off the national grid?"
    group = completed(question, best, 0.8, lambda doc_id: [chunk])
    assert [c.text for c in group] == ([RESTATED, after] if joined else [RESTATED])
    # A sentence that holds few of the question's words answers alone.
    assert [c.text for c in completed(question, best, 0.2, lambda doc_id: [chunk])] == [RESTATED]
