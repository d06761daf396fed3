"""``python -m bench.vector_storage``: what float16 storage and int8 questions cost in recall@10.

Recall@10 against fp32 exact search (the top 10 of an IndexFlatIP over the same vectors, same
question vector), for the shipped storage (float16: exact scan, and HNSW at the shipped M,
efConstruction and efSearch) and for fp32 HNSW as before; then how much of the fp32 question's
exact top 10 the int8 question's exact top 10 keeps (agreement, not quality: quality is SciFact
nDCG@10 and the eval suites).

Vectors are real MiniLM embeddings found on this machine, never computed here (embedding the
1,938 UNGDC speeches is ~87 CPU-minutes): every snapshot under the bench cache and the eval's
UNGDC subset, and every vector of the eval's embedding cache (UNGDC chunks, SciFact passages,
questions), deduplicated. ``--snapshot DIR`` adds one (e.g. the synthetic 38,648 corpus, real
vectors plus noise); it is reported on its own. Questions: the eval cases' questions and the
bench's template questions, encoded fp32 and int8 by the bundled model.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpora import cache_dir
from bench.queries import question_set


def snapshot_vectors(index_dir: Path) -> np.ndarray:
    """The fp32 vectors of a snapshot; a float16 one (format v2) is refused: rounded vectors are no truth."""
    from indexer.reader import IndexSnapshot

    snap = IndexSnapshot.open_current(index_dir, verify=False)
    try:
        if snap.vectors.dtype != np.float32:
            raise SystemExit(f"{index_dir}: vectors stored as {snap.vectors.dtype}; fp32 ones are needed")
        return np.array(snap.vectors, dtype=np.float32)
    finally:
        snap.close()


def cached_vectors(path: Path) -> np.ndarray:
    """Every vector of an eval embedding cache (embeddings.sqlite)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        blobs = [row[0] for row in conn.execute("SELECT vector FROM vectors")]
    return np.stack([np.frombuffer(b, dtype=np.float32) for b in blobs]) if blobs else np.zeros((0, 384), np.float32)


def real_pool(extra: list[Path]) -> tuple[np.ndarray, dict[str, int]]:
    from eval.embcache import default_cache_dir

    sources: dict[str, np.ndarray] = {}
    dirs = [*sorted(cache_dir().glob("index-ungdc-*")), *sorted((default_cache_dir() / "ungdc-subset").glob("*/index"))]
    for index_dir in dirs:
        sources[str(index_dir)] = snapshot_vectors(index_dir)
    sqlite_path = default_cache_dir() / "embeddings.sqlite"
    if sqlite_path.is_file():
        sources[str(sqlite_path)] = cached_vectors(sqlite_path)
    for path in extra:
        sources[str(path)] = snapshot_vectors(path)
    pool = np.unique(np.concatenate(list(sources.values())), axis=0)
    return np.ascontiguousarray(pool), {name: len(v) for name, v in sources.items()}


def questions(count: int) -> list[str]:
    root = Path(__file__).resolve().parents[1] / "eval"
    found: list[str] = []
    for path in (root / "cases.jsonl", root / "ungdc" / "cases.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line) if line.strip() else {}
            if case.get("question"):
                found.append(case["question"])
    return list(dict.fromkeys(found + question_set(count)))


def recall(truth: np.ndarray, found: np.ndarray) -> float:
    hits = sum(len(set(t) & set(f)) for t, f in zip(truth.tolist(), found.tolist(), strict=True))
    return round(hits / truth.size, 4)


def measure(vectors: np.ndarray, q32: np.ndarray, q8: np.ndarray) -> dict[str, Any]:
    import faiss

    from indexer import dense

    faiss.omp_set_num_threads(2)
    exact32 = dense.build_index(vectors, exact_max=len(vectors), storage="float32")
    _, truth = exact32.search(q32, 10)
    out: dict[str, Any] = {"vectors": len(vectors), "questions": len(q32)}
    exact16 = dense.build_index(vectors, exact_max=len(vectors), storage="float16")
    out["float16_exact"] = recall(truth, exact16.search(q32, 10)[1])
    hnsw: dict[str, Any] = {}
    for storage in ("float16", "float32"):
        hnsw[storage] = dense.build_index(vectors, exact_max=0, storage=storage)
        hnsw[storage].hnsw.efSearch = dense.HNSW_EF_SEARCH
        out[f"{storage}_hnsw_ef{dense.HNSW_EF_SEARCH}"] = recall(truth, hnsw[storage].search(q32, 10)[1])
    out["int8_question_exact_fp32_vs_fp32_question"] = recall(truth, exact32.search(q8, 10)[1])
    out["int8_question_float16_hnsw_vs_fp32_question_fp32_exact"] = recall(truth, hnsw["float16"].search(q8, 10)[1])
    faiss.omp_set_num_threads(1)  # the request path's one thread
    out["search_ms_p50"] = {
        "exact": paired_search(exact32, exact16, q32),
        "hnsw": paired_search(hnsw["float32"], hnsw["float16"], q32),
    }
    return out


def paired_search(fp32: Any, fp16: Any, queries: np.ndarray) -> dict[str, float]:
    """p50 ms of one question's top 100, the two storages in turn on each question (same load for both)."""
    times: dict[str, list[float]] = {"float32": [], "float16": []}
    for i, query in enumerate(queries):
        pair = [("float32", fp32), ("float16", fp16)]
        for name, index in pair if i % 2 == 0 else pair[::-1]:
            started = time.perf_counter()
            index.search(query[None], 100)
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: round(statistics.median(ms), 3) for name, ms in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.vector_storage", description=__doc__)
    parser.add_argument("--snapshot", type=Path, action="append", default=[], help="an index folder, measured alone")
    parser.add_argument("--questions", type=int, default=200, help="template questions added to the eval's")
    args = parser.parse_args(argv)
    from indexer.embedder import make_embedder

    embedder = make_embedder(threads=1, query_encoder="int8")
    texts = questions(args.questions)
    q32 = embedder.encode(texts)
    q8 = np.stack([embedder.encode_query(t) for t in texts])
    pool, sources = real_pool([])
    result: dict[str, Any] = {"sources": sources, "real_pool": measure(pool, q32, q8)}
    for path in args.snapshot:
        result[str(path)] = measure(snapshot_vectors(path), q32, q8)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
