"""``python -m bench.query_encoder [--index DIR]``: fp32 against int8 question encoding, paired in one process.

The question encoder is 80-90 % of an uncached search and its time moves 30-45 % with the load of
this shared machine, so the two encoders are timed in turn on the same question (fp32, int8, next
question: int8 first, ...), one torch thread, and compared by the median of the per-question
ratios as well as by their own percentiles. With ``--index``, whole in-process searches are paired
the same way: two Engines over the same snapshot, one per encoder, each question new to both caches.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.queries import question_set
from bench.stats import latency


def paired(fp32: Callable[[str], object], int8: Callable[[str], object], texts: list[str]) -> dict[str, Any]:
    """Milliseconds of each on every text, alternating which goes first; and the per-text ratio's median."""
    times: dict[str, list[float]] = {"fp32": [], "int8": []}
    for i, text in enumerate(texts):
        order = (("fp32", fp32), ("int8", int8)) if i % 2 == 0 else (("int8", int8), ("fp32", fp32))
        for name, fn in order:
            started = time.perf_counter()
            fn(text)
            times[name].append((time.perf_counter() - started) * 1000)
    ratios = [a / b for a, b in zip(times["fp32"], times["int8"], strict=True)]
    return {
        "fp32_ms": latency(times["fp32"]),
        "int8_ms": latency(times["int8"]),
        "fp32_over_int8_median": round(statistics.median(ratios), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query_encoder", description=__doc__)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--index", type=Path, help="an index folder: also pair whole in-process searches over it")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from indexer.embedder import make_embedder

    torch.set_num_threads(1)
    model = make_embedder(threads=1, query_encoder="int8")
    model.warm_up()
    fp32 = make_embedder(threads=1, query_encoder="fp32")
    fp32.warm_up()
    texts = question_set(args.questions + 10, seed=11)
    for text in texts[:10]:  # warm-up: first calls allocate
        model.encode_query(text), fp32.encode_query(text)
    out: dict[str, Any] = {"load_at_start": os.getloadavg(), "questions": args.questions}
    out["encode"] = paired(fp32.encode_query, model.encode_query, texts[10:])
    if args.index:
        out["search"] = search_pairs(args.index, fp32, model, args.questions)
    out["load_at_end"] = os.getloadavg()
    print(json.dumps(out, indent=1))
    return 0


def search_pairs(index_dir: Path, fp32: Any, int8: Any, count: int) -> dict[str, Any]:
    from bench import inprocess, real

    engines = [inprocess.open_engine(index_dir, fp32), inprocess.open_engine(index_dir, int8)]
    names, years = real.holdings(index_dir)
    texts = question_set(count + 10, names, years, seed=13)
    for text in texts[:10]:
        engines[0].search(text), engines[1].search(text)
    return {"index": str(index_dir), **paired(engines[0].search, engines[1].search, texts[10:])}


if __name__ == "__main__":
    sys.exit(main())
