"""``python -m eval beir DIR --split SPLIT``: nDCG@10 and Recall@100 on a BEIR-layout dataset
for dense, keyword and hybrid retrieval, plus RRF against convex fusion with a tuned alpha."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

from eval import metrics
from eval.corpus_rank import PassageIndex, QueryRanks, fused_rows, rank
from eval.embcache import EmbeddingCache, default_cache_dir
from eval.report import REPORTS_DIR, new_report_dir
from indexer.embedder import Embedder

CANDIDATES = 100  # per retriever before fusion, as the service's default Settings.candidates
ALPHAS = [round(a * 0.05, 2) for a in range(21)]
METHODS = ("dense", "keyword", "rrf")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, help="folder with corpus.jsonl, queries.jsonl and qrels/SPLIT.tsv")
    parser.add_argument("--split", default="test")
    parser.add_argument(
        "--tune-split",
        help="split on which to tune the convex alpha (default: --split, then reported with 2-fold cross-validation)",
    )
    parser.add_argument("--cache", type=Path, default=None, help=f"embedding cache folder ({default_cache_dir()})")
    parser.add_argument("--out", type=Path, default=REPORTS_DIR)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--query-encoder",
        choices=("fp32", "int8"),
        default=None,
        help="how questions are encoded (passages are always fp32); default: the service's QA_QUERY_ENCODER",
    )


def load_qrels(folder: Path, split: str) -> dict[str, dict[str, int]]:
    path = folder / "qrels" / f"{split}.tsv"
    if not path.is_file():
        raise FileNotFoundError(f"no qrels for split '{split}': {path}")
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            if int(record["score"]) > 0:
                qrels.setdefault(record["query-id"], {})[record["corpus-id"]] = int(record["score"])
    return qrels


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def passage_text(doc: dict[str, Any]) -> str:
    """Title and body joined by a space, as BEIR's own dense and BM25 baselines index them."""
    return f"{doc.get('title') or ''} {doc.get('text') or ''}".strip()


def score_query(ranked_ids: list[str], qrels: dict[str, int]) -> tuple[float, float]:
    gains = [float(qrels.get(d, 0)) for d in ranked_ids]
    ndcg = metrics.ndcg_at_k(gains, [float(v) for v in qrels.values()], 10) or 0.0
    recall = metrics.id_recall_at_k(ranked_ids, set(qrels), 100) or 0.0
    return ndcg, recall


class Benchmark:
    def __init__(
        self, folder: Path, cache_dir: Path | None, embedder: Embedder | None = None, query_encoder: str = "fp32"
    ) -> None:
        from indexer.embedder import make_embedder

        docs = load_jsonl(folder / "corpus.jsonl")
        self.doc_ids = [str(d["_id"]) for d in docs]
        self.queries = {str(q["_id"]): q["text"] for q in load_jsonl(folder / "queries.jsonl")}
        self.query_encoder = query_encoder
        self.cache = EmbeddingCache(embedder or make_embedder(query_encoder=query_encoder), cache_dir)
        started = time.perf_counter()
        texts = [passage_text(d) for d in docs]
        vectors = self.cache.encode(texts, progress=True)
        self.index = PassageIndex.build(texts, vectors)
        self.index_seconds = time.perf_counter() - started
        self.ranks: dict[str, QueryRanks] = {}

    def ranks_for(self, qids: list[str]) -> dict[str, QueryRanks]:
        todo = [q for q in qids if q not in self.ranks]
        if self.query_encoder == "fp32":
            vectors = self.cache.encode([self.queries[q] for q in todo])
        else:  # the cache holds fp32 vectors: questions of another encoder go through its own path
            vectors = [self.cache.embedder.encode_query(self.queries[q]) for q in todo]
        for qid, vector in zip(todo, vectors, strict=True):
            self.ranks[qid] = rank(self.index, self.queries[qid], vector, CANDIDATES)
        return {q: self.ranks[q] for q in qids}

    def evaluate(self, qrels: dict[str, dict[str, int]], method: str, alpha: float = 0.5) -> dict[str, float]:
        ranks = self.ranks_for(sorted(qrels))
        scores = [
            score_query([self.doc_ids[r] for r in fused_rows(ranks[q], method, alpha=alpha)][:100], qrels[q])
            for q in sorted(qrels)
        ]
        return {"ndcg@10": _avg([s[0] for s in scores]), "recall@100": _avg([s[1] for s in scores])}

    def tune_alpha(self, qrels: dict[str, dict[str, int]]) -> float:
        """The alpha with the best nDCG@10 on ``qrels`` (ties: the smaller alpha)."""
        best = max(ALPHAS, key=lambda a: (self.evaluate(qrels, "convex", a)["ndcg@10"], -a))
        return best


def _avg(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def run(args: argparse.Namespace, embedder: Embedder | None = None) -> int:
    qrels = load_qrels(args.dir, args.split)
    from qa_service.settings import Settings

    bench = Benchmark(args.dir, args.cache, embedder, args.query_encoder or Settings().query_encoder)
    qrels = {q: r for q, r in qrels.items() if q in bench.queries}
    results: dict[str, Any] = {
        name: bench.evaluate(qrels, method)
        for name, method in zip(("dense", "keyword", "hybrid"), METHODS, strict=True)
    }
    results["convex"] = convex_results(bench, qrels, args)
    meta = {
        "dataset": str(args.dir),
        "split": args.split,
        "queries": len(qrels),
        "passages": len(bench.doc_ids),
        "model": bench.cache.embedder.name,
        "query_encoder": bench.query_encoder,
        "max_seq_length": bench.cache.embedder.max_seq_length,
        "embedded": bench.cache.embedded,
        "reused_from_cache": bench.cache.reused,
        "cache": str(bench.cache.path),
        "hybrid": "RRF k=60 over the top 100 of each retriever (the service default)",
        "index_seconds": round(bench.index_seconds, 1),
    }
    folder = new_report_dir(args.out, prefix=f"beir-{args.dir.name}-{args.split}-")
    (folder / "results.json").write_text(json.dumps({"meta": meta, **results}, indent=1), encoding="utf-8")
    (folder / "report.md").write_text(markdown(meta, results), encoding="utf-8")
    if args.json:
        print(json.dumps(results))
    else:
        print(markdown(meta, results))
        print(f"report: {folder / 'report.md'}")
    print(f"[beir] embedded {bench.cache.embedded} texts, {bench.cache.reused} from the cache", file=sys.stderr)
    return 0


def convex_results(bench: Benchmark, qrels: dict[str, dict[str, int]], args: argparse.Namespace) -> dict[str, Any]:
    tune_split = args.tune_split or args.split
    if tune_split != args.split:
        alpha = bench.tune_alpha(load_qrels(args.dir, tune_split))
        return {"alpha": alpha, "tuned_on": tune_split, **bench.evaluate(qrels, "convex", alpha)}
    # Tuned and measured on the same queries would flatter convex: report 2-fold cross-validation.
    ids = sorted(qrels)
    folds = [{q: qrels[q] for q in ids[i::2]} for i in (0, 1)]
    held_out: list[dict[str, float]] = []
    alphas = []
    for tune, test in ((folds[0], folds[1]), (folds[1], folds[0])):
        alpha = bench.tune_alpha(tune)
        alphas.append(alpha)
        held_out.append({k: v * len(test) for k, v in bench.evaluate(test, "convex", alpha).items()})
    cv = {k: sum(h[k] for h in held_out) / len(ids) for k in held_out[0]}
    alpha = bench.tune_alpha(qrels)
    return {
        "alpha": alpha,
        "tuned_on": f"{tune_split} (in-sample)",
        **bench.evaluate(qrels, "convex", alpha),
        "cv_alphas": alphas,
        "cv_ndcg@10": cv["ndcg@10"],
        "cv_recall@100": cv["recall@100"],
    }


def markdown(meta: dict[str, Any], results: dict[str, Any]) -> str:
    lines = [
        f"# BEIR {Path(meta['dataset']).name} ({meta['split']}, {meta['queries']} queries, "
        f"{meta['passages']} passages)",
        "",
    ]
    lines += [f"- **{k.replace('_', ' ')}:** {v}" for k, v in meta.items()]
    lines += ["", "| retrieval | nDCG@10 | Recall@100 |", "|---|---|---|"]
    for name in ("dense", "keyword", "hybrid"):
        lines.append(f"| {name} | {results[name]['ndcg@10']:.4f} | {results[name]['recall@100']:.4f} |")
    c = results["convex"]
    lines.append(
        f"| convex, alpha {c['alpha']} tuned on {c['tuned_on']} | {c['ndcg@10']:.4f} | {c['recall@100']:.4f} |"
    )
    if "cv_ndcg@10" in c:
        lines.append(
            f"| convex, 2-fold cross-validated (alphas {c['cv_alphas']}) | {c['cv_ndcg@10']:.4f} | "
            f"{c['cv_recall@100']:.4f} |"
        )
    return "\n".join(lines) + "\n"
