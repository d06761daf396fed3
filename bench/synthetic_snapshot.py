"""A full service snapshot of a synthetic corpus, written the way indexer.build writes one."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bench.synthetic import CHUNKS_PER_DOC, SentencePool, SyntheticCorpus, chunk_tags, chunk_text, chunk_tokens
from indexer import store
from indexer.build import PIPELINE_VERSION
from indexer.chunking import ChunkParams
from indexer.embedder import DEFAULT_MODEL
from indexer.keyword import KeywordIndex
from indexer.snapshot_writer import write_snapshot


def country_names(codes: list[str]) -> dict[str, str]:
    import pycountry

    return {c: getattr(pycountry.countries.get(alpha_3=c), "name", c) for c in codes}


def write(index_dir: Path, corpus: SyntheticCorpus, pool: SentencePool, vectors: np.ndarray, exact_max: int) -> Path:
    """Documents of CHUNKS_PER_DOC chunks with exact offsets, published as CURRENT under ``index_dir``."""
    names = country_names(sorted(set(corpus.doc_entities)))
    tags = chunk_tags(corpus, pool)
    documents: list[store.DocumentRow] = []
    chunks: list[store.ChunkRow] = []
    for d, (entity, year) in enumerate(zip(corpus.doc_entities, corpus.doc_years, strict=True)):
        doc_id = f"syn-{entity}-{year}-{d:06d}"
        parts: list[str] = []
        cursor = 0
        for i in range(d * CHUNKS_PER_DOC, min(corpus.size, (d + 1) * CHUNKS_PER_DOC)):
            text = chunk_text(corpus, pool, i)
            spans, s = [], cursor
            for sid in corpus.chunk_sentences[i]:
                spans.append((s, s + len(pool.texts[sid])))
                s += len(pool.texts[sid]) + 1
            ordinal = i - d * CHUNKS_PER_DOC
            chunks.append(
                store.ChunkRow(
                    f"{doc_id}:{ordinal:04d}",
                    doc_id,
                    ordinal,
                    [],
                    "",
                    cursor,
                    cursor + len(text),
                    None,
                    len(text) // 5,
                    spans,
                    sorted(tags[i]),
                    text,
                )
            )
            parts.append(text)
            cursor += len(text) + 2
        meta = {
            "entity": entity,
            "entity_name": names[entity],
            "entity_aliases": [],
            "entity_kind": "country",
            "year": year,
            "title": f"Synthetic statement of {names[entity]} ({year})",
            "collection": "synthetic",
        }
        documents.append(store.DocumentRow(doc_id, f"{doc_id}.txt", f"{d:064x}", "text", "\n\n".join(parts), meta))
    config = {
        "model": DEFAULT_MODEL,
        "dimension": vectors.shape[1],
        "max_seq_length": 256,
        "chunking": ChunkParams().to_dict(),
        "pipeline_version": PIPELINE_VERSION,
    }
    keyword = KeywordIndex.from_tokens(chunk_tokens(corpus, pool))
    return write_snapshot(index_dir, documents, chunks, vectors, config, exact_max, keyword=keyword)
