"""Two real uvicorn replicas behind a real nginx, sharing a real Redis and the corpus and index folders.

The deployment of README "Deploy" on one host: a client's rate limit holds across replicas, a key
revoked through one is refused by both, a document uploaded through one is answered from by
both, and killing one under load loses no request (nginx retries on the other; see
deploy/nginx/locations.conf). Each replica has its own copy of the key file, as on separate
hosts, so that only the shared state can carry a revocation from one to the other.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter

import httpx
import pytest

from bench.servers import NGINX, Nginx, Replica
from qa_service.security.keys import KeyStore
from tests.conftest import CORPUS, REPO
from tests.redis_server import RedisServer, require

RATE = {"rate": 10, "burst": 10}  # search, per key
QUERY = {"q": "What did UNDP do on disinformation in 2021?"}
NOTE = "The island council opened a satellite-linked telemedicine room on a remote atoll for its three villages."


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, seed_index):
    require(NGINX)
    root = tmp_path_factory.mktemp("two-replicas")
    corpus, index = root / "corpus", root / "index"  # the "shared storage" of both replicas
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(seed_index, index, ignore=shutil.ignore_patterns(".lock"))
    store = KeyStore(root / "keys.json")
    keys = {name: store.add(scopes, name)[1] for name, scopes in KEYS.items()}
    redis_server = RedisServer().start()
    shared = {
        "QA_CORPUS_DIR": str(corpus),
        "QA_INDEX_DIR": str(index),
        "QA_REDIS_URL": redis_server.url,
        "QA_REDIS_PREFIX": uuid.uuid4().hex,
        "QA_REQUIRE_API_KEY": "true",
        "QA_RELOAD_INTERVAL_S": "0.5",
        "QA_RATE_LIMITS": json.dumps({"search": RATE, **{s: {"rate": 0, "burst": 1} for s in ("chat", "admin")}}),
    }
    replicas = []
    for name in ("a", "b"):
        keys_file = root / f"keys-{name}.json"  # its own copy, as on another host
        shutil.copy(root / "keys.json", keys_file)
        env = {**shared, "QA_API_KEYS_FILE": str(keys_file), "QA_REPLICA_ID": f"replica-{name}"}
        replicas.append(Replica(env, log=root / f"replica-{name}.log"))
    nginx = None
    try:
        for replica in replicas:
            replica.wait_ready()
        nginx = Nginx([f"127.0.0.1:{r.port}" for r in replicas])
        yield {"replicas": replicas, "nginx": nginx, "keys": keys, "env": shared, "root": root}
    finally:
        if nginx is not None:
            nginx.stop()
        for replica in replicas:
            replica.stop()
        redis_server.close()


KEYS = {
    "ops": ["admin", "search"],
    "portal": ["search"],
    "victim": ["search"],
    **{f"load-{i}": ["search"] for i in range(4)},
}


def get(url: str, key: str, path: str = "/v1/search", **params: object) -> httpx.Response:
    return httpx.get(url + path, params=params or QUERY, headers={"X-API-Key": key}, timeout=30, trust_env=False)


async def paced(url: str, key: str, per_second: float, seconds: float, log: list[tuple[float, int, str]]) -> None:
    """Requests sent on a fixed schedule, not waiting for answers: a client that ignores 429s."""
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=30, trust_env=False) as client:
        started = time.monotonic()

        async def one() -> None:
            sent = time.monotonic() - started
            try:
                response = await client.get("/v1/search", params=QUERY)
                log.append((sent, response.status_code, response.headers.get("x-upstream", "")))
            except httpx.HTTPError as exc:
                log.append((sent, 0, type(exc).__name__))

        tasks = []
        for n in range(int(per_second * seconds)):
            await asyncio.sleep(max(0.0, started + n / per_second - time.monotonic()))
            tasks.append(asyncio.create_task(one()))
        await asyncio.gather(*tasks)


def test_a_client_at_twice_its_limit_over_both_replicas_is_held_to_it(cluster):
    log: list[tuple[float, int, str]] = []
    seconds = 3.0
    asyncio.run(paced(cluster["nginx"].url, cluster["keys"]["portal"], 2 * RATE["rate"], seconds, log))
    statuses = Counter(status for _, status, _ in log)
    assert set(statuses) <= {200, 429}, statuses
    allowed = RATE["burst"] + RATE["rate"] * max(sent for sent, _, _ in log)
    # Per-replica buckets would let all of them through: each replica sees only its limit's rate.
    assert RATE["burst"] <= statuses[200] <= allowed + 2, (statuses, allowed)
    assert len({upstream for _, status, upstream in log if status == 200}) == 2  # both replicas served


def test_a_key_revoked_through_one_replica_is_refused_by_both(cluster):
    a, b = cluster["replicas"]
    victim = cluster["keys"]["victim"]
    assert get(a.url, victim).status_code == 200 and get(b.url, victim).status_code == 200
    env = {**os.environ, **cluster["env"], "QA_API_KEYS_FILE": str(cluster["root"] / "keys-a.json")}
    done = subprocess.run(
        [sys.executable, "-m", "qa_service.keys", "revoke", "victim"], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    for replica in (a, b):
        refused = get(replica.url, victim)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
    # b's key file still holds the key as active: the refusal came through the shared state.
    assert KeyStore(cluster["root"] / "keys-b.json").records()[2].revoked is None
    assert get(b.url, cluster["keys"]["portal"]).status_code in (200, 429)  # other keys still work


def test_a_document_uploaded_through_one_replica_is_answered_from_by_both(cluster):
    a, b = cluster["replicas"]
    admin = {"X-API-Key": cluster["keys"]["ops"]}
    accepted = httpx.post(
        a.url + "/v1/admin/documents",
        files={"file": ("atoll-2024.txt", NOTE.encode(), "text/plain")},
        headers=admin,
        timeout=30,
        trust_env=False,
    )
    assert accepted.status_code == 202, accepted.text
    deadline = time.monotonic() + 120
    while True:  # followed on b: the job record is shared
        job = httpx.get(f"{b.url}/v1/admin/jobs/{accepted.json()['id']}", headers=admin, trust_env=False).json()
        if job["status"] not in ("queued", "running"):
            break
        assert time.monotonic() < deadline, job
        time.sleep(0.3)
    assert job["status"] == "succeeded", job
    for replica in (a, b):
        deadline = time.monotonic() + 30  # b loads the new snapshot at its watcher's next look
        while top_document(replica.url, cluster["keys"]["ops"]) != "atoll-2024":
            assert time.monotonic() < deadline
            time.sleep(0.3)


def top_document(url: str, key: str) -> str | None:
    hits = get(url, key, q="satellite-linked telemedicine room on a remote atoll").json()["hits"]
    return hits[0]["document"]["id"] if hits else None


def test_killing_one_replica_under_load_loses_no_request(cluster):
    a, b = cluster["replicas"]
    log: list[tuple[float, int, str]] = []

    async def load() -> None:
        clients = [paced(cluster["nginx"].url, cluster["keys"][f"load-{i}"], 8, 8.0, log) for i in range(4)]

        async def crash() -> None:
            await asyncio.sleep(2.5)
            await asyncio.to_thread(b.kill)

        await asyncio.gather(*clients, crash())

    asyncio.run(load())
    statuses = Counter(status for _, status, _ in log)
    assert statuses[200] == len(log), statuses  # every request answered, none lost with the replica
    before = {upstream for sent, _, upstream in log if sent < 2.0}
    after = {upstream for sent, _, upstream in log if sent > 3.5}
    assert f"127.0.0.1:{b.port}" in before  # b served until it died...
    assert after == {f"127.0.0.1:{a.port}"}  # ...then a alone
