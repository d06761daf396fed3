"""Job records in Redis, so that every replica reports on every job.

A hash ``<prefix>:jobs`` holds each job as JSON and a sorted set ``<prefix>:jobs:order`` orders
them by creation. A job is owned by a replica id; the replica's heartbeat key says whether that
replica lives, so a queued or running job of a replica that died reads as failed ("interrupted").
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict

import redis

from qa_service.admin.jobs import ACTIVE, Job, interrupt
from qa_service.shared.base import SharedStateUnavailable


@contextmanager
def reachable(what: str) -> Iterator[None]:
    """Turn a Redis failure into the 503 ``shared_state_unavailable`` that admin routes give."""
    try:
        yield
    except (redis.RedisError, OSError) as exc:
        raise SharedStateUnavailable(
            f"the shared state store (Redis) cannot be reached, so {what} is not possible now; "
            f"searches and chats still work ({type(exc).__name__})"
        ) from None


class RedisJobStore:
    def __init__(self, client: redis.Redis, prefix: str, keep: int, alive: Callable[[str], bool]) -> None:
        self.client = client
        self.records = f"{prefix}:jobs"
        self.order = f"{prefix}:jobs:order"
        self.keep = keep
        self.alive = alive

    def save(self, job: Job) -> None:
        with reachable("recording the job"):
            pipe = self.client.pipeline()
            pipe.hset(self.records, job.id, json.dumps(asdict(job)))
            pipe.zadd(self.order, {job.id: time.time()}, nx=True)
            pipe.execute()

    def load(self, job_id: str) -> Job | None:
        with reachable("reading jobs"):
            raw = self.client.hget(self.records, job_id)
        job = _parse(raw)
        return self._checked(job) if job is not None else None

    def all(self) -> list[Job]:
        with reachable("reading jobs"):
            ids: list[bytes] = self.client.zrevrange(self.order, 0, -1)  # type: ignore[assignment]
            raws = self.client.hmget(self.records, ids) if ids else []
        jobs = [_parse(raw) for raw in raws]
        return [self._checked(j) for j in jobs if j is not None]

    def counts(self) -> dict[str, int]:
        try:
            return dict(Counter(j.status for j in self.all()))
        except SharedStateUnavailable:  # /metrics must not fail for it
            return {}

    def recover(self) -> None:
        self.all()  # reading a dead replica's active job marks it failed

    def prune(self) -> None:
        finished = [j.id for j in self.all() if j.status not in ACTIVE][self.keep :]
        if finished:
            with reachable("pruning jobs"):
                self.client.hdel(self.records, *finished)
                self.client.zrem(self.order, *finished)

    def _checked(self, job: Job) -> Job:
        """The job, failed as interrupted if its owner no longer renews its heartbeat."""
        if job.status in ACTIVE and not self.alive(job.owner):
            interrupt(job)
            self.save(job)
        return job


def _parse(raw: bytes | str | None) -> Job | None:
    if raw is None:
        return None
    try:
        return Job(**json.loads(raw))
    except (ValueError, TypeError):
        return None
