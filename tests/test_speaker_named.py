"""A question asking which party spoke is answered with the party's name, on a corpus of speeches."""

from __future__ import annotations

import pytest

from qa_service.answering.speakers import asks_for_a_party


def test_a_question_for_the_party_gets_the_speaker_named(ungdc_answerer):
    # The speech says "We will continue to be a voice for more climate ambition": right, but no name.
    answer = ungdc_answerer.answer(["Which country said it would continue to be a voice for more climate ambition?"])
    assert not answer.abstained
    assert answer.sentences[0].startswith("Fiji (2019): ")
    assert answer.citations[0].document.doc_id == "FJI_74_2019"


def test_a_question_naming_the_speaker_is_answered_without_a_label(ungdc_answerer):
    answer = ungdc_answerer.answer(["What did Fiji say it would continue to be a voice for?"])
    assert not answer.abstained and not answer.sentences[0].startswith("Fiji (2019)")


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Which country said it would host the conference?", True),
        ("Which nation's leader described a viral video?", True),
        ("Which country did Norway partner with?", False),  # Norway speaks; the country is spoken of
        ("Who presided over the conference?", False),  # often a person the speech names
        ("What did Ghana say about debt?", False),
    ],
)
def test_which_questions_ask_for_the_party(question, asks):
    assert asks_for_a_party(question) is asks
