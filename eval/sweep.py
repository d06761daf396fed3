"""``python -m eval sweep``: the chunk budget chosen by measurement.

For each size the shipped corpus is re-indexed in a scratch folder and the eval cases are run
(retrieval only); with ``--policyqa FILE`` the PolicyQA passages are indexed and asked too.
Longer chunks find more evidence in the top k merely by holding more text, so the table also
gives recall within a fixed token budget, which is what a reader with a context window gets.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from eval.cases import CASES_PATH, load_cases
from eval.client import eval_settings, in_process
from eval.embcache import CachedEmbedder, EmbeddingCache, default_cache_dir
from eval.metrics import mean
from eval.report import REPORTS_DIR, new_report_dir
from eval.rows import BUDGET
from eval.runner import run_cases
from eval.summary import retrieval_rows, summarize

ANSWER_KEYS = ("key_fact_recall", "citation_precision", "citation_recall", "abstention_recall", "false_abstention_rate")

SIZES = (64, 96, 128, 160, 224)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="chunk budgets in cl100k tokens")
    parser.add_argument("--overlap", type=int, default=32, help="overlap tokens when a block is split")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--cases", type=Path, default=CASES_PATH)
    parser.add_argument("--policyqa", type=Path, help="also measure on this SQuAD-format file")
    parser.add_argument("--policyqa-limit", type=int, help="ask only the first N PolicyQA questions")
    parser.add_argument("--no-chat", action="store_true", help="eval cases: retrieval only")
    parser.add_argument("--cache", type=Path, default=None, help=f"embedding cache folder ({default_cache_dir()})")
    parser.add_argument("--out", type=Path, default=REPORTS_DIR)
    parser.add_argument("--json", action="store_true")


def measure_seed(
    size: int, overlap: int, corpus: Path, cases_path: Path, embedder: CachedEmbedder, use_chat: bool = True
) -> dict[str, Any]:
    from indexer.build import build
    from indexer.chunking import ChunkParams
    from qa_service.engine import Engine

    cases = load_cases(cases_path)
    with tempfile.TemporaryDirectory(prefix=f"wsis-eval-sweep-{size}-") as tmp:
        report = build(corpus, Path(tmp), embedder, ChunkParams(size, overlap))
        settings = eval_settings(index_dir=Path(tmp), corpus_dir=corpus)
        with in_process(settings, Engine(settings, embedder=embedder)) as client:
            rows = run_cases(client, cases, use_chat=use_chat)
            token_counts = [h["tokens"] for r in rows for h in r.hits]
    s = summarize(rows)
    keys = ("recall@1", "recall@5", "recall@10", "recall_budget", "mrr", "ndcg@10", *ANSWER_KEYS)
    return {
        "chunks": report.total_chunks,
        "mean_hit_tokens": sum(token_counts) / max(len(token_counts), 1),
        "recall@4": mean([r.recall_at(4) for r in retrieval_rows(rows)]),
        **{k: s[k] for k in keys},
    }


def run(args: argparse.Namespace) -> int:
    from indexer.embedder import make_embedder

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    embedder = CachedEmbedder(EmbeddingCache(make_embedder(threads=1), args.cache))
    embedder.warm_up()
    table: dict[int, dict[str, Any]] = {}
    for size in sizes:
        print(f"[sweep] chunk_tokens={size}", file=sys.stderr, flush=True)
        table[size] = {"seed": measure_seed(size, args.overlap, args.corpus, args.cases, embedder, not args.no_chat)}
        if args.policyqa:
            from eval.squad import evaluate

            table[size]["policyqa"] = evaluate(
                args.policyqa, "document", args.policyqa_limit, size, False, args.cache, embedder.inner
            )
    folder = new_report_dir(args.out, prefix="sweep-")
    text = markdown(table, args)
    (folder / "results.json").write_text(json.dumps(table, indent=1), encoding="utf-8")
    (folder / "report.md").write_text(text, encoding="utf-8")
    print(json.dumps(table) if args.json else text + f"\nreport: {folder / 'report.md'}")
    return 0


def markdown(table: dict[int, dict[str, Any]], args: argparse.Namespace) -> str:
    def f(v: Any) -> str:
        return "n/a" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)

    def rows(head: list[str], keys: list[str], part: str) -> list[str]:
        lines = ["| chunk tokens | " + " | ".join(head) + " |", "|---" * (len(head) + 1) + "|"]
        lines += [f"| {size} | " + " | ".join(f(row[part][k]) for k in keys) + " |" for size, row in table.items()]
        return lines

    lines = [
        f"# Chunk size sweep (overlap {args.overlap} tokens, budget {BUDGET} tokens)",
        "",
        f"Eval cases ({args.cases}), retrieval:",
        "",
    ]
    lines += rows(
        ["chunks", "mean hit tokens", "R@1", "R@4", "R@5", "R@10", f"R in {BUDGET} tok", "MRR", "nDCG@10"],
        [
            "chunks",
            "mean_hit_tokens",
            "recall@1",
            "recall@4",
            "recall@5",
            "recall@10",
            "recall_budget",
            "mrr",
            "ndcg@10",
        ],
        "seed",
    )
    lines += ["", "Eval cases, answers from /v1/chat:", ""]
    lines += rows(
        ["key-fact recall", "citation P", "citation R", "abstention R", "false abstention"], list(ANSWER_KEYS), "seed"
    )
    if any("policyqa" in row for row in table.values()):
        lines += [
            "",
            f"PolicyQA ({args.policyqa}): answer span inside the retrieved chunks, searched within the "
            "question's document:",
            "",
        ]
        lines += rows(
            ["chunks", "top 1", "top 4", "top 5", "top 10", f"in {BUDGET} tok", "in any chunk"],
            [
                "chunks",
                "span_in_top1",
                "span_in_top4",
                "span_in_top5",
                "span_in_top10",
                f"span_in_{BUDGET}_tokens",
                "span_in_any_chunk",
            ],
            "policyqa",
        )
    return "\n".join(lines) + "\n"
