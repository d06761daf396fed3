"""Whether the corpus text contains a phrase, word for word (not each word somewhere).

"United Nations Children's Fund" must not count as mentioned because "United", "Nations",
"Children" and "Fund" each occur in some passage. BM25 finds the few chunks that hold the
phrase's words best; the phrase is then looked for in their text, case-insensitively for
names and case-sensitively for acronyms ("WHO" is not "who").
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

import numpy as np

from indexer.keyword import analyze
from indexer.reader import IndexSnapshot

CHUNKS_CHECKED = 40  # the best-scoring chunks for the phrase's words; a phrase is in one of these if anywhere


def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.findall(r"[\w]+", phrase.replace("\u2019", "'"))]
    body = r"[\s'\u2019.,-]*".join(words)
    acronym = phrase.isupper() and len(phrase) <= 8
    return re.compile(rf"(?<!\w){body}(?!\w)", 0 if acronym else re.IGNORECASE)


class PhraseIndex:
    """``mentions(phrase)`` over one snapshot, with a small cache (the same names recur in questions)."""

    def __init__(self, snapshot: IndexSnapshot, cache_size: int = 4096) -> None:
        self.snapshot = snapshot
        self._cache: OrderedDict[str, bool] = OrderedDict()
        self._size = cache_size
        self._lock = threading.Lock()

    def mentions(self, phrase: str) -> bool:
        key = " ".join(phrase.split())
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        found = self._search(key)
        with self._lock:
            self._cache[key] = found
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return found

    def _search(self, phrase: str) -> bool:
        snap = self.snapshot
        if not analyze(phrase) or not snap.keyword.has_terms(phrase) or snap.chunk_count == 0:
            return False
        scores = snap.keyword.scores(phrase)
        n = min(CHUNKS_CHECKED, len(scores))
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        rows = [int(r) for r in top if scores[r] > 0]
        pattern = _pattern(phrase)
        return any(pattern.search(chunk.text) for chunk in snap.chunks(rows).values())
