"""Fusion, query understanding, filters and per-document caps over real indexes."""

from __future__ import annotations

import numpy as np
import pytest

from qa_service.errors import UnknownFilterValue
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.hybrid import Ranked, fuse_convex, fuse_rrf
from tests.conftest import HEADLINE
from tests.conftest import planned as understood


def _ranked(rows, scores):
    return Ranked(np.array(rows, dtype=np.int64), np.array(scores, dtype=np.float32))


def test_rrf_by_hand():
    fused = fuse_rrf(_ranked([1, 2, 3], [0.9, 0.8, 0.7]), _ranked([3, 4], [5.0, 4.0]), k=60)
    by_row = {f.row: f for f in fused}
    assert by_row[3].fused == pytest.approx(1 / 63 + 1 / 61)
    assert by_row[1].fused == pytest.approx(1 / 61)
    assert [f.row for f in fused] == [3, 1, 2, 4]  # rows 2 and 4 tie at 1/62: the lower row first
    assert by_row[3].dense == pytest.approx(0.7) and by_row[3].keyword == 5.0 and by_row[3].keyword_rank == 1


def test_convex_by_hand():
    fused = fuse_convex(_ranked([1, 2], [0.9, 0.5]), _ranked([2, 3], [10.0, 2.0]), alpha=0.5)
    by_row = {f.row: f.fused for f in fused}
    assert by_row == pytest.approx({1: 0.5, 2: 0.5, 3: 0.0})


def test_headline_question_ranks_iverify_first(seed_engine):
    result = seed_engine.search(HEADLINE, k=5)
    assert "iVerify" in result.hits[0].chunk.text
    assert result.applied_filters["entity"] == ["UNDP"]
    assert result.applied_filters["year"] == {"min": 2021, "max": 2021}
    assert "UNDP" not in result.ranking_text and "2021" not in result.ranking_text


@pytest.mark.parametrize(
    "query",
    [
        "What did UNDP do?",
        "What did the United Nations Development Programme do?",
        "what did the un development programme do",
    ],
)
def test_entity_names_and_aliases(seed_engine, query):
    assert understood(seed_engine, query)[1].implied.entities == ("UNDP",)


def test_years_ranges_and_action_lines(ungdc_engine):
    parsed, planned = understood(ungdc_engine, "What did Ghana say between 2019 and 2021 about e-health?")
    assert planned.implied.entities == ("GHA",)
    assert (planned.implied.year_min, planned.implied.year_max) == (2019, 2021)
    assert "C7.e-health" in parsed.action_lines
    dash, dash_plan = understood(ungdc_engine, "Kenya 2019\u20132021 capacity building, C9")
    assert dash_plan.implied.entities == ("KEN",)
    assert (dash_plan.implied.year_min, dash_plan.implied.year_max) == (2019, 2021)
    assert {"C4", "C9"} <= set(dash.action_lines)


def test_lowercase_who_is_a_question_word_not_an_entity(seed_engine):
    parsed, planned = understood(seed_engine, "who did they build it with?")
    assert parsed.absent_entities == [] and planned.implied.is_empty()


def test_unknown_entity_and_year_return_nothing_with_a_notice(seed_engine):
    who = seed_engine.search("What did WHO do on e-health?")
    assert who.hits == [] and "no submission from World Health Organization (WHO)" in (who.applied.notice or "")
    assert "UNDP" in who.applied.notice and "2021" in who.applied.notice
    year = seed_engine.search("What did UNDP do on disinformation in 2015?")
    assert year.hits == [] and "no submission for 2015" in (year.applied.notice or "")


def test_partner_named_in_the_text_is_a_topic_not_a_filter(seed_engine):
    result = seed_engine.search("What did UNDP do with the European Union?", k=3)
    assert result.applied.notice is None and "European Union" in result.hits[0].chunk.text


def test_ghana_2019_returns_only_that_speech(ungdc_engine):
    result = ungdc_engine.search("What did Ghana say about climate change in 2019?", k=10)
    assert result.hits and {h.document.doc_id for h in result.hits} == {"GHA_74_2019"}


def test_explicit_filters_win_over_implied(ungdc_engine):
    result = ungdc_engine.search(
        "What did Ghana say about climate change in 2019?", k=5, filters=Filters(entities=("KEN",))
    )
    assert {h.document.meta["entity"] for h in result.hits} == {"KEN"}
    assert result.applied_filters["entity"] == ["KEN"] and result.applied_filters["year"]["min"] == 2019
    by_name = ungdc_engine.search("climate", k=5, filters=Filters(entities=("Ghana",)))
    assert {h.document.meta["entity"] for h in by_name.hits} == {"GHA"}
    with pytest.raises(UnknownFilterValue):
        ungdc_engine.search("climate", filters=Filters(entities=("Atlantis",)))
    with pytest.raises(UnknownFilterValue):
        ungdc_engine.search("climate", filters=Filters(action_lines=("C99",)))


def test_action_line_and_document_filters(ungdc_engine):
    result = ungdc_engine.search("initiatives", k=10, filters=Filters(action_lines=("C9",)))
    assert result.hits and all("C9" in h.chunk.action_lines for h in result.hits)
    only = ungdc_engine.search("climate", k=10, filters=Filters(doc_ids=("KEN_74_2019",)))
    assert {h.document.doc_id for h in only.hits} == {"KEN_74_2019"}


def test_per_document_cap_spreads_hits(ungdc_engine):
    capped = ungdc_engine.search("climate change and sustainable development", k=10, per_document=1)
    docs = [h.document.doc_id for h in capped.hits]
    assert len(docs) == len(set(docs)) and len(docs) >= 5


def test_modes_and_paging(seed_engine):
    dense = seed_engine.search("fact-checking disinformation", k=3, mode="dense")
    assert all(h.keyword is None for h in dense.hits)
    keyword = seed_engine.search("fact-checking disinformation", k=3, mode="keyword")
    assert all(h.dense is None and h.keyword for h in keyword.hits)
    first = seed_engine.search("digital", k=2)
    second = seed_engine.search("digital", k=2, offset=2)
    assert not {h.row for h in first.hits} & {h.row for h in second.hits}


def test_document_frequency_is_the_count_of_rows_a_term_scores(seed_index):
    from indexer.keyword import analyze
    from indexer.reader import IndexSnapshot

    snap = IndexSnapshot.open_current(seed_index, verify=False)
    try:
        keyword = snap.keyword
        for word in ("iVerify", "digital", "disinformation", "the", "nonexistentword"):
            for term in analyze(word) or [word]:
                rows = int(np.count_nonzero(keyword.scores(word) > 0)) if analyze(word) else 0
                assert keyword.document_frequency(term) == rows, word
    finally:
        snap.close()
