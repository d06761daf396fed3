"""Indexer settings: environment variables with the QA_ prefix; CLI flags override them."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class IndexSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    model_path: str | None = None  # a local sentence-transformers folder; default: the bundled MiniLM
    chunk_tokens: int = 160
    chunk_overlap_tokens: int = 32
    keep_snapshots: int = 3
    # Beyond this many chunks the dense index is HNSW instead of exact search (see BENCHMARKS.md).
    exact_search_max_chunks: int = 200_000
