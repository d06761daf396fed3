"""Class 4 of issue 12: facts only in the title block are answerable and citable, and only for the type they hold."""

from __future__ import annotations

import pytest

from qa_service.answering.answer_types import AnswerType, has_type
from qa_service.answering.title_block import block_lines, blocks

COVER = "COMMISSION (CSTD)\n\nTwenty-fifth session\n\nGeneva, 28 March to 1 April 2022\n\nIn 2021, the agency grew."


def _spans(text: str) -> list[tuple[int, int]]:
    """Each paragraph as one 'sentence', as the chunker splits a cover page."""
    out, start = [], 0
    for paragraph in text.split("\n\n"):
        out.append((start, start + len(paragraph)))
        start += len(paragraph) + 2
    return out


def test_a_run_of_short_lines_is_one_block_and_prose_ends_it():
    found = [COVER[s:e] for s, e in blocks(COVER, _spans(COVER))]
    assert found == ["COMMISSION (CSTD)\n\nTwenty-fifth session\n\nGeneva, 28 March to 1 April 2022"]


@pytest.mark.parametrize(
    "text",
    ["Geneva, 28 March to 1 April 2022\n\nIn 2021, the agency grew.", "The agency grew.\n\nIt grew again."],
)
def test_a_single_line_or_sentences_make_no_block(text):
    assert blocks(text, _spans(text)) == []


def test_block_lines_are_the_lines_inside_a_block():
    lines = block_lines(COVER, _spans(COVER))
    assert len(lines) == 3 and (COVER.index("In 2021"), len(COVER)) not in lines


def test_a_dateline_names_a_place():
    assert has_type(AnswerType.PLACE, "Geneva, 28 March to 1 April 2022")
    assert has_type(AnswerType.PLACE, "New York, September 2021")
    assert not has_type(AnswerType.PLACE, "Twenty-fifth session")


@pytest.mark.parametrize(
    "question",
    ["Where and when did the CSTD's twenty-fifth session take place?", "In which city was the twenty-fifth session?"],
)
def test_a_where_or_when_question_is_answered_from_the_title_block(seed_answerer, question):
    answer = seed_answerer.answer([question])
    assert not answer.abstained
    quote = answer.citations[0].quote
    assert "Geneva" in quote and "Twenty-fifth session" in quote  # the block, not the dateline alone
    citation = answer.citations[0]
    assert citation.document.text[citation.char_start : citation.char_end] == quote


def test_a_year_alone_is_no_evidence_for_a_question_asking_no_date(seed_answerer):
    answer = seed_answerer.answer(["What are UNDP's plans for 2022?"])
    assert not any("Geneva" in c.quote for c in answer.citations)


def test_the_title_block_still_answers_in_a_corpus_of_many_documents(ungdc_answerer):
    answer = ungdc_answerer.answer(["Where and when did the CSTD's twenty-fifth session take place?"])
    assert not answer.abstained and "28 March to 1 April 2022" in answer.citations[0].quote


def test_a_block_answers_who_only_when_it_names_an_author():
    from qa_service.answering.answer_types import names_agent

    assert names_agent("Submission by\n\nUnited Nations Development Programme")
    assert not names_agent("COMMISSION (CSTD)\n\nTwenty-fifth session\n\nGeneva, 28 March to 1 April 2022")
