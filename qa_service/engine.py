"""The engine: the embedder, the active snapshot, hot reload, and the query-embedding cache."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np

from indexer import snapshot as snapshot_files
from indexer.embedder import Embedder, make_embedder
from indexer.reader import IndexSnapshot
from qa_service.answering.vectors import SentenceVectors
from qa_service.errors import IndexNotReady
from qa_service.retrieval.search import SearchOptions, SearchResult, ServingIndex, run_search
from qa_service.settings import Settings
from qa_service.snapshot_watcher import WATCHER

log = logging.getLogger("qa_service.engine")


V = TypeVar("V")


class QueryCache(Generic[V]):
    """A bounded LRU of values computed from a text (query vectors: repeated questions skip the model; a
    snapshot's corpus centre, by snapshot name). Two threads missing the same key both compute it: the last
    one stored wins, which is harmless for values that depend only on the key."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, text: str, compute: Callable[[str], V]) -> V:
        with self._lock:
            if text in self._items:
                self._items.move_to_end(text)
                self.hits += 1
                return self._items[text]
        value = compute(text)
        with self._lock:
            self.misses += 1
            self._items[text] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


class Engine:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings.model_path, threads=1, query_encoder=settings.query_encoder)
        self.cache: QueryCache[np.ndarray] = QueryCache(settings.query_cache_size)
        # The answerer's sentence vectors (one cache per embedder): a small scope ranks by its closest sentences.
        self.sentence_vectors = SentenceVectors.shared(self.embedder, settings.sentence_cache_size)
        self._index: ServingIndex | None = None
        self._swap_lock = threading.Lock()
        self.load_error: str | None = None
        self._rejected: set[str] = set()
        self._preparers: list[Callable[[ServingIndex], None]] = []

    @classmethod
    def from_settings(cls, settings: Settings) -> Engine:
        engine = cls(settings)
        engine.start(watch=False)
        return engine

    # -- lifecycle -----------------------------------------------------------------
    def start(self, watch: bool = True) -> None:
        """Load the model and the active snapshot; then watch CURRENT for new snapshots."""
        import faiss

        faiss.omp_set_num_threads(1)
        self.embedder.warm_up()
        self.reload()
        if watch and self.settings.reload_interval_s > 0:
            WATCHER.watch(self, self.settings.reload_interval_s)  # the process's one watcher thread

    def stop(self) -> None:
        WATCHER.unwatch(self)

    def prepare_with(self, prepare: Callable[[ServingIndex], None]) -> None:
        """Call ``prepare`` on every snapshot loaded from now on, before it is served (on the thread that loads
        it: the watcher's, an admin job's), so that no request pays for a new snapshot's warm-up."""
        with self._swap_lock:
            if prepare not in self._preparers:
                self._preparers.append(prepare)

    def forget(self, prepare: Callable[[ServingIndex], None]) -> None:
        with self._swap_lock:
            if prepare in self._preparers:
                self._preparers.remove(prepare)

    def reload(self) -> bool:
        """Load CURRENT if it differs from the served snapshot; swap atomically. True if swapped."""
        index_dir: Path = self.settings.index_dir
        name = snapshot_files.current_name(index_dir)
        if name is None:
            self.load_error = f"no active snapshot in {index_dir}"
            return False
        if (self._index and self._index.version == name) or name in self._rejected:
            return False
        loaded = self._open(name)
        if loaded is None:
            if self._index is None:  # nothing served yet: fall back to the newest older snapshot that verifies
                self._fall_back(index_dir, name)
            return False
        self._swap(loaded)
        self.load_error = None
        return True

    def _open(self, name: str) -> ServingIndex | None:
        """The snapshot, verified and loaded; None (remembered as refused) if it is damaged."""
        try:
            return ServingIndex(
                IndexSnapshot(
                    snapshot_files.snapshots_dir(self.settings.index_dir) / name, verify=self.settings.verify_on_load
                )
            )
        except (snapshot_files.SnapshotError, OSError, RuntimeError, ValueError, KeyError, sqlite3.Error) as exc:
            self._rejected.add(name)
            self.load_error = f"snapshot {name} refused: {exc}"
            log.error("%s; still serving %s", self.load_error, self.version)
            return None

    def _swap(self, loaded: ServingIndex) -> None:
        self._check_model(loaded)
        self._prepare(loaded)
        with self._swap_lock:
            self._index = loaded  # one reference swap: a request holds the index it started with
        log.info("serving snapshot %s", loaded.version)

    def _prepare(self, loaded: ServingIndex) -> None:
        with self._swap_lock:
            preparers = list(self._preparers)
        for prepare in preparers:
            try:
                prepare(loaded)
            except Exception:  # warming is an optimisation: the snapshot is served cold rather than not at all
                log.exception("preparing snapshot %s failed", loaded.version)

    def _fall_back(self, index_dir: Path, refused: str) -> None:
        problem = self.load_error
        root = snapshot_files.snapshots_dir(index_dir)
        older = sorted((p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)
        for name in older:
            if name < refused and name not in self._rejected and (loaded := self._open(name)) is not None:
                self._swap(loaded)
                break
        self.load_error = problem  # /readyz keeps reporting that CURRENT was refused

    def _check_model(self, index: ServingIndex) -> None:
        model = index.snapshot.config.get("model")
        if model != self.embedder.name:
            log.warning(
                "snapshot %s was built with %s, the service embeds with %s", index.version, model, self.embedder.name
            )

    # -- queries -------------------------------------------------------------------
    @property
    def index(self) -> ServingIndex:
        current = self._index
        if current is None:
            raise IndexNotReady(self.load_error or "the index is not loaded yet")
        return current

    @property
    def version(self) -> str | None:
        return self._index.version if self._index else None

    def embed_query(self, text: str) -> np.ndarray:
        encode_one = getattr(self.embedder, "encode_query", None)  # a faster single-text path, if any
        compute = encode_one if encode_one is not None else (lambda t: self.embedder.encode([t])[0])
        return self.cache.get_or_compute(text, compute)

    def _scope_sentences(self, texts: Sequence[str]) -> np.ndarray | None:
        return self.sentence_vectors.mostly_known(texts, self.settings.scope_sentences_encode_max)

    def options(self, k: int = 10, **options: object) -> SearchOptions:
        """Search options with this service's defaults, overridden by ``options``."""
        opts = SearchOptions(
            k=k,
            candidates=self.settings.candidates,
            fusion=self.settings.fusion,
            rrf_k=self.settings.rrf_k,
            convex_alpha=self.settings.convex_alpha,
            sentences=self._scope_sentences if self.settings.scope_sentences_encode_max >= 0 else None,
            sentence_weight=self.settings.scope_sentence_weight,
        )
        for key, value in options.items():
            if not hasattr(opts, key):
                raise TypeError(f"unknown search option '{key}'")
            setattr(opts, key, value)
        return opts

    def search(self, query: str, k: int = 10, index: ServingIndex | None = None, **options: object) -> SearchResult:
        return self.search_with(index or self.index, query, self.options(k, **options))

    def search_with(self, index: ServingIndex, query: str, options: SearchOptions) -> SearchResult:
        return run_search(index, query, self.embed_query, options)
