"""The synthetic scales: index parts at each size, recall of HNSW, and (optionally) the full service."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from bench import scale, synthetic, synthetic_snapshot
from bench.corpora import cache_dir, ungdc_files
from indexer.keyword import KeywordIndex
from qa_service.retrieval.filters import Filters

COUNTRIES = [
    "GHA",
    "KEN",
    "NGA",
    "FJI",
    "DEU",
    "BRA",
    "IND",
    "JPN",
    "MEX",
    "EGY",
    "FRA",
    "CHL",
    "IDN",
    "CAN",
    "PER",
    "NOR",
    "SEN",
    "VNM",
    "JAM",
    "NPL",
] + ["USA", "CHN", "ZAF", "ARG", "AUS", "ESP", "ITA", "TUR", "PAK", "BGD"]


def pool(quick: bool) -> synthetic.SentencePool:
    return synthetic.sentence_pool(ungdc_files(150 if quick else 600), limit=15_000 if quick else 60_000)


def parts_at(
    size: int,
    sentences: synthetic.SentencePool,
    real_vectors: np.ndarray,
    query_vectors: np.ndarray,
    query_texts: list[str],
    rounds: int,
    hnsw_efc: int,
) -> dict[str, Any]:
    started = time.perf_counter()
    corpus = synthetic.make_corpus(size, sentences, COUNTRIES)
    vectors = synthetic.vectors_near(real_vectors, size)
    keyword = KeywordIndex.from_tokens(synthetic.chunk_tokens(corpus, sentences))
    doc_index = np.arange(size) // synthetic.CHUNKS_PER_DOC
    doc_ids = [f"d{i}" for i in range(len(corpus.doc_entities))]
    rows = scale.row_meta(doc_index, corpus.doc_years, corpus.doc_entities, synthetic.chunk_tags(corpus, sentences))
    years = synthetic.YEARS * 3
    filters = [Filters(entities=(c,), year_min=y, year_max=y) for c, y in zip(COUNTRIES, years, strict=True)]
    filters += [Filters(action_lines=("C4",))]
    out: dict[str, Any] = {"chunks": size, "vector_bytes": int(vectors.nbytes), "prepare_s": 0.0}
    flat = scale.flat_index(vectors)
    out["prepare_s"] = round(time.perf_counter() - started, 1)
    out["flat"] = scale.measure(
        scale.stand_in(flat, vectors, keyword, rows, doc_ids), query_vectors, query_texts, filters, rounds
    )
    hnsw, build_s = scale.hnsw_index(vectors, cache_dir(), hnsw_efc)
    out["hnsw_build_s"] = round(build_s, 1) if build_s is not None else "cached"
    out["hnsw_ef_construction"] = hnsw_efc
    out["hnsw_bytes"] = scale.memory_bytes(hnsw)
    out["hnsw"] = scale.measure(
        scale.stand_in(hnsw, vectors, None, rows, doc_ids), query_vectors, query_texts, filters, rounds
    )
    exact32 = scale.flat_index(vectors, storage="float32")  # ground truth: fp32 exact search
    out["recall_at_10"] = {"hnsw_vs_exact": scale.recall_at_10(exact32, hnsw, query_vectors)}
    for ef in (64, 128, 256):
        hnsw.hnsw.efSearch = ef
        out["recall_at_10"][f"ef_search_{ef}"] = scale.recall_at_10(exact32, hnsw, query_vectors)
    del exact32
    return out


def service_snapshot(size: int, sentences: synthetic.SentencePool, real_vectors: np.ndarray, exact_max: int) -> Path:
    """A full snapshot of ``size`` synthetic chunks under the cache, written once."""
    index_dir = cache_dir() / f"index-synthetic-{size}-exact{exact_max}"
    if (index_dir / "CURRENT").exists():
        return index_dir
    corpus = synthetic.make_corpus(size, sentences, COUNTRIES)
    synthetic_snapshot.write(index_dir, corpus, sentences, synthetic.vectors_near(real_vectors, size), exact_max)
    return index_dir
