"""The plain-torch BERT encoder gives sentence-transformers' vectors for the bundled model.

The service and the indexer compute MiniLM through ``indexer.bert`` (no transformers import);
these tests hold it to sentence-transformers' own ``encode`` on the same model folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer import bert
from indexer.embedder import BertEmbedder, SentenceTransformerEmbedder, bundled_model_path, make_embedder

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reference() -> SentenceTransformerEmbedder:
    model = SentenceTransformerEmbedder(threads=1)
    model.warm_up()
    return model


def _texts() -> list[str]:
    seed = next((REPO / "corpus").glob("*.txt")).read_text(encoding="utf-8")
    return [
        "What did UNDP do on disinformation in 2021?",
        "hi",
        "",
        "Ünïcödé — résumé naïve 2021年 🙂",
        seed[:4000],  # far past 256 word pieces: truncated exactly as sentence-transformers does
        *[seed[i : i + 90 + (i % 600)] for i in range(0, 9000, 700)],  # mixed lengths: padded batches
    ]


def test_default_embedder_is_the_plain_torch_one(embedder: object) -> None:
    assert isinstance(embedder, BertEmbedder)
    assert isinstance(make_embedder(), BertEmbedder)


def test_batches_match_sentence_transformers(embedder: BertEmbedder, reference: SentenceTransformerEmbedder) -> None:
    texts = _texts()
    ours = embedder.encode(texts, batch_size=4)
    theirs = reference.encode(texts)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_single_questions_match_and_equal_their_batch_rows(
    embedder: BertEmbedder, reference: SentenceTransformerEmbedder
) -> None:
    texts = _texts()
    batch = embedder.encode(texts)
    for i, text in enumerate(texts):
        one = embedder.encode_query(text)
        np.testing.assert_allclose(one, reference.encode_query(text), atol=1e-5)
        np.testing.assert_allclose(one, batch[i], atol=1e-5)


def test_token_counts_match_the_model_tokenizer(embedder: BertEmbedder, reference: SentenceTransformerEmbedder) -> None:
    for text in _texts():
        assert embedder.count_tokens(text) == reference.count_tokens(text)
    assert embedder.count_tokens(_texts()[4]) > embedder.max_seq_length  # counts are not truncated


def test_other_model_shapes_fall_back_to_sentence_transformers(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(bundled_model_path(), model)
    assert bert.plain_bert_shape(model) is not None
    pooling = model / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(config))
    assert bert.plain_bert_shape(model) is None
    assert isinstance(make_embedder(str(model)), SentenceTransformerEmbedder)
    assert bert.plain_bert_shape(tmp_path / "missing") is None
