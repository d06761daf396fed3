"""Incremental build: load, chunk and embed only new or changed documents, then publish a snapshot."""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer import dense, metadata, snapshot, store
from indexer.action_lines import tag_action_lines
from indexer.chunking import ChunkParams, chunk_document
from indexer.embedder import Embedder
from indexer.loaders import LoadError, load_file
from indexer.scan import Source, scan_corpus
from indexer.snapshot_writer import write_snapshot
from indexer.tokens import count_tokens

log = logging.getLogger("indexer")

# Bump when loaders or chunking change their output, so that every document is re-chunked.
PIPELINE_VERSION = 3  # 2: model-token splitting, capped context heading; 3: headings open their section's chunk


@dataclass
class BuildReport:
    snapshot: str | None = None
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    embedded_chunks: int = 0
    total_chunks: int = 0
    seconds: float = 0.0
    up_to_date: bool = False

    def summary(self) -> str:
        if self.up_to_date:
            head = f"index up to date ({self.snapshot}): nothing to embed"
        else:
            head = (
                f"published snapshot {self.snapshot}: {len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.removed)} removed, {len(self.unchanged)} unchanged; "
                f"embedded {self.embedded_chunks} of {self.total_chunks} chunks in {self.seconds:.1f}s"
            )
        return head + "".join(f"\nerror: {e}" for e in self.errors)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _Previous:
    """What the active snapshot already has, for reuse: documents, chunks and their vectors."""

    def __init__(self, index_dir: Path, config: dict[str, object]) -> None:
        self.documents: dict[str, store.DocumentRow] = {}
        self.chunks: dict[str, list[tuple[int, store.ChunkRow]]] = {}
        self.vectors = np.zeros((0, 0), dtype=np.float32)
        self.name: str | None = None
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
        if manifest.get("config") != config:
            return  # another model, chunking or pipeline: nothing can be reused
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


def build(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    params: ChunkParams | None = None,
    keep: int = 3,
    exact_max: int = 20_000,
    progress: bool = False,
) -> BuildReport:
    """Bring the index up to date with the corpus; see BuildReport for what happened."""
    params = params or ChunkParams()
    started = time.perf_counter()
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    with build_lock(index_dir):
        snapshot.snapshots_dir(index_dir).mkdir(parents=True, exist_ok=True)
        embedder.warm_up()
        params = ChunkParams(
            params.chunk_tokens, params.overlap_tokens, min(params.max_model_tokens, embedder.max_seq_length)
        )
        config = {
            "model": embedder.name,
            "dimension": embedder.dimension,
            "max_seq_length": embedder.max_seq_length,
            "chunking": params.to_dict(),
            "pipeline_version": PIPELINE_VERSION,
        }
        previous = _Previous(index_dir, config)
        sources, errors = scan_corpus(corpus_dir)
        report = BuildReport(errors=errors)
        documents: list[store.DocumentRow] = []
        chunk_rows: list[store.ChunkRow] = []
        reused: list[tuple[int, int]] = []  # (index in chunk_rows, row in the previous snapshot)
        pending: list[tuple[int, str]] = []  # (index in chunk_rows, text to embed) for new chunks

        for source in sources:
            old = previous.documents.get(source.doc_id)
            if old is not None and old.content_hash == source.content_hash:
                doc = _refresh_metadata(old, source, corpus_dir, errors)
                if doc is None:
                    continue
                report.unchanged.append(source.doc_id)
                documents.append(doc)
                for row, chunk in previous.chunks.get(source.doc_id, []):
                    reused.append((len(chunk_rows), row))
                    chunk_rows.append(chunk)
                continue
            loaded = _load(source, corpus_dir, params, embedder, errors)
            if loaded is None:
                continue
            doc, new_chunks, texts = loaded
            (report.changed if old is not None else report.added).append(source.doc_id)
            documents.append(doc)
            for chunk, text in zip(new_chunks, texts, strict=True):
                pending.append((len(chunk_rows), text))
                chunk_rows.append(chunk)

        current_ids = {s.doc_id for s in sources}
        report.removed = sorted(d for d in previous.documents if d not in current_ids)
        report.total_chunks = len(chunk_rows)
        unchanged_meta = all(_same_doc(previous.documents.get(d.doc_id), d) for d in documents)
        if (
            previous.name
            and not pending
            and not report.removed
            and unchanged_meta
            and len(documents) == len(previous.documents)
        ):
            report.snapshot, report.up_to_date = previous.name, True
            snapshot.prune(index_dir, keep)  # still clear what a killed build left behind
            report.seconds = time.perf_counter() - started
            return report

        all_vectors = np.zeros((len(chunk_rows), embedder.dimension), dtype=np.float32)
        if reused:
            positions, rows = zip(*reused, strict=True)
            all_vectors[list(positions)] = previous.vectors[list(rows)]
        if pending:
            all_vectors[[p for p, _ in pending]] = embedder.encode([t for _, t in pending], progress=progress)
        report.embedded_chunks = len(pending)
        report.snapshot = write_snapshot(index_dir, documents, chunk_rows, all_vectors, config, exact_max).name
        snapshot.prune(index_dir, keep)
        report.seconds = time.perf_counter() - started
        return report


def _load(
    source: Source, corpus_dir: Path, params: ChunkParams, embedder: Embedder, errors: list[str]
) -> tuple[store.DocumentRow, list[store.ChunkRow], list[str]] | None:
    try:
        parsed = load_file(source.path)
        meta = metadata.resolve(source.path, corpus_dir, parsed.text, parsed.hints)
        chunks = chunk_document(parsed, params, count_tokens, embedder.count_tokens)
    except (LoadError, ValueError) as exc:  # one bad document must not stop the build
        errors.append(str(exc) if isinstance(exc, LoadError) else f"{source.path}: {exc}")
        return None
    doc = store.DocumentRow(
        source.doc_id,
        source.path.relative_to(corpus_dir).as_posix(),
        source.content_hash,
        parsed.format,
        parsed.text,
        meta.to_dict(),
        parsed.page_count,
        parsed.hints,
    )
    rows = [
        store.ChunkRow(
            f"{source.doc_id}:{c.ordinal:04d}",
            source.doc_id,
            c.ordinal,
            c.section_path,
            c.heading,
            c.start,
            c.end,
            c.page,
            c.token_count,
            c.sentences,
            tag_action_lines(parsed.text[c.start : c.end]),
            parsed.text[c.start : c.end],
        )
        for c in chunks
    ]
    return doc, rows, [c.embed_text(parsed.text) for c in chunks]


def _refresh_metadata(
    old: store.DocumentRow, source: Source, corpus_dir: Path, errors: list[str]
) -> store.DocumentRow | None:
    """Unchanged bytes, but a sidecar or manifest may have changed: re-resolve metadata only."""
    try:
        meta = metadata.resolve(source.path, corpus_dir, old.text, old.hints)
    except ValueError as exc:
        errors.append(str(exc))
        return None
    return store.DocumentRow(
        old.doc_id, old.path, old.content_hash, old.format, old.text, meta.to_dict(), old.page_count, old.hints
    )


def _same_doc(old: store.DocumentRow | None, new: store.DocumentRow) -> bool:
    return old is not None and old.content_hash == new.content_hash and old.meta == new.meta and old.path == new.path
