"""What a build may take over from the active snapshot: whole documents, or single vectors.

Two levels, because embedding is the expensive part (38,648 UNGDC chunks took 87 CPU-minutes):
- a document whose bytes, loader version and chunking are unchanged keeps its chunks and
  vectors as they are;
- any other chunk whose embedded text (heading context + body) the previous snapshot already
  embedded with the same model takes that vector, so a loader change re-embeds only the
  chunks whose text it changed.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import numpy as np

from indexer import dense, snapshot, store

log = logging.getLogger("indexer")

MODEL_KEYS = ("model", "dimension", "max_seq_length")  # a vector depends on these and on its text only


def embed_text_of(chunk: store.ChunkRow) -> str:
    """The text a stored chunk was embedded from (chunking.Chunk.embed_text, rebuilt from the row)."""
    return f"{chunk.heading}\n{chunk.text}" if chunk.heading else chunk.text


def text_key(model: object, text: str) -> bytes:
    return hashlib.sha256(f"{model}\0{text}".encode()).digest()


class Previous:
    """The active snapshot's documents, chunks and vectors, as far as the new config can reuse them."""

    def __init__(self, index_dir: Path, config: dict[str, Any]) -> None:
        self.documents: dict[str, store.DocumentRow] = {}
        self.chunks: dict[str, list[tuple[int, store.ChunkRow]]] = {}
        self.vectors = np.zeros((0, 0), dtype=np.float32)
        self.name: str | None = None
        self.config: dict[str, Any] = {}
        self._config = config
        self._by_text: dict[bytes, int] | None = None
        path = snapshot.current_path(index_dir)
        if path is None:
            return
        try:
            # Verified, not just read: reusing vectors or chunks of a damaged snapshot would
            # carry the damage into every later one.
            manifest = snapshot.verify(path)
        except (snapshot.SnapshotError, OSError) as exc:
            log.warning("previous snapshot unusable, rebuilding everything: %s", exc)
            return
        self.name = path.name
        self.config = manifest.get("config") or {}
        if any(self.config.get(k) != config.get(k) for k in MODEL_KEYS):
            return  # another model: no vector can be reused
        conn = store.connect_readonly(path / "store.sqlite")
        try:
            self.documents = {d.doc_id: d for d in store.iter_documents(conn)}
            for row, chunk in store.iter_chunks(conn):
                self.chunks.setdefault(chunk.doc_id, []).append((row, chunk))
        finally:
            conn.close()
        # Keep the FAISS index alive: vectors_of is a zero-copy view into its memory.
        self._dense = dense.load_index(path / "dense.faiss")
        self.vectors = dense.vectors_of(self._dense)

    def document_reusable(self, old: store.DocumentRow) -> bool:
        """Same chunking and pipeline, and the same version of the loader that read this format."""
        same = all(self.config.get(k) == self._config.get(k) for k in ("chunking", "pipeline_version"))
        # Snapshots from before loaders had versions count as version 1 of each.
        loaders = self.config.get("loader_versions") or {}
        return same and loaders.get(old.format, 1) == self._config["loader_versions"].get(old.format)

    def vector_row(self, embed_text: str) -> int | None:
        """The previous snapshot's row holding the vector of exactly this text, if any."""
        if self._by_text is None:
            model = self._config.get("model")
            self._by_text = {
                text_key(model, embed_text_of(chunk)): row for rows in self.chunks.values() for row, chunk in rows
            }
        return self._by_text.get(text_key(self._config.get("model"), embed_text))
