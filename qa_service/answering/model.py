"""What an answer is, independent of HTTP: sentences with markers, citations, and how it was made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from indexer.store import DocumentRow

Mode = Literal["extractive", "llm"]


@dataclass
class Citation:
    number: int
    chunk_id: str
    document: DocumentRow
    section_path: list[str]
    page: int | None
    quote: str  # exactly document.text[char_start:char_end]
    char_start: int
    char_end: int

    def to_dict(self) -> dict[str, Any]:
        meta = self.document.meta
        return {
            "number": self.number,
            "chunk_id": self.chunk_id,
            "document": {
                "id": self.document.doc_id,
                "title": meta.get("title"),
                "entity": meta.get("entity"),
                "year": meta.get("year"),
            },
            "section_path": list(self.section_path),
            "page": self.page,
            "quote": self.quote,
            "char_start": self.char_start,
            "char_end": self.char_end,
        }


@dataclass
class Group:
    """One part of an answer across documents: an entity's, a year's or a document's cited sentences."""

    label: str  # "Norway (2019)", "Ghana"
    entity: str | None = None
    year: int | None = None
    doc_id: str | None = None
    sentences: list[str] = field(default_factory=list)  # rendered with their [n] markers
    citations: list[int] = field(default_factory=list)  # numbers into Answer.citations
    evidence: bool = True  # False: the entity or year was asked about, and nothing in it answers

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "entity": self.entity,
            "year": self.year,
            "document_id": self.doc_id,
            "sentences": list(self.sentences),
            "citations": list(self.citations),
            "evidence": self.evidence,
        }


@dataclass
class Answer:
    sentences: list[str]  # each ends with its [n] marker(s); joined with spaces they are the answer
    citations: list[Citation]
    abstained: bool
    confidence: float
    resolved_question: str
    applied_filters: dict[str, Any]
    index_version: str
    notice: str | None = None
    mode: Mode = "extractive"
    took_ms: float = 0.0
    evidence: float = 0.0  # the best sentence score, before calibration (for eval and calibration)
    details: dict[str, Any] = field(default_factory=dict)
    question_type: str = "factoid"
    groups: list[Group] = field(default_factory=list)  # listing, counting, comparison, evolution, summary
    count: int | None = None  # counting and listing: documents with evidence (all of them, not only those shown)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "applied_filters": self.applied_filters,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "index_version": self.index_version,
            "resolved_question": self.resolved_question,
            "notice": self.notice,
            "mode": self.mode,
            "took_ms": round(self.took_ms, 3),
            "question_type": self.question_type,
            "groups": [g.to_dict() for g in self.groups],
            "count": self.count,
        }
