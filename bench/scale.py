"""The index parts alone at a given size: exact and HNSW dense search, BM25, filters, fusion; recall@10.

Each part is timed through the service's own functions (qa_service.retrieval.hybrid and
filters) over a stand-in for a snapshot that holds only what those functions read.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from bench.stats import latency_over_runs
from indexer import dense
from indexer.keyword import KeywordIndex
from indexer.reader import RowMeta
from qa_service.retrieval import hybrid
from qa_service.retrieval.filters import Filters, row_mask

CANDIDATES = 100  # Settings.candidates: what each retriever returns before fusion


def flat_index(vectors: np.ndarray, storage: str = dense.DEFAULT_STORAGE) -> Any:
    """Exact search as the service stores it (float16); ``storage="float32"`` for recall's ground truth."""
    return dense.build_index(vectors, exact_max=len(vectors), storage=storage)


def hnsw_index(
    vectors: np.ndarray, cache: Path | None, ef_construction: int = dense.HNSW_EF_CONSTRUCTION
) -> tuple[Any, float | None]:
    """HNSW with the shipped M, built once per size and cached (building dominates at 1M).

    Returns the index and its build time in seconds (None when it came from the cache).
    """
    import faiss

    seconds = None
    # Keyed by the vectors themselves, not only their count: a graph built over other vectors of
    # the same size (the synthetic corpus follows the real index it is made from) finds nothing.
    digest = hashlib.sha256(np.ascontiguousarray(vectors).data).hexdigest()[:12]
    storage = dense.DEFAULT_STORAGE  # as the service's snapshots store it
    name = f"hnsw-{len(vectors)}-m{dense.HNSW_M}-efc{ef_construction}-{storage}-{digest}.faiss"
    path = cache / name if cache else None
    if path and path.exists():
        index = faiss.read_index(str(path))
    else:
        faiss.omp_set_num_threads(2)
        index = dense.build_index(vectors[:0], exact_max=-1, storage=storage)
        index.hnsw.efConstruction = ef_construction
        started = time.perf_counter()
        index.add(np.ascontiguousarray(vectors))
        seconds = time.perf_counter() - started
        if path:
            faiss.write_index(index, str(path))
    faiss.omp_set_num_threads(1)
    index.hnsw.efSearch = dense.HNSW_EF_SEARCH
    return index, seconds


def stand_in(index: Any, vectors: np.ndarray, keyword: KeywordIndex | None, rows: RowMeta, doc_ids: list[str]) -> Any:
    return SimpleNamespace(
        dense=index, vectors=vectors, keyword=keyword, rows=rows, doc_ids=doc_ids, chunk_count=len(vectors)
    )


def _rounds(fn: Any, items: list[Any], rounds: int) -> dict[str, Any]:
    per_round = []
    for r in range(rounds):
        samples = []
        for item in items[r::rounds] or items:
            started = time.perf_counter()
            fn(item)
            samples.append((time.perf_counter() - started) * 1000)
        per_round.append(samples)
    return latency_over_runs(per_round)


def measure(
    snap: Any, query_vectors: np.ndarray, query_texts: list[str], filters: list[Filters], rounds: int = 3
) -> dict[str, Any]:
    """p50/p99 of each part on one stand-in snapshot (one FAISS thread, as on the request path)."""
    import faiss

    faiss.omp_set_num_threads(1)
    items = list(range(len(query_vectors)))
    out: dict[str, Any] = {
        "dense": _rounds(lambda i: hybrid.dense_search(snap, query_vectors[i], CANDIDATES, None), items, rounds)
    }
    if snap.keyword is not None:
        out["keyword"] = _rounds(lambda i: hybrid.keyword_search(snap, query_texts[i], CANDIDATES, None), items, rounds)
        pairs = [
            (
                hybrid.dense_search(snap, query_vectors[i], CANDIDATES, None),
                hybrid.keyword_search(snap, query_texts[i], CANDIDATES, None),
            )
            for i in items[:50]
        ]
        out["fusion"] = _rounds(lambda p: hybrid.fuse_rrf(*p), pairs, rounds)
    if filters:
        out["filter_mask"] = _rounds(lambda f: row_mask(f, snap), filters, rounds)

        def filtered(i: int) -> None:
            mask = row_mask(filters[i % len(filters)], snap)
            hybrid.dense_search(snap, query_vectors[i], CANDIDATES, mask)

        out["dense_filtered"] = _rounds(filtered, items, rounds)
    return out


def recall_at_10(exact: Any, approx: Any, queries: np.ndarray) -> float:
    """Share of the exact top 10 that the approximate index also returns in its top 10."""
    import faiss

    faiss.omp_set_num_threads(2)
    _, truth = exact.search(queries, 10)
    faiss.omp_set_num_threads(1)
    _, found = approx.search(queries, 10)
    hits = sum(len(set(t) & set(f)) for t, f in zip(truth.tolist(), found.tolist(), strict=True))
    return round(hits / truth.size, 4)


def memory_bytes(index: Any) -> int:
    """Serialized size of a FAISS index: what it holds in RAM once loaded."""
    import faiss

    return int(faiss.serialize_index(index).nbytes)


def row_meta(doc_index: np.ndarray, years: list[int], entities: list[str], tags: list[frozenset[str]]) -> RowMeta:
    from indexer.reader import action_line_bitmask

    years_array = np.array(years, dtype=np.int32)
    return RowMeta(doc_index.astype(np.int32), years_array, list(entities), tags, action_line_bitmask(tags))
