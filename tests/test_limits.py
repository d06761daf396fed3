"""Rate limits (429 + Retry-After), body limit (413), query limits (422), deadline (504), load shedding (503)."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from qa_service.app import create_app
from qa_service.engine import Engine
from qa_service.security.keys import KeyStore
from qa_service.security.ratelimit import RateLimiter
from qa_service.settings import RateLimit
from tests.conftest import make_settings

Q = {"q": "disinformation"}


class SlowEngine(Engine):
    """The real engine with a slow part injected: every search first waits ``delay`` seconds."""

    delay = 3.0

    def search_with(self, index, query, options):  # type: ignore[no-untyped-def]
        time.sleep(self.delay)
        return super().search_with(index, query, options)


def app_client(seed_index, embedder, engine_cls=Engine, **overrides) -> TestClient:
    settings = make_settings(seed_index, **overrides)
    return TestClient(create_app(settings, engine=engine_cls(settings, embedder=embedder)))


# -- rate limits ---------------------------------------------------------------------------
def test_bucket_refills_at_its_rate():
    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0])
    limit = RateLimit(rate=2, burst=3)
    assert [limiter.acquire("search", "a", limit) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.acquire("search", "a", limit) == pytest.approx(0.5)
    assert limiter.acquire("search", "b", limit) == 0.0  # another client has its own bucket
    assert limiter.acquire("chat", "a", limit) == 0.0  # and another scope too
    now[0] = 0.5
    assert limiter.acquire("search", "a", limit) == 0.0
    assert limiter.acquire("search", "a", limit) > 0


def test_bucket_count_is_bounded():
    limiter = RateLimiter(max_clients=10)
    for i in range(100):
        limiter.acquire("search", f"10.0.0.{i}", RateLimit(rate=1, burst=1))
    assert len(limiter._buckets) == 10


def test_anonymous_clients_are_limited_per_address(seed_index, embedder):
    limits = {"search": RateLimit(rate=0.01, burst=3)}
    with app_client(seed_index, embedder, rate_limits=limits) as client:
        codes = [client.get("/v1/search", params=Q).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = client.get("/v1/documents")  # same scope, same bucket
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limited"
        assert int(refused.headers["retry-after"]) >= 1
        assert client.get("/healthz").status_code == 200  # public routes are not limited
        other = TestClient(client.app, client=("10.1.2.3", 4000))
        assert other.get("/v1/search", params=Q).status_code == 200


def test_keys_are_limited_per_key_and_per_scope(seed_index, embedder, tmp_path):
    store = KeyStore(tmp_path / "keys.json")
    _, first = store.add(["search", "chat"], "first")
    _, second = store.add(["search"], "second")
    limits = {"search": RateLimit(rate=0.01, burst=2), "admin": RateLimit(rate=0.01, burst=1)}
    with app_client(
        seed_index, embedder, rate_limits=limits, require_api_key=True, keys_file=tmp_path / "keys.json"
    ) as client:
        one = {"X-API-Key": first}
        assert [client.get("/v1/search", params=Q, headers=one).status_code for _ in range(3)] == [200, 200, 429]
        assert client.get("/v1/search", params=Q, headers={"X-API-Key": second}).status_code == 200
        # A refused key is refused before it can spend tokens.
        assert client.get("/v1/search", params=Q, headers={"X-API-Key": "wsq_x_y"}).status_code == 401


# -- body, query and k ----------------------------------------------------------------------
def test_body_over_the_limit_is_413(seed_index, embedder):
    with app_client(seed_index, embedder, max_body_bytes=4096) as client:
        big = {"q": "x" * 10_000}
        response = client.post("/v1/search", json=big)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "body_too_large"

        def chunks():  # no Content-Length: the limit is enforced on the bytes as they arrive
            yield b'{"q": "'
            for _ in range(10):
                yield b"x" * 1000
            yield b'"}'

        streamed = client.post("/v1/search", content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413
        assert streamed.json()["error"]["code"] == "body_too_large"
        assert client.post("/v1/search", json=Q).status_code == 200


def test_query_length_and_k_limits(client):
    long = client.get("/v1/search", params={"q": "x" * 1001})
    assert (long.status_code, long.json()["error"]["code"]) == (422, "query_too_long")
    for k in (0, 51):
        bad = client.post("/v1/search", json={"q": "disinformation", "k": k})
        assert (bad.status_code, bad.json()["error"]["code"]) == (422, "k_out_of_range")


# -- deadline and shedding ------------------------------------------------------------------
def test_a_slow_search_gets_504_at_its_deadline(seed_index, embedder):
    with app_client(seed_index, embedder, SlowEngine, search_deadline_s=0.5) as client:
        started = time.perf_counter()
        response = client.get("/v1/search", params=Q)
        elapsed = time.perf_counter() - started
        assert response.status_code == 504
        assert response.json()["error"]["code"] == "deadline_exceeded"
        assert elapsed < SlowEngine.delay  # answered at the deadline, not when the slow part finished
        assert client.get("/healthz").status_code == 200  # the worker is free for other requests


def test_overload_is_refused_at_once_with_503(seed_index, embedder):
    overrides = {"max_inflight": {"search": 1}, "search_deadline_s": 10.0}
    with app_client(seed_index, embedder, SlowEngine, **overrides) as client:
        results: list[int] = []
        slow = threading.Thread(target=lambda: results.append(client.get("/v1/search", params=Q).status_code))
        slow.start()
        time.sleep(0.5)
        started = time.perf_counter()
        shed = client.get("/v1/search", params=Q)
        assert shed.status_code == 503
        assert shed.json()["error"]["code"] == "overloaded"
        assert shed.headers["retry-after"] == "1"
        assert time.perf_counter() - started < 1.0
        slow.join()
        assert results == [200]


def test_abandoned_work_still_counts_until_it_ends(seed_index, embedder):
    overrides = {"max_inflight": {"search": 1}, "search_deadline_s": 0.3}
    with app_client(seed_index, embedder, SlowEngine, **overrides) as client:
        assert client.get("/v1/search", params=Q).status_code == 504
        # The thread of the timed-out search is still working: a second search is shed...
        assert client.get("/v1/search", params=Q).status_code == 503
        time.sleep(SlowEngine.delay)
        # ...until it ends.
        assert client.get("/v1/search", params=Q).status_code == 504
