""" "How many ...?" quotes a later sentence that brings a count of the past up to the present.

Jordan 2022: "At that point, 200,000 Syrians had sought refuge in our small country. Today, 10 years later,
we host more than 1.3 million." For "How many Syrian refugees did Jordan say it hosts?" the first sentence
scores best (it names Syrians); the figure asked is in the second (elaborate._count_continued). Singapore
2022: "We started small, with only 16 countries. This year, we celebrate the thirtieth anniversary of FOSS.
We now have 108 countries".
"""

from __future__ import annotations

import pytest

from qa_service.answering.quantities import elided_count
from tests.one_document import composed

THEN = "At that point, 200,000 Syrians had sought refuge in our small country."
NOW = "Today, 10 years later, we host more than 1.3 million."
QUESTION = "How many Syrian refugees did Jordan say it hosts?"


def test_the_count_carried_on_in_the_next_sentence_is_quoted():
    sentences, _ = composed(QUESTION, [[THEN, NOW]], THEN, 0.3)
    assert " ".join(sentences).count("1.3 million") == 1


@pytest.mark.parametrize(
    "after",
    [
        "The burden on our host communities is heavy.",  # no number
        "We have spent $500 million in support.",  # money
        "Education is free for 130,000 children.",  # a number naming its own noun
        "We will eradicate tuberculosis by 2030, in line with the world's target.",  # a year
    ],
)
def test_a_next_sentence_without_an_elided_count_is_not_quoted(after):
    sentences, _ = composed(QUESTION, [[THEN, after]], THEN, 0.3)
    assert after[:20] not in " ".join(sentences)


def test_a_count_of_the_present_two_sentences_on_is_quoted():
    started = "We started small, with only 16 countries."
    paragraph = [
        started,
        "This year, we celebrate the thirtieth anniversary of FOSS.",
        "We now have 108 countries, a majority at the United Nations.",
    ]
    sentences, _ = composed("How many countries belong to the Forum?", [paragraph], started, 0.3)
    assert "108 countries" in " ".join(sentences) and "anniversary" not in " ".join(sentences)


@pytest.mark.parametrize(
    "best",
    [
        "We continue to host 1.1 million refugees who were forced to leave.",  # a present count already
        "Since 2017, the Government has employed 18,181 new refugees as teachers.",
    ],
)
def test_a_best_count_of_the_present_takes_no_continuation(best):
    sentences, _ = composed(QUESTION, [[best, NOW]], best, 0.3)
    assert "1.3 million" not in " ".join(sentences)


def test_a_question_not_counting_a_noun_takes_no_continuation():
    sentences, _ = composed(
        "What share of GDP did it invest?",
        [["It invested 20 per cent of GDP.", NOW]],
        "It invested 20 per cent of GDP.",
        0.3,
    )
    assert "1.3 million" not in " ".join(sentences)


@pytest.mark.parametrize(
    ("sentence", "elided"),
    [
        (NOW, True),
        ("We host 1,300,000 in camps.", True),
        ("giving 500 million people coverage worth 500,000 rupees at no cost to them, the scheme", False),
        ("eradicating tuberculosis by 2030, in India by 2025.", False),
        ("It costs $5 million, in total.", False),
    ],
)
def test_a_number_naming_nothing_after_it(sentence, elided):
    assert elided_count(sentence) is elided
