"""The shared-state adapter: one conformance suite run against both backends, then what only Redis does.

The Redis backend runs against a real redis-server (tests/redis_server.py); each test uses its
own key prefix, so the session's server is shared without tests seeing each other's keys.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest
import redis

from qa_service.admin.jobs import Job
from qa_service.settings import RateLimit, Settings
from qa_service.shared import LocalState, SharedState, SharedStateUnavailable, make_shared_state
from qa_service.shared.lease import LeaseTimeout, held_lease
from qa_service.shared.redis_state import RedisState
from tests.redis_server import RedisServer


def settings_for(tmp_path, redis_url: str | None, prefix: str, **overrides) -> Settings:
    return Settings(index_dir=tmp_path / "index", redis_url=redis_url, redis_prefix=prefix, **overrides)


@pytest.fixture(params=["local", "redis"])
def state(request, tmp_path) -> SharedState:
    url = request.getfixturevalue("redis_server").url if request.param == "redis" else None
    made = make_shared_state(settings_for(tmp_path, url, uuid.uuid4().hex))
    assert made.backend == request.param
    return made


def run(coro):
    return asyncio.run(coro)


# -- the interface, on both backends ---------------------------------------------------------------
def test_a_bucket_admits_its_burst_then_says_how_long_to_wait(state):
    limit = RateLimit(rate=2, burst=3)

    async def go() -> list[float]:
        return [await state.take_token("search", "a", limit) for _ in range(4)]

    waits = run(go())
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert 0.3 < waits[3] <= 0.5  # half a second per token, minus what refilled meanwhile
    assert run(state.take_token("search", "b", limit)) == 0.0  # another client has its own bucket
    assert run(state.take_token("chat", "a", limit)) == 0.0  # and another scope too
    time.sleep(0.55)
    assert run(state.take_token("search", "a", limit)) == 0.0  # refilled at its rate


def test_in_flight_slots_are_capped_and_given_back(state):
    async def go() -> None:
        first = await state.enter("search", 2, 30)
        second = await state.enter("search", 2, 30)
        assert first is not None and second is not None
        assert await state.enter("search", 2, 30) is None
        assert await state.enter("chat", 2, 30) is not None  # scopes are counted apart
        state.leave(first)
        await asyncio.sleep(0.05)  # the Redis backend gives a slot back in a task
        assert await state.enter("search", 2, 30) is not None

    run(go())


def test_status_says_which_backend_serves(state):
    assert run(state.status()) | {"backend": state.backend, "ok": True} == run(state.status())


def test_job_records_round_trip(state):
    job = Job("upload", "doc-a", "doc-a.txt", owner=state.replica_id)
    state.jobs.save(job)
    job.status = "running"
    state.jobs.save(job)
    assert state.jobs.load(job.id) == job
    assert [j.id for j in state.jobs.all()] == [job.id]
    assert state.jobs.counts() == {"running": 1}


# -- what only Redis does: shared by every replica ---------------------------------------------------
def two_replicas(tmp_path, url: str) -> tuple[RedisState, RedisState]:
    prefix = uuid.uuid4().hex
    first, second = (RedisState(settings_for(tmp_path, url, prefix)) for _ in range(2))
    return first, second


def test_replicas_share_one_bucket(tmp_path, redis_server):
    a, b = two_replicas(tmp_path, redis_server.url)
    limit = RateLimit(rate=0.5, burst=4)

    async def go() -> list[float]:
        return [await (a if i % 2 else b).take_token("search", "portal", limit) for i in range(8)]

    waits = run(go())
    assert sum(w == 0.0 for w in waits) == 4  # the burst, once, not once per replica


def test_a_revocation_through_one_replica_reaches_the_other(tmp_path, redis_server):
    a, b = two_replicas(tmp_path, redis_server.url)
    assert not run(b.is_revoked("k1"))
    a.revoke("k1")
    assert run(b.is_revoked("k1")) and not run(b.is_revoked("k2"))


def test_slots_of_a_crashed_replica_expire(tmp_path, redis_server):
    a, b = two_replicas(tmp_path, redis_server.url)

    async def go() -> None:
        assert await a.enter("chat", 1, 0.3) is not None  # a "crashes": it never gives it back
        assert await b.enter("chat", 1, 0.3) is None
        await asyncio.sleep(0.4)
        assert await b.enter("chat", 1, 0.3) is not None

    run(go())


def test_jobs_are_seen_by_every_replica_and_a_dead_owner_fails_them(tmp_path, redis_server):
    a, b = two_replicas(tmp_path, redis_server.url)
    a.start()  # a's heartbeat: its jobs are alive
    try:
        job = Job("delete", "doc-a", owner=a.replica_id, status="running")
        a.jobs.save(job)
        assert b.jobs.load(job.id) == job
        orphan = Job("upload", "doc-b", "doc-b.txt", owner="gone-host:123:abc", status="queued")
        a.jobs.save(orphan)
        seen = b.jobs.load(orphan.id)
        assert seen is not None and (seen.status, seen.error) == ("failed", "interrupted: the service stopped")
    finally:
        a.stop()
    assert b.jobs.load(job.id).status == "failed"  # type: ignore[union-attr]  # a stopped: its job ends


def test_one_builder_at_a_time_and_a_crashed_builders_lease_expires(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    key = f"{uuid.uuid4().hex}:lease"
    order: list[str] = []

    def second() -> None:
        with held_lease(client, key, ttl_s=1.0, wait_s=10, poll_s=0.05):
            order.append("second")

    with held_lease(client, key, ttl_s=0.6, wait_s=1):
        waiting = threading.Thread(target=second)
        waiting.start()
        time.sleep(1.5)  # longer than the ttl: the renewals keep it held
        order.append("first")
    waiting.join()
    assert order == ["first", "second"]
    # Free now: taken at once; so a second holder times out.
    with held_lease(client, key, ttl_s=1, wait_s=0), pytest.raises(LeaseTimeout):
        held_lease(client, key, ttl_s=1, wait_s=0.2).__enter__()
    client.set(key, "a crashed builder", px=300)  # held by nobody who renews it
    started = time.monotonic()
    with held_lease(client, key, ttl_s=1, wait_s=5, poll_s=0.05):
        assert time.monotonic() - started < 1.0


# -- Redis down: the request path goes on with local state; jobs are refused --------------------------
def test_redis_down_falls_back_to_local_limits_and_refuses_jobs(tmp_path):
    server = RedisServer().start()
    try:
        state = RedisState(settings_for(tmp_path, server.url, "down", redis_timeout_s=0.2))
        assert run(state.status())["ok"] is True
        server.stop()
        limit = RateLimit(rate=1, burst=2)

        async def go() -> list[float]:
            return [await state.take_token("search", "a", limit) for _ in range(3)]

        started = time.monotonic()
        waits = run(go())
        assert waits[:2] == [0.0, 0.0] and waits[2] > 0  # the local bucket still limits
        assert time.monotonic() - started < 1.0  # one failed attempt, then local until the retry
        status = run(state.status())
        assert status["ok"] is False and "Redis cannot be reached" in status["warning"]
        assert run(state.enter("search", 1, 10)) is not None
        with pytest.raises(SharedStateUnavailable):
            state.jobs.save(Job("delete", "doc-a"))
        with pytest.raises(SharedStateUnavailable):
            state.build_lease()
        server.start()  # back on the same port: shared again after the retry interval
        time.sleep(2.1)
        assert run(state.status())["ok"] is True
        assert run(state.take_token("search", "fresh", limit)) == 0.0  # its script is loaded again
        assert redis.Redis.from_url(server.url).exists("down:bucket:search:fresh")
    finally:
        server.close()


def test_unset_url_is_the_embedded_backend(tmp_path):
    assert isinstance(make_shared_state(settings_for(tmp_path, None, "x")), LocalState)


# -- the keys CLI tells every replica of a revocation --------------------------------------------------
def test_the_cli_revokes_in_the_shared_state_and_says_when_it_cannot(tmp_path, redis_server, monkeypatch, capsys):
    from qa_service.keys import main
    from qa_service.security.keys import KeyStore

    keys_file = tmp_path / "keys.json"
    store = KeyStore(keys_file)
    first, second = (store.add(["search"], name)[0] for name in ("one", "two"))
    prefix = uuid.uuid4().hex
    monkeypatch.setenv("QA_REDIS_URL", redis_server.url)
    monkeypatch.setenv("QA_REDIS_PREFIX", prefix)
    assert main(["--file", str(keys_file), "revoke", "one"]) == 0
    replica = RedisState(settings_for(tmp_path, redis_server.url, prefix))
    assert run(replica.is_revoked(first.id)) and not run(replica.is_revoked(second.id))
    monkeypatch.setenv("QA_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    assert main(["--file", str(keys_file), "revoke", "two"]) == 2
    assert "replicas refuse the key once they re-read the key file" in capsys.readouterr().err
    assert KeyStore(keys_file).records()[1].revoked  # the file has it all the same
