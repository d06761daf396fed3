"""The sentence-vector cache: batches bounded in size, and the warm-up limit counted in distinct sentences."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from indexer.store import ChunkRow, DocumentRow
from qa_service.answering.vectors import SentenceVectors, batches, snapshot_sentences

REPEATED = "The ministry connected rural schools to broadband this year."
DISTINCT = [f"Programme number {n} trained {n * 10} teachers in digital skills." for n in range(1, 11)]


@dataclass
class SmallSnapshot:
    """What ``SentenceVectors.warm`` reads from a snapshot: documents and their chunks' sentences."""

    name: str
    texts: dict[str, list[str]]  # doc_id -> sentences, one chunk each
    documents: dict[str, DocumentRow] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for doc_id, sentences in self.texts.items():
            self.documents[doc_id] = DocumentRow(doc_id, f"{doc_id}.txt", "0" * 64, "text", " ".join(sentences), {})

    @property
    def doc_ids(self) -> list[str]:
        return sorted(self.texts)

    def document_chunks(self, doc_id: str) -> list[tuple[int, ChunkRow]]:
        out, start = [], 0
        for ordinal, sentence in enumerate(self.texts[doc_id]):
            end = start + len(sentence)
            chunk = ChunkRow(
                f"{doc_id}:{ordinal}", doc_id, ordinal, [], "", start, end, None, 10, [(start, end)], [], ""
            )
            out.append((ordinal, chunk))
            start = end + 1
        return out


def repeating_snapshot() -> SmallSnapshot:
    """11 distinct sentences, the first document repeating one of them six times."""
    return SmallSnapshot("s1", {"a": [REPEATED] * 6, "b": DISTINCT})


def test_sentences_are_counted_distinct_up_to_the_limit():
    snap = repeating_snapshot()
    assert list(snapshot_sentences(snap, 100)) == [REPEATED, *DISTINCT]  # type: ignore[arg-type]
    assert list(snapshot_sentences(snap, 3)) == [REPEATED, *DISTINCT[:2]]  # type: ignore[arg-type]


def test_a_snapshot_with_more_distinct_sentences_than_the_limit_is_not_warmed(embedder):
    vectors = SentenceVectors(embedder, 1000)
    # The first 6 sentences are one sentence repeated: counted before dropping repeats they looked like 1.
    vectors.warm(repeating_snapshot(), max_sentences=5, background=False)  # type: ignore[arg-type]
    assert len(vectors) == 0 and vectors.misses == 0


def test_a_snapshot_within_the_limit_is_warmed_once_per_sentence(embedder):
    vectors = SentenceVectors(embedder, 1000)
    vectors.warm(repeating_snapshot(), max_sentences=11, background=False)  # type: ignore[arg-type]
    assert len(vectors) == 11 and vectors.misses == 11
    assert vectors.get([REPEATED, DISTINCT[0]]).shape == (2, embedder.dimension) and vectors.misses == 11


@pytest.mark.parametrize("size,budget", [(16, 16 * 250), (2, 500), (4, 100)])
def test_batches_keep_count_times_longest_within_the_budget(size, budget):
    texts = [("x" * length) for length in (5, 40, 90, 120, 250, 260, 600, 1200, 3000, 7, 7, 55)]
    out = list(batches(texts, size, budget))
    assert sorted(t for batch in out for t in batch) == sorted(texts)  # each text once
    for batch in out:
        assert 1 <= len(batch) <= size
        assert len(batch) == 1 or len(batch) * max(map(len, batch)) <= budget
    assert [len(t) for batch in out for t in batch] == sorted(map(len, texts))  # shortest first


def test_short_sentences_still_share_a_batch():
    out = list(batches(["a short sentence of some words"] * 20, 16, 16 * 250))
    assert [len(b) for b in out] == [16, 4]
