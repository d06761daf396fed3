"""GET /v1/documents and /v1/documents/{id}: metadata, facets, normalised text and chunk map."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Depends

from indexer.store import DocumentRow
from qa_service.deps import EngineDep
from qa_service.errors import UnknownDocument
from qa_service.routes.search import ERRORS
from qa_service.schemas import ChunkSpan, DocumentDetail, DocumentList, DocumentSummary
from qa_service.security.scopes import SCOPED_ERRORS, require_scope

# Reading the documents is part of searching them: same scope.
router = APIRouter(tags=["documents"], dependencies=[Depends(require_scope("search"))], responses=SCOPED_ERRORS)


def summary(doc: DocumentRow, chunks: int) -> dict[str, object]:
    meta = doc.meta
    return {
        "id": doc.doc_id,
        "title": meta.get("title"),
        "entity": meta.get("entity"),
        "entity_name": meta.get("entity_name"),
        "entity_aliases": meta.get("entity_aliases") or [],
        "entity_kind": meta.get("entity_kind"),
        "year": meta.get("year"),
        "session": meta.get("session"),
        "session_venue": meta.get("session_venue"),
        "date": meta.get("date"),
        "source": meta.get("source"),
        "collection": meta.get("collection"),
        "format": doc.format,
        "path": doc.path,
        "chunks": chunks,
    }


@router.get(
    "/v1/documents",
    response_model=DocumentList,
    responses=ERRORS,
    summary="All documents with metadata and facet counts",
)
def list_documents(engine: EngineDep) -> DocumentList:
    index = engine.index
    snap = index.snapshot
    per_doc = Counter(int(i) for i in snap.rows.doc_index)
    docs = [
        DocumentSummary(**summary(snap.documents[d], per_doc.get(i, 0)))  # type: ignore[arg-type]
        for i, d in enumerate(snap.doc_ids)
    ]
    lines_per_doc: Counter[str] = Counter()
    seen: dict[int, set[str]] = {}  # document position -> its action lines
    for row, tags in enumerate(snap.rows.action_lines):
        seen.setdefault(int(snap.rows.doc_index[row]), set()).update(tags)
    for doc_lines in seen.values():
        lines_per_doc.update(doc_lines)
    facets = {
        "entity": dict(Counter(d.entity for d in docs if d.entity)),
        "year": {str(y): n for y, n in sorted(Counter(d.year for d in docs if d.year).items())},
        "action_line": dict(sorted(lines_per_doc.items())),
    }
    return DocumentList(documents=docs, facets=facets, index_version=index.version)


@router.get(
    "/v1/documents/{doc_id}",
    response_model=DocumentDetail,
    responses=ERRORS,
    summary="One document: metadata, normalised text and its chunk map",
)
def get_document(doc_id: str, engine: EngineDep) -> DocumentDetail:
    snap = engine.index.snapshot
    doc = snap.documents.get(doc_id)
    if doc is None:
        raise UnknownDocument(f"no document with id '{doc_id}'")
    chunks = snap.document_chunks(doc_id)
    spans = [
        ChunkSpan(
            chunk_id=c.chunk_id,
            char_start=c.char_start,
            char_end=c.char_end,
            section_path=c.section_path,
            page=c.page,
            action_lines=c.action_lines,
        )
        for _, c in chunks
    ]
    return DocumentDetail(
        **summary(doc, len(chunks)),  # type: ignore[arg-type]
        text=doc.text,
        chunk_map=spans,
        page_starts=doc.page_starts,
    )
