"""Dense and keyword candidate lists over (optionally masked) chunk rows, and their fusion."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.dense import subset_search
from indexer.reader import IndexSnapshot

# Below this many candidate rows a filtered dense search is an exact dot product over them.
# The same crossover as exact_search_max_chunks: beyond it the gather and product cost more
# than HNSW's filtered walk (BENCHMARKS.md).
_EXACT_SUBSET_MAX = 20_000


@dataclass
class Ranked:
    rows: np.ndarray  # int64 row ids, best first
    scores: np.ndarray  # float32, same order


@dataclass
class Fused:
    row: int
    fused: float
    dense: float | None
    keyword: float | None
    dense_rank: int | None
    keyword_rank: int | None


def dense_search(snapshot: IndexSnapshot, query_vector: np.ndarray, n: int, mask: np.ndarray | None) -> Ranked:
    total = snapshot.chunk_count
    if total == 0 or n <= 0:
        return Ranked(np.zeros(0, np.int64), np.zeros(0, np.float32))
    query = np.ascontiguousarray(query_vector.reshape(1, -1), dtype=np.float32)
    if mask is None:
        scores, rows = snapshot.dense.search(query, min(n, total))
        keep = rows[0] >= 0
        return Ranked(rows[0][keep].astype(np.int64), scores[0][keep])
    candidates = np.flatnonzero(mask)
    if len(candidates) == 0:
        return Ranked(np.zeros(0, np.int64), np.zeros(0, np.float32))
    if len(candidates) <= _EXACT_SUBSET_MAX or not hasattr(snapshot.dense, "hnsw"):
        # Exact over the rows of the mask, scanned by FAISS (float16 storage has no NumPy BLAS).
        scores, rows = subset_search(snapshot.dense, query[0], mask, min(n, len(candidates)))
        return _top(rows, scores, n)
    import faiss

    # A bitmap over all rows, not IDSelectorBatch: that one builds a hash set of the candidates on
    # every query (~1-4 ms for 10k of 100k rows here, 0.25 ms with the bitmap; more at 1M).
    bits = np.packbits(mask, bitorder="little")  # kept alive until the search returns
    selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))  # type: ignore[attr-defined]
    params = faiss.SearchParametersHNSW(sel=selector)  # type: ignore[attr-defined]
    scores, rows = snapshot.dense.search(query, min(n, len(candidates)), params=params)
    keep = rows[0] >= 0
    return Ranked(rows[0][keep].astype(np.int64), scores[0][keep])


def keyword_search(snapshot: IndexSnapshot, text: str, n: int, mask: np.ndarray | None) -> Ranked:
    scores = snapshot.keyword.scores(text)
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    matched = np.flatnonzero(scores > 0)
    return _top(matched, scores[matched], n)


def _top(rows: np.ndarray, scores: np.ndarray, n: int) -> Ranked:
    if len(rows) > n:
        part = np.argpartition(-scores, n - 1)[:n]
        rows, scores = rows[part], scores[part]
    order = np.lexsort((rows, -scores))  # score descending, row ascending on ties: deterministic
    return Ranked(rows[order].astype(np.int64), scores[order].astype(np.float32))


def fuse_rrf(dense: Ranked, keyword: Ranked, k: int = 60) -> list[Fused]:
    """Reciprocal rank fusion: sum of 1/(k + rank) over the lists a row appears in."""
    table = _table(dense, keyword)
    for item in table.values():
        item.fused = sum(1.0 / (k + r) for r in (item.dense_rank, item.keyword_rank) if r is not None)
    return _sorted(table)


def fuse_convex(
    dense: Ranked, keyword: Ranked, alpha: float = 0.5, sentences: Ranked | None = None, sentence_weight: float = 0.0
) -> list[Fused]:
    """alpha * dense + (1 - alpha) * keyword, each min-max normalised over its own list; plus, for a small
    scope, ``sentence_weight`` times the normalised cosine of each chunk's closest sentence (sentence_leg.py)."""
    table = _table(dense, keyword)
    d_of = _normalised(dense)
    k_of = _normalised(keyword)
    s_of = _normalised(sentences) if sentences is not None else {}
    for row in s_of:
        table.setdefault(row, Fused(row, 0.0, None, None, None, None))
    for row, item in table.items():
        lexical = (1 - alpha) * k_of.get(row, 0.0)
        item.fused = alpha * d_of.get(row, 0.0) + lexical + sentence_weight * s_of.get(row, 0.0)
    return _sorted(table)


def _normalised(ranked: Ranked) -> dict[int, float]:
    return {int(r): float(s) for r, s in zip(ranked.rows, _minmax(ranked.scores), strict=True)}


def boost(fused: list[Fused], snapshot: IndexSnapshot, action_lines: tuple[str, ...], weight: float) -> list[Fused]:
    """Raise rows tagged with an action line the question names (a soft filter)."""
    if not action_lines or not fused:
        return fused
    wanted = set(action_lines)
    top = max(f.fused for f in fused)
    for item in fused:
        if snapshot.rows.action_lines[item.row] & wanted:
            item.fused += weight * top
    return sorted(fused, key=lambda f: (-f.fused, f.row))


def cap_per_document(fused: list[Fused], snapshot: IndexSnapshot, cap: int | None) -> list[Fused]:
    if not cap:
        return fused
    counts: dict[int, int] = {}
    kept = []
    for item in fused:
        doc = int(snapshot.rows.doc_index[item.row])
        if counts.get(doc, 0) < cap:
            counts[doc] = counts.get(doc, 0) + 1
            kept.append(item)
    return kept


def _table(dense: Ranked, keyword: Ranked) -> dict[int, Fused]:
    table: dict[int, Fused] = {}
    for rank, (row, score) in enumerate(zip(dense.rows, dense.scores, strict=True), start=1):
        table[int(row)] = Fused(int(row), 0.0, float(score), None, rank, None)
    for rank, (row, score) in enumerate(zip(keyword.rows, keyword.scores, strict=True), start=1):
        item = table.setdefault(int(row), Fused(int(row), 0.0, None, None, None, None))
        item.keyword, item.keyword_rank = float(score), rank
    return table


def _sorted(table: dict[int, Fused]) -> list[Fused]:
    return sorted(table.values(), key=lambda f: (-f.fused, f.row))


def _minmax(scores: np.ndarray) -> np.ndarray:
    if len(scores) == 0:
        return scores
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-12:
        return np.ones_like(scores)
    return (scores - low) / (high - low)
