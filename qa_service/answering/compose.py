"""Compose a short extractive answer: pick 1-3 sentences, render them with [n], cite each exactly."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from indexer.store import ChunkRow
from qa_service.answering import elaborate, lists, multipart
from qa_service.answering.answer_types import AnswerType, expected_type
from qa_service.answering.candidates import Candidate
from qa_service.answering.model import Citation
from qa_service.answering.relations import WordVectors
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


def with_parts_and_reasons(
    question: str,
    topic: str,
    chosen: Sequence[Scored],
    scored: Sequence[Scored],
    threshold: float,
    terms_of: Callable[[str], dict[str, float]],
    chunks_of: Callable[[str], Sequence[ChunkRow]],
) -> list[Scored]:
    """The best sentence, then a sentence for each part of the question no chosen one covers (multipart.py),
    for the word of a keyword query none holds, and another reason for a "why" (elaborate.py), then the
    runners-up: what ``expand`` keeps first."""
    added = multipart.complete(question, chosen, scored, threshold, terms_of)[len(chosen) :]

    def beside(candidate: Candidate, step: int) -> Candidate | None:
        return elaborate.neighbour(candidate, step, chunks_of)

    added = multipart.complete_keywords(question, topic, [*chosen, *added], scored, threshold, terms_of, beside)[
        len(chosen) :
    ]
    added = elaborate.further_reason(question, [*chosen, *added], scored, threshold)[len(chosen) :]
    return [*chosen[:1], *added, *chosen[1:]]


def tagged_list(scored: Sequence[Scored], question: str, threshold: float) -> Scored | None:
    """A lead-in whose list has items tagged with what the question names ("Which initiatives fall under
    the capacity building action line?" and items ending "(capacity building)"): those items answer it
    more exactly than any sentence that only shares its words, so the lead-in is the answer."""
    for item in scored:
        if item.score < threshold:
            break
        candidate = item.candidate
        if lists.introduces_list(candidate.text):
            text = candidate.document.text
            if lists.tagged(question, [text[s:e] for s, e in lists.items_after(text, candidate.end)]):
                return item
    return None


def expand(
    chosen: Sequence[Scored],
    question: str,
    chunks_of: Callable[[str], Sequence[ChunkRow]],
    limit: int = 3,
    words: WordVectors | None = None,
) -> list[Candidate]:
    """The sentences to cite: the chosen ones, the best completed by the sentence that explains it when it only
    restates a how/why question (elaborate.py), for how/why one that points back preceded by the sentence it
    points to (a fact such as "This includes plans to plant 4 billion seedlings" stands alone), at most
    ``limit`` of them (the last chosen go first), and each lead-in to a list replaced by its items (lists.py);
    ``words``: word vectors, with which a neighbour names the asked kind of thing in other words."""
    if not chosen:
        return []
    best = chosen[0]
    groups = [elaborate.completed(question, best.candidate, best.lexical, chunks_of, words)]
    groups += [[s.candidate] for s in chosen[1:]]
    if elaborate.asks_explanation(question):
        groups = [_with_antecedent(group, chunks_of) for group in groups]
    parts: list[Candidate] = []
    for group in groups:
        fresh = [c for c in group if all(_key(c) != _key(p) for p in parts)]
        if parts and len(parts) + len(fresh) > limit:
            break
        parts += fresh
    return with_list_items(parts, chunks_of, question)


def _with_antecedent(group: list[Candidate], chunks_of: Callable[[str], Sequence[ChunkRow]]) -> list[Candidate]:
    """The group with the sentence its first one points back to ("This translated into ...") before it."""
    first = group[0]
    before = elaborate.neighbour(first, -1, chunks_of) if elaborate.points_back(first.text) else None
    return [before, *group] if before is not None else group


def _key(candidate: Candidate) -> tuple[str, int]:
    return candidate.document.doc_id, candidate.start


def with_list_items(
    chosen: Sequence[Candidate], chunks_of: Callable[[str], Sequence[ChunkRow]], question: str = ""
) -> list[Candidate]:
    """The chosen sentences, each lead-in to a list ("... include:") or sentence counting things ("four thematic
    areas", ``lists.items_of``) replaced by the items that follow it (those of the kind ``question`` asks for,
    ``lists.of_kind``); a question asking how many keeps the sentence that says it, before its items.

    ``chunks_of(doc_id)`` gives a document's chunks, so that an item is cited with the chunk that holds it.
    """
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    asks_count = bool(question) and expected_type(question) is AnswerType.QUANTITY
    for candidate in chosen:
        spans = lists.items_of(candidate.document.text, candidate.start, candidate.end)
        if question and spans:
            text = candidate.document.text
            spans = [spans[i] for i in lists.of_kind(question, [text[s:e] for s, e in spans])]
        parts = [_item(candidate, s, e, chunks_of) for s, e in spans] or [candidate]
        if asks_count and parts[0] is not candidate:
            parts = [candidate, *parts]
        for part in parts:
            key = (part.document.doc_id, part.start)
            if key not in seen:
                seen.add(key)
                out.append(part)
    return out


def _item(lead_in: Candidate, start: int, end: int, chunks_of: Callable[[str], Sequence[ChunkRow]]) -> Candidate:
    holding = [c for c in chunks_of(lead_in.document.doc_id) if c.char_start <= start < c.char_end]
    chunk = min(holding, key=lambda c: (c.char_end < end, c.ordinal), default=lead_in.chunk)
    return Candidate(lead_in.document, chunk, lead_in.rank, start, end, lead_in.passage_score)


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
        page=doc.page_of(candidate.start, candidate.chunk.page),  # the quote's own page, not its chunk's
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
