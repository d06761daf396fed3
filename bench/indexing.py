"""Indexing throughput: the whole pipeline (indexer.build.build) against a bare model.encode.

Both run in the same process, on the same chunk texts, alternating which goes first so that a
change of machine load hits both. The pipeline's own cost is also measured alone, by a build
whose embedder hands back the vectors just computed: a figure that the load barely moves.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.stats import over_runs
from indexer.build import build
from indexer.reader import IndexSnapshot
from indexer.store import iter_chunks


class ReplayEmbedder:
    """The real embedder's tokenizer and sizes, but encode() looks the vectors up: no model time."""

    def __init__(self, real: Any, texts: Sequence[str], vectors: np.ndarray) -> None:
        self.real = real
        self.name, self.dimension, self.max_seq_length = real.name, real.dimension, real.max_seq_length
        self._vectors = dict(zip(texts, vectors, strict=True))

    def warm_up(self) -> None:
        self.real.warm_up()

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)

    def count_tokens(self, text: str) -> int:
        return int(self.real.count_tokens(text))


def embed_texts(index_dir: Path) -> list[str]:
    """The exact strings the pipeline embedded (heading + body), in row order."""
    snap = IndexSnapshot.open_current(index_dir, verify=False)
    try:
        return [f"{c.heading}\n{c.text}" if c.heading else c.text for _, c in iter_chunks(snap.conn)]
    finally:
        snap.close()


def _timed_build(corpus: Path, embedder: Any) -> tuple[float, float, int, Path]:
    index_dir = Path(tempfile.mkdtemp(prefix="wsis-bench-index-"))
    wall, cpu = time.perf_counter(), time.process_time()
    report = build(corpus, index_dir, embedder)
    return time.perf_counter() - wall, time.process_time() - cpu, report.total_chunks, index_dir


def measure(corpus: Path, embedder: Any, runs: int) -> dict[str, Any]:
    embedder.warm_up()
    from indexer.tokens import cl100k

    cl100k()  # a one-off load per process, not a per-build cost
    build_s, encode_s, ratios, overhead_ms, overhead_cpu_ms = [], [], [], [], []
    chunks = 0
    for run in range(runs):
        texts: list[str] = []
        order = ("build", "encode") if run % 2 == 0 else ("encode", "build")
        for step in order:
            if step == "build":
                wall, _, chunks, index_dir = _timed_build(corpus, embedder)
                texts = embed_texts(index_dir)
                shutil.rmtree(index_dir, ignore_errors=True)
                build_s.append(wall)
            else:
                texts = texts or _probe_texts(corpus, embedder)
                started = time.perf_counter()
                vectors = embedder.encode(texts)
                encode_s.append(time.perf_counter() - started)
        ratios.append(encode_s[-1] / build_s[-1])
        wall, cpu, _, index_dir = _timed_build(corpus, ReplayEmbedder(embedder, texts, vectors))
        shutil.rmtree(index_dir, ignore_errors=True)
        overhead_ms.append(wall / chunks * 1000)
        overhead_cpu_ms.append(cpu / chunks * 1000)
    encode_ms = [s / chunks * 1000 for s in encode_s]
    decomposed = [e / (e + o) for e, o in zip(encode_ms, overhead_ms, strict=True)]
    return {
        "chunks": chunks,
        "pipeline_chunks_per_s": over_runs([chunks / s for s in build_s], 2),
        "bare_encode_chunks_per_s": over_runs([chunks / s for s in encode_s], 2),
        "pipeline_vs_bare_encode": over_runs(ratios, 4),
        "pipeline_own_ms_per_chunk": over_runs(overhead_ms, 3),
        "pipeline_own_cpu_ms_per_chunk": over_runs(overhead_cpu_ms, 3),
        "encode_ms_per_chunk": over_runs(encode_ms, 2),
        "pipeline_vs_bare_encode_from_parts": over_runs(decomposed, 4),
    }


def _probe_texts(corpus: Path, embedder: Any) -> list[str]:
    """The embed texts of ``corpus`` without embedding them (for a run that encodes first)."""

    class _Zero(ReplayEmbedder):
        def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
            return np.zeros((len(texts), self.dimension), np.float32)

    _, _, _, index_dir = _timed_build(corpus, _Zero(embedder, [], np.zeros((0, embedder.dimension))))
    try:
        return embed_texts(index_dir)
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)
