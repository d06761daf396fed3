"""Peak RSS of the service on the synthetic service snapshot, against model + 1.3 x vectors, and where it goes.

    python -m bench.rss [--size 100000]              # the benchmark's own figures (bench.real.run), a few minutes
    python -m bench.rss --index ~/.cache/wsis-qa-bench/index-seed   # the same for an index already built
    python -m bench.rss [--size 100000] --breakdown  # RSS added by each part, in this process

The first form is the path of ``python -m bench`` for one synthetic service size without the rest of
the suite: the in-process latency run, then the service over HTTP on loopback (peak RSS is the server's
VmHWM after the load), and the model-only RSS of the target. The second opens the same snapshot in this
process after loading the model and prints what each part adds (resident anonymous memory is the
process's own; resident file pages are shared with the page cache and other replicas).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
from pathlib import Path
from typing import Any

from bench import queries, real, synthetic_run
from bench.corpora import cache_dir, cached_index, ungdc_corpus
from bench.http import process_memory

ROUNDS, PER_ROUND, WARMUP = 3, 40, 20  # as Plan.make(quick=False)
REAL_SPEECHES = 120  # the real embeddings the synthetic vectors are drawn around (as python -m bench)


def service_index(size: int, embedder: Any) -> Path:
    """The cached synthetic service snapshot of ``size`` chunks, built as ``python -m bench`` builds it."""
    from qa_service.settings import Settings

    exact_max = Settings().exact_search_max_chunks
    cached = cache_dir() / f"index-synthetic-{size}-exact{exact_max}"
    if (cached / "CURRENT").exists():
        return cached
    import numpy as np

    from indexer.reader import IndexSnapshot

    real_index, _ = cached_index(ungdc_corpus(REAL_SPEECHES), f"ungdc-{REAL_SPEECHES}", embedder)
    snap = IndexSnapshot.open_current(real_index, verify=False)
    real_vectors = np.array(snap.vectors)
    snap.close()
    return synthetic_run.service_snapshot(size, synthetic_run.pool(False), real_vectors, exact_max)


def question_rounds(index_dir: Path, size: int) -> tuple[list[list[str]], list[str]]:
    names, years = real.holdings(index_dir)
    qs = queries.question_set(ROUNDS * PER_ROUND + WARMUP, names, years, seed=size)
    rounds = [qs[WARMUP + r * PER_ROUND : WARMUP + (r + 1) * PER_ROUND] for r in range(ROUNDS)]
    return rounds, qs[:WARMUP]


def served(size: int, index_dir: Path | None = None) -> dict[str, Any]:
    """The figures of ``python -m bench`` for one served index: the synthetic one of ``size``, or ``index_dir``."""
    import torch

    from indexer.embedder import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    embedder.warm_up()
    name = index_dir.name.removeprefix("index-") if index_dir else f"synthetic-{size}"
    index_dir = index_dir or service_index(size, embedder)
    torch.set_num_threads(1)
    model = real.model_only_rss()
    rounds, warmup = question_rounds(index_dir, size)
    result = real.run(name, index_dir, embedder, rounds, warmup)
    limit = model + 1.3 * result["vector_bytes"]
    peak = result["memory"]["peak_rss"]
    return {
        "name": result["name"],
        "index_dir": str(index_dir),
        "model_only_rss_mib": round(model / 2**20, 1),
        "vector_mib": round(result["vector_bytes"] / 2**20, 1),
        "limit_mib": round(limit / 2**20, 1),
        "memory_after_start_mib": {k: round(v / 2**20, 1) for k, v in result["memory_after_start"].items()},
        "memory_after_load_mib": {k: round(v / 2**20, 1) for k, v in result["memory"].items()},
        "met": peak <= limit,
        "over_pct": round((peak - limit) / limit * 100, 1),
        "cold_start_s": result["cold_start_s"],
        "http_p50_ms": result["http"]["total"]["p50"]["median"],
        "chat_p50_ms": result["http"].get("chat", {}).get("p50", {}).get("median"),
    }


class Meter:
    """Prints resident memory after each stage and what the stage added."""

    def __init__(self) -> None:
        self.last: dict[str, int] | None = None
        self.rows: list[dict[str, Any]] = []

    def mark(self, stage: str) -> None:
        gc.collect()
        now = {k: v >> 20 for k, v in process_memory(os.getpid()).items()}
        added = {k: now[k] - (self.last or now)[k] for k in now}
        self.last = now
        self.rows.append({"stage": stage, "now_mib": now, "added_mib": added})
        print(
            f"{stage:44s} rss {now['rss']:5d} (anon {now['rss_anon']:5d}, file {now['rss_file']:4d})"
            f" peak {now['peak_rss']:5d} | +rss {added['rss']:+5d}"
            f" (anon {added['rss_anon']:+5d}, file {added['rss_file']:+4d})",
            flush=True,
        )


def breakdown(size: int, index_dir: Path | None = None, searches: int = 120, chats: int = 20) -> list[dict[str, Any]]:
    """The service's parts opened one by one in this process, after the model (as model_only_rss)."""
    import torch

    torch.set_num_threads(1)
    import bm25s  # noqa: F401  (the service's imports, as in model_only_rss)
    import faiss
    import pycountry  # noqa: F401
    import uvicorn  # noqa: F401

    import qa_service.app  # noqa: F401
    from indexer.embedder import SentenceTransformerEmbedder
    from indexer.reader import IndexSnapshot
    from qa_service.answering.pipeline import build_pipeline
    from qa_service.engine import Engine
    from qa_service.retrieval.filters import Filters
    from qa_service.retrieval.search import ServingIndex
    from qa_service.settings import Settings

    meter = Meter()
    embedder = SentenceTransformerEmbedder(threads=1)
    embedder.warm_up()
    embedder.encode(["what did UNDP do?"])
    index_dir = index_dir or service_index(size, embedder)
    rounds, warmup = question_rounds(index_dir, size)
    faiss.omp_set_num_threads(1)
    meter.mark("model (as model_only_rss)")
    snap = IndexSnapshot.open_current(index_dir, verify=True)
    meter.mark("IndexSnapshot (verify, SQLite, FAISS, BM25, rows)")
    serving = ServingIndex(snap)
    meter.mark("ServingIndex: catalog")
    settings = Settings(index_dir=index_dir, reload_interval_s=0)
    engine = Engine(settings, embedder)
    engine._swap(serving)  # the snapshot opened above, not a second copy
    questions = [q for r in rounds for q in r][:searches]
    for q in questions:
        engine.search(q, 10)
    meter.mark(f"{len(questions)} searches (query cache, filters)")
    pipeline = build_pipeline(engine, settings)
    for q in warmup[:chats]:
        asyncio.run(pipeline.answer([q], Filters(), use_llm=False))
    meter.mark(f"{min(chats, len(warmup))} extractive chats (sentence vectors)")
    for doc_id in snap.doc_ids[:: max(1, len(snap.doc_ids) // 50)]:
        text = snap.documents[doc_id].text
        assert text
    meter.mark("50 documents' text read")
    pipeline.close()
    return meter.rows


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m bench.rss", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000, help="synthetic chunks (default 100000)")
    parser.add_argument("--index", type=Path, help="serve this index folder instead (e.g. a cached real corpus)")
    parser.add_argument("--breakdown", action="store_true", help="RSS added by each part, in this process")
    args = parser.parse_args(argv)
    if args.breakdown:
        rows = breakdown(args.size, args.index)
        print(json.dumps(rows))
    else:
        print(json.dumps(served(args.size, args.index), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
