"""Within a small scope, a chunk is also as close to the question as its closest sentence.

A 160-token chunk's vector is the mean of everything it says; a question that paraphrases one of its
sentences ("How much of global commerce travels by sea?" for "Almost 80 per cent of the world's trade
is transported by ship") is closer to that sentence than to the chunk, and the chunk loses to others
that share a common word with the question. When the filters leave a few documents (one country's
speeches, one submission), every sentence of the scope is compared with the question (the sentence
vectors the answerer keeps, ``answering/vectors.py``) and each chunk scores as the larger of its own
cosine and its closest sentence's: a third leg of the convex fusion (``hybrid.fuse_convex``), beside the
dense and keyword legs. Over the whole corpus it is skipped: too many sentences, and BM25 and the chunk
vectors already see many speakers' wording.

On eval/ungdc/paraphrase_dev.jsonl (30 paraphrased questions) the gold sentence was its country's closest
by cosine for 14 questions and within its closest four for 24, while its chunk was outside the top
four for 10 of them.

Sentence vectors come from a lookup that may decline (``None``): the service encodes at most a few
missing sentences per question, so a cold or too-large corpus keeps the two-leg ranking rather than
spend seconds encoding a scope.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence

import numpy as np

from indexer.reader import IndexSnapshot

# Scopes of at most this many chunks get the sentence comparison: five yearly speeches of one country
# are 90-140 chunks (500-600 sentences); one UNDP submission about 60.
SCOPE_MAX_CHUNKS = 200
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")  # the words of answering/candidates.py
MIN_WORDS = 4  # "President," and "Thank you." are close to many questions and answer none

SentenceLookup = Callable[[Sequence[str]], "np.ndarray | None"]


class ChunkSentences:
    """The sentence texts of each chunk row of one snapshot, read from the store once per row."""

    def __init__(self, snapshot: IndexSnapshot, max_rows: int = 50_000) -> None:
        self.snapshot = snapshot
        self._of: dict[int, tuple[str, ...]] = {}
        self._max_rows = max_rows
        self._lock = threading.Lock()

    def of(self, rows: Sequence[int]) -> list[tuple[str, ...]]:
        with self._lock:
            missing = [r for r in rows if r not in self._of]
        if missing:
            read = {}
            for row, chunk in self.snapshot.chunks(missing).items():
                text = self.snapshot.documents[chunk.doc_id].text
                spans = (text[s:e] for s, e in chunk.sentences)  # as the answerer cuts them: its vectors' keys
                read[row] = tuple(t for t in spans if len(_WORD.findall(t)) >= MIN_WORDS)
            with self._lock:
                if len(self._of) + len(read) > self._max_rows:
                    self._of.clear()  # a bound, not an LRU: scopes are small and re-read cheaply
                self._of.update(read)
        with self._lock:
            return [self._of.get(r, ()) for r in rows]


def closest_sentences(
    rows: np.ndarray, chunk_scores: np.ndarray, vector: np.ndarray, sentences: ChunkSentences, lookup: SentenceLookup
) -> np.ndarray | None:
    """Each row's score raised to its best sentence's cosine with ``vector`` (None: the lookup declined)."""
    texts_of = sentences.of([int(r) for r in rows])
    texts = [t for texts in texts_of for t in texts]
    if not texts:
        return None
    vectors = lookup(texts)
    if vectors is None:
        return None
    cosines = vectors @ np.asarray(vector, dtype=np.float32).reshape(-1)
    best = np.array(chunk_scores, dtype=np.float32, copy=True)
    at = 0
    for i, chunk_texts in enumerate(texts_of):
        if chunk_texts:
            best[i] = max(float(best[i]), float(cosines[at : at + len(chunk_texts)].max()))
            at += len(chunk_texts)
    return best
