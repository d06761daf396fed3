"""The SQLite part of a snapshot: documents with metadata, chunks with offsets and tags."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.document import page_at

SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    entity TEXT,
    entity_name TEXT,
    entity_aliases TEXT NOT NULL DEFAULT '[]',
    entity_kind TEXT,
    year INTEGER,
    session INTEGER,
    session_venue TEXT,
    date TEXT,
    source TEXT,
    collection TEXT,
    page_count INTEGER,
    hints TEXT NOT NULL DEFAULT '{}',
    text TEXT NOT NULL,
    page_starts TEXT NOT NULL DEFAULT '[]'  -- JSON [[offset, page], ...]; absent from older snapshots
);
CREATE TABLE chunks (
    row INTEGER PRIMARY KEY,          -- position of the chunk's vector in the FAISS index
    chunk_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id),
    ordinal INTEGER NOT NULL,
    section_path TEXT NOT NULL,       -- JSON list of section labels
    heading TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    page INTEGER,
    token_count INTEGER NOT NULL,
    sentences TEXT NOT NULL,          -- JSON list of [start, end] document offsets
    action_lines TEXT NOT NULL,       -- JSON list of codes
    text TEXT NOT NULL
);
CREATE INDEX chunks_doc ON chunks(doc_id, ordinal);
"""

DOCUMENT_META_FIELDS = (
    "title",
    "entity",
    "entity_name",
    "entity_aliases",
    "entity_kind",
    "year",
    "session",
    "session_venue",
    "date",
    "source",
    "collection",
)


@dataclass
class DocumentRow:
    doc_id: str
    path: str
    content_hash: str
    format: str
    text: str
    meta: dict[str, Any]
    page_count: int | None = None
    hints: dict[str, str] = field(default_factory=dict)
    page_starts: list[tuple[int, int]] = field(default_factory=list)  # see ParsedDocument.page_starts

    def page_of(self, offset: int, fallback: int | None = None) -> int | None:
        """The page of the character at ``offset``; ``fallback`` where the document records no page starts."""
        return page_at(self.page_starts, offset) if self.page_starts else fallback


@dataclass
class ChunkRow:
    chunk_id: str
    doc_id: str
    ordinal: int
    section_path: list[str]
    heading: str
    char_start: int
    char_end: int
    page: int | None
    token_count: int
    sentences: list[tuple[int, int]]
    action_lines: list[str]
    text: str


def create(path: Path, documents: Iterable[DocumentRow], chunks: Iterable[ChunkRow]) -> None:
    """Write a new store; chunk rows are numbered in the order given (= FAISS order)."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(SCHEMA)
        conn.executemany(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    d.doc_id,
                    d.path,
                    d.content_hash,
                    d.format,
                    d.meta.get("title"),
                    d.meta.get("entity"),
                    d.meta.get("entity_name"),
                    json.dumps(d.meta.get("entity_aliases") or []),
                    d.meta.get("entity_kind"),
                    d.meta.get("year"),
                    d.meta.get("session"),
                    d.meta.get("session_venue"),
                    d.meta.get("date"),
                    d.meta.get("source"),
                    d.meta.get("collection"),
                    d.page_count,
                    json.dumps(d.hints),
                    d.text,
                    json.dumps(d.page_starts),
                )
                for d in documents
            ),
        )
        conn.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    row,
                    c.chunk_id,
                    c.doc_id,
                    c.ordinal,
                    json.dumps(c.section_path),
                    c.heading,
                    c.char_start,
                    c.char_end,
                    c.page,
                    c.token_count,
                    json.dumps(c.sentences),
                    json.dumps(c.action_lines),
                    c.text,
                )
                for row, c in enumerate(chunks)
            ),
        )
        conn.commit()
    finally:
        conn.close()


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection usable from any thread (snapshots never change once written)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def document_from_row(row: sqlite3.Row, text: str | None = None) -> DocumentRow:
    """The document of a ``documents`` row; ``text`` stands in for a text column not selected."""
    meta = {name: row[name] for name in DOCUMENT_META_FIELDS}
    meta["entity_aliases"] = json.loads(row["entity_aliases"])
    return DocumentRow(
        row["doc_id"],
        row["path"],
        row["content_hash"],
        row["format"],
        row["text"] if text is None else text,
        meta,
        row["page_count"],
        json.loads(row["hints"]),
        # Snapshots written before page starts were kept have no such column: pages then come
        # from the chunks, as they did.
        [(int(o), int(p)) for o, p in json.loads(row["page_starts"])] if "page_starts" in row.keys() else [],  # noqa: SIM118 (Row: "in" tests values)
    )


def chunk_from_row(row: sqlite3.Row) -> ChunkRow:
    return ChunkRow(
        row["chunk_id"],
        row["doc_id"],
        row["ordinal"],
        json.loads(row["section_path"]),
        row["heading"],
        row["char_start"],
        row["char_end"],
        row["page"],
        row["token_count"],
        [tuple(s) for s in json.loads(row["sentences"])],  # type: ignore[misc]
        json.loads(row["action_lines"]),
        row["text"],
    )


def iter_documents(conn: sqlite3.Connection) -> Iterator[DocumentRow]:
    for row in conn.execute("SELECT * FROM documents ORDER BY doc_id"):
        yield document_from_row(row)


def iter_chunks(conn: sqlite3.Connection) -> Iterator[tuple[int, ChunkRow]]:
    for row in conn.execute("SELECT * FROM chunks ORDER BY row"):
        yield row["row"], chunk_from_row(row)
