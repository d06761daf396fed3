"""Prometheus metrics in a registry of the app's own (several apps may live in one test process)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class IndexCollector(Collector):
    """Read at scrape time from the engine: nothing to keep in sync when a snapshot swaps in."""

    def __init__(self, engine: Any, jobs: Callable[[], dict[str, int]] | None = None) -> None:
        self.engine = engine
        self.jobs = jobs

    def collect(self) -> Iterator[Metric]:
        engine = self.engine
        current = getattr(engine, "_index", None)
        ready = GaugeMetricFamily("qa_index_ready", "1 when a snapshot is being served")
        ready.add_metric([], 1.0 if current is not None else 0.0)
        yield ready
        problem = GaugeMetricFamily("qa_index_load_problem", "1 when the newest snapshot was refused")
        problem.add_metric([], 1.0 if engine.load_error else 0.0)
        yield problem
        if current is not None:
            snap = current.snapshot
            info = InfoMetricFamily("qa_index", "The snapshot being served")
            info.add_metric([], {"version": current.version, "model": str(snap.config.get("model", ""))})
            yield info
            docs = GaugeMetricFamily("qa_index_documents", "Documents in the served snapshot")
            docs.add_metric([], float(len(snap.documents)))
            yield docs
            chunks = GaugeMetricFamily("qa_index_chunks", "Chunks in the served snapshot")
            chunks.add_metric([], float(snap.chunk_count))
            yield chunks
        cache = getattr(engine, "cache", None)
        if cache is not None:
            lookups = GaugeMetricFamily("qa_query_cache_lookups", "Query-embedding cache lookups", labels=["result"])
            lookups.add_metric(["hit"], float(cache.hits))
            lookups.add_metric(["miss"], float(cache.misses))
            yield lookups
        if self.jobs is not None:
            jobs = GaugeMetricFamily("qa_admin_jobs", "Re-index jobs remembered, by status", labels=["status"])
            for status, count in sorted(self.jobs().items()):
                jobs.add_metric([status], float(count))
            yield jobs


class Metrics:
    def __init__(self, engine: Any, jobs: Callable[[], dict[str, int]] | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "qa_http_requests",
            "HTTP requests by route and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "qa_http_request_duration_seconds",
            "Time from request to the end of the response",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(IndexCollector(engine, jobs))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
