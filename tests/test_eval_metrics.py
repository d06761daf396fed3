"""The eval metric functions on small examples computed by hand."""

from __future__ import annotations

import math

import pytest

from eval import metrics
from eval.metrics import Cited, Span

D = "doc"


def s(start: int, end: int, doc: str = D) -> Span:
    return Span(doc, start, end)


def test_overlap_is_half_open_and_per_document():
    assert metrics.overlaps(s(0, 10), s(9, 20))
    assert not metrics.overlaps(s(0, 10), s(10, 20))  # touching is not overlapping
    assert not metrics.overlaps(s(0, 10), s(0, 10, "other"))


def test_recall_at_k_counts_gold_spans_found():
    gold = [s(100, 120), s(500, 520)]
    retrieved = [s(0, 50), s(90, 130), s(300, 400), s(510, 600)]
    assert metrics.recall_at_k(retrieved, gold, 1) == 0.0
    assert metrics.recall_at_k(retrieved, gold, 2) == 0.5
    assert metrics.recall_at_k(retrieved, gold, 3) == 0.5
    assert metrics.recall_at_k(retrieved, gold, 4) == 1.0
    assert metrics.recall_at_k(retrieved, [], 4) is None


def test_reciprocal_rank():
    assert metrics.reciprocal_rank([False, False, True, True]) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank([True]) == 1.0
    assert metrics.reciprocal_rank([False, False]) == 0.0


def test_ndcg_by_hand():
    # Gold spans found at ranks 2 and 3, two gold spans in all: DCG = 1/log2(3) + 1/log2(4) = 0.6309 + 0.5;
    # ideal = 1 + 1/log2(3) = 1.6309; nDCG = 1.1309 / 1.6309 = 0.6934.
    gold = [Span("d", 0, 10), Span("d", 50, 60)]
    hits = [Span("d", 20, 30), Span("d", 5, 15), Span("d", 55, 70), Span("e", 0, 10)]
    value = metrics.gold_ndcg_at_k(hits, gold, k=10)
    assert value == pytest.approx((1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3)))
    assert value == pytest.approx(0.6934, abs=1e-4)
    assert metrics.gold_ndcg_at_k(hits, [], 10) is None
    # k cuts the ranking: the gold found at rank 3 does not count at k=2.
    assert metrics.gold_ndcg_at_k(hits[:3], gold[1:], k=2) == 0.0


def test_ndcg_counts_each_gold_span_once_whatever_unit_is_returned():
    gold = [Span("d", 90, 130)]  # a quote straddling two 100-character chunks
    chunks = [Span("d", 0, 100), Span("d", 100, 200)]
    passage = [Span("d", 0, 200)]
    assert metrics.gold_ndcg_at_k(chunks, gold) == pytest.approx(1.0)  # the second chunk adds nothing
    assert metrics.gold_ndcg_at_k(passage, gold) == pytest.approx(1.0)
    assert metrics.gold_ndcg_at_k([Span("d", 300, 400), *passage], gold) == pytest.approx(1 / math.log2(3))
    # Graded: gains 1 then 2 where the ideal order is 2 then 1: (1 + 2/log2 3) / (2 + 1/log2 3).
    graded = metrics.ndcg_at_k([1.0, 2.0], [1.0, 2.0], 10)
    assert graded == pytest.approx((1 + 2 / math.log2(3)) / (2 + 1 / math.log2(3)))


def test_id_recall_beir_style():
    assert metrics.id_recall_at_k(["a", "b", "c"], {"c", "z"}, 2) == 0.0
    assert metrics.id_recall_at_k(["a", "b", "c"], {"c", "z"}, 3) == 0.5
    assert metrics.id_recall_at_k(["a"], set(), 3) is None


def test_recall_within_budget_stops_at_the_budget_but_keeps_the_first_hit():
    gold = [s(0, 5), s(100, 105)]
    retrieved = [s(0, 10), s(50, 60), s(100, 110)]
    assert metrics.recall_within_budget(retrieved, [200, 200, 200], gold, 450) == 0.5  # third does not fit
    assert metrics.recall_within_budget(retrieved, [200, 200, 200], gold, 600) == 1.0
    assert metrics.recall_within_budget(retrieved, [900, 10, 10], gold, 100) == 0.5  # first always counts


def test_normalisation_and_token_f1():
    assert metrics.normalize_tokens("The $1,000-million fact-checking, iVerify!") == [
        "1000",
        "million",
        "fact",
        "checking",
        "iverify",
    ]
    # prediction: [european, union] vs reference [european, union, eu]: P = 1, R = 2/3, F1 = 0.8
    assert metrics.token_f1("the European Union", "European Union (EU)") == pytest.approx(0.8)
    assert metrics.token_f1("nothing here", "European Union") == 0.0
    assert metrics.token_f1("", "") == 1.0


def test_key_fact_recall_with_alternatives():
    answer = "UNDP launched iVerify with the EU [1]. It is a fact-checking tool [2]."
    facts = [["iVerify"], ["European Union", "EU"], ["fact checking"], ["democratic processes"]]
    assert metrics.key_fact_recall(answer, facts) == 0.75
    assert metrics.fact_found("$500 million", ["500 million"])
    assert not metrics.fact_found("5000 millions", ["500 million"])  # whole words only
    assert metrics.key_fact_recall("anything", []) is None


def test_a_fact_next_to_a_symbol_is_found():
    # Units and currency signs are not ASCII punctuation but still end a number.
    assert metrics.key_fact_recall("temperatures reaching more than 49°C", [["49"]]) == 1.0
    assert metrics.key_fact_recall("some €6 billion a year", [["6 billion"]]) == 1.0
    assert metrics.key_fact_recall("cut by 40–45%", [["40-45 per cent", "40 45"]]) == 1.0
    assert metrics.key_fact_recall("a 149°C peak", [["49"]]) == 0.0


def test_citation_precision_and_recall():
    gold = [s(100, 200), s(400, 450)]
    facts = [["iVerify"]]
    citations = [
        Cited(s(150, 180), "overlaps gold"),
        Cited(s(300, 350), "states iVerify, outside gold"),
        Cited(s(600, 700), "unrelated"),
    ]
    assert metrics.citation_precision(citations, gold, facts) == pytest.approx(2 / 3)
    assert metrics.citation_recall(citations, gold) == 0.5
    assert metrics.citation_precision([], gold, facts) is None
    assert metrics.citation_recall(citations, []) is None


def test_abstention_precision_and_recall():
    # (unanswerable, abstained): 2 true abstentions, 1 false abstention, 1 missed unanswerable.
    outcomes = [(True, True), (True, True), (False, True), (True, False), (False, False)]
    result = metrics.abstention_scores(outcomes)
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 3)
    assert metrics.abstention_scores([(False, False)]) == (None, None)


def test_percentiles_interpolate_like_numpy():
    values = [10.0, 20.0, 30.0, 40.0]
    assert metrics.percentile(values, 50) == 25.0
    assert metrics.percentile(values, 95) == pytest.approx(38.5)  # 30 + 0.85 * 10
    assert metrics.percentile([7.0], 95) == 7.0
    assert metrics.percentile([], 50) is None


def test_mean_ignores_undefined_values():
    assert metrics.mean([1.0, None, 0.0]) == 0.5
    assert metrics.mean([None]) is None
