"""Two classes of years read as the statement's that date an event or a fact (``question._read_against_the_verb``).

Class A, a passive verb of saying or pledging: "How much climate finance was pledged in Copenhagen in 2009,
according to the Maldives?" was refused for want of a 2009 statement, because "pledge" makes the year of
"What did the Maldives pledge in 2019?" the speech's. In the passive the entity is not who pledged; the year
dates the pledge, which a later statement recounts (``passive_clauses.py``). With the entity as subject or as
agent ("What was promised by Norway in 2012?") the year stays the statement's.

Class B, a keyword query: "Bangladesh's poverty rate in 2006" has no verb; the year dates the noun before it,
as in "Bangladesh poverty rate 2006", unless a document noun makes it the statement's ("Norway speech in 2013").

Sentences and years of the ``ungdc_engine`` sample: Ghana 2019 ("In the year 2000 in Ghana, there were 90,000
mobile-phone subscribers"), Kenya 2019 ("we have more than tripled financial inclusion from 26 per cent in 2006
to 82 per cent this year"; "In 2017, ... launched a mobile-based Government bond, M-Akiba"); Kenya has no other
statement there, Ghana has 2019 and 2021.
"""

from __future__ import annotations

import re

import pytest

from qa_service.retrieval import verbs
from qa_service.retrieval.passive_clauses import dates_a_passive_event
from qa_service.retrieval.years import parse
from tests.conftest import planned


def _names(question: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\bX\b", question)]


def _passive_dated(question: str) -> list[bool]:
    return [dates_a_passive_event(question, time, _names(question)) for time in parse(question)]


@pytest.mark.parametrize(
    "question",
    [
        "How much climate finance was pledged in Copenhagen in 2009, according to X?",
        "What was promised at the Paris conference in 2015, according to X?",
        "Which target was agreed in 2010, according to X?",
        "What had been pledged in 2009, according to X?",
        "What was first announced in 2016, according to X?",
        "What did X say was pledged in Copenhagen in 2009?",  # the passive clause dates the pledge, not the saying
        "What did X say about the target agreed in 2010?",  # a participle right after its noun
        "What was pledged by donors in 2009, according to X?",  # an agent that is not the speaker
        "What did X say was set up in 2009?",  # a particle after the participle
    ],
)
def test_class_a_a_year_after_a_passive_verb_dates_the_event(question):
    assert _passive_dated(question) == [True]


@pytest.mark.parametrize(
    "question",
    [
        "What did X pledge in 2019?",  # active, the entity its subject: the speech's year
        "What did X promise in 2012?",
        "What has X promised in 2012?",
        "What was promised by X in 2012?",  # the entity is the agent
        "What was pledged in 2012 by X?",
        "What was promised by its Government in 2012, according to X?",
        "What did X say at the General Debate in 2017?",
        "What did X tell the General Assembly about financial inclusion in 2006?",
        "What was X's focus in 2006?",
        "What was the level of financial inclusion in X in 2006?",
        "What did X say about the statement delivered in 2019?",  # a document noun: a statement's year
        "What was pledged by 2020, according to X?",  # a target year, never a statement's
    ],
)
def test_class_a_active_verbs_and_named_agents_keep_the_statements_year(question):
    assert _passive_dated(question) == [False]


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("How many mobile-phone subscribers were reported in Ghana in 2000?", "90,000"),
        ("What was announced in 2017, according to Kenya?", "M-Akiba"),
    ],
)
def test_class_a_a_passive_event_year_searches_the_entitys_statements(ungdc_engine, question, fact):
    analysis, result = planned(ungdc_engine, question)
    assert [t.role for t in analysis.times] == ["bare"]
    assert result.notice is None and not result.implied.has_years
    assert str(analysis.times[0].years[0]) in result.ranking_text
    hits = ungdc_engine.search(question, k=5).hits
    assert any(fact in h.chunk.text for h in hits)


@pytest.mark.parametrize(
    "question",
    ["What did Kenya announce in 2017?", "What was announced by Kenya in 2017?", "What has Kenya promised in 2017?"],
)
def test_class_a_the_entity_as_subject_or_agent_still_abstains_naming_its_years(ungdc_engine, question):
    analysis, result = planned(ungdc_engine, question)
    assert [t.role for t in analysis.times] == ["document"]
    assert result.notice and "KEN for 2019" in result.notice


@pytest.mark.parametrize(
    ("question", "keywords"),
    [
        ("Bangladesh's poverty rate in 2006", True),
        ("Kenya electricity access 2015", True),
        ("Norway speech in 2013", False),  # a document noun
        ("Ghana 2021 statement climate", False),
        ("What was Bangladesh's poverty rate in 2006?", False),  # a copula
        ("What did Ghana say in 2021?", False),
    ],
)
def test_class_b_a_keyword_query_has_no_verb_and_no_document_noun(question, keywords):
    assert verbs.keyword_query(question, []) is keywords


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Ghana mobile-phone subscribers in 2000", "90,000"),
        ("Kenya's financial inclusion in 2006", "26 per cent"),
        ("Kenya financial inclusion rate 2006", "26 per cent"),  # "rate" is the noun the year dates, not a verb
    ],
)
def test_class_b_a_keyword_year_the_entity_lacks_dates_the_fact(ungdc_engine, question, fact):
    analysis, result = planned(ungdc_engine, question)
    assert [t.role for t in analysis.times] == ["bare"]
    assert result.notice is None and not result.implied.has_years
    assert any("for 2000" in note or "for 2006" in note for note in result.notes)  # the entity's years are said
    hits = ungdc_engine.search(question, k=3).hits
    assert any(fact in h.chunk.text for h in hits)


def test_class_b_a_keyword_year_the_entity_holds_selects_its_statement(ungdc_engine):
    analysis, result = planned(ungdc_engine, "Ghana mobile-phone subscribers in 2019")
    assert [t.role for t in analysis.times] == ["bare"]
    assert (result.implied.year_min, result.implied.year_max) == (2019, 2019)


@pytest.mark.parametrize("question", ["Ghana speech in 2017", "Ghana 2017 statement climate", "Kenya address in 2017"])
def test_class_b_a_keyword_query_naming_a_document_keeps_the_statements_year(ungdc_engine, question):
    analysis, result = planned(ungdc_engine, question)
    assert [t.role for t in analysis.times] == ["document"]
    assert result.notice and "for 2017" in result.notice


def test_class_b_a_year_the_question_verb_takes_is_still_its_object(ungdc_engine):
    analysis, _ = planned(ungdc_engine, "What did Ghana declare 2019 to be?")
    assert [t.role for t in analysis.times] == ["topic"]
    assert verbs.object_of_a_verb("Bangladesh poverty rate 2006", 27, []) is False
