"""Text summary of a run, and the plot of latency against corpus size."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _ms(section: dict[str, Any], key: str) -> str:
    value = section[key]
    return f"{value['median']:.1f} ({value['min']:.1f}-{value['max']:.1f})"


def summary(results: dict[str, Any], checks: list[dict[str, Any]]) -> str:
    lines = [
        f"machine: {results['machine']['cpu']}, {results['machine']['cores']} cores; "
        f"load {results['machine']['load_at_start']} -> {results['machine'].get('load_at_end')}"
    ]
    ix = results.get("indexing")
    if ix:
        lines.append(
            f"indexing {ix['corpus']} ({ix['chunks']} chunks): pipeline {ix['pipeline_chunks_per_s']['median']} "
            f"chunks/s, bare encode {ix['bare_encode_chunks_per_s']['median']} chunks/s, ratio "
            f"{ix['pipeline_vs_bare_encode']['median']} (spread {ix['pipeline_vs_bare_encode']['spread_pct']}%), "
            f"own cost {ix['pipeline_own_ms_per_chunk']['median']} ms/chunk -> ratio from parts "
            f"{ix['pipeline_vs_bare_encode_from_parts']['median']}"
        )
    for c in [*results.get("corpora", []), *results.get("synthetic", {}).get("services", [])]:
        inproc, http = c["inprocess"]["total"], c.get("http", {}).get("total")
        line = (
            f"{c['name']} ({c['chunks']} chunks, {c['dense_index']}): in-process p50 {_ms(inproc, 'p50')} "
            f"p99 {_ms(inproc, 'p99')} ms"
        )
        if http:
            line += (
                f"; HTTP p50 {_ms(http, 'p50')} p99 {_ms(http, 'p99')} ms; cold start {c['cold_start_s']} s; "
                f"peak RSS {c['memory']['peak_rss'] / 2**20:.0f} MiB"
            )
        lines.append(line)
    for s in results.get("synthetic", {}).get("sizes", []):
        lines.append(
            f"parts at {s['chunks']}: exact dense p50 {s['flat']['dense']['p50']['median']} ms, HNSW dense p50 "
            f"{s['hnsw']['dense']['p50']['median']} ms (recall@10 {s['recall_at_10']['hnsw_vs_exact']}), keyword p50 "
            f"{s['flat']['keyword']['p50']['median']} ms, filtered dense p50 "
            f"{s['flat']['dense_filtered']['p50']['median']}/{s['hnsw']['dense_filtered']['p50']['median']} ms"
        )
    for key, value in results.get("peer_ratios", {}).items():
        lines.append(f"{key}: {value}")
    for check in checks:
        flag = {True: "MET ", False: "MISS", None: "n/a "}[check["met"]]
        extra = f" (missed by {check['miss_by_pct']}%)" if check.get("miss_by_pct") else ""
        lines.append(f"[{flag}] {check['target']}: {check['value']}{extra}")
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> Path | None:
    """Search p50 against chunks (log x): whole search in-process and over HTTP, and the index parts."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    served = sorted(
        [*results.get("corpora", []), *results.get("synthetic", {}).get("services", [])], key=lambda c: c["chunks"]
    )
    if not served:
        return None
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    xs = [c["chunks"] for c in served]
    ax.plot(xs, [c["inprocess"]["total"]["p50"]["median"] for c in served], "o-", label="search p50, in-process")
    with_http = [c for c in served if "http" in c]
    ax.plot(
        [c["chunks"] for c in with_http],
        [c["http"]["total"]["p50"]["median"] for c in with_http],
        "s-",
        label="search p50, HTTP",
    )
    sizes = sorted(results.get("synthetic", {}).get("sizes", []), key=lambda s: s["chunks"])
    if sizes:
        sx = [s["chunks"] for s in sizes]
        ax.plot(sx, [s["flat"]["dense"]["p50"]["median"] for s in sizes], "^--", label="dense part, exact (flat)")
        ax.plot(sx, [s["hnsw"]["dense"]["p50"]["median"] for s in sizes], "v--", label="dense part, HNSW")
        ax.plot(sx, [s["flat"]["keyword"]["p50"]["median"] for s in sizes], "d--", label="keyword part (BM25)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("chunks in the index")
    ax.set_ylabel("milliseconds (p50)")
    ax.set_title("Search latency against corpus size (2 shared cores)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
