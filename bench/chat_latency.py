"""Extractive POST /v1/chat latency over real HTTP on 127.0.0.1 (p50/p99).

    .venv/bin/python -m bench.chat_latency [--index DIR | --corpus corpus] [--passes 2] [--json out.json]

Builds an index of ``--corpus`` (default: the shipped seed corpus) unless ``--index`` is given,
serves it with uvicorn in this process, waits for the sentence-vector warm-up, and sends each
question of eval/calibration/questions.json plus a set of follow-up conversations once per pass,
one at a time. Pass 1 sees every question for the first time (the question is embedded);
later passes hit the query-embedding cache. A last run against a second server without the
sentence warm-up shows what a corpus too large to warm costs per question.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FOLLOW_UPS = [
    ["What did UNDP do on disinformation in 2021?", "Who did they build it with?"],
    ["What did UNDP do on disinformation in 2021?", "What about e-health?"],
    ["What did UNDP launch with ITU?", "What does it involve?"],
    ["What did UNDP do on disinformation in 2021?", "And in 2019?"],
]


def conversations(questions_file: Path) -> list[list[str]]:
    data = json.loads(questions_file.read_text(encoding="utf-8"))
    singles = [[c["q"]] for c in (*data["answerable"], *data["unanswerable"])]
    return singles + FOLLOW_UPS


@contextmanager
def serve(index_dir: Path, warm: bool) -> Iterator[tuple[str, Any]]:
    import uvicorn

    from qa_service.app import create_app
    from qa_service.settings import RateLimit, Settings

    overrides: dict[str, Any] = {} if warm else {"warm_sentences_max": 0}
    # One client asking back to back is the measurement, not abuse: no per-client rate limit.
    unlimited = {"rate_limits": {"chat": RateLimit(rate=0, burst=1), "search": RateLimit(rate=0, burst=1)}}
    app = create_app(Settings(index_dir=index_dir, reload_interval_s=0, **unlimited, **overrides))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    app.state.chat.answerer.wait_warm()  # the background warm-ups of sentence and word vectors
    app.state.chat.answerer.words.wait()  # and of the second look's word vectors
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def run_pass(url: str, convs: list[list[str]]) -> dict[str, Any]:
    import httpx

    wall: list[float] = []
    server: list[float] = []
    with httpx.Client(timeout=120) as client:
        for turns in convs:
            messages = []
            for i, turn in enumerate(turns):
                if i:
                    messages.append({"role": "assistant", "content": "..."})
                messages.append({"role": "user", "content": turn})
            started = time.perf_counter()
            response = client.post(f"{url}/v1/chat", json={"messages": messages})
            wall.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            server.append(response.json()["took_ms"])
    return {"n": len(wall), "http_ms": summary(wall), "server_took_ms": summary(server)}


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))], 1)

    return {
        "p50": pct(50),
        "p90": pct(90),
        "p99": pct(99),
        "max": round(ordered[-1], 1),
        "mean": round(statistics.fmean(values), 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--questions", type=Path, default=REPO / "eval" / "calibration" / "questions.json")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(1)
    convs = conversations(args.questions)
    report: dict[str, Any] = {"cpus": os.cpu_count(), "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index
        if index_dir is None:
            from indexer.build import build
            from indexer.embedder import make_embedder

            index_dir = Path(tmp) / "index"
            build(args.corpus, index_dir, make_embedder(threads=1))
        with serve(index_dir, warm=True) as (url, app):
            report["warm"] = [run_pass(url, convs) for _ in range(args.passes)]
            report["sentence_cache"] = len(app.state.chat.answerer.vectors)
        with serve(index_dir, warm=False) as (url, _):
            report["no_warm_first_pass"] = run_pass(url, convs)
    report["load_after"] = os.getloadavg()
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
