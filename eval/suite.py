"""``python -m eval``: the cases against the service (in-process or ``--url``), the report and the gate."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval import ablate, gate, plots, ungdc_subset
from eval.cases import CASES_PATH, load_cases
from eval.client import ApiClient, ensure_index, eval_settings, in_process, over_http
from eval.gate import HEADLINE
from eval.report import REPORTS_DIR, ConfigRun, new_report_dir, write_report
from eval.runner import run_cases
from eval.summary import denominators, recall_curve
from qa_service.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--suite",
        choices=("seed", "ungdc"),
        default="seed",
        help="seed: eval/cases.jsonl on the shipped corpus; ungdc: eval/ungdc/cases.jsonl on the UNGDC subset "
        "(indexed once in the cache folder, reused while the speeches are unchanged)",
    )
    parser.add_argument(
        "--speeches",
        type=Path,
        default=ungdc_subset.SUBSET_PATH,
        help="ungdc suite: the list of speeches to index (default eval/ungdc/subset.txt); another list is a "
        "held-out corpus, e.g. eval/ungdc/heldout_speeches.txt with --cases eval/ungdc/heldout.jsonl",
    )
    parser.add_argument("--url", help="evaluate a running service at this base URL instead of in-process")
    parser.add_argument("--api-key", help="API key for a service that requires one (or WSIS_QA_API_KEY)")
    parser.add_argument("--cases", type=Path, help="JSON Lines case file (default: the suite's)")
    parser.add_argument("--index", type=Path, help="index folder for in-process runs (default QA_INDEX_DIR)")
    parser.add_argument("--corpus", type=Path, help="corpus folder to build from if the index is missing")
    parser.add_argument(
        "--ablate",
        action="store_true",
        help="also run dense, keyword and hybrid without query understanding, side by side (in-process only)",
    )
    parser.add_argument("--no-chat", action="store_true", help="retrieval only: do not call /v1/chat")
    parser.add_argument("--out", type=Path, default=REPORTS_DIR, help="folder for the report folders")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object on stdout")
    parser.add_argument("--check-floors", action="store_true", help="exit 1 when a figure is below eval/floors.json")
    parser.add_argument(
        "--suggest-floors", action="store_true", help="print floors one case below the measured figures (stderr)"
    )


def run(args: argparse.Namespace) -> int:
    args.cases = args.cases or (ungdc_subset.CASES_PATH if args.suite == "ungdc" else CASES_PATH)
    cases = load_cases(args.cases)
    configs = ablate.CONFIGS if args.ablate else {ablate.SYSTEM: {}}
    if args.url and args.ablate:
        print("error: --ablate runs in-process only (the HTTP search has no switches for it)", file=sys.stderr)
        return 2
    runs: list[ConfigRun] = []
    with ExitStack() as stack:
        if args.url:
            client = stack.enter_context(over_http(args.url, args.api_key))
            runs.append(_run_one("service", client, cases, not args.no_chat))
            target, version, chat, retries = args.url, client.index_version(), client.chat_available, client.retries
        else:
            settings, embedder = _in_process_target(args)
            for name, forced in configs.items():
                engine = ablate.ForcedOptionsEngine(settings, embedder, **forced)
                with in_process(settings, engine) as client:
                    runs.append(_run_one(name, client, cases, not args.no_chat))
                    version, chat, retries = client.index_version(), client.chat_available, client.retries
            target = f"in-process ({settings.index_dir})"
    meta: dict[str, Any] = {
        "suite": args.suite,
        "cases_file": str(args.cases),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "target": target,
        "index_version": version,
        "chat": "not called (--no-chat)"
        if args.no_chat
        else ("available" if chat else "unavailable: answer metrics are n/a"),
        "configurations": ", ".join(r.name for r in runs),
        "retries_after_429_or_503": retries,
    }
    folder = new_report_dir(args.out, prefix="" if args.suite == "seed" else f"{args.suite}-")
    pngs = plots.recall_curves({r.name: r.curve for r in runs}, folder)
    md, js = write_report(folder, meta, runs, pngs)
    summary = {**runs[0].summary, "config": runs[0].name, "chat_available": bool(chat), "report": str(md)}
    if args.ablate:
        summary["ablation"] = {r.name: r.summary for r in runs}
    result = gate.check(runs[0].summary, gate.load_floors(suite=args.suite), bool(chat))
    if args.json:
        print(json.dumps(summary))
    else:
        _print_summary(summary, md, js)
    if args.suggest_floors:
        print(json.dumps(gate.suggest(runs[0].summary, denominators(runs[0].rows)), indent=2), file=sys.stderr)
    if args.check_floors:
        for line in result.skipped:
            print(f"gate skipped: {line}", file=sys.stderr)
        for line in result.violations:
            print(f"gate FAILED: {line}", file=sys.stderr)
        return 0 if result.ok else 1
    return 0


def _in_process_target(args: argparse.Namespace) -> tuple[Settings, Any]:
    """Settings over the suite's index (built when missing) and the embedder to serve it with."""
    if args.suite == "ungdc":
        chunking = eval_settings()
        subset, cached = ungdc_subset.prepare(
            chunk_tokens=chunking.chunk_tokens, overlap_tokens=chunking.chunk_overlap_tokens, speeches=args.speeches
        )
        return eval_settings(index_dir=subset.index_dir, corpus_dir=subset.corpus_dir), cached
    settings = _settings(args)
    ensure_index(settings)
    from indexer.embedder import make_embedder

    return settings, make_embedder(settings.model_path, threads=1, query_encoder=settings.query_encoder)


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if args.index:
        overrides["index_dir"] = args.index
    if args.corpus:
        overrides["corpus_dir"] = args.corpus
    return eval_settings(**overrides)


def _run_one(name: str, client: ApiClient, cases: list, use_chat: bool) -> ConfigRun:  # type: ignore[type-arg]
    print(f"[eval] {name}: {len(cases)} cases against {client.target}", file=sys.stderr, flush=True)
    rows = run_cases(client, cases, use_chat=use_chat)
    return ConfigRun(name, rows, recall_curve(rows))


def _print_summary(summary: dict[str, Any], md: Path, js: Path) -> None:
    keys = [
        *HEADLINE["retrieval"],
        *HEADLINE["answers"],
        *HEADLINE["multidoc"],
        "search_p50_ms",
        "search_p95_ms",
        "chat_p50_ms",
        "chat_p95_ms",
    ]
    for key in keys:
        value = summary[key]
        if value is None and key in HEADLINE["multidoc"]:
            continue  # the suite has no case of that question type
        print(f"{key:>22}: {'n/a' if value is None else round(value, 3)}")
    print(f"{'verdicts':>22}: {summary['passed']} pass, {summary['failed']} fail, {summary['not_judged']} not judged")
    if "ablation" in summary:
        for name, s in summary["ablation"].items():
            print(
                f"{name:>22}: R@1 {s['recall@1']:.3f}  R@5 {s['recall@5']:.3f}  MRR {s['mrr']:.3f}  "
                f"nDCG@10 {s['ndcg@10']:.3f}"
            )
    print(f"report: {md}\nrows:   {js}")
