"""The eval case file: schema, validation errors that name the case, gold quotes located in the corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval import ungdc_subset
from eval.cases import (
    CASES_PATH,
    SCHEMA_PATH,
    UNANSWERABLE_CATEGORIES,
    CaseError,
    json_schema,
    load_cases,
    locate_evidence,
)
from eval.multidoc import check_documents
from eval.validate import corpus_texts
from tests.conftest import CORPUS, HEADLINE

DOC = "undp-2021-cstd25-wsis-submission"


def write(tmp_path: Path, *cases: dict) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


def answerable(case_id: str, quote: str) -> dict:
    return {
        "id": case_id,
        "category": "factual",
        "question": "What is iVerify?",
        "answerable": True,
        "reference": "A fact-checking mechanism.",
        "key_facts": ["fact-checking"],
        "evidence": [{"quote": quote}],
    }


def test_shipped_cases_cover_every_category_and_their_quotes_are_in_the_corpus():
    cases = load_cases()
    assert len(cases) >= 60
    counts = Counter(c.category for c in cases)
    # Every category is used by one of the two suites (the seed's and the UNGDC subset's).
    ungdc = Counter(c.category for c in load_cases(ungdc_subset.CASES_PATH))
    assert set(counts) | set(ungdc) == set(json_schema()["properties"]["category"]["enum"])
    assert sum(counts[c] for c in UNANSWERABLE_CATEGORIES) >= 10
    spans = locate_evidence(cases, corpus_texts(CORPUS))
    texts = corpus_texts(CORPUS)
    for case in cases:
        assert len(spans[case.id]) == len(case.evidence)
        for span in spans[case.id]:
            assert " ".join(texts[span.doc][span.start : span.end].split()) == " ".join(span.quote.split())


def test_ungdc_cases_quote_the_subset_and_their_document_lists_match_their_grep():
    if not ungdc_subset.default_data_dir().is_dir():
        pytest.skip("../shared/data/ungdc is not available")
    cases = load_cases(ungdc_subset.CASES_PATH)
    texts = ungdc_subset.load_texts()
    spans = locate_evidence(cases, texts)
    assert all(len(spans[c.id]) == len(c.evidence) for c in cases)
    assert check_documents(cases, texts)[0] == []
    counts = Counter(c.category for c in cases)
    assert len(cases) >= 150 and sum(counts[c] for c in UNANSWERABLE_CATEGORIES) >= 20
    assert {"listing", "counting", "evolution", "comparison", "summary"} <= {c.question_type for c in cases}


def test_the_headline_conversation_expects_the_european_union():
    by_id = {c.id: c for c in load_cases()}
    turn = by_id["turn-eu"]
    assert turn.turns == [HEADLINE, "Who did they build it with?"]
    assert ["European Union", "EU"] in turn.fact_alternatives()


def test_schema_file_is_generated_from_the_models():
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == json_schema()


def test_a_gold_quote_missing_from_the_corpus_is_an_error_naming_the_case(tmp_path):
    path = write(
        tmp_path,
        answerable("good-one", "a fact-checking and response mechanism"),
        answerable("bad-quote", "a fact-checking and response machine"),
    )
    cases = load_cases(path)
    with pytest.raises(CaseError) as err:
        locate_evidence(cases, corpus_texts(CORPUS))
    assert "case bad-quote" in str(err.value)
    assert "response machine" in str(err.value)
    assert "good-one" not in str(err.value)


def test_quotes_match_across_line_joins_but_not_ambiguous_ones(tmp_path):
    texts = {DOC: "Alpha beta\n\ngamma delta. Alpha beta again.", "other": "nothing"}
    cases = load_cases(write(tmp_path, answerable("joined", "beta gamma delta"), answerable("twice", "Alpha beta")))
    with pytest.raises(CaseError) as err:
        locate_evidence(cases, texts)
    message = str(err.value)
    assert "case twice" in message and "occurs 2 times" in message
    assert "joined" not in message
    only_joined = locate_evidence(cases[:1], texts)["joined"][0]
    assert (only_joined.doc, only_joined.start) == (DOC, 6)


def test_a_named_document_that_is_not_indexed_is_an_error(tmp_path):
    case = answerable("wrong-doc", "fact-checking and response")
    case["evidence"][0]["doc"] = "no-such-doc"
    with pytest.raises(CaseError, match="case wrong-doc: document 'no-such-doc'"):
        locate_evidence(load_cases(write(tmp_path, case)), corpus_texts(CORPUS))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"answerable": False}, "unanswerable case has no 'evidence'"),
        ({"category": "off_topic"}, "category 'off_topic' is for unanswerable cases"),
        ({"turns": ["one", "two"]}, "exactly one of 'question' and 'turns'"),
        ({"key_facts": []}, "needs 'evidence', 'key_facts' and 'reference'"),
        ({"category": "gossip"}, "category"),
        ({"id": "Bad Id"}, "id"),
        ({"extra": 1}, "extra"),
    ],
)
def test_invalid_cases_are_errors_naming_the_case(tmp_path, change, message):
    case = {**answerable("broken", "fact-checking and response"), **change}
    with pytest.raises(CaseError) as err:
        load_cases(write(tmp_path, answerable("fine", "fact-checking and response"), case))
    text = str(err.value)
    assert f"case {case['id']}" in text and message in text
    assert "case fine" not in text


def test_duplicate_ids_and_broken_lines_are_reported(tmp_path):
    path = write(tmp_path, answerable("same", "fact-checking"), answerable("same", "fact-checking"))
    path.write_text(path.read_text() + "{not json\n")
    with pytest.raises(CaseError) as err:
        load_cases(path)
    assert "case same: duplicate id" in str(err.value)
    assert "line 3: not JSON" in str(err.value)


def test_shipped_file_is_the_default():
    assert CASES_PATH.name == "cases.jsonl" and CASES_PATH.is_file()
