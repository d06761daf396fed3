"""Write a complete snapshot (SQLite store, FAISS, BM25, manifest) and publish it as CURRENT."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from indexer import dense, snapshot, store
from indexer.keyword import KeywordIndex


def write_snapshot(
    index_dir: Path,
    documents: list[store.DocumentRow],
    chunks: list[store.ChunkRow],
    vectors: np.ndarray,
    config: dict[str, object],
    exact_max: int,
    keyword: KeywordIndex | None = None,
) -> Path:
    """Write a complete snapshot under a temporary name and publish it as CURRENT; returns its folder.

    ``keyword`` lets a caller that already has the BM25 index (the benchmark's synthetic corpora)
    pass it; by default it is built from the chunk texts.
    """
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    tmp = snapshot.snapshots_dir(index_dir) / f"{snapshot.TMP_PREFIX}{name}"
    tmp.mkdir(parents=True)
    try:
        store.create(tmp / "store.sqlite", documents, chunks)
        index = dense.build_index(vectors, exact_max)
        dense.save_index(index, tmp / "dense.faiss")
        (keyword or KeywordIndex.build([c.text for c in chunks])).save(tmp / "keyword")
        snapshot.write_manifest(
            tmp,
            {
                "name": name,
                "created": datetime.now(UTC).isoformat(),
                "config": config,
                "dense_index": "hnsw" if hasattr(index, "hnsw") else "flat",
                "vector_storage": dense.storage_of(index),
                "counts": {"documents": len(documents), "chunks": len(chunks)},
                "documents": {d.doc_id: {"path": d.path, "content_hash": d.content_hash} for d in documents},
            },
        )
        return snapshot.publish(index_dir, tmp, name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
