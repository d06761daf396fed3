"""Class 5 of issue 12: a sentence with no content of its own is never an answer."""

from __future__ import annotations

import pytest

from qa_service.answering.candidates import is_heading, usable
from qa_service.answering.content_free import is_content_free


@pytest.mark.parametrize(
    "sentence",
    [
        "Let me start with climate change.",
        "I thank you.",
        "Thank you, Mr. President.",
        "Mr. President, Excellencies, distinguished delegates, ladies and gentlemen,",
        "Let me now turn to the situation in the Middle East.",
        "I would like to start by congratulating you on your election.",
        "Allow me to say a few words on oceans.",
    ],
)
def test_formulae_and_topic_announcements_have_no_content(sentence):
    assert is_content_free(sentence)
    assert not usable(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Let me highlight that our aid to Africa doubled last year.",  # an announcement that states something
        "Allow me to address three issues: climate, debt and peace.",
        "Poverty eradication remains our first priority.",
        "In 2021, the agency enhanced its support to countries.",
        "We will build 3,000 homes by 2024.",
    ],
)
def test_sentences_that_say_something_stay(sentence):
    assert not is_content_free(sentence)
    assert usable(sentence)


def test_questionnaire_prompts_still_dropped():
    assert not usable(
        "(a) Innovative policies, programmes and projects which have been undertaken by all "
        "stakeholders to implement the outcomes."
    )


def test_a_section_heading_of_the_passage_is_not_an_answer():
    from indexer.store import ChunkRow

    chunk = ChunkRow("c", "d", 0, ["Part Two", "Digital inclusion in rural areas"], "", 0, 10, None, 5, [], [], "")
    assert is_heading("Digital inclusion in rural areas", chunk)
    assert not is_heading("Digital inclusion in rural areas grew by half.", chunk)
