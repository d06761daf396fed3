"""Retrieval configurations for ``--ablate``, served through the same HTTP API in this process.

The search route exposes no debug switches, so an ablation is an Engine whose search options
are forced (``mode``, ``understand``); the app, routes and chat above it are the real ones.
This is why ``--ablate`` runs in-process only.
"""

from __future__ import annotations

from indexer.embedder import Embedder
from qa_service.engine import Engine
from qa_service.retrieval.search import SearchOptions
from qa_service.settings import Settings

SYSTEM = "hybrid+understanding"
# The system as configured first (its figures head the report), then the parts it is made of.
CONFIGS: dict[str, dict[str, object]] = {
    SYSTEM: {},
    "dense": {"mode": "dense", "understand": False},
    "keyword": {"mode": "keyword", "understand": False},
    "hybrid": {"mode": "hybrid", "understand": False},
}


class ForcedOptionsEngine(Engine):
    """An Engine whose every search uses some fixed options, whatever the caller asks."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, **forced: object) -> None:
        super().__init__(settings, embedder=embedder)
        probe = SearchOptions()
        unknown = [key for key in forced if not hasattr(probe, key)]
        if unknown:
            raise TypeError(f"unknown search option(s): {', '.join(unknown)}")
        self.forced = forced

    def options(self, k: int = 10, **options: object) -> SearchOptions:
        opts = super().options(k, **options)
        for key, value in self.forced.items():
            setattr(opts, key, value)
        return opts
