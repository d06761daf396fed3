"""The one question analysis, tested per failure class of the issue (not per question).

Sentences and years below were read from the speeches of the ``ungdc_engine`` sample
(GHA 2019 and 2021, KEN 2019, NGA 2019, FJI 2019, DEU 2021) and from the seed submission.
"""

from __future__ import annotations

import pytest

from qa_service.retrieval.filters import Filters
from qa_service.retrieval.planning import plan
from qa_service.retrieval.years import parse
from tests.conftest import HEADLINE


def planned(engine, question: str):
    index = engine.index
    analysis = index.analyze(question)
    return analysis, plan(analysis, Filters(), index.catalog, index.snapshot.keyword.has_terms)


@pytest.mark.parametrize(
    ("question", "role", "years"),
    [
        ("What did Norway say about oceans in 2012?", "document", (2012,)),
        ("What was in its 2019 statement?", "document", (2019,)),
        ("What did the 2021 submission say?", "document", (2021,)),
        ("What did India say in 2019 and 2021?", "document", (2019, 2021)),
        ("What has Ghana done since 2015?", "range", (2015,)),
        ("before 2021", "range", (2021,)),
        ("between 2019 and 2021", "range", (2019, 2021)),
        ("Ghana 2019 climate", "bare", (2019,)),
        ("targets for 2022", "topic", (2022,)),
        ("the coverage target Kenya set for 2022", "bare", (2022,)),
        ("How many homes does India plan to build by 2024?", "topic", (2024,)),
        ("What did Fiji say about the 2030 Agenda?", "topic", (2030,)),
        ("the 2005 World Summit Outcome", "topic", (2005,)),
        ("What are UNDP's plans for 2022?", "topic", (2022,)),
        ("universal health coverage until 2030", "topic", (2030,)),
    ],
)
def test_class_2_each_year_gets_its_role_from_the_words_around_it(question, role, years):
    (time,) = parse(question)
    assert (time.role, time.years) == (role, years)


def test_class_2_ranges_keep_their_operator():
    since, before = parse("since 2019")[0], parse("before 2021")[0]
    assert (since.low, since.high) == (2019, None) and (before.low, before.high) == (None, 2020)
    assert parse("the years 2019\u20132021")[0].role == "range"


def test_class_1_a_document_year_the_entity_lacks_abstains_with_its_years(ungdc_engine):
    # Ghana's 2021 speech says "Back in 2017": the year is in the text, but no 2017 statement is.
    analysis, result = planned(ungdc_engine, "What did Ghana say about the economy in 2017?")
    assert result.notice and "2017" in result.notice
    assert "GHA for 2019, 2021" in result.notice  # Ghana's years, not every entity of the corpus
    search = ungdc_engine.search("What did Ghana say about the economy in 2017?")
    assert search.hits == [] and search.applied.notice == result.notice


def test_class_2_target_and_topic_years_never_filter(ungdc_engine):
    for question in ["What did Fiji commit to achieving by 2050?", "What did Kenya plan to achieve by 2022?"]:
        analysis, result = planned(ungdc_engine, question)
        assert result.notice is None and not result.implied.has_years, question
    hits = ungdc_engine.search("What did Fiji commit to achieving by 2050?", k=3).hits
    assert hits and {h.document.doc_id for h in hits} == {"FJI_74_2019"}
    assert any("net zero" in h.chunk.text for h in hits)


def test_class_2_a_range_selects_the_documents_it_covers(ungdc_engine):
    _, result = planned(ungdc_engine, "What has Ghana said about growth since 2020?")
    assert (result.implied.year_min, result.implied.year_max) == (2020, None)
    hits = ungdc_engine.search("What has Ghana said about growth since 2020?", k=5).hits
    assert hits and {h.document.doc_id for h in hits} == {"GHA_76_2021"}
    # A range the entity has no document in is read as topic, and the answer says so.
    _, empty = planned(ungdc_engine, "What has Kenya said about drought since 2021?")
    assert empty.notice is None and not empty.implied.has_years
    assert any("no submission since 2021" in note for note in empty.notes)


def test_class_2_a_set_of_years_is_a_set_not_a_range(ungdc_engine):
    _, result = planned(ungdc_engine, "What did Ghana say in 2019 and 2021 about debt?")
    assert result.implied.years == (2019, 2021)
    hits = ungdc_engine.search("What did Germany and Ghana say in 2019 and 2021 about debt?", k=10).hits
    assert hits and {h.document.meta["year"] for h in hits} <= {2019, 2021}


def test_class_3_a_full_name_is_mentioned_only_as_a_phrase(seed_engine):
    analysis, result = planned(seed_engine, "What did the United Nations Children's Fund report in 2021?")
    assert [m.entity_id for m in analysis.absent_entities] == ["UNICEF"]
    assert result.notice and "United Nations Children's Fund" in result.notice
    partner, _ = planned(seed_engine, "What did UNDP do with the European Union?")
    assert partner.topic_entities and not partner.absent_entities  # the phrase is in the text
    assert seed_engine.index.phrases.mentions("European Union")
    assert not seed_engine.index.phrases.mentions("Union European")


def test_question_types_and_meta_words(seed_engine):
    listing, _ = planned(seed_engine, "Which entities reported work on e-health?")
    assert listing.question_type == "listing" and "entities" not in listing.topic and "e-health" in listing.topic
    assert planned(seed_engine, HEADLINE)[0].question_type == "factoid"
    assert planned(seed_engine, "How many submissions mention artificial intelligence?")[0].question_type == "counting"
    assert planned(seed_engine, "Summarise UNDP's 2021 submission")[0].question_type == "summary"


def test_followups_carry_the_analysis_with_its_operator(ungdc_engine):
    from qa_service.answering.conversation import resolve

    r = resolve(["What did Ghana say about debt in 2021?", "And since 2019?"], ungdc_engine.index)
    assert r.followup and r.question == "What did Ghana say about debt since 2019?"
    searched = r.searched
    assert [m.entity_id for m in searched.entities] == ["GHA"]
    assert [(t.role, t.low) for t in searched.document_times] == [("range", 2019)]
    assert "debt" in searched.topic and "since" not in searched.topic
    listing = resolve(["Which countries spoke about climate change?", "And in 2019?"], ungdc_engine.index)
    assert listing.searched.question_type == "listing" and "climate" in listing.searched.topic


def test_class_3_a_second_name_spoken_of_is_topic_not_a_second_speaker(ungdc_engine):
    index = ungdc_engine.index
    analysis = index.analyze("What did Germany say it would pay for to help Ghana?")
    assert analysis.entity_ids == ("DEU",) and [m.entity_id for m in analysis.object_entities] == ["GHA"]
    assert analysis.question_type == "factoid" and "Ghana" in analysis.topic
    compared = index.analyze("Compare Germany with Ghana on debt.")
    assert compared.entity_ids == ("DEU", "GHA") and compared.question_type == "comparison"
    alone = index.analyze("What was said about Ghana's debt?")
    assert alone.entity_ids == ("GHA",)  # nobody else speaks: the name still selects


def test_class_3_a_followup_naming_only_an_object_keeps_the_speaker(ungdc_engine):
    from qa_service.answering.conversation import resolve

    r = resolve(["What did Germany say about climate finance?", "And what will it fund for Kenya?"], ungdc_engine.index)
    assert r.followup and r.searched.entity_ids == ("DEU",)
    assert [m.entity_id for m in r.searched.object_entities] == ["KEN"] and "Kenya" in r.searched.topic
    switched = resolve(["What did Germany say about climate finance?", "And what did Kenya say?"], ungdc_engine.index)
    assert switched.searched.entity_ids == ("KEN",)  # a new speaker does replace the old one
