"""Compose a short extractive answer: pick 1-3 sentences, render them with [n], cite each exactly."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa_service.answering.candidates import Candidate
from qa_service.answering.model import Citation
from qa_service.answering.scoring import Scored


@dataclass(frozen=True)
class Selection:
    max_sentences: int = 3
    relative_cutoff: float = 0.85  # a further sentence must score this share of the best one
    redundancy: float = 0.9  # ...and be less similar than this to every sentence already chosen


def select(scored: Sequence[Scored], threshold: float, params: Selection) -> list[Scored]:
    """The best sentence, then up to ``max_sentences - 1`` close, non-redundant runners-up."""
    if not scored:
        return []
    best = scored[0]
    chosen = [best]
    floor = max(threshold, params.relative_cutoff * best.score)
    for item in scored[1:]:
        if len(chosen) >= params.max_sentences or item.score < floor:
            break
        if all(float(np.dot(item.vector, c.vector)) < params.redundancy for c in chosen):
            chosen.append(item)
    return chosen


def tidy(text: str) -> str:
    """Answer-side rendering of a quote: one line, ending in a full stop. The quote itself is untouched."""
    text = " ".join(text.split()).rstrip(" :;,")
    if text and not re.search(r"[.!?\u2026][\"'\u201d\u2019)]*$", text):
        text += "."  # also after a closing quote or bracket that no full stop precedes
    return text


def cite(candidate: Candidate, number: int) -> Citation:
    doc = candidate.document
    quote = doc.text[candidate.start : candidate.end]
    return Citation(
        number=number,
        chunk_id=candidate.chunk.chunk_id,
        document=doc,
        section_path=list(candidate.chunk.section_path),
        page=candidate.chunk.page,
        quote=quote,
        char_start=candidate.start,
        char_end=candidate.end,
    )


def render(
    chosen: Sequence[Candidate], prefixes: Sequence[str] | None = None, first: int = 1
) -> tuple[list[str], list[Citation]]:
    """Answer sentences '<text> [n]' and their citations, numbered in answer order from ``first``."""
    sentences: list[str] = []
    citations: list[Citation] = []
    for i, candidate in enumerate(chosen):
        citation = cite(candidate, first + i)
        prefix = prefixes[i] if prefixes else ""
        sentences.append(f"{prefix}{tidy(citation.quote)} [{citation.number}]")
        citations.append(citation)
    return sentences, citations
