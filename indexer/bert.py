"""A BERT sentence encoder (Transformer + mean pooling + normalize) in plain torch.

Why not transformers: importing ``transformers`` (which sentence-transformers does) pulls in
torch.distributed, dynamo, sympy and scipy, about 5.5 s of a cold start on this machine against
2.5-3.5 s for torch alone. The bundled all-MiniLM-L6-v2 is a plain BERT encoder whose forward
pass is a few dozen lines, so the service computes it here from the model's own safetensors and
tokenizer.json. ``tests/test_bert_encoder.py`` checks the vectors against sentence-transformers'
``encode`` (single texts, padded batches, texts past the length limit).

``load`` refuses (returns None) any model folder that is not that exact shape, and the caller
falls back to sentence-transformers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

EXPECTED_MODULES = [
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
]


@dataclass(frozen=True)
class BertShape:
    layers: int
    heads: int
    hidden: int
    eps: float
    max_seq_length: int


def plain_bert_shape(model_dir: Path) -> BertShape | None:
    """The encoder's shape if ``model_dir`` is a BERT + mean pooling + normalize model; else None."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text())
        config = json.loads((model_dir / "config.json").read_text())
        st_config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        pooling_dir = next(m["path"] for m in modules if m["type"].endswith("Pooling"))
        pooling = json.loads((model_dir / pooling_dir / "config.json").read_text())
    except (OSError, ValueError, KeyError, StopIteration):
        return None
    other_pooling = ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens")
    plain = (
        [m.get("type") for m in modules] == EXPECTED_MODULES
        and config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and pooling.get("pooling_mode_mean_tokens") is True
        and not any(pooling.get(k) for k in other_pooling)
        and not st_config.get("do_lower_case")  # the tokenizer.json normalizer lower-cases already
        and (model_dir / "model.safetensors").is_file()
        and (model_dir / "tokenizer.json").is_file()
    )
    if not plain:
        return None
    return BertShape(
        layers=int(config["num_hidden_layers"]),
        heads=int(config["num_attention_heads"]),
        hidden=int(config["hidden_size"]),
        eps=float(config.get("layer_norm_eps", 1e-12)),
        max_seq_length=int(st_config.get("max_seq_length") or config.get("max_position_embeddings", 512)),
    )


class BertEncoder:
    """Unit-length sentence vectors from a plain BERT model folder; torch and tokenizers only."""

    def __init__(self, model_dir: Path, shape: BertShape):
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        self.shape = shape
        self.weights: dict[str, Any] = load_file(str(model_dir / "model.safetensors"))
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.no_padding()  # tokenizer.json pads to 128; batches are padded to their longest text below
        tokenizer.enable_truncation(shape.max_seq_length)
        self.tokenizer = tokenizer
        self._torch = torch

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One batch: tokenize, pad to the longest, forward, mean-pool over real tokens, normalize."""
        torch = self._torch
        encodings = self.tokenizer.encode_batch(list(texts))
        longest = max(len(e.ids) for e in encodings)
        ids = torch.zeros((len(encodings), longest), dtype=torch.long)
        mask = torch.zeros((len(encodings), longest), dtype=torch.bool)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = torch.tensor(encoding.ids)
            mask[row, : len(encoding.ids)] = True
        with torch.inference_mode():
            hidden = self._forward(ids, mask)
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
            vectors = torch.nn.functional.normalize(pooled, dim=1)
        return np.ascontiguousarray(vectors.numpy(), dtype=np.float32)

    def _linear(self, name: str, x: Any) -> Any:
        return self._torch.nn.functional.linear(x, self.weights[name + ".weight"], self.weights[name + ".bias"])

    def _norm(self, name: str, x: Any) -> Any:
        weight, bias = self.weights[name + ".weight"], self.weights[name + ".bias"]
        return self._torch.nn.functional.layer_norm(x, (self.shape.hidden,), weight, bias, self.shape.eps)

    def _forward(self, ids: Any, mask: Any) -> Any:
        """BERT's encoder, as transformers' BertModel computes it in eval mode."""
        torch = self._torch
        w = self.weights
        shape = self.shape
        batch, length = ids.shape
        x = (
            torch.nn.functional.embedding(ids, w["embeddings.word_embeddings.weight"])
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]  # single-segment input: type 0
        )
        x = self._norm("embeddings.LayerNorm", x)
        # Padding keys are masked out of attention with an additive mask (a boolean one takes a
        # slower kernel here); padded query rows are dropped by the pooling.
        additive = torch.zeros(mask.shape, dtype=x.dtype).masked_fill(~mask, torch.finfo(x.dtype).min)
        additive = additive[:, None, None, :]
        head_dim = shape.hidden // shape.heads

        def heads(t: Any) -> Any:
            return t.view(batch, length, shape.heads, head_dim).transpose(1, 2)

        for i in range(shape.layers):
            layer = f"encoder.layer.{i}."
            q = heads(self._linear(layer + "attention.self.query", x))
            k = heads(self._linear(layer + "attention.self.key", x))
            v = heads(self._linear(layer + "attention.self.value", x))
            context = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=additive)
            context = context.transpose(1, 2).reshape(batch, length, shape.hidden)
            x = self._norm(
                layer + "attention.output.LayerNorm", self._linear(layer + "attention.output.dense", context) + x
            )
            inner = torch.nn.functional.gelu(self._linear(layer + "intermediate.dense", x))
            x = self._norm(layer + "output.LayerNorm", self._linear(layer + "output.dense", inner) + x)
        return x


def load(model_dir: Path) -> BertEncoder | None:
    """A BertEncoder for ``model_dir``, or None when the folder is not a plain BERT sentence model."""
    shape = plain_bert_shape(model_dir)
    return BertEncoder(model_dir, shape) if shape else None
