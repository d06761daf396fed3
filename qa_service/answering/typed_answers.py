"""Answers across documents: listing, counting, comparison, evolution and summary (``strategy.answer_type``).

Each reads the corpus slice by slice (a document, an entity, a year) with the answerer's scorer and
evidence test, and says "nothing" for a slice without evidence; when no slice has any, the answer
abstains rather than answer a different question. None hands the question back to the factoid path.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from qa_service.answering import abstain, across, candidates, evidence, scoring, strategy, typed
from qa_service.answering.model import Answer
from qa_service.answering.vectors import check_stop
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.question_types import asks_which_years, counts_documents
from qa_service.retrieval.search import SearchResult

if TYPE_CHECKING:
    from qa_service.answering.answerer import Answerer, Retrieved, StopCheck


def answer(answerer: Answerer, retrieved: Retrieved, kind: str, should_stop: StopCheck | None) -> Answer | None:
    """The answer of strategy ``kind`` (None: answer as a factoid)."""
    analysis = retrieved.resolution.searched
    index, result = retrieved.index, retrieved.result
    effective = result.applied.effective
    catalog = index.catalog

    def score(cands: list[candidates.Candidate]) -> list[scoring.Scored]:
        check_stop(should_stop)
        return answerer.score(retrieved, cands, should_stop)

    ranking = strategy.ranking_text(analysis, kind, result.ranking_text)

    def search(filters: Filters) -> SearchResult:
        k = answerer.settings.answer_passages
        return answerer.engine.search(ranking, k, index=index, filters=filters, understand=False)

    threshold = answerer.threshold
    snap = index.snapshot

    mentions = [*analysis.entities, *analysis.absent_entities, *analysis.topic_entities]
    names = evidence.named_phrases(analysis.question, [(m.start, m.end) for m in mentions])

    def embed(texts: Sequence[str]) -> np.ndarray:
        return answerer.vectors.get(list(texts), should_stop)

    def near(filters: Filters) -> across.Near:
        return across.near_topic(
            snap,
            ranking,
            names,
            filters,
            lambda text: answerer.terms.query_terms(snap, text),
            answerer.engine.embed_query,
            embed,
        )

    def per_slice(slices: list, nothing: Callable[[str], str]) -> typed.Typed:
        """Each entity's or year's best sentences on the topic, or ``nothing(label)`` for a slice without any."""
        topic = near(effective)
        best_under = functools.partial(across.best_under, snap, topic, embed=embed)
        return typed.per_slice(slices, search, score, topic.topic, topic.vector, nothing, best_under)

    if kind in ("listing", "counting"):
        topic = near(effective)
        found = across.documents_on(snap, topic, embed)
        noun = "countries" if set(catalog.entity_kinds.values()) == {"country"} else "entities"
        words = " ".join(abstain.topic_words(topic.topic.text))
        made = typed.listing(found, words, noun, counts_documents(analysis.question))
    elif kind == "comparison" and len(effective.entities) + len(absent := strategy.not_held(analysis)) >= 2:
        absent = absent if len(effective.entities) < 2 else []  # two held: the others are topics
        slices = typed.comparison_slices(effective.entities, catalog.entities, effective)
        made = typed.with_absent(
            per_slice(slices, lambda name: f"nothing in {name}'s submissions answers this."), absent
        )
    elif kind == "evolution":
        entity = effective.entities[0] if len(effective.entities) == 1 else None
        years = [y for y in catalog.years_of((entity,) if entity else ()) if effective.allows_year(y)]
        if len(years) < 2:
            return None
        name = catalog.entities.get(entity, entity) if entity else ""
        slices = typed.evolution_slices(entity, name or "", years, effective)
        made = per_slice(slices, lambda label: f"nothing on this in {label}.")
        if asks_which_years(analysis.question):
            made = typed.with_years_lead(made, name, " ".join(abstain.topic_words(ranking)))
    elif kind == "summary" and result.hits:
        document = result.hits[0].document
        snap = index.snapshot
        cands = typed.document_sentences(document, [c for _, c in snap.document_chunks(document.doc_id)])
        made = typed.summary(document, cands, lambda text: answerer.terms.query_terms(snap, text))
        made.evidence = 1.0
    else:
        return None
    if not any(g.evidence for g in made.groups) and kind in ("listing", "counting"):
        # No document says it in so many words: "How many countries condemned ..., as Germany recalled?"
        # may still be a fact one passage states; the factoid path answers it or abstains on its evidence.
        return None
    if not any(g.evidence for g in made.groups):
        # No document, entity or year has evidence: say so rather than answer a different question.
        refusal = answerer.weak_refusal(retrieved, 0.0, made.evidence)
        refusal.question_type = kind
        return refusal
    return Answer(
        sentences=made.sentences,
        citations=made.citations,
        abstained=False,
        confidence=abstain.confidence(made.evidence, threshold, answerer.scorer.confidence_slope),
        resolved_question=retrieved.resolution.question,
        applied_filters=result.applied_filters,
        index_version=result.index_version,
        took_ms=(time.perf_counter() - retrieved.started) * 1000,
        evidence=made.evidence,
        question_type=kind,
        groups=made.groups,
        count=made.count,
    )
