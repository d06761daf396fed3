"""A year that dates a measured fact, not the document (qa_service/retrieval/years.py ``dates_a_value``).

"What was Kenya's level of financial inclusion in 2006?" asks for a value of 2006 that a later speech
reports; "What did Kenya tell the Assembly about financial inclusion in 2006?" asks for a 2006 statement.
Sentences and years below were read from the ``ungdc_engine`` sample: Kenya 2019 ("we have more than
tripled financial inclusion from 26 per cent in 2006 to 82 per cent this year"), Ghana 2019 ("In the
year 2000 in Ghana, there were 90,000 mobile-phone subscribers"); Nigeria 2019 mentions 2015, no
Ghana speech of the sample does.
"""

from __future__ import annotations

import pytest

from qa_service.retrieval.filters import Filters
from qa_service.retrieval.planning import plan
from qa_service.retrieval.years import dates_a_value, parse
from tests.conftest import planned


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What was Myanmar's poverty rate in 2017?", [True]),
        ("What was the rate in 2017, and what had it been in 2005?", [True, True]),
        ("How many mobile-phone subscribers were there in Ghana in 2000?", [True]),
        ("What were the country's emissions in 1990?", [True]),
        ("What were UNDP's WSIS activities in 2018?", [False]),
        ("What was Kenya's focus in 2006?", [False]),
        ("In 2006, what was Bangladesh's poverty rate?", [True]),
        ("In 2006, what did Bangladesh say about poverty?", [False]),
        ("What did Kenya say about poverty in 2006, and what was its rate in 2019?", [False, True]),
    ],
)
def test_a_year_in_a_clause_asking_for_a_measure_dates_the_value(question, expected):
    assert [dates_a_value(question, time) for time in parse(question)] == expected


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("What was the level of financial inclusion in Kenya in 2006?", "26 per cent"),
        ("How many mobile-phone subscribers were there in Ghana in 2000?", "90,000"),
    ],
)
def test_a_value_year_the_entity_lacks_is_answered_from_the_texts_that_give_it(ungdc_engine, question, fact):
    analysis, result = planned(ungdc_engine, question)
    assert [t.role for t in analysis.times] == ["bare"]
    assert result.notice is None and not result.implied.has_years
    assert any("for 2019" in note for note in result.notes)  # the entity's years are still said
    assert str(analysis.times[0].years[0]) in result.ranking_text
    hits = ungdc_engine.search(question, k=3).hits
    assert any(fact in h.chunk.text for h in hits)


def test_two_value_years_in_one_question_are_both_read_as_the_facts(ungdc_engine):
    question = "What was Kenya's financial inclusion rate in 2019, and what had it been in 2006?"
    analysis, result = planned(ungdc_engine, question)
    assert [t.role for t in analysis.times] == ["bare", "bare"]
    # 2019 is a year Kenya has a statement for: it selects that statement; 2006 is a word of the topic.
    assert result.notice is None and result.implied.years in ((), (2019,)) and result.implied.year_min == 2019
    assert "2006" in result.ranking_text


@pytest.mark.parametrize(
    "question",
    [
        "What did Kenya tell the General Assembly about financial inclusion in 2006?",
        "What was Kenya's message on financial inclusion in its 2006 statement?",
        "What was Kenya's focus in 2006?",
    ],
)
def test_document_phrasing_still_abstains_naming_the_entitys_years(ungdc_engine, question):
    analysis, result = planned(ungdc_engine, question)
    assert [t.role for t in analysis.times] == ["document"]
    assert result.notice and "2006" in result.notice and "KEN for 2019" in result.notice


def test_a_value_year_the_entitys_own_texts_never_mention_abstains(ungdc_engine):
    # Nigeria's speech mentions 2015, Ghana's do not: the year is no topic of Ghana's texts.
    _, result = planned(ungdc_engine, "What was Ghana's poverty rate in 2015?")
    assert result.notice and "2015" in result.notice and "GHA for 2019, 2021" in result.notice


def test_an_elliptical_follow_up_year_takes_the_role_it_has_in_the_question_it_continues(ungdc_engine):
    from qa_service.answering.conversation import resolve

    index = ungdc_engine.index
    value = resolve(["What was Kenya's level of financial inclusion in 2019?", "And in 2006?"], index)
    assert [t.role for t in value.searched.times] == ["bare"] and "2006" in value.searched.topic
    assert plan(value.searched, Filters(), index.catalog, index.mentions_year).notice is None
    said = resolve(["What did Kenya say about financial inclusion in 2019?", "And in 2006?"], index)
    assert [t.role for t in said.searched.times] == ["document"]
    assert plan(said.searched, Filters(), index.catalog, index.mentions_year).notice


@pytest.fixture(scope="module")
def answerer(ungdc_engine):
    from qa_service.answering.answerer import Answerer

    return Answerer(ungdc_engine, ungdc_engine.settings)


def test_a_value_year_is_answered_only_by_passages_that_say_it(answerer):
    answer = answerer.answer(["What was the level of financial inclusion in Kenya in 2006?"])
    assert not answer.abstained and "26 per cent" in " ".join(answer.sentences)
    # Ghana's speeches say 2000 only of mobile phones; its growth rates are of 2017-2020 and 2020, which
    # the question does not ask about.
    refused = answerer.answer(["What was Ghana's economic growth rate in 2000?"])
    assert refused.abstained


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Which Russian aggression in 2008 did Latvia say the world failed to answer?", "topic"),
        ("What disaster in 2019 did Fiji mention?", "topic"),
        ("Which statement in 2019 did Fiji make about oceans?", "document"),  # dates the statement
        ("What did Fiji say in 2019?", "document"),
        ("And what was it in March 2016?", "topic"),  # a day of an event, not a statement's year
        ("When were the elections held on 27 November 2024?", "topic"),
        ("What did Libya say in its September 2016 speech?", "document"),
        ("What may 2030 bring?", "bare"),  # "may", lower case, is no month
    ],
)
def test_a_year_inside_the_question_phrase_dates_what_is_asked(question, role):
    """Issue 12, class 2 ("a year modifying a noun"): "in 2008" between "which <noun>" and the auxiliary dates
    the thing asked about; read as the speech's year, Latvia (speeches from 2023 only) was refused."""
    from qa_service.retrieval.years import parse

    assert [t.role for t in parse(question)] == [role]
