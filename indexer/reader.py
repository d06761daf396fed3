"""A published snapshot opened for reading: the store, the dense and keyword indexes, and row metadata."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer import dense, snapshot, store
from indexer.documents import SnapshotDocuments
from indexer.keyword import KeywordIndex


@dataclass(frozen=True)
class RowMeta:
    """Per-chunk-row arrays used to filter without touching SQLite."""

    doc_index: np.ndarray  # int32: position of the row's document in IndexSnapshot.doc_ids
    years: np.ndarray  # int32 per document (-1 when unknown)
    entities: list[str | None]  # per document
    action_lines: list[frozenset[str]]  # per row (equal sets share one object)
    action_line_bits: np.ndarray | None = None  # uint32 per row: bit i = ACTION_LINES[i], for fast filters


def action_line_bitmask(tags: list[frozenset[str]]) -> np.ndarray:
    """One uint32 per row with bit i set when the row has ACTION_LINES[i]: a filter is one numpy op."""
    from indexer.action_lines import ACTION_LINES

    bit = {line.code: 1 << i for i, line in enumerate(ACTION_LINES)}
    value: dict[frozenset[str], int] = {}
    out = np.zeros(len(tags), dtype=np.uint32)
    for row, tag_set in enumerate(tags):
        if tag_set:
            bits = value.get(tag_set)
            if bits is None:
                bits = value[tag_set] = sum(bit.get(code, 0) for code in tag_set)
            out[row] = bits
    return out


class IndexSnapshot:
    """Everything one request needs from one snapshot; immutable once opened."""

    def __init__(self, path: Path, verify: bool = True) -> None:
        self.path = path
        self.name = path.name
        self.manifest: dict[str, Any] = snapshot.verify(path) if verify else snapshot.read_manifest(path)
        self.config: dict[str, Any] = self.manifest["config"]
        self.conn: sqlite3.Connection = store.connect_readonly(path / "store.sqlite")
        # Memory-mapped, read-only: the vectors (and HNSW links) stay in the page cache, shared by
        # replicas and by the snapshot being swapped out, and only the pages searches touch are resident.
        self.dense = dense.load_index(path / "dense.faiss")
        self.vectors = dense.vectors_of(self.dense)
        counts = self.manifest["counts"]
        self.keyword = KeywordIndex.load(path / "keyword", counts["chunks"])
        # Metadata only; each document's text is read from SQLite when a request uses it.
        self.documents = SnapshotDocuments(self.conn)
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
        # A few hundred distinct tag lists at most: parse each once and share the set (at 1M rows,
        # one frozenset per row cost seconds of start-up and about 200 MB).
        parsed: dict[str, frozenset[str]] = {}
        for doc_id, codes in self.conn.execute("SELECT doc_id, action_lines FROM chunks ORDER BY row"):
            doc_index.append(position[doc_id])
            tag_set = parsed.get(codes)
            if tag_set is None:
                tag_set = parsed[codes] = frozenset(json.loads(codes))
            tags.append(tag_set)
        years = np.array([self.documents.meta(d).get("year") or -1 for d in self.doc_ids], dtype=np.int32)
        entities = [self.documents.meta(d).get("entity") for d in self.doc_ids]
        return RowMeta(np.array(doc_index, dtype=np.int32), years, entities, tags, action_line_bitmask(tags))

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
