"""What an open snapshot keeps in memory: vectors mapped from the file, document texts read on demand.

Peak RSS is measured by ``python -m bench.rss`` (BENCHMARKS.md); these tests pin down the mechanisms
that figure depends on, without timing anything.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from indexer import dense, snapshot, store
from indexer.build import build
from indexer.reader import IndexSnapshot
from qa_service.engine import Engine
from qa_service.retrieval.search import SearchOptions, ServingIndex, run_search
from tests.conftest import make_settings


def mapped_files() -> set[str]:
    """Paths of the files mapped into this process (Linux)."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        return {parts[5] for line in maps if len(parts := line.split(maxsplit=5)) == 6}


def test_the_dense_index_is_memory_mapped_and_its_vectors_read_only(seed_copy):
    _, index = seed_copy
    snap = IndexSnapshot.open_current(index)
    path = str(snap.path / "dense.faiss")
    assert path in {p.strip() for p in mapped_files()}
    assert not snap.vectors.flags.writeable  # mapped PROT_READ: a write would be a segfault, not an error
    with pytest.raises(ValueError):
        snap.vectors[0, 0] = 1.0
    snap.close()


@pytest.mark.parametrize("exact_max", [10_000, 0], ids=["flat", "hnsw"])
def test_a_mapped_index_searches_as_the_one_read_into_memory(tmp_path, exact_max):
    vectors = np.random.default_rng(3).standard_normal((500, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    path = tmp_path / "dense.faiss"
    dense.save_index(dense.build_index(vectors, exact_max), path)
    mapped, copied = dense.load_index(path), dense.load_index(path, mmap=False)
    assert str(path) in {p.strip() for p in mapped_files()}
    stored = dense.vectors_of(mapped)  # float16 since format v2: within one unit in the last place
    assert stored.dtype == np.float16 and np.allclose(stored.astype(np.float32), vectors, rtol=2**-10, atol=1e-7)
    queries = vectors[:20] + 0.05
    mapped_scores, mapped_rows = mapped.search(queries, 10)
    copied_scores, copied_rows = copied.search(queries, 10)
    assert (mapped_rows == copied_rows).all() and np.allclose(mapped_scores, copied_scores)


def test_documents_are_the_stores_documents_with_their_text_read_on_use(ungdc_index):
    snap = IndexSnapshot.open_current(ungdc_index, verify=False)
    eager = {d.doc_id: d for d in store.iter_documents(snap.conn)}
    assert list(snap.documents) == sorted(eager) == snap.doc_ids
    for doc_id, expected in eager.items():
        doc = snap.documents[doc_id]
        assert (doc.doc_id, doc.path, doc.content_hash, doc.format, doc.meta, doc.page_count, doc.hints) == (
            expected.doc_id,
            expected.path,
            expected.content_hash,
            expected.format,
            expected.meta,
            expected.page_count,
            expected.hints,
        )
        assert doc.text == expected.text
    assert "no-such-document" not in snap.documents and snap.documents.get("no-such-document") is None
    # A fresh object per lookup: a text read for one request is not kept by the snapshot.
    assert snap.documents[snap.doc_ids[0]] is not snap.documents[snap.doc_ids[0]]
    snap.close()


SENTENCE = "The ministry connected rural schools to broadband and trained teachers in digital skills. "


@pytest.fixture(scope="module")
def long_text_index(tmp_path_factory, embedder) -> Path:
    """Two documents of 2 M characters each (a few chunks indexed), written as the indexer writes a snapshot."""
    from indexer.build import PIPELINE_VERSION, write_snapshot
    from indexer.chunking import ChunkParams

    index_dir = tmp_path_factory.mktemp("long-text-index")
    documents, chunks = [], []
    for n, entity in enumerate(("GHA", "KEN")):
        text = SENTENCE * (2_000_000 // len(SENTENCE))
        doc_id = f"{entity}_76_2021"
        meta = {"entity": entity, "entity_aliases": [], "year": 2021, "title": f"Statement {n}"}
        documents.append(store.DocumentRow(doc_id, f"{doc_id}.txt", f"{n:064x}", "text", text, meta))
        for i in range(3):
            start, end = i * len(SENTENCE), (i + 1) * len(SENTENCE) - 1
            chunks.append(
                store.ChunkRow(
                    f"{doc_id}:{i:04d}", doc_id, i, [], "", start, end, None, 20, [(start, end)], [], text[start:end]
                )
            )
    config = {
        "model": embedder.name,
        "dimension": embedder.dimension,
        "max_seq_length": embedder.max_seq_length,
        "chunking": ChunkParams().to_dict(),
        "pipeline_version": PIPELINE_VERSION,
    }
    write_snapshot(index_dir, documents, chunks, embedder.encode([c.text for c in chunks]), config, exact_max=100)
    return index_dir


def test_an_open_snapshot_does_not_hold_the_documents_text(long_text_index, embedder):
    IndexSnapshot.open_current(long_text_index).close()  # imports and lazy module state before measuring
    tracemalloc.start()
    try:
        snap = IndexSnapshot.open_current(long_text_index)
        serving = ServingIndex(snap)
        result = run_search(serving, "rural broadband in Ghana", lambda t: embedder.encode([t])[0], SearchOptions(k=3))
        assert result.hits
        for hit in result.hits:  # what a citation does: read the document's text at the chunk's offsets
            assert hit.document.text[hit.chunk.char_start : hit.chunk.char_end] == hit.chunk.text
        del result, hit
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    text_bytes = sum(len(snap.documents[d].text) for d in snap.doc_ids)
    assert text_bytes > 3_900_000
    # Held eagerly, the texts alone would be text_bytes (one byte per ASCII character).
    assert held < text_bytes / 2, (held, text_bytes)
    snap.close()


UPLOAD = "# Submission by ITU\n\nIn 2021 ITU connected rural schools in the Pacific to broadband.\n"


def test_results_of_a_swapped_out_and_pruned_snapshot_still_read_texts_and_vectors(seed_copy, embedder):
    corpus, index = seed_copy
    engine = Engine(make_settings(index, corpus_dir=corpus), embedder=embedder)
    engine.start(watch=False)
    old = engine.index
    result = engine.search("What did UNDP do on disinformation?", k=5)
    assert result.hits
    (corpus / "itu-2021.md").write_text(UPLOAD, encoding="utf-8")
    build(corpus, index, embedder, keep=1)  # publishes a new snapshot and deletes the old one's files
    assert engine.reload() and engine.version != old.version
    assert not (snapshot.snapshots_dir(index) / old.version).exists()
    # A request that started on the old snapshot finishes on it: texts, chunks and vectors still read.
    for hit in result.hits:
        assert hit.document.text[hit.chunk.char_start : hit.chunk.char_end] == hit.chunk.text
    doc_id = result.hits[0].document.doc_id
    assert old.snapshot.documents[doc_id].text == engine.index.snapshot.documents[doc_id].text
    again = engine.search("What did UNDP do on disinformation?", k=5, index=old)
    assert [h.row for h in again.hits] == [h.row for h in result.hits]
    assert float(np.abs(old.snapshot.vectors).sum()) > 0
