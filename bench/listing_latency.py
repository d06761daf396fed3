"""Latency of listing and counting questions: a complete pass over the corpus (in-process, one thread).

    .venv/bin/python -m bench.listing_latency [--synthetic 38648] [--real-year 2021] [--rounds 3]

"Which countries spoke about X?" reads every chunk that holds the topic (posting lists over all
rows) plus the nearest dense rows, and encodes the sentences whose evidence needs their meaning, so
its cost grows with the corpus, unlike a top-k question. The corpora are those of
``bench.digest_latency`` (cached in the bench cache): every UNGDC speech of one year really embedded,
and a synthetic snapshot of N chunks laid out like the 1,938 speeches (real sentences, vectors near
real ones: the costs of the full corpus's size, not its answers).

Each question is timed cold (a fresh sentence-vector cache, as on a service's first question about
a topic) and warm (the same question again). Questions go through ``Answerer.answer``, the work of
``POST /v1/chat`` without HTTP.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from bench.digest_latency import corpora, corpus_arguments, request_path_embedder

QUESTIONS = (
    "Which countries spoke about piracy?",  # a narrow topic: a few hundred rows
    "Which countries talked about climate change?",  # a broad one: most documents
    "How many speeches mention the Rohingya crisis?",
    "Which statements warn that the oceans are rising?",  # a paraphrase: synonyms and meaning
)


def measure(index_dir: Path, embedder: Any, rounds: int) -> dict[str, Any]:
    from qa_service.answering.answerer import Answerer
    from qa_service.answering.vectors import SentenceVectors
    from qa_service.engine import Engine
    from qa_service.settings import Settings

    settings = Settings(index_dir=index_dir, reload_interval_s=0, access_log=False)
    engine = Engine(settings, embedder)
    engine.start(watch=False)
    out: dict[str, Any] = {"chunks": engine.index.snapshot.chunk_count, "documents": len(engine.index.snapshot.doc_ids)}
    for question in QUESTIONS:
        cold, warm, encoded, found = [], [], [], 0
        for _ in range(rounds):
            answerer = Answerer(engine, settings, SentenceVectors(embedder, 200_000))  # a fresh cache: cold
            answerer.vectors.warmed.add(engine.index.snapshot.name)  # no background warm-up during the timing
            started = time.perf_counter()
            answer = answerer.answer([question])
            cold.append(time.perf_counter() - started)
            encoded.append(answerer.vectors.misses)
            started = time.perf_counter()
            answerer.answer([question])
            warm.append(time.perf_counter() - started)
            found = len(answer.groups or [])
        out[question] = {
            "documents_found": found,
            "texts_encoded_cold": encoded,  # sentences and candidate synonym words
            "cold_s": [round(t, 2) for t in cold],
            "warm_s": [round(t, 2) for t in warm],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.listing_latency", description=__doc__.split("\n")[0])
    corpus_arguments(parser)
    args = parser.parse_args(argv)
    embedder = request_path_embedder()
    results = {name: measure(index_dir, embedder, args.rounds) for name, index_dir, _ in corpora(args, embedder)}
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
