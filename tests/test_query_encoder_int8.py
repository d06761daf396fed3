"""The int8 question encoder: loads offline from the bundled model and ranks passages as fp32 does.

Documents are fp32-encoded at index time; only ``encode_query`` runs int8 (``indexer/bert_int8.py``).
Its quality is measured on SciFact and the eval suites (BENCHMARKS.md); these tests catch a broken
quantisation (wrong scales, wrong layers, a swapped weight) through the ranking it produces.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from indexer.embedder import BertEmbedder, make_embedder
from indexer.reader import IndexSnapshot
from tests.conftest import HEADLINE, REPO, make_settings


@pytest.fixture(scope="module")
def int8_embedder() -> BertEmbedder:
    import torch

    torch.set_num_threads(1)
    model = make_embedder(threads=1, query_encoder="int8")
    assert isinstance(model, BertEmbedder)
    model.warm_up()
    return model


def _seed_questions(limit: int = 40) -> list[str]:
    lines = (REPO / "eval" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    return [c["question"] for c in cases if c.get("answerable") and c.get("question")][:limit]


def test_int8_question_vectors_are_unit_float32_close_to_fp32(int8_embedder, embedder):
    for question in (HEADLINE, "hi", "Ünïcödé — résumé 2021年", "word " * 400):
        ours = int8_embedder.encode_query(question)
        reference = embedder.encode_query(question)
        assert ours.dtype == np.float32 and ours.shape == (384,)
        assert abs(float(np.linalg.norm(ours)) - 1.0) < 1e-4
        assert float(ours @ reference) > 0.97  # measured 0.99+; a broken layer falls far below
        assert not np.array_equal(ours, reference)  # it really is another computation


def test_documents_stay_fp32_with_an_int8_question_encoder(int8_embedder, embedder):
    texts = ["The UNDP supported digital public goods.", HEADLINE]
    assert np.array_equal(int8_embedder.encode(texts), embedder.encode(texts))


def test_int8_questions_rank_the_seed_passages_as_fp32_questions(int8_embedder, embedder, seed_index):
    snap = IndexSnapshot.open_current(seed_index, verify=False)
    passages = np.asarray(snap.vectors, dtype=np.float32)
    questions = _seed_questions()
    overlap, same_top = [], 0
    for question in questions:
        fp32_top = np.argsort(-(passages @ embedder.encode_query(question)), kind="stable")[:5]
        int8_top = np.argsort(-(passages @ int8_embedder.encode_query(question)), kind="stable")[:5]
        overlap.append(len(set(fp32_top) & set(int8_top)) / 5)
        same_top += int(fp32_top[0] == int8_top[0])
    snap.close()
    assert len(questions) >= 30
    assert np.mean(overlap) >= 0.85, np.mean(overlap)
    assert same_top >= 0.85 * len(questions), same_top


def test_the_setting_chooses_the_services_question_encoder(seed_index):
    from qa_service.engine import Engine

    engines = {name: Engine(make_settings(seed_index, query_encoder=name)) for name in ("fp32", "int8")}
    for name, engine in engines.items():
        engine.start(watch=False)
        assert getattr(engine.embedder, "query_encoder", None) == name
    hits = {name: engine.search(HEADLINE, k=3) for name, engine in engines.items()}
    assert [h.row for h in hits["fp32"].hits][:1] == [h.row for h in hits["int8"].hits][:1]


def test_an_unknown_question_encoder_is_refused():
    from pydantic import ValidationError

    from qa_service.settings import Settings

    with pytest.raises(ValueError, match="query_encoder"):
        make_embedder(query_encoder="int4")
    with pytest.raises(ValidationError):
        Settings(query_encoder="int4")
