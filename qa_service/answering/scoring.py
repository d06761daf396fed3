"""Parts of a sentence's score: IDF-weighted term overlap with the question (the scorer is scorer.py).

``overlap`` is the share of the question's IDF mass that the sentence contains, so a rare
term ("iVerify", "MSMEs") counts for more than one every passage shares ("digital"), and a
question term the corpus never uses ("nuclear") lowers every sentence's score: that is
what makes weak evidence visible to the abstention threshold.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from indexer.keyword import analyze
from indexer.reader import IndexSnapshot
from qa_service.answering.candidates import Candidate

_WORD = re.compile(r"\w[\w'\u2019-]*")


@dataclass
class Scored:
    candidate: Candidate
    semantic: float
    lexical: float
    score: float
    vector: np.ndarray


class TermWeights:
    """IDF of query terms per snapshot (chunk document frequency), cached by (snapshot, term)."""

    def __init__(self, size: int = 20_000) -> None:
        self._items: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def query_terms(self, snapshot: IndexSnapshot, text: str) -> dict[str, float]:
        """Stemmed content terms of ``text`` with their IDF in ``snapshot``."""
        terms: dict[str, float] = {}
        for word in _WORD.findall(text):
            if word.lower() in PREPOSITIONS:
                continue
            for stem in analyze(word):
                if stem not in terms:
                    terms[stem] = self._idf(snapshot, stem)
        return terms

    def _idf(self, snapshot: IndexSnapshot, stem: str) -> float:
        key = (snapshot.name, stem)  # the snapshot name keeps a rebuilt corpus from reusing old counts
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        n = snapshot.chunk_count
        df = snapshot.keyword.document_frequency(stem) if n else 0
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))  # BM25's IDF; largest for a term no chunk has
        with self._lock:
            self._items[key] = idf
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return idf


# Prepositions and particles the search's stop words keep ("preside over", "set up"): they say how the question's
# words relate, not what it is about, and in a short question their IDF share let "over the past few days"
# outscore "presidency" for "Which group did Indonesia preside over?".
PREPOSITIONS = frozenset(
    [
        "over",
        "under",
        "through",
        "across",
        "against",
        "among",
        "between",
        "within",
        "without",
        "upon",
        "toward",
        "towards",
        "onto",
        "off",
        "out",
        "up",
        "down",
        "above",
        "below",
        "along",
        "around",
        "behind",
        "beyond",
        "via",
    ]
)


def overlap(terms: dict[str, float], sentence: str, forms: Mapping[str, frozenset[str]] | None = None) -> float:
    """Share of the question's IDF mass found in ``sentence`` (0 when the question has no terms); a term is
    found in any of its ``forms`` too ("Iran" for "Iranian", word_forms.py)."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    present = set(analyze(sentence))
    forms = forms or {}
    return sum(w for t, w in terms.items() if t in present or not forms.get(t, _NONE).isdisjoint(present)) / total


_NONE: frozenset[str] = frozenset()
