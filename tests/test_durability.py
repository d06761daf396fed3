"""Snapshots that fail their checksums are refused; the last good one keeps serving; builds never reuse damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from indexer import snapshot, store
from indexer.build import build
from indexer.reader import IndexSnapshot
from qa_service.app import create_app
from qa_service.engine import Engine
from qa_service.security.keys import KeyStore
from tests.conftest import make_settings

UPLOAD = "# Submission by ITU\n\nIn 2021 ITU connected rural schools in the Pacific to broadband.\n"


def damaged_copy(index: Path, name: str, part: str = "store.sqlite") -> Path:
    """A copy of the active snapshot under a newer name with one byte of ``part`` flipped; CURRENT points at it."""
    source = snapshot.current_path(index)
    assert source is not None
    target = snapshot.snapshots_dir(index) / name
    shutil.copytree(source, target)
    data = bytearray((target / part).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (target / part).write_bytes(bytes(data))
    (index / snapshot.CURRENT).write_text(name + "\n")
    return target


def by_chunk(path: Path) -> dict[str, np.ndarray]:
    """Each chunk's stored vector, by chunk id."""
    opened = IndexSnapshot(path)
    rows = {chunk.chunk_id: row for row, chunk in store.iter_chunks(opened.conn)}
    result = {chunk_id: opened.vectors[row].copy() for chunk_id, row in rows.items()}
    opened.close()
    return result


def test_a_damaged_new_snapshot_is_refused_and_the_old_one_keeps_serving(seed_copy, embedder):
    corpus, index = seed_copy
    keys_file = corpus.parent / "keys.json"
    _, admin_key = KeyStore(keys_file).add(["admin"], "ops")  # /metrics always needs an admin key
    settings = make_settings(index, corpus_dir=corpus, keys_file=keys_file)
    engine = Engine(settings, embedder=embedder)
    with TestClient(create_app(settings, engine=engine)) as client:
        good = engine.version
        damaged_copy(index, "29990101T000000000000Z", "dense.faiss")
        assert engine.reload() is False
        assert engine.version == good
        ready = client.get("/readyz")
        assert ready.status_code == 200
        body = ready.json()
        assert body["index_version"] == good
        assert "29990101T000000000000Z refused" in body["problem"] and "checksum mismatch" in body["problem"]
        search = client.get("/v1/search", params={"q": "disinformation"}).json()
        assert search["index_version"] == good and search["hits"]
        metrics = client.get("/metrics", headers={"X-API-Key": admin_key}).text
        assert "qa_index_load_problem 1.0" in metrics

        # A later good snapshot is taken, and the problem is cleared.
        (corpus / "itu.md").write_text(UPLOAD)
        report = build(corpus, index, embedder)
        assert engine.reload() is True and engine.version == report.snapshot
        assert "problem" not in client.get("/readyz").json()


def test_at_start_a_damaged_current_falls_back_to_the_newest_good_snapshot(seed_copy, embedder):
    _, index = seed_copy
    good = snapshot.current_name(index)
    damaged_copy(index, "29990101T000000000000Z")
    engine = Engine(make_settings(index), embedder=embedder)
    with TestClient(create_app(engine.settings, engine=engine)) as client:
        body = client.get("/readyz").json()
        assert body["index_version"] == good and "refused" in body["problem"]


def test_with_no_good_snapshot_the_service_is_not_ready(seed_copy, embedder):
    _, index = seed_copy
    original = snapshot.current_path(index)
    damaged_copy(index, "29990101T000000000000Z")
    shutil.rmtree(original)  # type: ignore[arg-type]
    engine = Engine(make_settings(index), embedder=embedder)
    with TestClient(create_app(engine.settings, engine=engine)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["error"]["code"] == "index_not_ready"
        search = client.get("/v1/search", params={"q": "disinformation"})
        assert (search.status_code, search.json()["error"]["code"]) == (503, "index_not_ready")


def test_incremental_build_reuses_vectors_bit_for_bit(seed_copy, embedder):
    corpus, index = seed_copy
    before = by_chunk(snapshot.current_path(index))  # type: ignore[arg-type]
    (corpus / "itu.md").write_text(UPLOAD)  # sorts first: every reused chunk moves to another row
    report = build(corpus, index, embedder)
    assert report.embedded_chunks < report.total_chunks  # really incremental
    after = by_chunk(snapshot.current_path(index))  # type: ignore[arg-type]
    assert set(before) < set(after)
    for chunk_id, vector in before.items():
        assert np.array_equal(after[chunk_id], vector), chunk_id
    assert np.allclose([np.linalg.norm(v) for v in after.values()], 1.0, atol=1e-5)


def test_a_damaged_previous_snapshot_is_not_reused(seed_copy, embedder):
    corpus, index = seed_copy
    damaged_copy(index, "29990101T000000000000Z", "dense.faiss")
    report = build(corpus, index, embedder)
    assert report.embedded_chunks == report.total_chunks  # everything re-embedded from the corpus
    snapshot.verify(snapshot.current_path(index))  # type: ignore[arg-type]


def test_prune_keeps_the_newest_and_clears_leftovers(seed_copy):
    _, index = seed_copy
    root = snapshot.snapshots_dir(index)
    current = snapshot.current_name(index)
    for name in ("20000101T000000000000Z", "20000102T000000000000Z", "20000103T000000000000Z"):
        shutil.copytree(root / current, root / name)  # type: ignore[operator]
    (root / ".tmp-killed-build").mkdir()
    (root / ".tmp-removed-20000101T000000000000Z").mkdir()
    removed = snapshot.prune(index, keep=2)
    assert sorted(p.name for p in root.iterdir()) == sorted([current, "20000103T000000000000Z"])
    assert ".tmp-killed-build" in removed and "20000101T000000000000Z" in removed


@pytest.mark.parametrize("keep", [1, 3])
def test_prune_never_removes_current(seed_copy, keep):
    _, index = seed_copy
    root = snapshot.snapshots_dir(index)
    current = snapshot.current_name(index)
    shutil.copytree(root / current, root / "29990101T000000000000Z")  # type: ignore[operator]
    snapshot.prune(index, keep=keep)
    assert (root / current).is_dir()  # type: ignore[operator]
