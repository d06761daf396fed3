"""Sentence vectors for answer selection: batch-encoded on demand, cached by sentence text.

The cache is keyed by the sentence's text, not by snapshot offsets: an embedding depends
only on the text and the model, so a vector stays valid when a rebuild moves or renumbers
the sentence, and a sentence that changed is simply a new key. Offsets never enter it.

On this 2-core machine one MiniLM forward pass costs ~45 ms of CPU, so encoding the ~15
candidate sentences of a question would take most of a second; ``warm`` encodes a
snapshot's sentences once in the background (bounded by ``max_sentences``) so that a
question on a warmed corpus only embeds the question itself.

Vectors are kept as float16 (half the memory: 50,000 sentences take 37 MiB, not 73) and handed
out as float32; the rounding moves a cosine by ~1e-4, as in the snapshot's fp16 chunk vectors.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from indexer.embedder import Embedder
from indexer.reader import IndexSnapshot
from qa_service.heap import release_free_memory

log = logging.getLogger("qa_service.answering")


STORED_DTYPE = np.float16


class SentenceVectors:
    def __init__(self, embedder: Embedder, size: int, batch_size: int = 16) -> None:
        self.embedder = embedder
        self._size = size
        self._batch = batch_size
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.warmed: set[str] = set()  # snapshot names whose sentences were offered to ``warm``
        self._warming: threading.Thread | None = None
        self._stop_at_exit = False  # atexit hook registered (once, at the first background warm-up)
        self._closing = threading.Event()

    @classmethod
    def shared(cls, embedder: Embedder, size: int) -> SentenceVectors:
        """One cache per embedder in this process: a vector depends only on the text and the model,
        so apps over the same model (tests create many) need not encode the same sentences again."""
        with _SHARED_LOCK:
            vectors = _SHARED.get(embedder)
            if vectors is None:
                vectors = cls(embedder, size)
                _SHARED[embedder] = vectors
            return vectors

    def __len__(self) -> int:
        return len(self._items)

    def get(self, texts: Sequence[str], should_stop: Callable[[], bool] | None = None) -> np.ndarray:
        """Unit vectors for ``texts`` (one row each); misses are encoded together, in bounded batches."""
        out: list[np.ndarray | None] = []
        missing: list[str] = []
        with self._lock:
            for text in texts:
                vector = self._items.get(text)
                if vector is not None:
                    self._items.move_to_end(text)
                    self.hits += 1
                elif text not in missing:
                    missing.append(text)
                out.append(vector)
        if missing:
            self._encode(missing, should_stop)
        with self._lock:
            rows = [v if v is not None else self._items.get(t) for v, t in zip(out, texts, strict=True)]
        if any(r is None for r in rows):  # evicted between encode and read: tiny cache; encode directly
            return self.embedder.encode(list(texts))
        if not rows:
            return np.zeros((0, self.embedder.dimension), np.float32)
        return np.vstack(rows).astype(np.float32)  # type: ignore[arg-type]

    def mostly_known(self, texts: Sequence[str], encode_max: int) -> np.ndarray | None:
        """``get(texts)`` when at most ``encode_max`` of them are not cached yet, else None (without encoding):
        for callers that may go without, rather than encode hundreds of sentences of a cold corpus. While a
        warm-up runs nothing is encoded either: a request would queue behind its batches (on a cold replica,
        searches piled up past their in-flight cap: 503s in tests/test_two_replicas.py)."""
        with self._lock:
            missing = {t for t in texts if t not in self._items}
        if missing and (len(missing) > encode_max or self.warming()):
            return None
        return self.get(texts)

    def warming(self) -> bool:
        """Whether a background warm-up is encoding now."""
        return self._warming is not None and self._warming.is_alive()

    def _encode(self, texts: list[str], should_stop: Callable[[], bool] | None) -> None:
        for part in batches(texts, self._batch, self._batch * BATCH_CHARS_PER_TEXT):
            if should_stop is not None and should_stop():
                raise Cancelled()
            vectors = self.embedder.encode(part, batch_size=self._batch)
            with self._lock:
                self.misses += len(part)
                for text, vector in zip(part, vectors.astype(STORED_DTYPE), strict=True):
                    self._items[text] = vector
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
            # A batch's activations are tens of MiB that glibc would otherwise keep (qa_service/heap.py).
            release_free_memory()

    def warm(
        self,
        snapshot: IndexSnapshot,
        max_sentences: int,
        background: bool = True,
        texts_of: Callable[[IndexSnapshot, int], Iterable[str]] | None = None,
    ) -> None:
        """Encode the texts of ``snapshot`` not yet cached (its sentences, or what ``texts_of(snapshot, limit)``
        gives: the second look's words), unless it has more than ``max_sentences`` of them."""
        if snapshot.name in self.warmed:
            return
        self.warmed.add(snapshot.name)
        texts = list((texts_of or snapshot_sentences)(snapshot, max_sentences + 1))
        if len(texts) > max_sentences:
            log.info(
                "snapshot %s has over %d sentences: sentence vectors are computed per question",
                snapshot.name,
                max_sentences,
            )
            return
        with self._lock:
            todo = [t for t in texts if t not in self._items]
        if not todo:
            return
        if not background:
            self._encode(todo, None)
            return
        if self.warming():
            self.warmed.discard(snapshot.name)  # one warm-up at a time; retried on a later question
            return
        self._warming = threading.Thread(target=self._warm_quietly, args=(todo,), name="sentence-warm", daemon=True)
        self._warming.start()
        if not self._stop_at_exit:
            # A process that exits (a CLI, the eval) while the thread is inside torch aborts with
            # "terminate called without an active exception": stop it between batches first.
            atexit.register(self.stop_warming)
            self._stop_at_exit = True

    def wait(self, timeout: float | None = None) -> None:
        if self._warming is not None:
            self._warming.join(timeout)

    def stop_warming(self, timeout: float = 10.0) -> None:
        """Stop a background warm-up after its current batch (on shutdown: no thread left inside torch)."""
        self._closing.set()
        self.wait(timeout)
        self._closing.clear()

    def _warm_quietly(self, texts: list[str]) -> None:
        # Linux threads take their own nice value: warming yields the CPU to questions being answered.
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        try:
            self._encode(texts, self._closing.is_set)
            log.info("sentence vectors warmed: %d sentences", len(texts))
        except Cancelled:
            log.info("sentence warm-up stopped")
        except Exception:  # warming is an optimisation: a failure only costs latency
            log.exception("sentence warm-up failed")


# A batch's activations grow with its count times its longest text (padding), and with the square of
# that length in attention: 16 sentences of 20 words peaked at +31 MiB of RSS, 16 of 200 words at
# +151 MiB. Long sentences (tables, lists without full stops) therefore go in smaller batches, so
# that count x longest stays within what 16 sentences of ~250 characters (~55 tokens) take.
BATCH_CHARS_PER_TEXT = 250


def batches(texts: Sequence[str], size: int, budget_chars: int) -> Iterator[list[str]]:
    """``texts`` shortest first, in batches of at most ``size`` whose count x longest text stays within
    ``budget_chars`` (a text longer than the budget is a batch of its own)."""
    batch: list[str] = []
    for text in sorted(texts, key=len):
        if batch and (len(batch) == size or (len(batch) + 1) * len(text) > budget_chars):
            yield batch
            batch = []
        batch.append(text)
    if batch:
        yield batch


class Cancelled(Exception):
    """The caller went away; stop working on its answer."""


def check_stop(should_stop: Callable[[], bool] | None) -> None:
    """Raise ``Cancelled`` when the caller went away (polled between the stages of an answer)."""
    if should_stop is not None and should_stop():
        raise Cancelled()


# The cache holds its embedder, so an entry lives as long as the process: there is one model per service.
_SHARED: weakref.WeakKeyDictionary[Embedder, SentenceVectors] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


def snapshot_sentences(snapshot: IndexSnapshot, limit: int) -> Iterable[str]:
    """Distinct candidate sentence texts of every chunk, in row order, stopping after ``limit`` of them.

    Distinct while counting, not after: counting the first ``limit`` sentences and then dropping
    repeats made a large snapshot whose first sentences repeat look small enough to warm.
    """
    from qa_service.answering.candidates import usable

    seen: set[str] = set()
    for doc_id in snapshot.doc_ids:
        text = snapshot.documents[doc_id].text
        for _, chunk in snapshot.document_chunks(doc_id):
            for s, e in chunk.sentences:
                sentence = text[s:e]
                if sentence not in seen and usable(sentence):
                    seen.add(sentence)
                    yield sentence
                    if len(seen) >= limit:
                        return
