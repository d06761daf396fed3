"""Embeddings cached on disk by content hash, so a benchmark's second run embeds nothing.

The key is the SHA-256 of the model's name, dimension and sequence length plus the text: a
changed text or model misses the cache, an unchanged one never reaches the model. SQLite
keeps it one file, safe to interrupt (every batch is committed).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from indexer.embedder import Embedder

BATCH = 256


def default_cache_dir() -> Path:
    return Path(os.environ.get("WSIS_QA_CACHE_DIR") or Path.home() / ".cache" / "wsis-qa")


class EmbeddingCache:
    def __init__(self, embedder: Embedder, directory: Path | None = None) -> None:
        self.embedder = embedder
        directory = directory or default_cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "embeddings.sqlite"
        # Requests run in a thread pool: one connection shared under a lock.
        self._conn = sqlite3.connect(self.path, check_same_thread=False)
        self._lock = threading.Lock()
        self._conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self.embedded = 0  # texts sent to the model by this object
        self.reused = 0  # texts answered from the cache

    def _key(self, text: str) -> str:
        e = self.embedder
        head = f"{e.name}\0{e.dimension}\0{e.max_seq_length}\0"
        return hashlib.sha256((head + text).encode("utf-8")).hexdigest()

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Unit vectors for ``texts`` in order; only the ones never seen are embedded."""
        with self._lock:
            return self._encode(texts, progress)

    def _encode(self, texts: Sequence[str], progress: bool) -> np.ndarray:
        self.embedder.warm_up()
        keys = [self._key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 900):  # SQLite's bound-parameter limit
            part = unique[start : start + 900]
            marks = ",".join("?" * len(part))
            for key, blob in self._conn.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", part):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = [(k, t) for k, t in dict(zip(keys, texts, strict=True)).items() if k not in found]
        self.reused += len(texts) - len(missing)
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            vectors = self.embedder.encode([t for _, t in batch])
            self._conn.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                [(k, v.astype(np.float32).tobytes()) for (k, _), v in zip(batch, vectors, strict=True)],
            )
            self._conn.commit()
            found.update({k: v for (k, _), v in zip(batch, vectors, strict=True)})
            self.embedded += len(batch)
            if progress:
                print(f"  embedded {start + len(batch)}/{len(missing)}", file=sys.stderr, flush=True)
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return np.ascontiguousarray(np.stack([found[k] for k in keys]), dtype=np.float32)

    def close(self) -> None:
        self._conn.close()


class CachedEmbedder:
    """An Embedder whose ``encode`` goes through an EmbeddingCache (for builds and queries alike)."""

    def __init__(self, cache: EmbeddingCache) -> None:
        self.cache = cache
        self.inner = cache.embedder
        self.name = self.inner.name
        self.dimension = self.inner.dimension
        self.max_seq_length = self.inner.max_seq_length

    def warm_up(self) -> None:
        self.inner.warm_up()
        self.name, self.dimension, self.max_seq_length = (
            self.inner.name,
            self.inner.dimension,
            self.inner.max_seq_length,
        )

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False) -> np.ndarray:
        return self.cache.encode(texts, progress=progress)

    def encode_query(self, text: str) -> np.ndarray:
        """A question through the model's own question path (int8 with QA_QUERY_ENCODER=int8), uncached:
        the cache is keyed for fp32 vectors, and a question costs a few ms."""
        query_path = getattr(self.inner, "encode_query", None)
        return query_path(text) if query_path is not None else self.cache.encode([text])[0]

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)
