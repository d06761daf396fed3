"""Float16 vectors: the snapshot (format v2) stores them, older float32 snapshots (v1) are still
served, other format versions are refused with a message that says what to do; the answerer's
sentence-vector cache keeps float16 and hands out float32. Recall against fp32 exact search is
measured by ``python -m bench.vector_storage`` (BENCHMARKS.md), not here."""

from __future__ import annotations

import json

import numpy as np
import pytest

from indexer import dense, snapshot, store
from indexer.reader import IndexSnapshot
from qa_service.engine import Engine
from tests.conftest import HEADLINE, make_settings


def _unit(rows: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((rows, 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("exact_max", [10_000, 0], ids=["flat", "hnsw"])
def test_a_float16_snapshot_round_trips_its_vectors(tmp_path, seed_index, exact_max):
    from indexer.snapshot_writer import write_snapshot

    seed = IndexSnapshot.open_current(seed_index, verify=False)
    documents = list(store.iter_documents(seed.conn))
    chunks = [chunk for _, chunk in store.iter_chunks(seed.conn)]
    seed.close()
    vectors = _unit(len(chunks), seed=1)
    write_snapshot(tmp_path, documents, chunks, vectors, {}, exact_max)
    snap = IndexSnapshot.open_current(tmp_path)  # checksums verified
    manifest = snapshot.read_manifest(snap.path)
    assert manifest["format_version"] == snapshot.FORMAT_VERSION == 2
    assert manifest["vector_storage"] == "float16" and snap.vectors.dtype == np.float16
    # What was encoded, rounded once to float16 (within one unit in the last place, 2^-10 relative).
    assert np.allclose(snap.vectors.astype(np.float32), vectors, rtol=2**-10, atol=1e-7)
    _, rows = snap.dense.search(vectors[:5], 1)
    assert list(rows[:, 0]) == [0, 1, 2, 3, 4]
    snap.close()


def test_the_seed_index_is_built_with_float16_vectors(seed_index, embedder):
    snap = IndexSnapshot.open_current(seed_index, verify=False)
    assert snap.vectors.dtype == np.float16
    assert abs(float(np.linalg.norm(snap.vectors[0].astype(np.float32))) - 1.0) < 1e-3
    snap.close()


@pytest.mark.parametrize("exact_max", [10_000, 0], ids=["flat", "hnsw"])
@pytest.mark.parametrize("storage", dense.STORAGES)
def test_subset_search_is_exact_over_the_masked_rows(storage, exact_max):
    vectors = _unit(2_000)
    index = dense.build_index(vectors, exact_max, storage)
    mask = np.zeros(len(vectors), dtype=bool)
    mask[::7] = True
    query = _unit(1, seed=5)[0]
    scores, rows = dense.subset_search(index, query, mask, 10)
    stored = dense.vectors_of(index).astype(np.float32)
    candidates = np.flatnonzero(mask)
    expected = candidates[np.argsort(-(stored[candidates] @ query), kind="stable")[:10]]
    assert mask[rows].all() and list(rows) == list(expected)
    assert np.allclose(scores, stored[rows] @ query, atol=1e-5)


def _rewrite_as_v1(snap_dir) -> None:
    """Make a snapshot what format v1 wrote: float32 vectors (IndexFlatIP) and format_version 1."""
    index = dense.load_index(snap_dir / "dense.faiss", mmap=False)
    vectors = dense.vectors_of(index).astype(np.float32)
    flat32 = dense.build_index(vectors, exact_max=len(vectors) + 1, storage="float32")
    dense.save_index(flat32, snap_dir / "dense.faiss")
    _set_version(snap_dir, 1)


def _set_version(snap_dir, version: int) -> None:
    manifest = json.loads((snap_dir / snapshot.MANIFEST).read_text(encoding="utf-8"))
    manifest.pop("vector_storage", None)
    manifest["files"] = snapshot.checksums(snap_dir)
    manifest["format_version"] = version
    (snap_dir / snapshot.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_a_format_v1_snapshot_with_float32_vectors_is_still_served(seed_copy, seed_engine):
    _, index_dir = seed_copy
    _rewrite_as_v1(snapshot.current_path(index_dir))
    snap = IndexSnapshot.open_current(index_dir)  # checksums verified
    assert snap.vectors.dtype == np.float32
    snap.close()
    engine = Engine(make_settings(index_dir), embedder=seed_engine.embedder)
    engine.start(watch=False)
    old = [h.row for h in engine.search(HEADLINE, k=5).hits]
    new = [h.row for h in seed_engine.search(HEADLINE, k=5).hits]
    assert old[:3] == new[:3]


@pytest.mark.parametrize(("version", "advice"), [(3, "newer wsis-qa"), (0, "rebuild the index")])
def test_other_format_versions_are_refused_with_what_to_do(seed_copy, version, advice):
    _, index_dir = seed_copy
    _set_version(snapshot.current_path(index_dir), version)
    with pytest.raises(snapshot.SnapshotError, match=advice) as caught:
        IndexSnapshot.open_current(index_dir)
    assert f"v{version}" in str(caught.value) and "v1, v2" in str(caught.value)


def test_sentence_vectors_are_kept_as_float16_and_handed_out_as_float32(embedder):
    from qa_service.answering.vectors import SentenceVectors

    vectors = SentenceVectors(embedder, size=10)
    texts = ["The UNDP supported digital public goods.", "Broadband reached rural areas."]
    got = vectors.get(texts)
    assert got.dtype == np.float32
    assert all(v.dtype == np.float16 for v in vectors._items.values())
    assert np.allclose(got, embedder.encode(texts), atol=1e-3)
    assert np.array_equal(vectors.get(texts), got) and vectors.hits == 2
