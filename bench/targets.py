"""The targets of issues 3 and 8, checked against one run's figures; a miss says by how much."""

from __future__ import annotations

from typing import Any


def _check(name: str, value: float | None, limit: float, higher_is_better: bool = False) -> dict[str, Any]:
    if value is None:
        return {"target": name, "value": None, "met": None, "note": "not measured in this run"}
    met = value >= limit if higher_is_better else value <= limit
    off = (limit - value) / limit if higher_is_better else (value - limit) / limit
    return {
        "target": name,
        "value": round(value, 3),
        "limit": limit,
        "met": met,
        "miss_by_pct": None if met else round(off * 100, 1),
    }


def _p50(section: dict[str, Any] | None, part: str = "inprocess", key: str = "p50") -> float | None:
    if not section or part not in section:
        return None
    return section[part]["total"][key]["median"]


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    corpora = {c["name"]: c for c in results.get("corpora", [])}
    seed = corpora.get("seed")
    services = {s["name"]: s for s in results.get("synthetic", {}).get("services", [])}
    at_100k = services.get("synthetic-100000")
    checks = [
        _check("seed: /v1/search p50 over HTTP < 20 ms (issue 3)", _p50(seed, "http"), 20.0),
        _check("100k: search p50 in-process < 15 ms", _p50(at_100k), 15.0),
        _check("100k: search p50 over HTTP < 20 ms", _p50(at_100k, "http"), 20.0),
        _check("100k: search p99 in-process < 60 ms", _p50(at_100k, key="p99"), 60.0),
        _check("100k: search p99 over HTTP < 60 ms", _p50(at_100k, "http", "p99"), 60.0),
    ]
    indexing = results.get("indexing", {})
    ratio = indexing.get("pipeline_vs_bare_encode", {}).get("median")
    checks.append(_check("indexing: pipeline / bare encode >= 0.95", ratio, 0.95, higher_is_better=True))
    parts = indexing.get("pipeline_vs_bare_encode_from_parts", {}).get("median")
    checks.append(_check("indexing (from parts): encode / (encode + own cost) >= 0.95", parts, 0.95, True))
    for key, value in results.get("peer_ratios", {}).items():
        checks.append(_check(f"ahead of txtai: {key} > 1", value, 1.0, higher_is_better=True))
    model = results.get("model_only_rss")
    for served in [*corpora.values(), *services.values()]:
        if "memory" in served and model:
            limit = model + 1.3 * served["vector_bytes"]
            check = _check(
                f"{served['name']}: peak RSS <= model + 1.3 x vectors (MiB)",
                served["memory"]["peak_rss"] / 2**20,
                round(limit / 2**20, 1),
            )
            checks.append(check)
        if "cold_start_s" in served:
            checks.append(_check(f"{served['name']}: cold start to /readyz < 10 s", served["cold_start_s"], 10.0))
    for size in results.get("synthetic", {}).get("sizes", []):
        checks.append(
            _check(f"{size['chunks']}: HNSW recall@10 >= 0.98", size["recall_at_10"]["hnsw_vs_exact"], 0.98, True)
        )
    real = results.get("synthetic", {}).get("real_recall_at_10", {})
    if "ef_search_128" in real:
        checks.append(
            _check(
                f"real embeddings ({real['chunks']} chunks): HNSW recall@10 >= 0.98", real["ef_search_128"], 0.98, True
            )
        )
    return checks
