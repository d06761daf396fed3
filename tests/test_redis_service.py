"""The service on the Redis backend, in process: jobs recorded in Redis, and the policy when Redis is down."""

from __future__ import annotations

import time
import uuid

from fastapi.testclient import TestClient

from qa_service.app import create_app
from qa_service.engine import Engine
from qa_service.security.keys import KeyStore
from qa_service.settings import RateLimit, Settings
from qa_service.shared.redis_state import RedisState
from tests.redis_server import RedisServer

UNLIMITED = {s: RateLimit(rate=0, burst=1) for s in ("search", "chat", "admin")}
NOTE = "The Republic of Tuvalu planted sea-grass meadows along the lagoon shore in 2022 to slow erosion."


def redis_app(seed_copy, embedder, url: str, **overrides):
    corpus, index = seed_copy
    keys_file = corpus.parent / "keys.json"
    _, admin_key = KeyStore(keys_file).add(["admin"], "ops")
    settings = Settings(
        corpus_dir=corpus,
        index_dir=index,
        reload_interval_s=0,
        rate_limits=UNLIMITED,
        keys_file=keys_file,
        redis_url=url,
        redis_prefix=uuid.uuid4().hex,
        **overrides,
    )
    return create_app(settings, engine=Engine(settings, embedder=embedder)), admin_key, settings


def wait_for(client: TestClient, job_id: str) -> dict:
    deadline = time.monotonic() + 120
    while (job := client.get(f"/v1/admin/jobs/{job_id}").json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return job


def test_an_upload_job_is_recorded_in_redis_and_built_under_the_lease(seed_copy, embedder, redis_server):
    app, admin_key, settings = redis_app(seed_copy, embedder, redis_server.url)
    with TestClient(app, headers={"X-API-Key": admin_key}) as client:
        accepted = client.post("/v1/admin/documents", files={"file": ("tuvalu-2022.txt", NOTE.encode(), "text/plain")})
        assert accepted.status_code == 202, accepted.text
        job = wait_for(client, accepted.json()["id"])
        assert job["status"] == "succeeded", job
        hits = client.get("/v1/search", params={"q": "sea-grass meadows Tuvalu lagoon"}).json()["hits"]
        assert hits[0]["document"]["id"] == "tuvalu-2022"
        other = RedisState(settings)  # another replica reads the same record
        seen = other.jobs.load(job["id"])
        assert seen is not None and seen.status == "succeeded" and seen.owner == app.state.shared.replica_id
        assert not other.sync.exists(f"{settings.redis_prefix}:lease:build")  # released after the build


def test_redis_down_keeps_search_with_a_warning_and_refuses_admin_jobs(seed_copy, embedder):
    server = RedisServer().start()
    try:
        app, admin_key, _ = redis_app(seed_copy, embedder, server.url, redis_timeout_s=0.2)
        with TestClient(app, headers={"X-API-Key": admin_key}) as client:
            assert client.get("/readyz").json()["details"]["shared_state"]["ok"] is True
            server.stop()
            assert client.get("/v1/search", params={"q": "disinformation"}).status_code == 200
            ready = client.get("/readyz")
            assert ready.status_code == 200  # still ready: searches work
            shared = ready.json()["details"]["shared_state"]
            assert shared["ok"] is False and "admin jobs are refused" in shared["warning"]
            refused = [
                client.post("/v1/admin/documents", files={"file": ("note.txt", NOTE.encode(), "text/plain")}),
                client.delete("/v1/admin/documents/undp-2021-cstd25-wsis-submission"),
                client.get("/v1/admin/jobs"),
            ]
            for response in refused:
                assert response.status_code == 503, response.text
                assert response.json()["error"]["code"] == "shared_state_unavailable"
                assert response.headers["retry-after"] == "5"
            assert not list((seed_copy[0] / ".incoming").glob("*/*"))  # nothing staged and left behind
    finally:
        server.close()
