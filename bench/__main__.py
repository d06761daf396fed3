"""python -m bench [--quick] [--json]: the benchmark suite; see BENCHMARKS.md for what it measures."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.corpora import REPO


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from bench import report, targets
    from bench.run import Plan, execute

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a run of a few minutes")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object on the last line")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results", help="folder for results and plot")
    parser.add_argument("--sizes", help="synthetic chunk counts, comma-separated (default by mode)")
    parser.add_argument("--service-sizes", help="synthetic sizes also served over HTTP, comma-separated")
    parser.add_argument("--ungdc", help="UNGDC speeches with real embeddings, a number or 'all'")
    parser.add_argument("--no-peer", action="store_true", help="skip txtai")
    args = parser.parse_args(argv)
    plan = Plan.make(args.quick)
    if args.sizes is not None:
        plan.sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.service_sizes is not None:
        plan.service_sizes = [int(s) for s in args.service_sizes.split(",") if s]
    if args.ungdc:
        plan.real_speeches = None if args.ungdc == "all" else int(args.ungdc)
    plan.peer = not args.no_peer
    log = (lambda m: print(m, file=sys.stderr, flush=True)) if args.json else (lambda m: print(m, flush=True))
    results = execute(plan, log)
    checks = targets.evaluate(results)
    results["targets"] = checks
    results["pipeline_vs_bare_encode"] = results["indexing"]["pipeline_vs_bare_encode"]["median"]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    args.out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, default=str)
    (args.out / f"{'quick' if args.quick else 'full'}-{stamp}.json").write_text(text, encoding="utf-8")
    report.plot(results, args.out / "latency_vs_size.png")
    print(report.summary(results, checks), file=sys.stderr if args.json else sys.stdout, flush=True)
    if args.json:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
