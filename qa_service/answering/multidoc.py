"""Questions about several documents ("Which entities reported work on e-health?"): one part per document."""

from __future__ import annotations

from collections.abc import Sequence

from indexer.store import DocumentRow
from qa_service.answering.scoring import Scored
from qa_service.retrieval.search import Hit


def group_by_document(hits: Sequence[Hit], per_document: int, documents: int) -> list[list[Hit]]:
    """Hits grouped by document in order of each document's best hit."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        group = groups.setdefault(hit.document.doc_id, [])
        if len(group) < per_document:
            group.append(hit)
    return list(groups.values())[:documents]


def best_per_document(scored: Sequence[Scored], threshold: float) -> list[Scored]:
    """Each document's best sentence at or above ``threshold``, best documents first."""
    best: dict[str, Scored] = {}
    for item in scored:  # ``scored`` is sorted best first
        doc_id = item.candidate.document.doc_id
        if doc_id not in best and item.score >= threshold:
            best[doc_id] = item
    return sorted(best.values(), key=lambda s: -s.score)


def label(document: DocumentRow) -> str:
    """'UNDP (2021): ' in front of a document's part of the answer."""
    meta = document.meta
    who = meta.get("entity_name") if meta.get("entity_kind") == "country" else None
    who = who or meta.get("entity") or meta.get("title") or document.doc_id
    return f"{who} ({meta['year']}): " if meta.get("year") else f"{who}: "
