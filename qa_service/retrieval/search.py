"""One search over one snapshot: understand the question, filter, retrieve, fuse, cap, page."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from indexer.keyword import analyze as analyze_words
from indexer.reader import IndexSnapshot
from indexer.store import ChunkRow, DocumentRow
from qa_service.retrieval import hybrid, passages, sentence_leg, whole_lists
from qa_service.retrieval.catalog import Catalog
from qa_service.retrieval.filters import AppliedFilters, Filters, row_mask, validate
from qa_service.retrieval.phrases import PhraseIndex
from qa_service.retrieval.planning import Plan, holdings, plan
from qa_service.retrieval.question import QuestionAnalysis, analyze

Mode = Literal["hybrid", "dense", "keyword"]
ACTION_LINE_BOOST = 0.25  # fraction of the top fused score added to rows tagged with a named action line


@dataclass
class SearchOptions:
    k: int = 10
    offset: int = 0
    filters: Filters = field(default_factory=Filters)
    per_document: int | None = None
    mode: Mode = "hybrid"
    understand: bool = True  # off: rank the raw question with no implied filters (an eval ablation)
    analysis: QuestionAnalysis | None = None  # the question already analysed (a chat turn carries its own)
    candidates: int = 100
    fusion: Literal["rrf", "convex"] = "rrf"
    rrf_k: int = 60
    convex_alpha: float = 0.5
    passage_tokens: int = 0  # > 0: rank chunks, return each one's passage of this many tokens (passages.py)
    sentences: sentence_leg.SentenceLookup | None = None  # sentence vectors for small scopes (sentence_leg.py)
    sentence_weight: float = 0.0  # weight of the closest-sentence leg in convex fusion


@dataclass
class Hit:
    row: int
    chunk: ChunkRow
    document: DocumentRow
    fused: float
    dense: float | None
    keyword: float | None


@dataclass
class SearchResult:
    hits: list[Hit]
    applied: AppliedFilters
    index_version: str
    total: int  # hits available before paging
    ranking_text: str
    took_ms: float = 0.0
    scope_rows: int | None = None  # chunk rows the filters leave (None: no filter, the whole corpus)

    @property
    def small_scope(self) -> bool:
        """Whether the filters leave a few documents (an entity's statements): see sentence_leg.py."""
        return self.scope_rows is not None and self.scope_rows <= sentence_leg.SCOPE_MAX_CHUNKS

    @property
    def applied_filters(self) -> dict[str, object]:
        return self.applied.to_dict()


class ServingIndex:
    """A snapshot with what is derived from it once: the catalog of entities, years and tags."""

    def __init__(self, snapshot: IndexSnapshot) -> None:
        from qa_service.retrieval.catalog import build_catalog

        self.snapshot = snapshot
        self.catalog: Catalog = build_catalog(snapshot)
        self.phrases = PhraseIndex(snapshot)
        self.chunk_sentences = sentence_leg.ChunkSentences(snapshot)
        self._passages: dict[int, passages.Passages] = {}

    def passages(self, budget: int) -> passages.Passages:
        """The snapshot's chunks grouped into passages of ``budget`` tokens, computed on first use."""
        grouped = self._passages.get(budget)
        if grouped is None:
            grouped = self._passages[budget] = passages.group(self.snapshot, budget)
        return grouped

    def analyze(self, question: str) -> QuestionAnalysis:
        """The one analysis of ``question`` against this snapshot (entities, years, type, topic)."""
        return analyze(question, self.catalog, self.phrases.mentions)

    def mentions_year(self, year: str, entities: tuple[str, ...] = ()) -> bool:
        """Whether the texts of ``entities`` (of every entity when none) mention ``year``: a year read as
        what is asked about can be answered only where the asked entity's own texts say it."""
        keyword = self.snapshot.keyword
        if not entities:
            return keyword.has_terms(year)
        terms = analyze_words(year)
        if len(terms) != 1:
            return False
        rows = self.snapshot.rows
        documents = np.unique(rows.doc_index[keyword.rows_with(terms[0])])
        wanted = set(entities)
        return any(rows.entities[d] in wanted for d in documents)

    @property
    def version(self) -> str:
        return self.snapshot.name


class _Stages:
    """Optional per-stage timer for benchmarks: records milliseconds into ``timings`` when given one."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def mark(self, stage: str) -> None:
        if self.timings is not None:
            now = time.perf_counter()
            self.timings[stage] = self.timings.get(stage, 0.0) + (now - self.last) * 1000
            self.last = now


def run_search(
    index: ServingIndex,
    query: str,
    embed: Callable[[str], np.ndarray],
    options: SearchOptions,
    timings: dict[str, float] | None = None,
) -> SearchResult:
    """``embed(text) -> unit vector``; everything else comes from ``index``.

    With ``timings``, the milliseconds spent in each stage are added to it (see bench/).
    """
    started = time.perf_counter()
    stages = _Stages(timings)
    snap = index.snapshot
    explicit = validate(options.filters, index.catalog, snap)
    if options.understand:
        analysis = options.analysis or index.analyze(query)
        planned = plan(analysis, explicit, index.catalog, index.mentions_year)
    else:
        analysis, planned = QuestionAnalysis(query, topic=query), Plan(Filters(), query)
    effective = explicit.merged_over(planned.implied)
    applied = AppliedFilters(explicit, planned.implied, effective, analysis.action_lines, notes=planned.notes)
    if planned.notice:
        applied.notice = planned.notice
        return SearchResult([], applied, index.version, 0, planned.ranking_text, (time.perf_counter() - started) * 1000)
    mask = row_mask(effective, snap)
    stages.mark("understand_filter")
    if mask is not None and not mask.any():
        applied.notice = "No document matches these filters: " + holdings(effective.entities, index.catalog)
        return SearchResult([], applied, index.version, 0, planned.ranking_text, (time.perf_counter() - started) * 1000)
    scope = int(mask.sum()) if mask is not None else None  # chunk rows the filters leave
    n = max(options.candidates, options.offset + options.k)
    empty = hybrid.Ranked(np.zeros(0, np.int64), np.zeros(0, np.float32))
    dense = empty
    closest: hybrid.Ranked | None = None
    if options.mode != "keyword":
        vector = embed(planned.ranking_text)
        stages.mark("embed")
        dense = hybrid.dense_search(snap, vector, n, mask)
        if options.sentences is not None and mask is not None and scope is not None and options.sentence_weight > 0:
            closest = _closest_sentences(index, vector, mask, scope, dense, options.sentences)
        stages.mark("dense")
    keyword = hybrid.keyword_search(snap, planned.ranking_text, n, mask) if options.mode != "dense" else empty
    stages.mark("keyword")
    if options.fusion == "convex" and options.mode == "hybrid":
        fused = hybrid.fuse_convex(dense, keyword, options.convex_alpha, closest, options.sentence_weight)
    else:
        fused = hybrid.fuse_rrf(dense, keyword, options.rrf_k)
    if options.understand:
        fused = hybrid.boost(fused, snap, analysis.action_lines, ACTION_LINE_BOOST)
    grouped = index.passages(options.passage_tokens) if options.passage_tokens > 0 else None
    if grouped is not None:
        fused = passages.collapse(fused, grouped)
    fused = hybrid.cap_per_document(fused, snap, options.per_document)
    page = fused[options.offset : options.offset + options.k]
    stages.mark("fusion")
    # One document object per document of the page: its text is read from the store at most once,
    # when an answer or citation first needs it, and is released with the result.
    documents: dict[str, DocumentRow] = {}
    rows = [f.row for f in page]
    chunks = passages.expand(snap, grouped, rows, documents) if grouped is not None else snap.chunks(rows)
    for row, chunk in chunks.items():
        document = documents.setdefault(chunk.doc_id, snap.documents[chunk.doc_id])
        chunks[row] = whole_lists.widen(snap, chunk, document)
    hits = [Hit(f.row, chunks[f.row], documents[chunks[f.row].doc_id], f.fused, f.dense, f.keyword) for f in page]
    stages.mark("fetch")
    took_ms = (time.perf_counter() - started) * 1000
    return SearchResult(hits, applied, index.version, len(fused), planned.ranking_text, took_ms, scope)


def _closest_sentences(
    index: ServingIndex,
    vector: np.ndarray,
    mask: np.ndarray,
    scope: int,
    dense: hybrid.Ranked,
    lookup: sentence_leg.SentenceLookup,
) -> hybrid.Ranked | None:
    """The chunks of a small scope (``scope`` rows of ``mask``) ranked by their closest sentence to the question
    (sentence_leg.py); None when the scope is too large or the sentence vectors are not at hand. ``dense`` is the
    dense leg's ranking: when it already holds every row of the scope, it is not searched again."""
    if scope > sentence_leg.SCOPE_MAX_CHUNKS:
        return None
    rows = dense if len(dense.rows) == scope else hybrid.dense_search(index.snapshot, vector, scope, mask)
    raised = sentence_leg.closest_sentences(rows.rows, rows.scores, vector, index.chunk_sentences, lookup)
    if raised is None:
        return None
    order = np.lexsort((rows.rows, -raised))
    return hybrid.Ranked(rows.rows[order], raised[order])
