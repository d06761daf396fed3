"""The extractive answerer: resolve the question, retrieve, score sentences, compose or abstain.

Runs on a request's worker thread; ``should_stop`` is polled between stages so that a client
that went away stops the work (``Cancelled`` is raised).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from indexer.keyword import analyze
from indexer.store import ChunkRow
from qa_service.answering import (
    absent_term,
    abstain,
    answerability,
    asked_years,
    candidates,
    compose,
    event_years,
    off_topic,
    relations,
    scorer,
    scoring,
    speakers,
    strategy,
    typed_answers,
    word_forms,
)
from qa_service.answering.answer_types import AnswerType, asked_noun, expected_type
from qa_service.answering.asked_topic import phrase_words, topic_apart, topic_phrase
from qa_service.answering.conversation import Resolution, own_words_first, resolve
from qa_service.answering.model import Answer
from qa_service.answering.quantities import counted_noun
from qa_service.answering.vectors import SentenceVectors, check_stop
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
        # "is None", not "or": an empty cache has no length, so it is falsy
        self.vectors = (
            vectors if vectors is not None else SentenceVectors.shared(engine.embedder, settings.sentence_cache_size)
        )
        self.terms = scoring.TermWeights()
        # Loaded here so that a missing or mismatched scorer file stops the service at start-up.
        self.scorer = scorer.load(settings.answer_scorer)
        self.threshold = settings.answer_threshold if settings.answer_threshold is not None else self.scorer.threshold
        self.selection = compose.Selection(settings.answer_max_sentences, settings.answer_relative_cutoff)
        # The second look at refused paraphrases (answerability.py); word vectors apart from the sentence cache.
        name = settings.answerability_model
        self.answerability = answerability.load(name) if name else None
        self.words = SentenceVectors(engine.embedder, settings.word_cache_size, batch_size=64)
        self.centres = off_topic.CorpusCentre()
        self.corpus_words = absent_term.CorpusWords()

    def warm(self, index: ServingIndex | None = None, background: bool = True) -> None:
        """Encode the served snapshot's sentences ahead of questions (once per snapshot)."""
        index = index or self.engine.index
        self.vectors.warm(index.snapshot, self.settings.warm_sentences_max, background)
        self.centres.of(index.snapshot)  # the corpus centre off-topic questions are measured against (off_topic.py)
        if self.answerability is not None:  # its words too: encoding them cold took the first pass's p99 to 150 ms
            limit = self.settings.word_cache_size
            self.words.warm(index.snapshot, limit, background, texts_of=answerability.snapshot_words)

    def wait_warm(self) -> None:
        """Until the background warm-ups (sentence and word vectors) are done: answers measured as served once
        warm. While the words warm, a question gets no derived word forms (``_word_similarity``)."""
        self.vectors.wait()
        self.words.wait()

    # -- stages ----------------------------------------------------------------------
    def retrieve(self, user_turns: Sequence[str], filters: Filters, index: ServingIndex | None = None) -> Retrieved:
        started = time.perf_counter()
        index = index or self.engine.index
        if index.snapshot.name not in self.vectors.warmed:
            # Not warmed as it was loaded (ChatPipeline.warm): an answerer outside a service, or a warm-up busy then.
            self.warm(index)
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
        check_stop(should_stop)
        return self.compose(retrieved, should_stop)

    def compose(self, retrieved: Retrieved, should_stop: StopCheck | None = None) -> Answer:
        answer = self._compose(retrieved, should_stop)
        wider = self._without_event_years(retrieved, answer)
        if wider is None:
            return answer
        alternative = self._compose(wider, should_stop)
        better = not alternative.abstained and (answer.abstained or alternative.evidence > answer.evidence)
        return alternative if better else answer

    def _compose(self, retrieved: Retrieved, should_stop: StopCheck | None = None) -> Answer:
        result = retrieved.result
        if result.applied.notice:
            return self.abstention(retrieved, abstain.absent(result.applied.notice), 0.0, 0.0, result.applied.notice)
        if self._absent_term(retrieved, should_stop):
            # The question's one foreign word names a thing no speech uses ("regulation of cryptocurrencies").
            return self.weak_refusal(retrieved, 0.0, 0.0)
        kind = strategy.answer_type(retrieved.resolution.searched, result.applied.effective, retrieved.index.catalog)
        if kind != "factoid":
            made = self._typed(retrieved, kind, should_stop)
            if made is not None:
                return made
        passages = self.settings.passages_read(result.small_scope)
        years = asked_years.topic_years(retrieved.resolution.searched, result.applied)
        hits = asked_years.holding(result.hits, years)
        if years and not hits:  # no passage found says the year asked about: they tell of other years
            return self.weak_refusal(retrieved, 0.0, 0.0)
        cands = candidates.collect(hits, passages)
        answer_type = asked_type(retrieved)
        cands += candidates.title_blocks(hits, passages, answer_type)
        scored = self.score(retrieved, cands, should_stop)
        words = functools.partial(self.words.get, should_stop=should_stop)  # a count named in other words
        scored = relations.counts_only(retrieved.resolution.question, answer_type, scored, words)
        parties = [m.entity_id for m in retrieved.resolution.searched.entities]
        given = functools.partial(retrieved.index.catalog.names_of, parties)  # read for "where" questions only
        scored = relations.typed_first(answer_type, scored, self.threshold, retrieved.resolution.question, given)
        evidence = scored[0].score if scored else 0.0
        confidence = abstain.confidence(evidence, self.threshold, self.scorer.confidence_slope)
        if self._off_topic(retrieved, scored):
            # Shares a word with the corpus but not its subject ("at what temperature does water boil").
            return self.weak_refusal(retrieved, min(confidence, 0.5), evidence)
        if self._topic_apart(retrieved, should_stop):
            # Only a near word matches ("nuclear" of nuclear weapons for "nuclear power"): the asked thing is absent.
            return self.weak_refusal(retrieved, min(confidence, 0.5), evidence)
        if evidence < self.threshold:
            # A refused question gets a second look (answerability.py): a paraphrase is answered by one sentence.
            model = self.answerability
            weighed = model is not None and evidence >= model.floor
            looked = self.second_look(retrieved, scored, evidence, should_stop) if weighed else None
            if model is None or looked is None or not model.answers(looked.features):
                return self.weak_refusal(retrieved, confidence, evidence)
            first = answerability.answering_sentence(looked, scored, lambda words: self.words.get(words, should_stop))
            scored = [scored[first], *scored[:first], *scored[first + 1 :]]
        listed = compose.tagged_list(scored, retrieved.resolution.question, self.threshold)
        chosen = [listed] if listed else compose.select(scored, self.threshold, self.selection)
        question = retrieved.resolution.question
        terms_of = functools.partial(self.terms.query_terms, retrieved.index.snapshot)
        chunks_of = functools.partial(_chunks_of, retrieved.index)
        topic = retrieved.resolution.searched.topic
        chosen = compose.with_parts_and_reasons(question, topic, chosen, scored, self.threshold, terms_of, chunks_of)
        limit = self.selection.max_sentences
        quoted = compose.expand(chosen, question, chunks_of, limit, words)  # a neighbour naming the asked kind
        sentences, citations = compose.render(quoted, speakers.prefixes(question, quoted))
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

    def _without_event_years(self, retrieved: Retrieved, answer: Answer) -> Retrieved | None:
        """The search again over every statement of the entity when its years may be an event's (event_years.py)."""
        k = max(self.settings.answer_passages, self.settings.llm_passages)

        def search(text: str, filters: Filters) -> SearchResult:
            return self.engine.search(text, k, index=retrieved.index, filters=filters, understand=False)

        wider = event_years.wider(retrieved.resolution.searched, retrieved.result, answer.abstained, search)
        return replace(retrieved, result=wider) if wider is not None else None

    def _off_topic(self, retrieved: Retrieved, scored: list[scoring.Scored]) -> bool:
        """Whether the question is far from the corpus's subject and its best sentence holds few of its terms."""
        if not scored:
            return False
        # The whole question is embedded, names included: "How long ago was the Jordanian state established?" is
        # about the corpus's subject, its ranking text without "Jordanian" much less so.
        return off_topic.refuses(
            scored[0].lexical,
            bool(retrieved.result.applied.implied.entities),
            lambda: self.centres.of(retrieved.index.snapshot),
            lambda: self.engine.embed_query(retrieved.resolution.question),
        )

    def _topic_apart(self, retrieved: Retrieved, should_stop: StopCheck | None = None) -> bool:
        """Whether the passages hold the asked topic's rarest word only apart from its other words (asked_topic)."""
        # The turn as asked: a follow-up's carried context ("..., on UNGIS stand") is no phrase the user asked for.
        phrase = topic_phrase(retrieved.resolution.original)
        if phrase is None:
            return False
        terms = self.terms.query_terms(retrieved.index.snapshot, retrieved.result.ranking_text)
        asked = [(word, stems[0]) for word in phrase_words(phrase) if (stems := analyze(word)) and stems[0] in terms]
        passages = self._passage_texts(retrieved)
        words = functools.partial(self.words.get, should_stop=should_stop)
        return topic_apart(
            [s for _, s in asked], [w for w, _ in asked], terms, passages, lambda a, b: words(a) @ words(b).T
        )

    def _absent_term(self, retrieved: Retrieved, should_stop: StopCheck | None = None) -> bool:
        """Whether the question asks for a term no chunk holds and no passage word stands for (absent_term.py)."""
        # The turn as asked: a follow-up's carried context holds the corpus's words, not the user's new thing.
        snapshot = retrieved.index.snapshot
        question = retrieved.resolution.original
        # The corpus's words only for a question with an absent term: they tell a typo from a term.
        terms = absent_term.absent_terms(question, snapshot.keyword.document_frequency)
        terms = terms and absent_term.absent_terms(
            question, snapshot.keyword.document_frequency, self.corpus_words.of(snapshot)
        )
        if not terms:
            return False
        words = functools.partial(self.words.get, should_stop=should_stop)
        return absent_term.unmatched(terms, self._passage_texts(retrieved), lambda a, b: words(a) @ words(b).T)

    def score(
        self, retrieved: Retrieved, cands: list[candidates.Candidate], should_stop: StopCheck | None = None
    ) -> list[scoring.Scored]:
        if not cands:
            return []
        context = self.question_context(retrieved)
        check_stop(should_stop)
        vectors = self.vectors.get([c.text for c in cands], should_stop)
        return self.scorer.rank(context, cands, vectors)

    def second_look(
        self, retrieved: Retrieved, scored: list[scoring.Scored], evidence: float, should_stop: StopCheck | None = None
    ) -> answerability.Looked | None:
        """What the answerability model weighs for a question under the threshold (None: nothing to weigh)."""
        snap = retrieved.index.snapshot
        passages = self._passage_texts(retrieved)
        return answerability.look(
            retrieved.resolution.question,
            evidence,
            len(self.terms.query_terms(snap, retrieved.result.ranking_text)),
            passages,
            np.vstack([s.vector for s in scored]),
            lambda texts: self.vectors.get(texts, should_stop),
            lambda words: self.words.get(words, should_stop),
        )

    def question_context(self, retrieved: Retrieved) -> scorer.QuestionContext:
        """What the sentence scorer needs of the question (serving, calibration and training share it)."""
        ranking = retrieved.result.ranking_text
        terms = self.terms.query_terms(retrieved.index.snapshot, ranking)
        noun = asked_noun(retrieved.resolution.question)
        if noun and len(terms) > 1:  # the kind of answer asked is not a word the answer must hold
            kind = set(analyze(noun))
            terms = {t: w for t, w in terms.items() if t not in kind} or terms
        terms = own_words_first(retrieved.resolution, terms)
        # Without content terms the ranking text is only question words: embed the whole question.
        vector = self.engine.embed_query(ranking if terms else retrieved.resolution.question)
        answer_type = asked_type(retrieved)
        question = retrieved.resolution.question
        counted = counted_noun(question) if answer_type is AnswerType.QUANTITY else ()
        topic = tuple(stem for stem in analyze(topic_phrase(question) or "") if stem in terms)
        # "Iranian" is met by "Iran", "electrified" by "electricity": forms of a word the stemmer keeps apart.
        passages = self._passage_texts(retrieved)
        forms = word_forms.forms(ranking, terms, passages, self._word_similarity)
        return scorer.QuestionContext(vector, terms, answer_type, counted, topic, forms)

    def _word_similarity(self, words: list[str], others: list[str]) -> np.ndarray | None:
        """Cosines of two lists of words from the word cache; None, and no derived forms, while its warm-up runs or
        when too many are new: forms are an extra the answer can go without, not worth racing the warm-ups."""
        vectors = self.words.mostly_known([*words, *others], word_forms.ENCODE_MAX)
        return None if vectors is None else vectors[: len(words)] @ vectors[len(words) :].T

    def _typed(self, retrieved: Retrieved, kind: str, should_stop: StopCheck | None) -> Answer | None:
        """Listing, counting, comparison, evolution and summary answers (None: answer as a factoid)."""
        return typed_answers.answer(self, retrieved, kind, should_stop)

    def _passage_texts(self, retrieved: Retrieved) -> list[str]:
        """The texts of the passages an extractive answer reads."""
        read = self.settings.passages_read(retrieved.result.small_scope)
        return [hit.chunk.text for hit in retrieved.result.hits[:read]]

    def weak_refusal(self, retrieved: Retrieved, confidence: float, evidence: float) -> Answer:
        """No passage answers: say what the searched submissions do not cover, and what the corpus holds."""
        result, question = retrieved.result, retrieved.resolution.question
        catalog = retrieved.index.catalog
        message = abstain.weak_evidence(result.ranking_text, result.applied.effective, catalog, question)
        return self.abstention(retrieved, message, confidence, evidence, None)

    def abstention(
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


def asked_type(retrieved: Retrieved) -> AnswerType | None:
    """The kind of answer the question asks for. Only a factoid asks for one; a listing or count asks
    which documents say something."""
    factoid = not retrieved.multi and retrieved.resolution.searched.question_type == "factoid"
    return expected_type(retrieved.resolution.question) if factoid else None


def _chunks_of(index: ServingIndex, doc_id: str) -> list[ChunkRow]:
    return [chunk for _, chunk in index.snapshot.document_chunks(doc_id)]
