"""Listing and counting: every document whose text supports the answer, not the top few passages.

"Which countries spoke about piracy?" has as many answers as there are statements that speak
of piracy, so top-k retrieval cannot answer it. This makes a complete pass: every chunk that
holds most of the topic's IDF mass (keyword postings over all rows, a topic word's synonyms
counting for it), plus the best dense matches for paraphrases; a document counts when one of its
best passages' sentences holds the topic by the absolute test of ``evidence.py`` (never the
answer scorer's score, which is relative to one question's candidates).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from indexer.reader import IndexSnapshot
from indexer.store import DocumentRow
from qa_service.answering import evidence
from qa_service.answering.candidates import Candidate, is_heading, usable
from qa_service.answering.evidence import HOLDS, PARTLY, Embed, Topic
from qa_service.answering.scoring import Scored
from qa_service.retrieval import hybrid
from qa_service.retrieval.filters import Filters, row_mask

DENSE_CANDIDATES = 100  # best dense rows added for paraphrases ("sea robbery" for piracy)
ROWS_PER_DOCUMENT = 2
PARTIAL_PER_DOCUMENT = 2  # sentences holding part of the topic encoded per document, to judge them on meaning
PARTIAL_BUDGET = 160  # at most this many of those per question, most relevant documents first
QUOTES_PER_DOCUMENT = 3  # full sentences encoded per document to pick its quote by meaning
QUOTE_BUDGET = 120  # at most this many of those per question

Scorer = Callable[[list[Candidate]], list[Scored]]


@dataclass
class DocumentEvidence:
    doc_id: str
    best: Scored


def dense_rows(snap: IndexSnapshot, query_vector: np.ndarray, mask: np.ndarray | None) -> hybrid.Ranked:
    """The passages nearest the topic, from the search's own dense stage (exact or HNSW, masked the same way)."""
    return hybrid.dense_search(snap, query_vector, DENSE_CANDIDATES, mask)


def candidate_rows(
    snap: IndexSnapshot, topic: Topic, mask: np.ndarray | None, query_vector: np.ndarray, dense: hybrid.Ranked
) -> dict[int, float]:
    """Rows worth reading, with a relevance score to pick each document's best rows by."""
    coverage = np.zeros(snap.chunk_count, dtype=np.float32)
    for part in topic.parts or [set(topic.weights)]:  # a row's coverage is its best part's
        total = sum(topic.weights[t] for t in part)
        held = np.zeros(snap.chunk_count, dtype=np.float32)
        spelled = {c.key: c for c in topic.compounds}
        for term in part:  # analysed terms: read their posting lists, never re-analyse them
            has = np.zeros(snap.chunk_count, dtype=bool)
            for stem in topic.all_stems(term):
                has[snap.keyword.rows_with(stem)] = True
            if term in spelled:  # "COVID-19": rows with "covid" and "19", or with "covid19"
                has[spelled[term].rows(snap.keyword.rows_with)] = True
            held[has] += np.float32(topic.weights[term] / total if total else 0)
        np.maximum(coverage, held, out=coverage)
    total = topic.total
    keep = coverage >= PARTLY if total else np.zeros(snap.chunk_count, dtype=bool)
    if mask is not None:
        keep &= mask
    rows = np.flatnonzero(keep)
    similarity = snap.vectors[rows] @ query_vector if len(rows) else np.zeros(0, np.float32)
    out = {int(r): float(coverage[r] + s) for r, s in zip(rows, similarity, strict=True)}
    for row, score in zip(dense.rows, dense.scores, strict=True):
        out.setdefault(int(row), float(coverage[row] + score))
    return out


@dataclass
class Near:
    """A question's topic under some filters, with its vector and the passages nearest it."""

    topic: Topic
    vector: np.ndarray
    mask: np.ndarray | None
    dense: hybrid.Ranked


def near_topic(
    snap: IndexSnapshot,
    ranking_text: str,
    names: list[re.Pattern[str]],
    filters: Filters,
    weights: Callable[[str], dict[str, float]],
    embed_query: Callable[[str], np.ndarray],
    embed: Embed,
) -> Near:
    """The question's topic (synonyms found among the passages nearest it under ``filters``)."""
    vector = embed_query(evidence.topic_text(ranking_text) or ranking_text)
    mask = row_mask(filters, snap)
    dense = dense_rows(snap, vector, mask)
    rows = [int(r) for r in dense.rows]
    chunks = snap.chunks(rows)
    near = [chunks[r].text for r in rows]  # nearest first
    return Near(evidence.topic(ranking_text, names, weights, near, embed), vector, mask, dense)


def documents_on(snap: IndexSnapshot, near: Near, embed: Embed) -> list[DocumentEvidence]:
    """Every document (under the filters of ``near``) with a sentence that holds the topic."""
    return evidence_by_document(snap, near.topic, near.mask, near.vector, near.dense, embed)


def best_under(snap: IndexSnapshot, near: Near, filters: Filters, embed: Embed) -> Scored | None:
    """The best sentence holding the topic of ``near`` among every passage under ``filters`` (one
    entity's or one year's documents), found by the complete pass of a listing."""
    mask = row_mask(filters, snap)
    dense = dense_rows(snap, near.vector, mask)
    found = evidence_by_document(snap, near.topic, mask, near.vector, dense, embed)
    return found[0].best if found else None


def evidence_by_document(
    snap: IndexSnapshot,
    topic: Topic,
    mask: np.ndarray | None,
    query_vector: np.ndarray,
    dense: hybrid.Ranked,
    embed: Embed,
) -> list[DocumentEvidence]:
    """Each document with a sentence that holds the topic, best first, with that sentence."""
    scored_rows = candidate_rows(snap, topic, mask, query_vector, dense)
    by_doc: dict[int, list[tuple[float, int]]] = {}
    for row, value in scored_rows.items():
        by_doc.setdefault(int(snap.rows.doc_index[row]), []).append((value, row))
    best_rows = [row for rows in by_doc.values() for _, row in sorted(rows, reverse=True)[:ROWS_PER_DOCUMENT]]
    chunks = snap.chunks(best_rows)
    documents: dict[str, DocumentRow] = {}
    seen: set[tuple[str, int, int]] = set()
    per_doc: dict[str, list[Held]] = {}
    full_count: dict[str, int] = {}
    for row in best_rows:
        chunk = chunks[row]
        document = documents.setdefault(chunk.doc_id, snap.documents[chunk.doc_id])
        for start, end in chunk.sentences:
            if full_count.get(chunk.doc_id, 0) >= QUOTES_PER_DOCUMENT:
                break  # enough sentences hold the whole topic to pick this document's quote from
            key = (chunk.doc_id, start, end)
            if key in seen:
                continue
            seen.add(key)
            text = document.text[start:end]
            # Cheapest test first: a broad topic in a large corpus reads tens of thousands of sentences.
            coverage = topic.coverage(text) if topic.could_hold(text) and topic.has_names(text) else 0.0
            if coverage < PARTLY or not usable(text) or is_heading(text, chunk):
                continue
            cand = Candidate(document, chunk, 0, start, end)
            per_doc.setdefault(chunk.doc_id, []).append(Held(cand, coverage, scored_rows[row], row))
            full_count[chunk.doc_id] = full_count.get(chunk.doc_id, 0) + (coverage >= HOLDS)
    return best_per_document(per_doc, topic, snap, query_vector, embed)


@dataclass
class Held:
    """A sentence that holds part of the topic, with its passage's relevance and row."""

    candidate: Candidate
    coverage: float
    relevance: float
    row: int


def best_per_document(
    per_doc: dict[str, list[Held]], topic: Topic, snap: IndexSnapshot, query_vector: np.ndarray, embed: Embed
) -> list[DocumentEvidence]:
    """Each document's best sentence among those that hold the topic, best first.

    Sentences are encoded only where their meaning decides: a document's few partial sentences when
    none holds most of the topic (the test, within ``PARTIAL_BUDGET``), and, within ``QUOTE_BUDGET``,
    the few full ones of the most relevant documents (which quote reads best). Past the budgets the
    passage's vector stands in for its sentences', so a complete pass over a broad topic in a large
    corpus encodes hundreds of sentences, not thousands."""
    to_encode: list[Held] = []
    full: dict[str, Held] = {}
    quoted = partial = 0
    ranked = sorted(per_doc.items(), key=lambda kv: -max(h.relevance for h in kv[1]))
    for doc_id, held in ranked:
        held.sort(key=lambda h: (-h.coverage, -h.relevance, h.candidate.start))
        whole = [h for h in held if h.coverage >= HOLDS]
        if not whole:
            if partial + PARTIAL_PER_DOCUMENT <= PARTIAL_BUDGET:
                to_encode.extend(held[:PARTIAL_PER_DOCUMENT])
                partial += PARTIAL_PER_DOCUMENT
            else:  # past the budget the passage's meaning stands in for its sentences'
                top = held[0]
                if topic.holds(top.candidate.text, float(snap.vectors[top.row] @ query_vector)):
                    full[doc_id] = top
            continue
        full[doc_id] = whole[0]
        if quoted + len(whole[:QUOTES_PER_DOCUMENT]) <= QUOTE_BUDGET and len(whole) > 1:
            to_encode.extend(whole[:QUOTES_PER_DOCUMENT])
            quoted += len(whole[:QUOTES_PER_DOCUMENT])
    best: dict[str, Scored] = {}
    for doc_id, top in full.items():  # the passage's vector stands in until a sentence of it is encoded
        vector = snap.vectors[top.row]
        similarity = float(vector @ query_vector)
        best[doc_id] = Scored(top.candidate, similarity, top.coverage, top.coverage + similarity, vector)
    stand_in = set(full)
    encoded = embed([h.candidate.text for h in to_encode]) if to_encode else np.zeros((0, len(query_vector)))
    for held_one, vector in zip(to_encode, encoded, strict=True):
        similarity = float(vector @ query_vector)
        doc_id = held_one.candidate.document.doc_id
        if not topic.holds(held_one.candidate.text, similarity):
            continue
        item = Scored(held_one.candidate, similarity, held_one.coverage, held_one.coverage + similarity, vector)
        if doc_id in stand_in or doc_id not in best or item.score > best[doc_id].score:
            best[doc_id] = item
            stand_in.discard(doc_id)
    return [DocumentEvidence(d, s) for d, s in sorted(best.items(), key=lambda kv: -kv[1].score)]
