"""A keyword query asks for the kind its last word names: "Colombia FARC final agreement deadline" wants a date.

Colombia 2015: "We have agreed to a deadline for signing the final agreement that would put an end to our armed
conflict. It will be, at the very latest, 23 March 2016, in less than six months from now." The first sentence
holds every word of the query and no date; the next one holds the date (elaborate._typed_neighbour).
"""

from __future__ import annotations

import pytest

from qa_service.answering.answer_types import AnswerType, keyword_kind
from tests.one_document import composed

AGREED = "We have agreed to a deadline for signing the final agreement that would put an end to our armed conflict."
DATE = "It will be, at the very latest, 23 March 2016, in less than six months from now."


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("Colombia FARC final agreement deadline", AnswerType.DATE),
        ("Kenya summit venue", AnswerType.PLACE),
        ("Netherlands MH17 death toll", AnswerType.QUANTITY),
        ("Ghana 2019 climate", None),  # no kind named
        ("What was the deadline?", None),  # a question: its own words say what it asks
    ],
)
def test_the_last_word_of_a_keyword_query_names_the_kind_asked(query, kind):
    assert keyword_kind(query) is kind


def test_a_restating_sentence_takes_the_next_one_holding_the_kind_asked():
    sentences, _ = composed("Colombia FARC final agreement deadline", [[AGREED, DATE]], AGREED, 0.9)
    assert len(sentences) == 2 and "23 March 2016" in sentences[1]
    sentences, _ = composed("Colombia FARC final agreement", [[AGREED, DATE]], AGREED, 0.9)
    assert len(sentences) == 1  # no kind asked: the sentence stands alone
