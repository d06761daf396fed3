"""Keyword (BM25) index over chunk texts, with bm25s: sparse matrices saved as .npy/.json, no pickle."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_WORD = re.compile(r"(?u)\b\w\w+\b")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


# Question and auxiliary words carry no topic: "what did Ghana say about ..." should rank on
# the topic alone. Added to Lucene's English list, the usual BM25 baseline.
_QUESTION_WORDS = [
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "how",
    "when",
    "where",
    "why",
    "did",
    "do",
    "does",
    "done",
    "has",
    "have",
    "had",
    "were",
    "been",
    "its",
    "about",
    "say",
    "said",
    "says",
    "also",
    "any",
    "all",
]


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | frozenset(_QUESTION_WORDS)


def analyze(text: str) -> list[str]:
    """Lower-cased, stop-word-free, Snowball-stemmed terms: the same for chunks and queries."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _stopwords()]
    return list(_stemmer().stemWords(words))


class KeywordIndex:
    """BM25 (Lucene variant, k1=1.2, b=0.75) over the chunk rows of one snapshot."""

    def __init__(self, retriever: Any, size: int) -> None:
        self._retriever = retriever
        self.size = size
        self._vocab: dict[str, int] = retriever.vocab_dict

    @classmethod
    def build(cls, texts: list[str]) -> KeywordIndex:
        return cls.from_tokens([analyze(t) or ["\u2205"] for t in texts])  # an empty doc keeps its row

    @classmethod
    def from_tokens(cls, corpus_tokens: list[list[str]]) -> KeywordIndex:
        """From texts already analysed with ``analyze`` (one non-empty list per row)."""
        import bm25s

        retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
        if corpus_tokens:
            retriever.index(corpus_tokens, show_progress=False)
        return cls(retriever, len(corpus_tokens))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self.size:
            self._retriever.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> KeywordIndex:
        import bm25s

        _stemmer()  # imported with the index, not on the first query
        if size == 0:
            return cls.build([])
        # Memory-mapped: scoring touches only the postings of the query terms, and replicas on one
        # machine share the pages through the page cache (the files never change once published).
        retriever = bm25s.BM25.load(str(directory), mmap=True, allow_pickle=False)
        return cls(retriever, size)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row for ``query`` (zeros where no term matches)."""
        terms = [t for t in analyze(query) if t in self._vocab]
        if not terms or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(terms), dtype=np.float32)

    def document_frequency(self, term: str) -> int:
        """Rows that contain ``term`` (an analysed term, as ``analyze`` gives it): the length of its
        posting list, read without scoring every row."""
        index = self._vocab.get(term)
        if index is None or self.size == 0:
            return 0
        indptr = self._retriever.scores["indptr"]
        return int(indptr[index + 1] - indptr[index])

    def rows_with(self, term: str) -> np.ndarray:
        """Rows that contain ``term`` (an analysed term): its posting list, read without scoring."""
        index = self._vocab.get(term)
        if index is None or self.size == 0:
            return np.zeros(0, dtype=np.int64)
        indptr = self._retriever.scores["indptr"]
        return np.asarray(self._retriever.scores["indices"][indptr[index] : indptr[index + 1]], dtype=np.int64)

    def has_terms(self, text: str) -> bool:
        """Whether every term of ``text`` occurs somewhere in the indexed chunks."""
        terms = analyze(text)
        return bool(terms) and all(t in self._vocab for t in terms)
