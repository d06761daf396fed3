"""Synthetic corpora at 100k and 1M chunks: real sentences recombined, vectors near real embeddings.

Texts are 3-6 sentences drawn from the UNGDC speeches (so BM25 sees a real vocabulary and real
term statistics); documents of 20 chunks carry a real country and a year (so filters select a
realistic share). Each vector is a real chunk embedding plus Gaussian noise, renormalised, so
the neighbourhood structure FAISS searches resembles real data. Nothing here is embedded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.action_lines import tag_action_lines
from indexer.keyword import analyze
from indexer.sentences import split_sentences

CHUNKS_PER_DOC = 20
YEARS = list(range(2015, 2025))
NOISE = 0.35  # norm of the noise added to a unit vector before renormalising


@dataclass
class SentencePool:
    texts: list[str]
    tokens: list[list[str]]  # analyze() of each sentence, computed once
    tags: list[frozenset[str]]


def sentence_pool(files: list[Path], limit: int = 40_000) -> SentencePool:
    texts: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for s, e in split_sentences(text):
            if 40 <= e - s <= 400:
                texts.append(" ".join(text[s:e].split()))
        if len(texts) >= limit:
            break
    return SentencePool(texts, [analyze(t) for t in texts], [frozenset(tag_action_lines(t)) for t in texts])


@dataclass
class SyntheticCorpus:
    chunk_sentences: list[list[int]]  # sentence ids of each chunk
    doc_entities: list[str]
    doc_years: list[int]

    @property
    def size(self) -> int:
        return len(self.chunk_sentences)


def make_corpus(n_chunks: int, pool: SentencePool, countries: list[str], seed: int = 0) -> SyntheticCorpus:
    rng = random.Random(seed)
    count = len(pool.texts)
    chunks = [[rng.randrange(count) for _ in range(rng.randint(3, 6))] for _ in range(n_chunks)]
    n_docs = (n_chunks + CHUNKS_PER_DOC - 1) // CHUNKS_PER_DOC
    entities = [rng.choice(countries) for _ in range(n_docs)]
    return SyntheticCorpus(chunks, entities, [rng.choice(YEARS) for _ in range(n_docs)])


def chunk_text(corpus: SyntheticCorpus, pool: SentencePool, i: int) -> str:
    return " ".join(pool.texts[s] for s in corpus.chunk_sentences[i])


def chunk_tokens(corpus: SyntheticCorpus, pool: SentencePool) -> list[list[str]]:
    return [[t for s in sentences for t in pool.tokens[s]] or ["\u2205"] for sentences in corpus.chunk_sentences]


def chunk_tags(corpus: SyntheticCorpus, pool: SentencePool) -> list[frozenset[str]]:
    return [frozenset().union(*(pool.tags[s] for s in sentences)) for sentences in corpus.chunk_sentences]


def vectors_near(real: np.ndarray, n: int, seed: int = 0, batch: int = 100_000) -> np.ndarray:
    """``n`` unit vectors, each a random real vector plus noise of norm about NOISE."""
    rng = np.random.default_rng(seed)
    dim = real.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        v = real[rng.integers(0, len(real), stop - start)]
        v = v + rng.standard_normal((stop - start, dim), dtype=np.float32) * (NOISE / np.sqrt(dim))
        out[start:stop] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out
