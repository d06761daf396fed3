"""The question encoder in int8: BERT's linear layers as dynamically quantised int8 matrix products.

Why: an uncached search is 80-90 % question embedding, and a 10-20-token forward pass reads every
weight matrix once, so it is bound by memory traffic and per-op overhead, not arithmetic. Weights
in int8 are a quarter of the bytes, and fbgemm's int8 kernels use the CPU's VNNI dot products:
on this machine (2 vCPUs, AVX-512 VNNI, one thread) a question took 3.0 ms against 7.1 ms in fp32
alone, and 3.8 against 6.2 ms through the embedder, paired (BENCHMARKS.md, "Question encoder").

Only questions are encoded this way; documents and answer sentences stay fp32 (``BertEncoder``).
Each weight matrix is quantised per output channel, symmetric (scale = max |w| of the row / 127);
activations are quantised per call (dynamic), per tensor. Embeddings, LayerNorm and attention
stay fp32: they are a small share of the time and the most sensitive to rounding. So do the
attention output projections (``KEEP_FP32``), 1/12 of the linear work: with every linear layer in
int8, SciFact train dense nDCG@10 fell 0.0060 (0.6602 -> 0.6542, both halves of the queries alike);
with those six 384x384 maps in fp32 it fell 0.0011, at no measurable cost in time. Of the groups
tried (attention output, attention q/k/v, feed-forward in, feed-forward out, first or last layer)
this one recovered most per millisecond; the choice was made on SciFact train, so the eval suites
are its held-out check.

Judged by retrieval quality, not by cosine: SciFact train nDCG@10 and the eval suites, measured with
``QA_QUERY_ENCODER=int8`` (BENCHMARKS.md): within 0.002 on SciFact, but one seed case abstains, so
the service's default stays fp32. ``tests/test_query_encoder_int8.py`` checks the ranking of a small
fixture.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any

from indexer.bert import BertEncoder

KEEP_FP32 = ("attention.output.dense",)  # name endings of linear maps left in fp32 (see above)


@lru_cache(maxsize=1)
def has_vnni() -> bool:
    """Whether the CPU has VNNI (AVX-512 or AVX) int8 dot products.

    Without VNNI, fbgemm multiplies u8 x s8 pairs into 16 bits, which can saturate with full-range
    activations; torch's own default for x86 is then ``reduce_range`` (7-bit activations).
    """
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            flags = handle.read()
    except OSError:
        return False
    return "avx512_vnni" in flags or "avx_vnni" in flags


class Int8BertEncoder(BertEncoder):
    """``BertEncoder`` with its linear layers in int8; shares the fp32 encoder's tokenizer and tensors."""

    def __init__(self, fp32: BertEncoder):  # noqa: D107 (the fp32 encoder's state is reused, not reloaded)
        self.shape = fp32.shape
        self.weights = fp32.weights
        self.tokenizer = fp32.tokenizer
        self._torch = fp32._torch
        self.reduce_range = not has_vnni()
        self._packed = {name: self._pack(name) for name in _linear_names(fp32.weights)}

    def _pack(self, name: str) -> Any:
        torch = self._torch
        weight = self.weights[name + ".weight"]
        scales = (weight.abs().amax(dim=1) / 127.0).clamp(min=1e-8).double()
        zero_points = torch.zeros(scales.shape, dtype=torch.long)
        with warnings.catch_warnings():
            # torch 2.13 marks quantised tensor creation as deprecated (pytorch#184982); the packed
            # weights below are what torch.ao's dynamic Linear builds the same way.
            warnings.simplefilter("ignore", UserWarning)
            quantised = torch.quantize_per_channel(weight, scales, zero_points, 0, torch.qint8)
        return torch.ops.quantized.linear_prepack(quantised, self.weights[name + ".bias"])

    def _linear(self, name: str, x: Any) -> Any:
        packed = self._packed.get(name)
        if packed is None:
            return super()._linear(name, x)
        flat = x.reshape(-1, x.shape[-1]).contiguous()
        out = self._torch.ops.quantized.linear_dynamic(flat, packed, self.reduce_range)
        return out.reshape(*x.shape[:-1], out.shape[-1])


def _linear_names(weights: dict[str, Any]) -> list[str]:
    """The encoder layers' linear maps to quantise (two-dimensional weights outside the embeddings)."""
    return sorted(
        name[: -len(".weight")]
        for name, tensor in weights.items()
        if name.startswith("encoder.")
        and name.endswith(".weight")
        and tensor.dim() == 2
        and not name[: -len(".weight")].endswith(KEEP_FP32)
    )
