"""Candidate key sentences of a digest: sentences of tagged chunks that are about the action line.

A chunk tagged C4 because one of its sentences says "capacity building" offers that sentence, not
its neighbours (they may be about anything). A chunk tagged only through its heading ("C7 e-health")
offers every sentence: the heading says what they are about, and similarity decides among them.
Sentences too short to say anything, questionnaire prompts, sentences that are nothing but the
line's own name, and text repeated verbatim by several submissions (cover pages, disclaimers) are
never candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from indexer.action_lines import ACTION_LINES, strip_mentions, tag_action_lines
from indexer.keyword import analyze
from indexer.reader import IndexSnapshot
from indexer.store import ChunkRow, DocumentRow
from qa_service.answering.candidates import is_heading, usable
from qa_service.digest.lines import top_line

# Content terms besides the line's own name: "Capacity building is key." says nothing,
# "Supporting countries to develop health management information systems (e-health)" does.
MIN_CONTENT_TERMS = 3
_SQL_BATCH = 900  # rows per "IN (...)" query, under SQLite's old variable limit


@dataclass
class Candidate:
    line: str  # digest line, C1-C11
    document: DocumentRow
    row: int  # chunk row (its vector is the FAISS row)
    page: int | None
    start: int
    end: int
    named: bool  # the sentence itself names the line (else its heading does)
    prior: float = 0.0  # similarity of its chunk to the line's description

    @property
    def entity(self) -> str:
        return str(self.document.meta.get("entity") or self.document.doc_id)

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]


def line_bits(codes: Iterable[str]) -> int:
    """Bitmask (as in RowMeta.action_line_bits) of every tag under the given digest lines."""
    wanted = set(codes)
    return sum(1 << i for i, line in enumerate(ACTION_LINES) if top_line(line.code) in wanted)


def tagged_rows(snapshot: IndexSnapshot, doc_ok: np.ndarray, codes: Sequence[str]) -> np.ndarray:
    """Rows of the chosen documents tagged with any of ``codes`` (or their sub-lines)."""
    rows = snapshot.rows
    if not len(rows.doc_index):
        return np.zeros(0, dtype=np.int64)
    mask = doc_ok[rows.doc_index]
    if rows.action_line_bits is not None:
        mask &= (rows.action_line_bits & np.uint32(line_bits(codes))) != 0
    else:
        wanted = set(codes)
        mask &= np.array([any(top_line(c) in wanted for c in tags) for tags in rows.action_lines], dtype=bool)
    return np.nonzero(mask)[0]


def collect(snapshot: IndexSnapshot, rows: np.ndarray, codes: Sequence[str]) -> list[Candidate]:
    """Every candidate sentence of ``rows`` for the lines ``codes``, each (line, sentence) once."""
    wanted = set(codes)
    documents: dict[str, DocumentRow] = {}  # one text read per document, not per chunk
    seen: set[tuple[str, str, int, int]] = set()
    out: list[Candidate] = []
    for start in range(0, len(rows), _SQL_BATCH):
        for row, chunk in sorted(snapshot.chunks([int(r) for r in rows[start : start + _SQL_BATCH]]).items()):
            document = documents.get(chunk.doc_id)
            if document is None:
                document = documents[chunk.doc_id] = snapshot.documents[chunk.doc_id]
            out.extend(_chunk_candidates(document, row, chunk, wanted, seen))
    return _without_boilerplate(out)


def _chunk_candidates(
    document: DocumentRow, row: int, chunk: ChunkRow, wanted: set[str], seen: set[tuple[str, str, int, int]]
) -> Iterable[Candidate]:
    lines = {top_line(c) for c in chunk.action_lines} & wanted
    body = {top_line(c) for c in tag_action_lines(chunk.text)}
    text = document.text
    for s, e in chunk.sentences:
        sentence = text[s:e]
        if not usable(sentence) or not says_something(sentence) or is_heading(sentence, chunk):
            continue
        named = {top_line(c) for c in tag_action_lines(sentence)}
        for line in lines:
            key = (line, document.doc_id, s, e)
            if key in seen or (line in body and line not in named):
                continue
            seen.add(key)
            yield Candidate(line, document, row, chunk.page, s, e, line in named)


def says_something(sentence: str) -> bool:
    """Whether a sentence has content beyond naming action lines ("Capacity building (C4).")."""
    return len(set(analyze(strip_mentions(sentence)))) >= MIN_CONTENT_TERMS


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _without_boilerplate(candidates: list[Candidate]) -> list[Candidate]:
    """Drop sentences that two or more documents repeat word for word (cover text, disclaimers)."""
    documents_of: dict[str, set[str]] = {}
    for cand in candidates:
        documents_of.setdefault(_normal(cand.text), set()).add(cand.document.doc_id)
    repeated = {text for text, docs in documents_of.items() if len(docs) > 1}
    return [c for c in candidates if _normal(c.text) not in repeated]
