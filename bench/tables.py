"""Markdown tables from a results file: python -m bench.tables bench/results/full-<stamp>.json"""

from __future__ import annotations

import json
import sys
from typing import Any


def _r(section: dict[str, Any], digits: int = 1) -> str:
    return f"{section['median']:.{digits}f} ({section['min']:.{digits}f}–{section['max']:.{digits}f})"


def _mib(n: float) -> str:
    return f"{n / 2**20:,.0f}"


def tables(r: dict[str, Any]) -> str:
    out: list[str] = []
    ix = r["indexing"]
    out += [
        f"### Indexing ({ix['corpus']}, {ix['chunks']} chunks, {ix['pipeline_chunks_per_s']['runs']} runs)\n",
        "| figure | median (min–max) |",
        "|---|---|",
        f"| pipeline, chunks/s (`indexer.build.build`) | {_r(ix['pipeline_chunks_per_s'], 2)} |",
        f"| bare `model.encode` of the same texts, chunks/s | {_r(ix['bare_encode_chunks_per_s'], 2)} |",
        f"| **pipeline / bare encode** (`pipeline_vs_bare_encode`) | **{_r(ix['pipeline_vs_bare_encode'], 3)}** |",
        f"| pipeline's own cost, ms/chunk wall (replayed vectors) | {_r(ix['pipeline_own_ms_per_chunk'], 2)} |",
        f"| pipeline's own cost, ms/chunk CPU | {_r(ix['pipeline_own_cpu_ms_per_chunk'], 2)} |",
        f"| encode, ms/chunk | {_r(ix['encode_ms_per_chunk'], 1)} |",
        f"| encode / (encode + own cost) | {_r(ix['pipeline_vs_bare_encode_from_parts'], 3)} |",
        "",
    ]
    out += [
        "### Search latency, real corpora and the synthetic 100k service (ms)\n",
        "| corpus | chunks | index | in-process p50 | in-process p99 | cached query p50 | HTTP p50 | HTTP p99 | "
        "cold start s (no verify) | peak RSS MiB | disk MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in [*r["corpora"], *r["synthetic"]["services"]]:
        ip, h = c["inprocess"], c["http"]
        out.append(
            f"| {c['name']} | {c['chunks']:,} | {c['dense_index']} | {_r(ip['total']['p50'])} "
            f"| {_r(ip['total']['p99'])} "
            f"| {_r(ip['total_cached_query']['p50'])} | {_r(h['total']['p50'])} | {_r(h['total']['p99'])} "
            f"| {c['cold_start_s']:.1f} ({c['cold_start_no_verify_s']:.1f}) | {_mib(c['memory']['peak_rss'])} "
            f"| {_mib(c['disk_bytes'])} |"
        )
    stages = ["understand_filter", "embed", "dense", "keyword", "fusion", "fetch"]
    out += [
        "",
        "### Where the in-process time goes (p50 per stage, ms)\n",
        "| corpus | " + " | ".join(stages) + " | total | HTTP − in-process |",
        "|---" * (len(stages) + 3) + "|",
    ]
    for c in [*r["corpora"], *r["synthetic"]["services"]]:
        st = c["inprocess"]["stages"]
        gap = c["http"]["total"]["p50"]["median"] - c["inprocess"]["total"]["p50"]["median"]
        out.append(
            f"| {c['name']} | "
            + " | ".join(f"{st[s]['p50']['median']:.2f}" for s in stages)
            + f" | {c['inprocess']['total']['p50']['median']:.1f} | {gap:.1f} |"
        )
    out += [
        "",
        "### Index parts at synthetic scale (p50 / p99 ms, one thread)\n",
        "| chunks | exact dense | HNSW dense | BM25 keyword | fusion | filter mask | filtered dense exact/HNSW | "
        "recall@10 (efSearch 128) | HNSW build s | vectors MiB | HNSW MiB |",
        "|---" * 11 + "|",
    ]
    for s in r["synthetic"]["sizes"]:
        f, h = s["flat"], s["hnsw"]

        def pp(x: dict[str, Any]) -> str:
            return f"{x['p50']['median']:.2f} / {x['p99']['median']:.2f}"

        out.append(
            f"| {s['chunks']:,} | {pp(f['dense'])} | {pp(h['dense'])} | {pp(f['keyword'])} | {pp(f['fusion'])} | "
            f"{pp(f['filter_mask'])} | {f['dense_filtered']['p50']['median']:.2f} / "
            f"{h['dense_filtered']['p50']['median']:.2f} | {s['recall_at_10']['hnsw_vs_exact']} | {s['hnsw_build_s']} "
            f"(efC {s['hnsw_ef_construction']}) | {_mib(s['vector_bytes'])} | {_mib(s['hnsw_bytes'])} |"
        )
    rr = r["synthetic"]["real_recall_at_10"]
    out += [
        "",
        f"HNSW recall@10 against exact search on real embeddings ({rr['chunks']:,} UNGDC chunks, 200 "
        "real questions): " + ", ".join(f"efSearch {k.split('_')[-1]}: {v}" for k, v in rr.items() if k != "chunks"),
    ]
    p = r.get("peer_txtai", {})
    if "hybrid" in p:
        out += [
            "",
            f"### Peer: txtai {p.get('txtai_version', '')} on the same {p['chunks']} chunks, same model\n",
            "| | chunks/s indexing | search p50 ms | search p99 ms |",
            "|---|---|---|---|",
        ]
        ours = r["corpora"][1]
        out.append(
            f"| wsis-qa (hybrid, whole pipeline from files) | {_r(r['indexing']['pipeline_chunks_per_s'], 2)} | "
            f"{_r(ours['inprocess']['total']['p50'])} | {_r(ours['inprocess']['total']['p99'])} |"
        )
        for name in ("dense", "hybrid"):
            out.append(
                f"| txtai {name} (pre-chunked texts) | {_r(p[name]['chunks_per_s'], 2)} | "
                f"{_r(p[name]['search']['p50'])} | {_r(p[name]['search']['p99'])} |"
            )
        out += ["", "Ratios (> 1: wsis-qa ahead): " + ", ".join(f"{k} {v}" for k, v in r["peer_ratios"].items())]
    out += ["", "### Targets\n", "| target | value | met | missed by |", "|---|---|---|---|"]
    for t in r["targets"]:
        met = {True: "yes", False: "**no**", None: "n/a"}[t["met"]]
        out.append(
            f"| {t['target']} | {t['value']} | {met} | {str(t['miss_by_pct']) + ' %' if t.get('miss_by_pct') else ''} |"
        )
    return "\n".join(out)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(tables(json.load(handle)))
