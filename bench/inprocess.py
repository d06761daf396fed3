"""Search latency in the process, split into its stages, with the service's own Engine."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.stats import latency_over_runs
from qa_service.engine import Engine
from qa_service.retrieval.search import run_search

STAGES = ("understand_filter", "embed", "dense", "keyword", "fusion", "fetch")


def open_engine(index_dir: Path, embedder: Any = None, **settings: Any) -> Engine:
    """An Engine as the service runs it: one torch and one FAISS thread, no snapshot watcher."""
    import torch

    from qa_service.settings import Settings

    torch.set_num_threads(1)
    engine = Engine(Settings(index_dir=index_dir, reload_interval_s=0, **settings), embedder=embedder)
    engine.start(watch=False)
    return engine


def timed_search(engine: Engine, query: str, k: int = 10) -> tuple[float, dict[str, float]]:
    """Total milliseconds of one search through Engine's path, and the time of each stage."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    run_search(engine.index, query, engine.embed_query, engine.options(k), timings)
    return (time.perf_counter() - started) * 1000, timings


def measure(engine: Engine, rounds: list[list[str]], warmup: list[str], repeat_cached: bool = True) -> dict[str, Any]:
    """Latency of distinct (cache-missing) questions per round; then the same again from the cache."""
    for query in warmup:
        timed_search(engine, query)
    totals: list[list[float]] = []
    stages: dict[str, list[list[float]]] = {s: [] for s in STAGES}
    for queries in rounds:
        round_totals: list[float] = []
        round_stages: dict[str, list[float]] = {s: [] for s in STAGES}
        for query in queries:
            total, parts = timed_search(engine, query)
            round_totals.append(total)
            for stage in STAGES:
                round_stages[stage].append(parts.get(stage, 0.0))
        totals.append(round_totals)
        for stage in STAGES:
            stages[stage].append(round_stages[stage])
    result: dict[str, Any] = {
        "total": latency_over_runs(totals),
        "stages": {s: latency_over_runs(v) for s, v in stages.items()},
    }
    if repeat_cached:
        cached = [[timed_search(engine, q)[0] for q in queries] for queries in rounds]
        result["total_cached_query"] = latency_over_runs(cached)
    return result
