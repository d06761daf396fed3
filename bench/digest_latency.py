"""Latency of a whole-year action-line digest (GET /v1/digest's work, in-process, one thread).

    .venv/bin/python -m bench.digest_latency [--year 2021] [--synthetic 38648] [--real-year 2021] [--rounds 3]

Two corpora, both cached under the bench cache (bench/corpora.py):
- ``--real-year``: every UNGDC speech of one year, really embedded (194 speeches for 2021): the
  digest's real work, since a digest reads only the rows of its year.
- ``--synthetic N``: N chunks laid out like the 1,938 speeches (documents of 20 chunks over ten years
  and every UNGDC country, real sentences, vectors near real ones; bench/synthetic.py), for the
  cost at the full corpus's size without its 87 CPU-minutes of embedding.

Each digest is timed cold (empty sentence-vector cache: every shortlisted sentence is encoded, as
on a service's first digest of that year) and warm (the same digest again: what is left is reading
the chunks, tagging sentences and ranking).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench import synthetic, synthetic_snapshot
from bench.corpora import UNGDC, cache_dir, cached_index, dir_size, ungdc_files
from indexer import snapshot as snapshot_files
from indexer.embedder import make_embedder
from indexer.reader import IndexSnapshot
from qa_service.answering.vectors import SentenceVectors
from qa_service.digest.compose import DigestMaker, DigestRequest
from qa_service.retrieval.search import ServingIndex


def year_corpus(year: int) -> Path:
    """A corpus folder with a copy of every speech of ``year`` (the indexer refuses symbolic links)."""
    target = cache_dir() / f"ungdc-corpus-year-{year}"
    target.mkdir(parents=True, exist_ok=True)
    for src in sorted((UNGDC / str(year)).glob("*.txt")):
        if not (target / src.name).exists():
            shutil.copyfile(src, target / src.name)
    return target


def years_corpus(years: list[int]) -> Path:
    """A corpus folder with a copy of every speech of ``years``."""
    target = cache_dir() / f"ungdc-corpus-years-{years[0]}-{years[-1]}"
    target.mkdir(parents=True, exist_ok=True)
    for year in years:
        for src in sorted(year_corpus(year).glob("*.txt")):
            if not (target / src.name).exists():
                shutil.copyfile(src, target / src.name)
    return target


def years_index(years: list[int], embedder: Any) -> Path:
    """A real index of several years' speeches; seeded with the largest cached UNGDC index, whose
    vectors the build reuses (by embedded text), so only the other speeches are embedded."""
    name = f"ungdc-years-{years[0]}-{years[-1]}"
    # The largest cached UNGDC index seeds the build: its speeches' vectors are reused.
    seeds = sorted(cache_dir().glob("index-ungdc-year*"), key=dir_size)
    if not (cache_dir() / f"index-{name}").exists() and seeds:
        shutil.copytree(seeds[-1], cache_dir() / f"index-{name}")
    index_dir, built_s = cached_index(years_corpus(years), name, embedder)
    if built_s is not None:
        print(f"built {name} in {built_s:.0f} s", file=sys.stderr)
    return index_dir


def synthetic_index(size: int, embedder: Any) -> Path:
    """A synthetic snapshot of ``size`` chunks over every UNGDC country, built once and cached."""
    index_dir = cache_dir() / f"index-digest-synthetic-{size}"
    if snapshot_files.current_path(index_dir) is not None:
        return index_dir
    files = ungdc_files()
    countries = sorted({f.name.split("_")[0] for f in files})
    pool = synthetic.sentence_pool(ungdc_files(600), limit=60_000)
    corpus = synthetic.make_corpus(size, pool, countries)
    real = embedder.encode(pool.texts[:: max(1, len(pool.texts) // 400)][:400])
    synthetic_snapshot.write(index_dir, corpus, pool, synthetic.vectors_near(real, size), exact_max=20_000)
    return index_dir


def measure(index_dir: Path, year: int, embedder: Any, rounds: int) -> dict[str, Any]:
    index = ServingIndex(IndexSnapshot.open_current(index_dir, verify=False))
    years = index.snapshot.rows.years[index.snapshot.rows.doc_index]
    cold, warm, encoded = [], [], []
    digest = None
    for _ in range(rounds):
        vectors = SentenceVectors(embedder, 200_000)  # a fresh cache: a cold digest
        maker = DigestMaker(lambda text: embedder.encode([text])[0], vectors)
        started = time.perf_counter()
        digest = maker.make(DigestRequest(year), index)
        cold.append(time.perf_counter() - started)
        encoded.append(vectors.misses)
        started = time.perf_counter()
        maker.make(DigestRequest(year), index)
        warm.append(time.perf_counter() - started)
    assert digest is not None
    return {
        "encode_sentences_per_s": encode_rate(index, embedder),
        "chunks": index.snapshot.chunk_count,
        "documents": len(index.snapshot.doc_ids),
        "year_chunks": int((years == year).sum()),
        "year_documents": len(digest.documents),
        "lines_addressed": sum(line.addressed for line in digest.action_lines),
        "entities_cited": sum(len(line.entities) for line in digest.action_lines),
        "citations": sum(len(e.citations) for line in digest.action_lines for e in line.entities),
        "sentences_encoded": int(np.median(encoded)),
        "cold_s": [round(t, 2) for t in cold],
        "warm_s": [round(t, 2) for t in warm],
    }


def encode_rate(index: ServingIndex, embedder: Any, count: int = 256) -> float:
    """Sentences per second that a cold digest encodes (the cost that grows with tagged sentences)."""
    snap = index.snapshot
    texts: list[str] = []
    for doc_id in snap.doc_ids[:40]:
        text = snap.documents[doc_id].text
        texts += [text[s:e] for _, chunk in snap.document_chunks(doc_id) for s, e in chunk.sentences]
    texts = sorted(set(texts))[:count]
    started = time.perf_counter()
    SentenceVectors(embedder, 10_000).get(texts)
    return round(len(texts) / (time.perf_counter() - started), 1)


def request_path_embedder() -> Any:
    """The bundled model, warm, with torch and faiss on one thread as on the service's request path."""
    import faiss
    import torch

    torch.set_num_threads(1)
    faiss.omp_set_num_threads(1)
    embedder = make_embedder(threads=1)
    embedder.warm_up()
    return embedder


def corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """The corpora a latency bench measures (this one and ``bench.listing_latency``)."""
    parser.add_argument("--synthetic", type=int, default=38_648, help="synthetic chunk count; 0 skips")
    parser.add_argument("--real-year", type=int, default=2021, help="embed every speech of this year; 0 skips")
    parser.add_argument("--real-years", default="", help="e.g. 2019,2020,2021: a real index of several years")
    parser.add_argument("--rounds", type=int, default=3)


def corpora(args: argparse.Namespace, embedder: Any) -> list[tuple[str, Path, float | None]]:
    """(name, index folder, seconds spent building it or None) of each corpus the arguments ask for."""
    out: list[tuple[str, Path, float | None]] = []
    if args.real_year:
        index_dir, built_s = cached_index(year_corpus(args.real_year), f"ungdc-year-{args.real_year}", embedder)
        out.append((f"ungdc-{args.real_year}", index_dir, built_s))
    if args.real_years:
        years = sorted(int(y) for y in args.real_years.split(","))
        out.append((f"ungdc-{years[0]}-{years[-1]}", years_index(years, embedder), None))
    if args.synthetic:
        out.append((f"synthetic-{args.synthetic}", synthetic_index(args.synthetic, embedder), None))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.digest_latency", description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=2021, help="year of the digest")
    corpus_arguments(parser)
    args = parser.parse_args(argv)
    embedder = request_path_embedder()
    results = {
        name: {"built_s": built_s, **measure(index_dir, args.year, embedder, args.rounds)}
        for name, index_dir, built_s in corpora(args, embedder)
    }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
