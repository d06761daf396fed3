"""The benchmark harness at toy sizes: every measuring function runs and reports sane numbers.

Speed itself is measured by `python -m bench`, never asserted here.
"""

from __future__ import annotations

import numpy as np

from bench import inprocess, queries, report, scale, stats, synthetic, targets
from bench.indexing import ReplayEmbedder, embed_texts
from qa_service.retrieval.filters import Filters
from tests.conftest import SEED


def test_stats_median_spread_and_percentiles() -> None:
    runs = stats.over_runs([10.0, 12.0, 11.0])
    assert runs["median"] == 11.0 and runs["spread_pct"] == round(2 / 11 * 100, 1)
    lat = stats.latency([float(i) for i in range(1, 101)])
    assert lat["p50"] == 50.5 and 99 <= lat["p99"] <= 100


def test_question_sets_are_distinct_so_the_cache_misses() -> None:
    qs = queries.question_set(120, ["Ghana"], [2019, 2021])
    assert len(set(qs)) == 120
    assert any("2019" in q or "2021" in q for q in qs)


def test_inprocess_stages_add_up_to_the_search(seed_engine) -> None:
    rounds = [queries.question_set(6, seed=1), queries.question_set(6, seed=2)]
    result = inprocess.measure(seed_engine, rounds, warmup=["disinformation"])
    total = result["total"]["p50"]["median"]
    stage_sum = sum(result["stages"][s]["p50"]["median"] for s in inprocess.STAGES)
    assert total > 0 and result["stages"]["embed"]["p50"]["median"] > 0
    assert stage_sum <= total * 1.5  # medians of parts need not add up exactly, but they are parts
    assert result["total_cached_query"]["p50"]["median"] <= total * 2


def test_replay_embedder_builds_the_same_index_without_the_model(seed_index, embedder, tmp_path) -> None:
    from indexer.build import build

    texts = embed_texts(seed_index)
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    report_ = build(SEED.parent, tmp_path, ReplayEmbedder(embedder, texts, vectors))
    assert report_.total_chunks == len(texts) and embed_texts(tmp_path) == texts


def test_index_parts_and_recall_on_a_small_synthetic_corpus(seed_engine) -> None:
    snap = seed_engine.index.snapshot
    real = np.array(snap.vectors)
    pool = synthetic.SentencePool(
        ["Ghana spoke of climate change.", "Capacity building in e-health matters.", "Media freedom was defended."],
        [["ghana", "climat", "chang"], ["capac", "build", "health"], ["media", "freedom", "defend"]],
        [frozenset(), frozenset({"C4", "C7", "C7.e-health"}), frozenset({"C9"})],
    )
    corpus = synthetic.make_corpus(600, pool, ["GHA", "KEN"])
    vectors = synthetic.vectors_near(real, corpus.size)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    from indexer.keyword import KeywordIndex

    keyword = KeywordIndex.from_tokens(synthetic.chunk_tokens(corpus, pool))
    rows = scale.row_meta(
        np.arange(corpus.size) // synthetic.CHUNKS_PER_DOC,
        corpus.doc_years,
        corpus.doc_entities,
        synthetic.chunk_tags(corpus, pool),
    )
    doc_ids = [str(i) for i in range(len(corpus.doc_entities))]
    flat = scale.flat_index(vectors)
    hnsw, _ = scale.hnsw_index(vectors, None, ef_construction=40)
    q = vectors[:8]
    parts = scale.measure(
        scale.stand_in(flat, vectors, keyword, rows, doc_ids),
        q,
        ["climate"] * 8,
        [Filters(entities=("GHA",)), Filters(action_lines=("C9",))],
        rounds=2,
    )
    assert {"dense", "keyword", "fusion", "filter_mask", "dense_filtered"} <= set(parts)
    assert scale.recall_at_10(flat, flat, q) == 1.0
    assert 0.5 <= scale.recall_at_10(flat, hnsw, q) <= 1.0


def test_targets_say_by_how_much_a_target_is_missed(tmp_path) -> None:
    results = {
        "machine": {"cpu": "x", "cores": 2, "load_at_start": (1, 1, 1)},
        "indexing": {"pipeline_vs_bare_encode": {"median": 0.9}},
        "corpora": [],
    }
    checks = targets.evaluate(results)
    miss = next(c for c in checks if c["target"].startswith("indexing: pipeline"))
    assert miss["met"] is False and miss["miss_by_pct"] == round(0.05 / 0.95 * 100, 1)
    assert report.plot({"corpora": []}, tmp_path / "p.png") is None  # nothing measured, nothing drawn
