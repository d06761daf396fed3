"""Classes of failure of the answers across documents, over the UNGDC sample (the seed, GHA 2019 and
2021, KEN 2019, NGA 2019, FJI 2019, DEU 2021). Expected documents were found by reading and grep:

- grep -ciE 'sea[- ]level|rising sea': FJI_74_2019 only (GHA 2019 and KEN 2019 name the ocean once,
  not its rise);
- grep -ci refugee: KEN_74_2019 and DEU_76_2021; no speech of the sample says "plight";
- grep -ciE 'covid|pandemic': GHA_76_2021 (9), DEU_76_2021, not GHA_74_2019;
- grep -oiE 'congratulat|thank|commend|predecessor' KEN_74_2019: 8 courtesies.
"""

from __future__ import annotations

import re

import pytest

from qa_service.answering.evidence import Topic, topic_text
from qa_service.retrieval.filters import Filters
from tests.test_answering import check_typed_answer


def cited_documents(answer) -> set[str]:
    return {c.document.doc_id for c in answer.citations}


@pytest.mark.parametrize(
    ("ranked", "content"),
    [
        ("the plight of the Rohingya?", "the the Rohingya?"),
        ("the Rohingya crisis?", "the Rohingya?"),
        ("the fight against Al-Shabaab", "the Al-Shabaab"),
        ("warn that the oceans are rising?", "that the oceans are rising?"),
        ("the Christchurch Call", "the Christchurch Call"),  # a name's word is no reporting verb
        ("the climate crisis", "the climate crisis"),  # only a name's "crisis" frames it
    ],
)
def test_topic_is_the_content_not_its_framing_or_reporting_words(ranked, content):
    assert topic_text(ranked) == content


def test_topic_word_is_held_by_its_synonym_and_needs_most_of_the_topic():
    topic = Topic("the oceans are rising", {"ocean": 3.4, "rise": 3.1}, forms={"ocean": {"sea"}})
    assert topic.holds("Sea levels are rising and forests are burning.", similarity=0.0)
    assert not topic.holds("We also urgently need to protect our oceans.", similarity=0.6)  # half, not close
    assert topic.holds("We also urgently need to protect our oceans.", similarity=0.75)  # half, and close


def test_coordinated_topics_are_each_a_topic():
    topic = Topic("the blue economy and the oceans", {"blue": 4.0, "economi": 2.0, "ocean": 3.0})
    topic.parts = [{"blue", "economi"}, {"ocean"}]
    assert topic.holds("This should form the basis for discussions on the oceans.", similarity=0.0)
    assert not topic.holds("The economy grew by 5 per cent.", similarity=0.0)


def test_listing_topic_is_the_noun_not_the_framing_word(ungdc_answerer):
    # No speech says "plight": the refugees are the topic, and both speeches that speak of them have evidence.
    answer = ungdc_answerer.answer(["Which countries raised the plight of refugees?"])
    check_typed_answer(answer)
    assert answer.question_type == "listing"
    assert cited_documents(answer) == {"KEN_74_2019", "DEU_76_2021"}


def test_listing_paraphrase_is_found_through_synonyms_and_nothing_near_it(ungdc_answerer):
    # "the oceans are rising" is said "sea levels rise": Fiji only; Ghana and Kenya name the ocean, not its rise.
    answer = ungdc_answerer.answer(["Which statements warn that the oceans are rising?"])
    check_typed_answer(answer)
    assert cited_documents(answer) == {"FJI_74_2019"}


def test_evolution_names_the_year_without_evidence_and_cites_the_other(ungdc_answerer):
    answer = ungdc_answerer.answer(["How has Ghana spoken about the pandemic since 2019?"])
    check_typed_answer(answer)
    assert answer.question_type == "evolution"
    assert [(g.year, g.evidence) for g in answer.groups] == [(2019, False), (2021, True)]
    assert "nothing on this in Ghana (2019)" in " ".join(answer.sentences)
    assert cited_documents(answer) == {"GHA_76_2021"}


def test_what_an_entity_said_over_several_years_is_answered_year_by_year(ungdc_answerer):
    answer = ungdc_answerer.answer(["What did Ghana say about the pandemic in 2019 and 2021?"])
    assert answer.question_type == "evolution"
    assert [(g.label, g.evidence) for g in answer.groups] == [("Ghana (2019)", False), ("Ghana (2021)", True)]


def test_comparison_says_a_named_entity_has_no_submission(ungdc_answerer):
    # France gave no speech in the sample (its speeches name France: the analysis reads it as a topic entity).
    answer = ungdc_answerer.answer(["Compare France and Kenya on refugees"])
    check_typed_answer(answer)
    assert answer.question_type == "comparison"
    france = [g for g in answer.groups if g.label == "France"]
    assert france and not france[0].evidence and "no submission from France" in answer.sentences[0]
    assert cited_documents(answer) == {"KEN_74_2019"}


def test_summary_leaves_courtesies_out_and_keeps_document_order(ungdc_answerer):
    answer = ungdc_answerer.answer(["Summarise Kenya's 2019 statement"])
    check_typed_answer(answer)
    courtesy = re.compile(r"congratulat|thank|commend|predecessor", re.IGNORECASE)
    assert len(answer.citations) >= 4
    assert not [c.quote for c in answer.citations if courtesy.search(c.quote)]
    starts = [c.char_start for c in answer.citations]
    assert starts == sorted(starts)


def test_a_compound_word_is_no_synonym_of_its_parts():
    # "piracy-related" sits near "piracy" in meaning, but its stem "relat" must not stand for piracy:
    # over all 1,938 speeches that listed 1,237 documents for "Which countries spoke about piracy?" (grep: 60).
    from qa_service.answering.evidence import _one_stem

    assert _one_stem("piracy-related") == []
    assert _one_stem("seas") == ["sea"]


def test_class_2_an_event_year_is_tried_over_every_statement_a_statement_year_never(ungdc_answerer):
    # Speeches recount events in later years: "host in 2019" first searches Ghana's 2019 statement,
    # then all of Ghana's statements with 2019 as a word, and keeps the better answer.
    event = ungdc_answerer.retrieve(["Which conference did Ghana host in 2019?"], Filters())
    assert event.result.applied.effective.year_min == 2019
    wider = ungdc_answerer._without_event_years(event, ungdc_answerer.compose(event))
    assert wider is not None and not wider.result.applied.effective.has_years
    assert wider.result.applied.effective.entities == ("GHA",) and "2019" in wider.result.ranking_text
    assert any("read as when it happened" in note for note in wider.result.applied.notes)
    # "say ... in 2019" is the 2019 statement: a weak answer there is an abstention, not a wider search.
    said = ungdc_answerer.retrieve(["What did Ghana say about debt in 2019?"], Filters())
    assert ungdc_answerer._without_event_years(said, ungdc_answerer.compose(said)) is None
    # Nor a keyword query's: without a verb, "Ghana debt 2019" asks for the 2019 statement.
    keywords = ungdc_answerer.retrieve(["Ghana debt 2019"], Filters())
    assert keywords.result.applied.effective.year_min == 2019
    assert ungdc_answerer._without_event_years(keywords, ungdc_answerer.compose(keywords)) is None


@pytest.mark.parametrize(
    "turns",
    [
        ["In which years did Ghana speak about the pandemic?"],
        ["What did Ghana say about the pandemic?", "Which years?"],
        ["What did Ghana say about the pandemic in 2021?", "In which years did they mention it?"],
    ],
)
def test_which_years_says_the_years_with_evidence_first_then_each_years_words(ungdc_answerer, turns):
    # grep -ic pandemic: GHA_74_2019 0, GHA_76_2021 8.
    answer = ungdc_answerer.answer(turns)
    check_typed_answer(answer)
    assert answer.question_type == "evolution"
    assert answer.sentences[0] == 'Ghana spoke of "pandemic" in 2021.'
    assert [(g.year, g.evidence) for g in answer.groups] == [(2019, False), (2021, True)]
    assert cited_documents(answer) == {"GHA_76_2021"}
