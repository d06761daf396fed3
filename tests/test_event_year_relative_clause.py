"""Class A: a year after the verb of a relative clause of creating dates that event, not a statement.

"How much has Bangladesh put into the climate trust it set up in 2009?" asks about a trust set up in
2009, which a later statement recalls; read as a 2009 statement, the question was refused. The year is
read like a bare one (``question._read_against_the_verb``): that year's statement when the entity has
one, else a word of the topic that the answer must hold (``answering/asked_years.py``). Sentences of
the ``ungdc_engine`` sample: Kenya 2019 ("In 2017, ... the Government of Kenya ... launched a mobile-based
Government bond, M-Akiba"), Kenya's only statement there.
"""

from __future__ import annotations

import pytest

from qa_service.retrieval.event_clauses import dates_an_event
from qa_service.retrieval.years import parse
from tests.conftest import planned


def _dated(question: str) -> list[bool]:
    return [dates_an_event(question, time) for time in parse(question)]


@pytest.mark.parametrize(
    "question",
    [
        "How much has X put into the climate fund it set up in 2009?",
        "What does the agency they created in 2015 do?",
        "What did X say about the plan we adopted in 2016?",
        "What did X say about the partnership its Prime Minister launched in 2016?",
        "What did X say about the fund that it established in 2009?",
        "What does the law adopted in 2014 prohibit?",
        "What does the law which was adopted in 2014 prohibit?",
        "Which fund founded in 2009 did X mention?",
        "What did X say about the trust established by its Government in 2009?",
        "What did X say about the aggression it started back in 2014?",
        "What came out of the African Union meeting X hosted in 2005?",  # a verb of holding an event
        "What did X say about the summit it held in 2019?",
    ],
)
def test_a_year_after_a_relative_clause_of_creating_dates_the_event(question):
    assert _dated(question) == [True]


@pytest.mark.parametrize(
    "question",
    [
        "What did X say in 2009?",
        "What did X tell the Assembly in 2009 about the fund?",
        "X's 2009 statement on the fund",
        "What did X say about the pledge it announced in 2009?",  # a statement verb: what 2009's statement said
        "What has X launched in 2019?",  # a main clause: the question's verb reads it (``verbs.year_reading``)
        "What did X set up in 2009?",
        "What did X host in 2019?",
        "What was established by X in 2009?",
        "What was the fund's budget in 2009?",
        "What did X say about the trust it set up by 2009?",  # a target year is no event's date
    ],
)
def test_statement_years_and_main_clauses_are_not_read_as_a_relative_clauses_event(question):
    assert _dated(question) == [False]


def test_the_event_year_searches_the_entitys_statements_for_the_year(ungdc_engine):
    question = "What did Kenya say about the government bond it launched in 2017?"
    analysis, result = planned(ungdc_engine, question)
    assert [t.role for t in analysis.times] == ["bare"]
    assert result.notice is None and result.implied.entities == ("KEN",) and "2017" in result.ranking_text
    hits = ungdc_engine.search(question, k=3).hits
    assert any("M-Akiba" in h.chunk.text for h in hits)


@pytest.mark.parametrize(
    "question",
    [
        "What did Kenya say in 2017?",
        "What did Kenya tell the Assembly in 2017 about the bond?",
        "What was in Kenya's 2017 statement about the bond?",
    ],
)
def test_a_statements_year_still_abstains(ungdc_engine, question):
    analysis, result = planned(ungdc_engine, question)
    assert [t.role for t in analysis.times] == ["document"]
    assert result.notice and "2017" in result.notice


def test_the_answer_holds_the_event_year_or_is_refused(ungdc_answerer):
    answer = ungdc_answerer.answer(["What did Kenya say about the government bond it launched in 2017?"])
    assert not answer.abstained and "M-Akiba" in " ".join(answer.sentences)
    refused = ungdc_answerer.answer(["What did Kenya say about the government bond it launched in 2012?"])
    assert refused.abstained
