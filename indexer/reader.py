"""A published snapshot opened for reading: the store, the dense and keyword indexes, and row metadata."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer import dense, snapshot, store
from indexer.keyword import KeywordIndex


@dataclass(frozen=True)
class RowMeta:
    """Per-chunk-row arrays used to filter without touching SQLite."""

    doc_index: np.ndarray  # int32: position of the row's document in IndexSnapshot.doc_ids
    years: np.ndarray  # int32 per document (-1 when unknown)
    entities: list[str | None]  # per document
    action_lines: list[frozenset[str]]  # per row


class IndexSnapshot:
    """Everything one request needs from one snapshot; immutable once opened."""

    def __init__(self, path: Path, verify: bool = True) -> None:
        self.path = path
        self.name = path.name
        self.manifest: dict[str, Any] = snapshot.verify(path) if verify else snapshot.read_manifest(path)
        self.config: dict[str, Any] = self.manifest["config"]
        self.conn: sqlite3.Connection = store.connect_readonly(path / "store.sqlite")
        self.dense = dense.load_index(path / "dense.faiss")
        self.vectors = dense.vectors_of(self.dense)
        counts = self.manifest["counts"]
        self.keyword = KeywordIndex.load(path / "keyword", counts["chunks"])
        self.documents: dict[str, store.DocumentRow] = {d.doc_id: d for d in store.iter_documents(self.conn)}
        self.doc_ids: list[str] = sorted(self.documents)
        self.rows = self._row_meta()
        if self.dense.ntotal != counts["chunks"] or len(self.rows.doc_index) != counts["chunks"]:
            raise snapshot.SnapshotError(f"{self.name}: index sizes disagree with the manifest")

    @classmethod
    def open_current(cls, index_dir: Path, verify: bool = True) -> IndexSnapshot:
        path = snapshot.current_path(index_dir)
        if path is None:
            raise snapshot.SnapshotError(f"no active snapshot in {index_dir}; run the indexer's build first")
        return cls(path, verify=verify)

    @property
    def chunk_count(self) -> int:
        return len(self.rows.doc_index)

    def _row_meta(self) -> RowMeta:
        position = {doc_id: i for i, doc_id in enumerate(self.doc_ids)}
        doc_index: list[int] = []
        tags: list[frozenset[str]] = []
        for doc_id, codes in self.conn.execute("SELECT doc_id, action_lines FROM chunks ORDER BY row"):
            doc_index.append(position[doc_id])
            tags.append(frozenset(json.loads(codes)))
        years = np.array([self.documents[d].meta.get("year") or -1 for d in self.doc_ids], dtype=np.int32)
        entities = [self.documents[d].meta.get("entity") for d in self.doc_ids]
        return RowMeta(np.array(doc_index, dtype=np.int32), years, entities, tags)

    def chunks(self, rows: list[int]) -> dict[int, store.ChunkRow]:
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        cursor = self.conn.execute(f"SELECT * FROM chunks WHERE row IN ({marks})", [int(r) for r in rows])
        return {row["row"]: store.chunk_from_row(row) for row in cursor}

    def document_chunks(self, doc_id: str) -> list[tuple[int, store.ChunkRow]]:
        cursor = self.conn.execute("SELECT * FROM chunks WHERE doc_id = ? ORDER BY ordinal", (doc_id,))
        return [(row["row"], store.chunk_from_row(row)) for row in cursor]

    def close(self) -> None:
        self.conn.close()
