"""The multi-document metrics (issue 13) and the UNGDC case format, on hand-computed examples."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from eval import gate
from eval.cases import Case
from eval.multidoc import (
    DocMeta,
    check_documents,
    cited_docs,
    comparison_scores,
    evolution_scores,
    list_scores,
    states_count,
)

META = {
    "NOR_74_2019": DocMeta("NOR", 2019),
    "NOR_75_2020": DocMeta("NOR", 2020),
    "NOR_76_2021": DocMeta("NOR", 2021),
    "FJI_76_2021": DocMeta("FJI", 2021),
}


def test_cited_documents_are_read_from_today_s_citations_and_from_groups_and_doc_id():
    body = {
        "citations": [{"document": {"id": "A"}}, {"document": {"id": "B"}}, {"document": {"id": "A"}}],
        "groups": [{"label": "x", "citations": [{"doc_id": "C"}, {"document": "D"}, {"document": {"id": "B"}}]}],
    }
    assert cited_docs(body) == ["A", "B", "C", "D"]
    assert cited_docs({"citations": []}) == []
    # Today's groups: citation numbers into the top-level list, a document id, and whether it has evidence.
    groups = [
        {"label": "Norway (2019)", "document_id": "E", "citations": [1], "evidence": True},
        {"label": "Norway (2020)", "document_id": "F", "citations": [], "evidence": False},
    ]
    assert cited_docs({"citations": [{"document": {"id": "A"}}], "groups": groups}) == ["A", "E"]


def test_list_scores_are_document_recall_and_precision():
    assert list_scores(["A", "B", "X"], ["A", "B", "C", "D"]) == (0.5, 2 / 3)
    assert list_scores([], ["A"]) == (0.0, None)


def test_evolution_counts_years_of_the_entity_and_flags_other_entities():
    expected = ["NOR_74_2019", "NOR_75_2020", "NOR_76_2021"]
    assert evolution_scores(["NOR_76_2021", "NOR_74_2019"], expected, META) == (2 / 3, False, [])
    assert evolution_scores(["NOR_76_2021", "FJI_76_2021"], expected, META) == (1 / 3, True, [])
    # "in 2019 and 2021": 2020 has no place in the answer
    two_years = ["NOR_74_2019", "NOR_76_2021"]
    assert evolution_scores(["NOR_74_2019", "NOR_75_2020"], two_years, META) == (0.5, False, ["NOR_75_2020"])


def test_a_compared_entity_the_corpus_lacks_is_covered_when_the_answer_names_it():
    from eval.multidoc import score_row
    from eval.rows import Row

    case = Case.model_validate(
        _listing(
            category="comparison",
            question_type="comparison",
            question="Compare Italy and Norway on the oceans.",
            expected_docs=["NOR_74_2019"],
            expected_entities=["NOR"],
            absent_entities=["ITA"],
        )
    )
    row = Row(case.id, case.category, [], [case.question or ""], True, [], case.reference, [], "neither")
    row.cited_docs, row.answer = ["NOR_74_2019"], "Norway (2019): oceans. The corpus holds no statement by Italy."
    score_row(row, case, META)
    assert (row.comparison_coverage, row.other_entity_cited, row.stray_docs) == (1.0, False, [])
    row.cited_docs = ["NOR_74_2019", "NOR_75_2020"]  # Norway's 2020 speech has no evidence in this case
    score_row(row, case, META)
    assert row.stray_docs == ["NOR_75_2020"]
    row.cited_docs = ["NOR_74_2019"]
    row.answer = "Norway (2019): oceans."
    score_row(row, case, META)
    assert row.comparison_coverage == 0.5


def test_comparison_covers_named_entities_and_flags_others():
    assert comparison_scores(["NOR_74_2019"], ["NOR", "FJI"], META) == (0.5, False)
    assert comparison_scores(["NOR_74_2019", "FJI_76_2021"], ["NOR"], META) == (1.0, True)


@pytest.mark.parametrize(
    ("answer", "count", "found"),
    [
        ("13 countries spoke about it", 13, True),
        ("Thirteen countries did.", 13, True),
        ("In 2013, 130 were counted", 13, False),
        ("about 1.13 per cent", 13, False),
        ("nine speeches", 9, True),
    ],
)
def test_states_count_needs_the_number_itself(answer, count, found):
    assert states_count(answer, count) is found


def test_states_count_with_a_unit_needs_the_number_to_count_that_unit():
    answer = "8 countries speak of the Rohingya, in 15 documents."
    assert states_count(answer, 8, "countries") and states_count(answer, 15, "documents")
    assert not states_count(answer, 15, "countries") and not states_count(answer, 8, "documents")
    assert states_count("Nine of the speeches mention Crimea.", 9, "documents")


def _listing(**overrides):
    data = {
        "id": "list-x",
        "category": "listing",
        "question_type": "listing",
        "question": "Which countries spoke about piracy?",
        "answerable": True,
        "reference": "A and B.",
        "expected_docs": ["A", "B"],
        "grep": r"\bpiracy\b",
    }
    return {**data, **overrides}


def test_a_multi_document_case_needs_its_documents_and_a_counting_case_its_number():
    Case.model_validate(_listing())
    with pytest.raises(ValidationError, match="expected_docs"):
        Case.model_validate(_listing(expected_docs=[]))
    with pytest.raises(ValidationError, match="expected_count"):
        Case.model_validate(_listing(category="counting", question_type="counting"))
    with pytest.raises(ValidationError, match="classes 1-6"):
        Case.model_validate(_listing(failure_class=[7]))
    absent = {"category": "absent_year", "answerable": False, "expected_docs": [], "reference": None}
    Case.model_validate(_listing(**absent, question_type="summary", question="Summarise Norway's 2016 statement."))
    with pytest.raises(ValidationError, match="unanswerable case has no"):
        Case.model_validate(_listing(**{**absent, "expected_docs": ["A"]}))


def test_check_documents_names_missing_and_unmatched_documents_and_notes_extra_matches():
    case = Case.model_validate(_listing(expected_docs=["A", "B", "Z"]))
    texts = {"A": "maritime piracy", "B": "a conspiracy", "C": "piracy at sea"}
    problems, notes = check_documents([case], texts)
    assert problems == [
        "case list-x: expected document(s) not in the corpus: Z",
        "case list-x: expected document(s) without a match of '\\\\bpiracy\\\\b': ['B']",
    ]
    assert notes == ["case list-x: '\\\\bpiracy\\\\b' also matches C (not expected)"]


def test_suite_floors_live_in_their_own_section(tmp_path):
    path = tmp_path / "floors.json"
    path.write_text(
        json.dumps({"retrieval": {"mrr": 0.8}, "ungdc": {"_comment": "x", "multidoc": {"list_recall": 0.1}}})
    )
    assert gate.load_floors(path) == {"retrieval": {"mrr": 0.8}}
    assert gate.load_floors(path, suite="ungdc") == {"multidoc": {"list_recall": 0.1}}
    summary = {"list_recall": None}
    assert gate.check(summary, {"multidoc": {"list_recall": 0.1}}, chat_available=False).skipped


def test_the_subset_corpus_is_copied_flat_and_keyed_by_the_speeches_bytes(tmp_path):
    from eval import ungdc_subset

    data = tmp_path / "ungdc"
    for name, text in (("NOR_74_2019.txt", "Norway on oceans."), ("FJI_76_2021.txt", "Fiji on seas.")):
        (data / name[-8:-4]).mkdir(parents=True, exist_ok=True)
        (data / name[-8:-4] / name).write_text(text, encoding="utf-8")
    names = ["NOR_74_2019.txt", "FJI_76_2021.txt"]
    key = ungdc_subset.subset_key(data, names, 160, 32)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "OLD_70_2015.txt").write_text("stale", encoding="utf-8")
    ungdc_subset._materialise(data, names, corpus)
    assert sorted(p.name for p in corpus.iterdir()) == sorted(names)
    assert ungdc_subset.subset_key(data, names, 160, 32) == key != ungdc_subset.subset_key(data, names, 128, 32)
    (data / "2019" / "NOR_74_2019.txt").write_text("Norway on oceans, revised.", encoding="utf-8")
    assert ungdc_subset.subset_key(data, names, 160, 32) != key
    with pytest.raises(FileNotFoundError, match="GHA_74_2019.txt"):
        ungdc_subset.subset_key(data, [*names, "GHA_74_2019.txt"], 160, 32)
