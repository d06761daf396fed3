"""The documents of an open snapshot: metadata held in memory, each text read from SQLite when used.

Full texts are most of a store (67 M characters, ~130 MiB as Python strings, at 100k chunks) and
only citations, answers and ``/v1/documents/{id}`` need them, a few documents per request. So the
snapshot keeps each document's metadata and hands out a fresh ``StoredDocument`` per lookup; its
text is read on first use and lives only as long as that object (one request).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from indexer import store

_COLUMNS = ("doc_id", "path", "content_hash", "format", *store.DOCUMENT_META_FIELDS, "page_count", "hints")


class StoredDocument(store.DocumentRow):
    """A ``DocumentRow`` whose text is read from the snapshot's store on first access, then kept."""

    def __init__(self, info: store.DocumentRow, read_text: Callable[[str], str]) -> None:
        # Not the dataclass __init__: ``text`` is a property here, filled on demand.
        self.doc_id = info.doc_id
        self.path = info.path
        self.content_hash = info.content_hash
        self.format = info.format
        self.meta = info.meta
        self.page_count = info.page_count
        self.hints = info.hints
        self.page_starts = info.page_starts
        self._read_text = read_text
        self._text: str | None = None

    @property  # type: ignore[override]
    def text(self) -> str:
        if self._text is None:
            self._text = self._read_text(self.doc_id)
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value


class SnapshotDocuments(Mapping[str, store.DocumentRow]):
    """doc_id -> document, over a read-only connection that this mapping keeps open while referenced.

    A document looked up from a snapshot that has since been swapped out (hot reload) still reads
    its text: the connection stays open as long as the document refers to it, and a pruned
    snapshot's files stay readable through their open descriptors.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._info: dict[str, store.DocumentRow] = {}
        present = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
        columns = ", ".join((*_COLUMNS, "page_starts") if "page_starts" in present else _COLUMNS)
        for row in conn.execute(f"SELECT {columns} FROM documents ORDER BY doc_id"):
            # The text is never read from here: lookups return StoredDocument, which reads it itself.
            self._info[row["doc_id"]] = store.document_from_row(row, text="")

    def __getitem__(self, doc_id: str) -> StoredDocument:
        return StoredDocument(self._info[doc_id], self.read_text)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._info

    def __iter__(self) -> Iterator[str]:
        return iter(self._info)

    def __len__(self) -> int:
        return len(self._info)

    def meta(self, doc_id: str) -> dict[str, Any]:
        """A document's metadata without building a document object."""
        return self._info[doc_id].meta

    def read_text(self, doc_id: str) -> str:
        row = self._conn.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return str(row[0])
