"""Listing and counting: every document whose text supports the answer, not the top few passages.

"Which countries spoke about piracy?" has as many answers as there are statements that speak
of piracy, so top-k retrieval cannot answer it. This makes a complete pass: every chunk that
holds most of the topic's IDF mass (keyword postings over all rows), plus the best dense
matches for paraphrases; each document's best candidate sentences are scored with the
answer scorer, and a document counts when its best sentence clears the answer threshold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from indexer.reader import IndexSnapshot
from indexer.store import DocumentRow
from qa_service.answering.candidates import Candidate, usable
from qa_service.answering.scoring import Scored, overlap
from qa_service.retrieval import hybrid
from qa_service.retrieval.filters import Filters, row_mask

COVERAGE = 0.5  # share of the topic's IDF mass a chunk must hold to be a keyword candidate
DENSE_CANDIDATES = 100  # best dense rows added for paraphrases ("sea robbery" for piracy)
ROWS_PER_DOCUMENT = 2
SENTENCES_PER_DOCUMENT = 4
PARAPHRASE_SIMILARITY = 0.55  # a sentence sharing few terms with the topic must mean it this closely
# Capitalised words joined by spaces, "of" or "for": a name of several words ("Gulf of Guinea").
_NAME = re.compile(r"\b[A-Z][\w'\u2019-]+(?:\s+(?:of\s+(?:the\s+)?|for\s+)?[A-Z][\w'\u2019-]+)+")

Scorer = Callable[[list[Candidate]], list[Scored]]


@dataclass
class DocumentEvidence:
    doc_id: str
    best: Scored


def candidate_rows(
    snap: IndexSnapshot, idf: dict[str, float], mask: np.ndarray | None, query_vector: np.ndarray
) -> dict[int, float]:
    """Rows worth reading, with a relevance score to pick each document's best rows by."""
    total = sum(idf.values())
    coverage = np.zeros(snap.chunk_count, dtype=np.float32)
    for term, weight in idf.items():  # analysed terms: read their posting lists, never re-analyse them
        coverage[snap.keyword.rows_with(term)] += np.float32(weight / total if total else 0)
    keep = coverage >= COVERAGE if total else np.zeros(snap.chunk_count, dtype=bool)
    if mask is not None:
        keep &= mask
    rows = np.flatnonzero(keep)
    # The best dense rows come from the search's own dense stage (exact or HNSW, masked the same way).
    dense = hybrid.dense_search(snap, query_vector, DENSE_CANDIDATES, mask)
    similarity = snap.vectors[rows] @ query_vector if len(rows) else np.zeros(0, np.float32)
    out = {int(r): float(coverage[r] + s) for r, s in zip(rows, similarity, strict=True)}
    for row, score in zip(dense.rows, dense.scores, strict=True):
        out.setdefault(int(row), float(coverage[row] + score))
    return out


def evidence_by_document(
    snap: IndexSnapshot,
    idf: dict[str, float],
    filters: Filters,
    query_vector: np.ndarray,
    score: Scorer,
    threshold: float,
    names: list[re.Pattern[str]] | None = None,
) -> list[DocumentEvidence]:
    """Each document with a sentence that answers, best first; ``names`` must all be in that sentence."""
    names = names or []
    mask = row_mask(filters, snap)
    scored_rows = candidate_rows(snap, idf, mask, query_vector)
    by_doc: dict[int, list[tuple[float, int]]] = {}
    for row, value in scored_rows.items():
        by_doc.setdefault(int(snap.rows.doc_index[row]), []).append((value, row))
    best_rows = [row for rows in by_doc.values() for _, row in sorted(rows, reverse=True)[:ROWS_PER_DOCUMENT]]
    chunks = snap.chunks(best_rows)
    documents: dict[str, DocumentRow] = {}
    candidates: list[Candidate] = []
    per_doc: dict[str, list[Candidate]] = {}
    for row in best_rows:
        chunk = chunks[row]
        document = documents.setdefault(chunk.doc_id, snap.documents[chunk.doc_id])
        for start, end in chunk.sentences:
            if usable(document.text[start:end]):
                per_doc.setdefault(chunk.doc_id, []).append(Candidate(document, chunk, 0, start, end))
    for cands in per_doc.values():
        # Read only the sentences that share most with the topic: a complete pass must stay cheap.
        unique = {(c.start, c.end): c for c in cands}.values()
        ranked = sorted(unique, key=lambda c: -overlap(idf, c.text))
        candidates.extend(ranked[:SENTENCES_PER_DOCUMENT])
    best: dict[str, Scored] = {}
    for item in score(candidates):  # best first
        doc_id = item.candidate.document.doc_id
        if doc_id not in best and item.score >= threshold and speaks_of(item, names):
            best[doc_id] = item
    return [DocumentEvidence(d, s) for d, s in sorted(best.items(), key=lambda kv: -kv[1].score)]


def speaks_of(item: Scored, names: list[re.Pattern[str]]) -> bool:
    """Whether a sentence is evidence that its document speaks of the topic, not only near it: it
    holds most of the topic's terms (or means the same, for paraphrases) and every name the
    question gives ("the Gulf of Guinea" is not "Guinea" nor "the Gulf")."""
    if not all(name.search(item.candidate.text) for name in names):
        return False
    return item.lexical >= COVERAGE or item.semantic >= PARAPHRASE_SIMILARITY


def named_phrases(question: str) -> list[re.Pattern[str]]:
    """Multi-word names in the question ("Gulf of Guinea", "South China Sea"), as patterns."""
    found = _NAME.findall(question)
    return [re.compile(r"\b" + r"\s+".join(map(re.escape, name.split())) + r"\b", re.IGNORECASE) for name in found]
