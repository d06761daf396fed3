"""The extractive answerer: resolve the question, retrieve, score sentences, compose or abstain.

Runs on a request's worker thread; ``should_stop`` is polled between stages so that a client
that went away stops the work (``Cancelled`` is raised).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from indexer.keyword import analyze
from indexer.store import ChunkRow
from qa_service.answering import abstain, across, candidates, compose, evidence, scorer, scoring, strategy, typed
from qa_service.answering.answer_types import AnswerType, expected_type
from qa_service.answering.asked_topic import topic_phrase
from qa_service.answering.conversation import Resolution, resolve
from qa_service.answering.model import Answer
from qa_service.answering.quantities import counted_noun
from qa_service.answering.vectors import Cancelled, SentenceVectors
from qa_service.engine import Engine
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.question_types import counts_documents
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
        # "is None", not "or": an empty cache has no length, so it is falsy
        self.vectors = (
            vectors if vectors is not None else SentenceVectors.shared(engine.embedder, settings.sentence_cache_size)
        )
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
        resolution = resolve(user_turns, index)
        analysis = resolution.searched
        multi = analysis.multi_document
        if multi:
            k = self.settings.multi_documents * 2
            result = self.engine.search(
                resolution.question, k, index=index, filters=filters, per_document=2, analysis=analysis
            )
        else:
            # Enough passages for the LLM prompt too; the extractive answer reads the first answer_passages.
            k = max(self.settings.answer_passages, self.settings.llm_passages)
            result = self.engine.search(resolution.question, k, index=index, filters=filters, analysis=analysis)
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
        kind = strategy.answer_type(retrieved.resolution.searched, result.applied.effective, retrieved.index.catalog)
        if kind != "factoid":
            made = self._typed(retrieved, kind, should_stop)
            if made is not None:
                return made
        cands = candidates.collect(result.hits, self.settings.answer_passages)
        scored = self.score(retrieved, cands, should_stop)
        evidence = scored[0].score if scored else 0.0
        confidence = abstain.confidence(evidence, self.threshold, self.scorer.confidence_slope)
        if evidence < self.threshold:
            message = abstain.weak_evidence(
                result.ranking_text, result.applied.effective, retrieved.index.catalog, retrieved.resolution.question
            )
            return self._abstain(retrieved, message, confidence, evidence, None)
        chosen = compose.select(scored, self.threshold, self.selection)
        chunks_of = functools.partial(_chunks_of, retrieved.index)
        sentences, citations = compose.render(compose.expand(chosen, retrieved.resolution.question, chunks_of))
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
        # Only a factoid asks for a kind of answer; a listing or count asks which documents say something.
        factoid = not retrieved.multi and retrieved.resolution.searched.question_type == "factoid"
        answer_type = expected_type(retrieved.resolution.question) if factoid else None
        question = retrieved.resolution.question
        counted = counted_noun(question) if answer_type is AnswerType.QUANTITY else ()
        topic = tuple(stem for stem in analyze(topic_phrase(question) or "") if stem in terms)
        return scorer.QuestionContext(vector, terms, answer_type, counted, topic)

    def _typed(self, retrieved: Retrieved, kind: str, should_stop: StopCheck | None) -> Answer | None:
        """Listing, counting, comparison, evolution and summary answers (None: answer as a factoid)."""
        analysis = retrieved.resolution.searched
        index, result = retrieved.index, retrieved.result
        effective = result.applied.effective
        catalog = index.catalog

        def score(cands: list[candidates.Candidate]) -> list[scoring.Scored]:
            _check(should_stop)
            return self.score(retrieved, cands, should_stop)

        ranking = strategy.ranking_text(analysis, kind, result.ranking_text)

        def search(filters: Filters) -> SearchResult:
            k = self.settings.answer_passages
            return self.engine.search(ranking, k, index=index, filters=filters, understand=False)

        threshold = self.threshold
        snap = index.snapshot

        mentions = [*analysis.entities, *analysis.absent_entities, *analysis.topic_entities]
        names = evidence.named_phrases(analysis.question, [(m.start, m.end) for m in mentions])

        def embed(texts: Sequence[str]) -> np.ndarray:
            return self.vectors.get(list(texts), should_stop)

        def near(filters: Filters) -> across.Near:
            return across.near_topic(
                snap,
                ranking,
                names,
                filters,
                lambda text: self.terms.query_terms(snap, text),
                self.engine.embed_query,
                embed,
            )

        if kind in ("listing", "counting"):
            topic = near(effective)
            found = across.documents_on(snap, topic, embed)
            noun = "countries" if set(catalog.entity_kinds.values()) == {"country"} else "entities"
            words = " ".join(abstain.topic_words(topic.topic.text))
            made = typed.listing(found, words, noun, counts_documents(analysis.question))
        elif kind == "comparison" and len(effective.entities) + len(absent := strategy.not_held(analysis)) >= 2:
            absent = absent if len(effective.entities) < 2 else []  # two held: the others are topics
            slices = typed.comparison_slices(effective.entities, catalog.entities, effective)
            topic = near(effective)
            made = typed.per_slice(
                slices,
                search,
                score,
                topic.topic,
                topic.vector,
                lambda name: f"nothing in {name}'s submissions answers this.",
                functools.partial(across.best_under, snap, topic, embed=embed),
            )
            made = typed.with_absent(made, absent)
        elif kind == "evolution":
            entity = effective.entities[0] if len(effective.entities) == 1 else None
            years = [y for y in catalog.years_of((entity,) if entity else ()) if effective.allows_year(y)]
            if len(years) < 2:
                return None
            name = catalog.entities.get(entity, entity) if entity else ""
            slices = typed.evolution_slices(entity, name or "", years, effective)
            topic = near(effective)
            made = typed.per_slice(
                slices,
                search,
                score,
                topic.topic,
                topic.vector,
                lambda label: f"nothing on this in {label}.",
                functools.partial(across.best_under, snap, topic, embed=embed),
            )
        elif kind == "summary" and result.hits:
            document = result.hits[0].document
            snap = index.snapshot
            cands = typed.document_sentences(document, [c for _, c in snap.document_chunks(document.doc_id)])
            made = typed.summary(document, cands, lambda text: self.terms.query_terms(snap, text))
            made.evidence = 1.0
        else:
            return None
        if not any(g.evidence for g in made.groups) and kind in ("listing", "counting"):
            # No document says it in so many words: "How many countries condemned ..., as Germany recalled?"
            # may still be a fact one passage states; the factoid path answers it or abstains on its evidence.
            return None
        if not any(g.evidence for g in made.groups):
            # No document, entity or year has evidence: say so rather than answer a different question.
            message = abstain.weak_evidence(result.ranking_text, effective, catalog, retrieved.resolution.question)
            refusal = self._abstain(retrieved, message, 0.0, made.evidence, None)
            refusal.question_type = kind
            return refusal
        return Answer(
            sentences=made.sentences,
            citations=made.citations,
            abstained=False,
            confidence=abstain.confidence(made.evidence, threshold, self.scorer.confidence_slope),
            resolved_question=retrieved.resolution.question,
            applied_filters=result.applied_filters,
            index_version=result.index_version,
            took_ms=(time.perf_counter() - retrieved.started) * 1000,
            evidence=made.evidence,
            question_type=kind,
            groups=made.groups,
            count=made.count,
        )

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


def _chunks_of(index: ServingIndex, doc_id: str) -> list[ChunkRow]:
    return [chunk for _, chunk in index.snapshot.document_chunks(doc_id)]


def _check(should_stop: StopCheck | None) -> None:
    if should_stop is not None and should_stop():
        raise Cancelled()
