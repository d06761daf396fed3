"""Compose a digest: choose the year's submissions, collect candidate sentences, keep the best per entity.

A sentence's score is its cosine with the action line's description (MiniLM, as the answerer scores
sentences against a question). Only sentences already known to be about the line (named by the
sentence or by its heading) are scored, and per (line, entity) only ``CANDIDATE_FACTOR x N`` are
encoded: those naming the line first, then those whose chunk lies closest to the description (chunk
vectors are in the index already, so that pre-ranking is free). That bounds the model work, the one
cost that grows with the year's submissions (BENCHMARKS.md, "Action-line digest").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from qa_service.answering.vectors import SentenceVectors
from qa_service.digest.candidates import Candidate, collect, tagged_rows
from qa_service.digest.lines import DIGEST_CODES, DIGEST_LINES
from qa_service.digest.model import Digest, DigestActionLine, DigestCitation, DigestEntity
from qa_service.errors import QAError, UnknownFilterValue
from qa_service.retrieval.filters import Filters, validate
from qa_service.retrieval.search import ServingIndex
from qa_service.routes.search import document_ref  # the document as search hits show it

CANDIDATE_FACTOR = 2  # sentences encoded per (line, entity) for each one cited: the cost bound
# Sentences one digest may encode (4-7 s at the 70-130 a second measured here, BENCHMARKS.md). Past it, a
# sentence's chunk similarity to the line stands in for its own: a dense year of WSIS submissions
# still answers within the deadline, a little less finely ranked, and a warm cache makes it exact.
MAX_ENCODED = 500
ENCODE_SLICE = 64  # texts per call to the sentence cache between budget checks
# Below this cosine with the description a sentence that names the line only mentions it in passing.
# Read on the seed and 40 UNGDC 2021 speeches: every seed sentence cited scores 0.26 or more; UNGDC
# sentences below 0.25 were incidental ("a large portion of the media took a stance against early
# treatment", "the capacity-building for the production of vaccines"), above 0.4 on the point
# ("misinformation and propaganda on social media"); 0.25-0.3 is mixed.
MIN_SIMILARITY = 0.25


class UnknownYear(QAError):
    status_code, code = 404, "unknown_year"


@dataclass(frozen=True)
class DigestRequest:
    year: int
    entity: str | None = None
    action_line: str | None = None
    per_entity: int = 3  # key sentences cited per entity and line


class DigestMaker:
    """Digests over whatever snapshot it is given; ``embed`` encodes a description (cached by the engine)."""

    def __init__(self, embed: Callable[[str], np.ndarray], vectors: SentenceVectors) -> None:
        self.embed = embed
        self.vectors = vectors

    def make(
        self, request: DigestRequest, index: ServingIndex, should_stop: Callable[[], bool] | None = None
    ) -> Digest:
        snapshot = index.snapshot
        entity = self._entity(request, index)
        codes = self._codes(request)
        years = snapshot.rows.years
        doc_ok = years == request.year
        if not doc_ok.any():
            known = [int(y) for y in index.catalog.years]
            raise UnknownYear(f"no submissions for {request.year} in the index", details={"known": known})
        if entity is not None:
            doc_ok &= np.array([e == entity for e in snapshot.rows.entities], dtype=bool)
        documents = [d for d, ok in zip(snapshot.doc_ids, doc_ok, strict=True) if ok]
        notice = None if documents else f"{entity} has no submission for {request.year}"
        candidates = collect(snapshot, tagged_rows(snapshot, doc_ok, codes), codes)
        chosen = self._choose(candidates, snapshot.vectors, codes, request.per_entity, should_stop)
        return Digest(
            year=request.year,
            entity=entity,
            action_line=request.action_line,
            documents=documents,
            notice=notice,
            index_version=index.version,
            action_lines=[_line_model(code, chosen.get(code, {})) for code in codes],
        )

    @staticmethod
    def _entity(request: DigestRequest, index: ServingIndex) -> str | None:
        if not request.entity:
            return None
        return validate(Filters(entities=(request.entity,)), index.catalog, index.snapshot).entities[0]

    @staticmethod
    def _codes(request: DigestRequest) -> tuple[str, ...]:
        if request.action_line is None:
            return DIGEST_CODES
        if request.action_line not in DIGEST_CODES:
            raise UnknownFilterValue(
                f"unknown action line '{request.action_line}'", details={"known": list(DIGEST_CODES)}
            )
        return (request.action_line,)

    def _choose(
        self,
        candidates: list[Candidate],
        chunk_vectors: np.ndarray,
        codes: tuple[str, ...],
        per_entity: int,
        should_stop: Callable[[], bool] | None,
    ) -> dict[str, dict[str, list[tuple[Candidate, float]]]]:
        """line -> entity -> (candidate, score), best first, at most ``per_entity`` each."""
        line_vectors = {c: self.embed(line.description) for line in DIGEST_LINES if (c := line.id) in codes}
        groups: dict[tuple[str, str], list[Candidate]] = {}
        for cand in candidates:
            cand.prior = float(chunk_vectors[cand.row] @ line_vectors[cand.line])
            groups.setdefault((cand.line, cand.entity), []).append(cand)
        ranked = []
        for members in groups.values():
            members.sort(key=lambda c: (not c.named, -c.prior, c.document.doc_id, c.start))
            ranked.append(members[: CANDIDATE_FACTOR * per_entity])
        # Every group's first sentence, then every group's second, ...: when the budget runs out,
        # each group has had its likeliest sentences encoded.
        shortlist = [group[i] for i in range(max(map(len, ranked), default=0)) for group in ranked if i < len(group)]
        vector_of = self._encode_within_budget(list(dict.fromkeys(c.text for c in shortlist)), should_stop)
        out: dict[str, dict[str, list[tuple[Candidate, float]]]] = {}
        for cand in shortlist:
            vector = vector_of.get(cand.text)
            score = float(vector @ line_vectors[cand.line]) if vector is not None else cand.prior
            if score >= MIN_SIMILARITY:
                out.setdefault(cand.line, {}).setdefault(cand.entity, []).append((cand, score))
        for by_entity in out.values():
            for entity, scored in by_entity.items():
                scored.sort(key=lambda cs: (-cs[1], cs[0].document.doc_id, cs[0].start))
                by_entity[entity] = scored[:per_entity]
        return out

    def _encode_within_budget(self, texts: list[str], should_stop: Callable[[], bool] | None) -> dict[str, np.ndarray]:
        """Vectors of ``texts`` in order, until MAX_ENCODED of them had to be encoded (cached ones are free)."""
        out: dict[str, np.ndarray] = {}
        misses_before = self.vectors.misses
        for start in range(0, len(texts), ENCODE_SLICE):
            if self.vectors.misses - misses_before >= MAX_ENCODED:
                break
            part = texts[start : start + ENCODE_SLICE]
            out.update(zip(part, self.vectors.get(part, should_stop), strict=True))
        return out


def _line_model(code: str, by_entity: dict[str, list[tuple[Candidate, float]]]) -> DigestActionLine:
    line = next(line for line in DIGEST_LINES if line.id == code)
    entities = [
        DigestEntity(
            entity=entity,
            entity_name=scored[0][0].document.meta.get("entity_name"),
            citations=[_citation(cand, score) for cand, score in scored],
        )
        for entity, scored in sorted(by_entity.items())
    ]
    return DigestActionLine(id=code, name=line.name, addressed=bool(entities), entities=entities)


def _citation(cand: Candidate, score: float) -> DigestCitation:
    return DigestCitation(
        quote=cand.text,
        char_start=cand.start,
        char_end=cand.end,
        page=cand.page,
        document=document_ref(cand.document),
        score=round(score, 4),
    )
