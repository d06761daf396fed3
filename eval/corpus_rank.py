"""Dense, keyword and fused rankings of a flat passage collection with the service's own components.

The serving code ranks over an IndexSnapshot; here a small stand-in carries the same parts
(``indexer.dense`` FAISS index, ``indexer.keyword.KeywordIndex``) so that
``qa_service.retrieval.hybrid`` runs unchanged, and benchmark figures describe our system.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from indexer import dense
from indexer.keyword import KeywordIndex
from qa_service.retrieval import hybrid
from qa_service.retrieval.hybrid import Ranked


@dataclass
class PassageIndex:
    """What ``hybrid.dense_search`` and ``hybrid.keyword_search`` read from a snapshot."""

    dense: Any
    vectors: np.ndarray
    keyword: KeywordIndex

    @classmethod
    def build(cls, texts: list[str], vectors: np.ndarray) -> PassageIndex:
        index = dense.build_index(vectors, exact_max=max(len(texts), 1))  # exact search, like a small snapshot
        return cls(index, dense.vectors_of(index), KeywordIndex.build(texts))

    @property
    def chunk_count(self) -> int:
        return len(self.vectors)


@dataclass
class QueryRanks:
    dense: Ranked
    keyword: Ranked


def rank(index: PassageIndex, query_text: str, query_vector: np.ndarray, n: int) -> QueryRanks:
    snap: Any = index  # duck-typed: the hybrid functions read only the attributes above
    return QueryRanks(
        hybrid.dense_search(snap, query_vector, n, None),
        hybrid.keyword_search(snap, query_text, n, None),
    )


def fused_rows(ranks: QueryRanks, method: str, rrf_k: int = 60, alpha: float = 0.5) -> list[int]:
    """Row ids best first for ``method`` in dense, keyword, rrf (the service's default) or convex."""
    if method == "dense":
        return [int(r) for r in ranks.dense.rows]
    if method == "keyword":
        return [int(r) for r in ranks.keyword.rows]
    if method == "rrf":
        return [f.row for f in hybrid.fuse_rrf(ranks.dense, ranks.keyword, rrf_k)]
    if method == "convex":
        return [f.row for f in hybrid.fuse_convex(ranks.dense, ranks.keyword, alpha)]
    raise ValueError(f"unknown ranking method '{method}'")
