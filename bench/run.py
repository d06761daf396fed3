"""The benchmark run: every section in order, each result kept in one dictionary."""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench import indexing, peer, queries, real, synthetic_run
from bench.corpora import SEED_CORPUS, cached_index, ungdc_corpus
from bench.indexing import embed_texts
from bench.stats import loadavg


@dataclass
class Plan:
    quick: bool
    index_speeches: int  # UNGDC speeches for the indexing and peer comparison
    real_speeches: int | None  # UNGDC speeches with real embeddings for latency and recall (None: all)
    sizes: list[int]  # synthetic chunk counts
    service_sizes: list[int]  # synthetic sizes also served end to end (HTTP, cold start, RSS)
    runs: int
    rounds: int
    per_round: int
    hnsw_efc_large: int  # efConstruction for synthetic sizes over 200k (building dominates there)
    peer: bool = True

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(True, 8, 12, [20_000], [], 2, 2, 25, 200)
        return cls(False, 30, 120, [20_000, 50_000, 100_000, 1_000_000], [100_000], 3, 3, 40, 40)


def machine() -> dict[str, Any]:
    import faiss
    import torch

    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((ln.split(":", 1)[1].strip() for ln in cpuinfo if ln.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem = next(int(ln.split()[1]) for ln in meminfo if ln.startswith("MemTotal"))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem / 2**20, 1),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "faiss": faiss.__version__,
        "load_at_start": loadavg(),
    }


def execute(plan: Plan, log: Any = print) -> dict[str, Any]:
    import torch

    from indexer.embedder import make_embedder
    from qa_service.settings import Settings

    started = time.perf_counter()
    out: dict[str, Any] = {"plan": plan.__dict__, "machine": machine()}
    # Indexing: torch's default threads (both cores); questions as the service encodes them (QA_QUERY_ENCODER).
    query_encoder = Settings().query_encoder
    out["query_encoder"] = query_encoder
    embedder = make_embedder(query_encoder=query_encoder)
    embedder.warm_up()
    corpus = ungdc_corpus(plan.index_speeches)
    log(f"indexing {plan.index_speeches} UNGDC speeches, {plan.runs} runs")
    out["indexing"] = indexing.measure(corpus, embedder, plan.runs)
    out["indexing"]["corpus"] = f"UNGDC, {plan.index_speeches} speeches"
    peer_index, _ = cached_index(corpus, f"ungdc-{plan.index_speeches}", embedder)
    texts = embed_texts(peer_index)
    names, years = real.holdings(peer_index)
    questions = queries.question_set(plan.rounds * plan.per_round + 20, names, years)
    if plan.peer:
        log("txtai peer on the same chunks")
        out["peer_txtai"] = peer.run_txtai(texts, questions[20:], max(1, plan.runs - 1), plan.rounds)
    torch.set_num_threads(1)  # from here on: the request path, one thread
    real_index, _ = cached_index(ungdc_corpus(plan.real_speeches), f"ungdc-{plan.real_speeches or 'all'}", embedder)
    seed_index, _ = cached_index(SEED_CORPUS, "seed", embedder)
    out["model_only_rss"] = real.model_only_rss()
    out["corpora"] = []
    for name, index_dir in (
        ("seed", seed_index),
        (f"ungdc-{plan.index_speeches}", peer_index),
        (f"ungdc-{plan.real_speeches or 'all'}", real_index),
    ):
        log(f"latency on {name}")
        names, years = real.holdings(index_dir)
        qs = queries.question_set(plan.rounds * plan.per_round + 20, names, years, seed=len(out["corpora"]))
        rounds = [qs[20 + r * plan.per_round : 20 + (r + 1) * plan.per_round] for r in range(plan.rounds)]
        out["corpora"].append(real.run(name, index_dir, embedder, rounds, qs[:20]))
    out["peer_ratios"] = _peer_ratios(out)
    log("synthetic scales")
    out["synthetic"] = _synthetic(plan, embedder, real_index, out, log)
    out["machine"]["load_at_end"] = loadavg()
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


def _peer_ratios(out: dict[str, Any]) -> dict[str, Any]:
    txtai = out.get("peer_txtai", {})
    ours = out["corpora"][1]
    return peer.ratios(
        out["indexing"]["pipeline_chunks_per_s"]["median"], ours["inprocess"]["total"]["p50"]["median"], txtai
    )


def _synthetic(plan: Plan, embedder: Any, real_index: Any, out: dict[str, Any], log: Any) -> dict[str, Any]:
    from indexer.reader import IndexSnapshot
    from qa_service.settings import Settings

    snap = IndexSnapshot.open_current(real_index, verify=False)
    real_vectors = np.array(snap.vectors)
    snap.close()
    names, years = real.holdings(real_index)
    questions = queries.question_set(200, names, years, seed=7)
    query_vectors = embedder.encode(questions)
    sentences = synthetic_run.pool(plan.quick)
    result: dict[str, Any] = {"sizes": [], "services": []}
    result["real_recall_at_10"] = _real_recall(real_vectors, query_vectors)
    for size in plan.sizes:
        log(f"  index parts at {size} chunks")
        efc = plan.hnsw_efc_large if size > 200_000 else 200
        result["sizes"].append(
            synthetic_run.parts_at(size, sentences, real_vectors, query_vectors, questions, plan.rounds, efc)
        )
    exact_max = Settings().exact_search_max_chunks
    for size in plan.service_sizes:
        log(f"  service at {size} chunks")
        index_dir = synthetic_run.service_snapshot(size, sentences, real_vectors, exact_max)
        names, years = real.holdings(index_dir)
        qs = queries.question_set(plan.rounds * plan.per_round + 20, names, years, seed=size)
        rounds = [qs[20 + r * plan.per_round : 20 + (r + 1) * plan.per_round] for r in range(plan.rounds)]
        result["services"].append(real.run(f"synthetic-{size}", index_dir, embedder, rounds, qs[:20]))
    return result


def _real_recall(vectors: np.ndarray, query_vectors: np.ndarray) -> dict[str, Any]:
    """HNSW (shipped M and efConstruction) against exact search on real chunk embeddings."""
    from bench import scale

    flat = scale.flat_index(vectors, storage="float32")  # ground truth: fp32 exact search
    hnsw, _ = scale.hnsw_index(vectors, None)
    out: dict[str, Any] = {"chunks": len(vectors)}
    for ef in (16, 32, 64, 128):
        hnsw.hnsw.efSearch = ef
        out[f"ef_search_{ef}"] = scale.recall_at_10(flat, hnsw, query_vectors)
    return out
