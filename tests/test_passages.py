"""Passages: chunks ranked, the run of consecutive chunks around the best one returned (retrieval/passages.py)."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from indexer.tokens import count_tokens
from qa_service.app import create_app
from qa_service.engine import Engine
from qa_service.retrieval import passages
from qa_service.retrieval.hybrid import Fused
from tests.conftest import make_settings

BUDGET = 320


def _chunks(index):
    snap = index.snapshot
    return {doc: snap.document_chunks(doc) for doc in snap.doc_ids}


@pytest.mark.parametrize("engine", ["ungdc_engine", "seed_engine"])
def test_passages_partition_each_section_into_runs_within_the_budget(engine, request):
    index = request.getfixturevalue(engine).index
    grouped = index.passages(BUDGET)
    assert index.passages(BUDGET) is grouped  # derived once per snapshot and budget
    assert sorted(r for members in grouped.members for r in members) == list(range(index.snapshot.chunk_count))
    for doc, chunks in _chunks(index).items():
        parents = [int(grouped.parent_of[row]) for row, _ in chunks]
        assert parents == sorted(parents), f"{doc}: a passage is not a run of consecutive chunks"
        for parent in set(parents):
            members = [c for row, c in chunks if grouped.parent_of[row] == parent]
            assert {c.doc_id for c in members} == {doc}
            assert len({tuple(c.section_path) for c in members}) == 1, "a passage spans two sections"
            assert len(members) == 1 or sum(c.token_count for c in members) <= BUDGET


def test_a_passage_ranks_as_its_best_chunk_and_appears_once():
    grouped = passages.Passages(10, np.array([0, 0, 1, 1, 2]), [[0, 1], [2, 3], [4]])
    fused = [
        Fused(row, score, None, None, None, None) for row, score in ((3, 0.9), (1, 0.8), (2, 0.7), (0, 0.6), (4, 0.5))
    ]
    assert [f.row for f in passages.collapse(fused, grouped)] == [3, 1, 4]


def test_overlapping_chunks_give_each_sentence_once():
    assert passages._distinct_sentences([(0, 10), (11, 20), (11, 20), (21, 30), (0, 10)]) == [
        (0, 10),
        (11, 20),
        (21, 30),
    ]


def test_search_hits_are_passages_whose_text_and_sentences_are_the_served_text(ungdc_engine):
    question = "What did Ghana say about the Year of Return?"
    chunk_hits = ungdc_engine.search(question, 5).hits
    passage_hits = ungdc_engine.search(question, 5, passage_tokens=BUDGET).hits
    grouped = ungdc_engine.index.passages(BUDGET)
    parents = [int(grouped.parent_of[h.row]) for h in passage_hits]
    assert len(set(parents)) == len(parents), "a passage returned twice"
    assert passage_hits[0].row == chunk_hits[0].row  # the best chunk leads, now with its context
    for hit in passage_hits:
        text = hit.document.text
        chunk = hit.chunk
        assert text[chunk.char_start : chunk.char_end] == chunk.text
        assert chunk.token_count >= count_tokens(chunk.text)  # an upper bound: budgets filled with passages hold
        members = grouped.members[int(grouped.parent_of[hit.row])]
        spans = ungdc_engine.index.snapshot.chunks(members)
        assert chunk.char_start == min(c.char_start for c in spans.values())
        assert chunk.char_end == max(c.char_end for c in spans.values())
        starts = [s for s, _ in chunk.sentences]
        assert starts == sorted(set(starts)) and all(chunk.char_start <= s < chunk.char_end for s in starts)
    assert sum(len(h.chunk.text) for h in passage_hits) > sum(len(h.chunk.text) for h in chunk_hits)


def test_the_search_route_returns_passages_when_configured_and_the_chat_still_reads_chunks(ungdc_index, embedder):
    settings = make_settings(ungdc_index, search_passage_tokens=BUDGET)
    engine = Engine(settings, embedder=embedder)
    engine.start(watch=False)
    with TestClient(create_app(settings, engine=engine)) as client:
        body = client.get("/v1/search", params={"q": "Year of Return", "k": 5}).json()
    snap = engine.index.snapshot
    widened = 0
    for hit in body["hits"]:
        doc = hit["document"]["id"]
        assert snap.documents[doc].text[hit["char_start"] : hit["char_end"]] == hit["text"]
        chunk = next(c for _, c in snap.document_chunks(doc) if c.chunk_id == hit["chunk_id"])  # the chunk that matched
        assert hit["char_start"] <= chunk.char_start and chunk.char_end <= hit["char_end"]
        widened += (hit["char_end"] - hit["char_start"]) > (chunk.char_end - chunk.char_start)
    assert widened, "no hit was widened to its passage"
    # Engine.search, which the chat calls, keeps ranking and returning chunks.
    assert engine.options().passage_tokens == 0
