"""Each question type answered with its own strategy, over the UNGDC sample (the seed, GHA 2019 and 2021,
KEN 2019, NGA 2019, FJI 2019, DEU 2021). Expected documents were found by reading and grep."""

from __future__ import annotations

from tests.test_answering import check_typed_answer


def cited_documents(answer) -> set[str]:
    return {c.document.doc_id for c in answer.citations}


def test_listing_finds_every_document_that_speaks_of_it(ungdc_answerer):
    # grep -il vaccin: GHA_76_2021 and DEU_76_2021 only.
    answer = ungdc_answerer.answer(["Which countries spoke about vaccines?"])
    check_typed_answer(answer)
    assert answer.question_type == "listing"
    assert cited_documents(answer) == {"GHA_76_2021", "DEU_76_2021"} and answer.count == 2


def test_counting_says_how_many_and_lists_them(ungdc_answerer):
    # grep -il refugee: KEN_74_2019 and DEU_76_2021.
    answer = ungdc_answerer.answer(["How many countries mentioned refugees?"])
    check_typed_answer(answer)
    assert answer.question_type == "counting" and answer.count == 2
    assert answer.sentences[0] == '2 entities speak of "refugees", in 2 documents.'  # who spoke: UNDP too
    assert cited_documents(answer) == {"KEN_74_2019", "DEU_76_2021"}
    statements = ungdc_answerer.answer(["How many statements mention vaccines?"])
    assert statements.count == 2 and statements.sentences[0] == '2 documents speak of "vaccines", from 2 entities.'


def test_listing_needs_every_name_of_the_question_in_its_evidence(ungdc_answerer):
    # "Gulf of Guinea" is in no speech of the sample; Ghana's 2021 speech names Guinea (the country).
    answer = ungdc_answerer.answer(["Which countries spoke about the Gulf of Guinea?"])
    assert not cited_documents(answer) & {"GHA_76_2021"}


def test_comparison_gives_one_part_per_named_entity(ungdc_answerer):
    answer = ungdc_answerer.answer(["Compare Kenya and Fiji on the oceans"])
    check_typed_answer(answer)
    assert answer.question_type == "comparison"
    assert [g.entity for g in answer.groups] == ["KEN", "FJI"] and all(g.evidence for g in answer.groups)
    assert {c.document.meta["entity"] for c in answer.citations} == {"KEN", "FJI"}


def test_evolution_cites_each_year_in_order_and_no_other_entity(ungdc_answerer):
    answer = ungdc_answerer.answer(["How has Ghana's position on climate change evolved over the years?"])
    check_typed_answer(answer)
    assert answer.question_type == "evolution"
    assert [g.year for g in answer.groups] == [2019, 2021] and all(g.evidence for g in answer.groups)
    assert {c.document.meta["entity"] for c in answer.citations} == {"GHA"}


def test_summary_takes_key_sentences_of_one_document_in_order(ungdc_answerer):
    answer = ungdc_answerer.answer(["Summarise Kenya's 2019 statement"])
    check_typed_answer(answer)
    assert answer.question_type == "summary" and len(answer.groups) >= 3
    assert cited_documents(answer) == {"KEN_74_2019"}
    starts = [c.char_start for c in answer.citations]
    assert starts == sorted(starts)


def test_chat_api_reports_the_type_and_groups(ungdc_engine):
    from fastapi.testclient import TestClient

    from tests.conftest import chat_app

    with TestClient(chat_app(ungdc_engine, None)) as client:
        body = client.post(
            "/v1/chat", json={"messages": [{"role": "user", "content": "Which countries spoke about vaccines?"}]}
        ).json()
    assert body["question_type"] == "listing" and body["count"] == 2
    assert {g["document_id"] for g in body["groups"]} == {"GHA_76_2021", "DEU_76_2021"}


def test_comparison_with_an_absent_speaker_says_the_corpus_has_nothing_from_it(ungdc_answerer):
    # Issue 12 class 3: Italy has no speech in the sample; Kenya's part is answered, Italy's says so.
    answer = ungdc_answerer.answer(["Compare Italy and Kenya on the oceans"])
    assert answer.question_type == "comparison" and not answer.abstained
    assert {g.entity for g in answer.groups} == {"KEN", "ITA"}
    italy = next(g for g in answer.groups if g.entity == "ITA")
    assert not italy.evidence and "no submission from Italy (ITA)" in italy.sentences[0]
    assert {c.document.meta["entity"] for c in answer.citations} == {"KEN"}
