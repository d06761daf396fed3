"""The extractive answerer: resolve the question, retrieve, score sentences, compose or abstain.

Runs on a request's worker thread; ``should_stop`` is polled between stages so that a client
that went away stops the work (``Cancelled`` is raised).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa_service.answering import abstain, candidates, compose, multidoc, scorer, scoring
from qa_service.answering.answer_types import expected_type
from qa_service.answering.conversation import Resolution, resolve
from qa_service.answering.model import Answer
from qa_service.answering.vectors import Cancelled, SentenceVectors
from qa_service.engine import Engine
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.search import SearchResult, ServingIndex
from qa_service.settings import Settings

StopCheck = Callable[[], bool]


@dataclass
class Retrieved:
    """A resolved question and what the search found for it: the input of any answer generator."""

    index: ServingIndex
    resolution: Resolution
    result: SearchResult
    multi: bool
    started: float


class Answerer:
    def __init__(self, engine: Engine, settings: Settings, vectors: SentenceVectors | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.vectors = vectors or SentenceVectors.shared(engine.embedder, settings.sentence_cache_size)
        self.terms = scoring.TermWeights()
        # Loaded here so that a missing or mismatched scorer file stops the service at start-up.
        self.scorer = scorer.load(settings.answer_scorer)
        self.threshold = settings.answer_threshold if settings.answer_threshold is not None else self.scorer.threshold
        self.selection = compose.Selection(settings.answer_max_sentences, settings.answer_relative_cutoff)

    def warm(self, index: ServingIndex | None = None, background: bool = True) -> None:
        """Encode the served snapshot's sentences ahead of questions (once per snapshot)."""
        index = index or self.engine.index
        self.vectors.warm(index.snapshot, self.settings.warm_sentences_max, background)

    # -- stages ----------------------------------------------------------------------
    def retrieve(self, user_turns: Sequence[str], filters: Filters, index: ServingIndex | None = None) -> Retrieved:
        started = time.perf_counter()
        index = index or self.engine.index
        if index.snapshot.name not in self.vectors.warmed:
            self.warm(index)  # a new snapshot was swapped in: warm it in the background
        snap = index.snapshot
        resolution = resolve(user_turns, index.catalog, snap.keyword.has_terms)
        multi = multidoc.is_multi_document(resolution.question)
        if multi:
            k = self.settings.multi_documents * 2
            result = self.engine.search(resolution.question, k, index=index, filters=filters, per_document=2)
        else:
            # Enough passages for the LLM prompt too; the extractive answer reads the first answer_passages.
            k = max(self.settings.answer_passages, self.settings.llm_passages)
            result = self.engine.search(resolution.question, k, index=index, filters=filters)
        return Retrieved(index, resolution, result, multi, started)

    def answer(
        self,
        user_turns: Sequence[str],
        filters: Filters | None = None,
        index: ServingIndex | None = None,
        should_stop: StopCheck | None = None,
    ) -> Answer:
        retrieved = self.retrieve(user_turns, filters or Filters(), index)
        _check(should_stop)
        return self.compose(retrieved, should_stop)

    def compose(self, retrieved: Retrieved, should_stop: StopCheck | None = None) -> Answer:
        result = retrieved.result
        if result.applied.notice:
            return self._abstain(retrieved, abstain.absent(result.applied.notice), 0.0, 0.0, result.applied.notice)
        if retrieved.multi:
            groups = multidoc.group_by_document(result.hits, 2, self.settings.multi_documents)
            cands = [c for group in groups for c in candidates.collect(group, 2)]
        else:
            cands = candidates.collect(result.hits, self.settings.answer_passages)
        scored = self.score(retrieved, cands, should_stop)
        evidence = scored[0].score if scored else 0.0
        confidence = abstain.confidence(evidence, self.threshold, self.scorer.confidence_slope)
        if evidence < self.threshold:
            message = abstain.weak_evidence(
                result.ranking_text, result.applied.effective, retrieved.index.catalog, retrieved.resolution.question
            )
            return self._abstain(retrieved, message, confidence, evidence, None)
        if retrieved.multi:
            chosen = multidoc.best_per_document(scored, self.threshold)
            prefixes = [multidoc.label(s.candidate.document) for s in chosen]
        else:
            chosen = compose.select(scored, self.threshold, self.selection)
            prefixes = None
        sentences, citations = compose.render([s.candidate for s in chosen], prefixes)
        return Answer(
            sentences=sentences,
            citations=citations,
            abstained=False,
            confidence=confidence,
            resolved_question=retrieved.resolution.question,
            applied_filters=result.applied_filters,
            index_version=result.index_version,
            took_ms=(time.perf_counter() - retrieved.started) * 1000,
            evidence=evidence,
            details={"scored": scored},
        )

    def score(
        self, retrieved: Retrieved, cands: list[candidates.Candidate], should_stop: StopCheck | None = None
    ) -> list[scoring.Scored]:
        if not cands:
            return []
        context = self.question_context(retrieved)
        _check(should_stop)
        vectors = self.vectors.get([c.text for c in cands], should_stop)
        return self.scorer.rank(context, cands, vectors)

    def question_context(self, retrieved: Retrieved) -> scorer.QuestionContext:
        """What the sentence scorer needs of the question (serving, calibration and training share it)."""
        ranking = retrieved.result.ranking_text
        terms = self.terms.query_terms(retrieved.index.snapshot, ranking)
        # Without content terms the ranking text is only question words: embed the whole question.
        vector = self.engine.embed_query(ranking if terms else retrieved.resolution.question)
        # A question about several documents asks for each one's statement, not for a kind of answer.
        answer_type = None if retrieved.multi else expected_type(retrieved.resolution.question)
        return scorer.QuestionContext(vector, terms, answer_type)

    def _abstain(
        self, retrieved: Retrieved, message: str, confidence: float, evidence: float, notice: str | None
    ) -> Answer:
        result = retrieved.result
        return Answer(
            sentences=[message],
            citations=[],
            abstained=True,
            confidence=confidence,
            resolved_question=retrieved.resolution.question,
            applied_filters=result.applied_filters,
            index_version=result.index_version,
            notice=notice,
            took_ms=(time.perf_counter() - retrieved.started) * 1000,
            evidence=evidence,
        )


def _check(should_stop: StopCheck | None) -> None:
    if should_stop is not None and should_stop():
        raise Cancelled()
