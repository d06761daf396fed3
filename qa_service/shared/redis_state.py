"""Shared state in Redis (``QA_REDIS_URL``): what several replicas must agree on.

The request path uses ``redis.asyncio`` so it never blocks the event loop. When Redis cannot be
reached, searches and chats go on with this process's own limits (the embedded backend) and
/readyz says so; Redis is tried again after ``RETRY_S``. Admin jobs need Redis for their records
and the build lease: without it they answer 503 ``shared_state_unavailable``.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager, suppress
from typing import Any, TypeVar

import redis
import redis.asyncio as aredis
from redis.commands.core import AsyncScript

from qa_service.settings import RateLimit, Settings
from qa_service.shared.base import SharedState, Slot
from qa_service.shared.lease import held_lease
from qa_service.shared.local import LocalState
from qa_service.shared.redis_jobs import RedisJobStore, reachable
from qa_service.shared.redis_scripts import ENTER, TOKEN_BUCKET

log = logging.getLogger("qa_service.shared")
T = TypeVar("T")
RETRY_S = 2.0  # after a failure, the request path uses local state this long before trying Redis again
HEARTBEAT_S = 5.0  # a replica renews its liveness key this often; it expires after three misses
DOWN_WARNING = (
    "Redis cannot be reached: rate limits and in-flight caps are this replica's own, "
    "revocations made elsewhere wait for the key file, and admin jobs are refused (503)"
)


class _Async:
    """The async client of one event loop, with its scripts (EVALSHA: a script's text is sent once)."""

    def __init__(self, client: aredis.Redis) -> None:
        self.client = client
        self.bucket: AsyncScript = client.register_script(TOKEN_BUCKET)
        self.enter: AsyncScript = client.register_script(ENTER)


class RedisState(SharedState):
    backend = "redis"

    def __init__(self, settings: Settings) -> None:
        assert settings.redis_url
        self.settings = settings
        self.url = settings.redis_url
        self.prefix = settings.redis_prefix
        self.local = LocalState(settings)  # the fallback of the request path
        self.replica_id = self.local.replica_id
        self.timeout = settings.redis_timeout_s
        # For threads (jobs, lease, heartbeat); the request path has its own async client.
        self.sync = redis.Redis.from_url(self.url, socket_timeout=self.timeout, socket_connect_timeout=self.timeout)
        self.jobs = RedisJobStore(self.sync, self.prefix, settings.jobs_kept, self._alive)
        self._async: _Async | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._down_until = 0.0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None

    # -- the async client, one per event loop (its connections belong to the loop) -------------
    def _client(self) -> _Async:
        loop = asyncio.get_running_loop()
        if self._async is None or self._loop is not loop:
            timeout = self.timeout
            client = aredis.Redis.from_url(self.url, socket_timeout=timeout, socket_connect_timeout=timeout)
            self._async, self._loop = _Async(client), loop
        return self._async

    async def _try(self, op: Callable[[_Async], Awaitable[T]], fallback: Callable[[], Awaitable[T]]) -> T:
        """``op`` on Redis; ``fallback`` (local state) while Redis is down."""
        if time.monotonic() < self._down_until:
            return await fallback()
        try:
            result = await op(self._client())
        except (TimeoutError, redis.RedisError, OSError) as exc:
            if self.last_error is None:
                log.warning("%s (%s: %s)", DOWN_WARNING, type(exc).__name__, exc)
            self.last_error = f"{type(exc).__name__}: {exc}"
            self._down_until = time.monotonic() + RETRY_S
            return await fallback()
        if self.last_error is not None:
            log.warning("Redis is reachable again: limits are shared across replicas again")
            self.last_error = None
        return result

    def _key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    # -- request path ------------------------------------------------------------------------
    async def take_token(self, scope: str, client: str, limit: RateLimit) -> float:
        async def shared(r: _Async) -> float:
            wait = await r.bucket(keys=[self._key("bucket", scope, client)], args=[limit.rate, limit.burst])
            return float(wait)

        return await self._try(shared, lambda: self.local.take_token(scope, client, limit))

    async def enter(self, scope: str, cap: int, ttl_s: float) -> Slot | None:
        if cap <= 0:
            return Slot(scope, "", shared=False)

        async def shared(r: _Async) -> Slot | None:
            token = f"{self.replica_id}:{secrets.token_hex(8)}"
            key, ttl_ms = self._key("inflight", scope), int(ttl_s * 1000)
            admitted = await r.enter(keys=[key], args=[cap, token, ttl_ms])
            return Slot(scope, token, shared=True) if int(admitted) else None

        return await self._try(shared, lambda: self.local.enter(scope, cap, ttl_s))

    def leave(self, slot: Slot) -> None:
        if not slot.token:
            return
        if not slot.shared:
            self.local.leave(slot)
            return
        task = asyncio.get_running_loop().create_task(self._leave(slot))
        task.add_done_callback(lambda t: t.cancelled() or t.exception())  # failures are logged in _leave

    async def _leave(self, slot: Slot) -> None:
        try:
            await self._client().client.zrem(self._key("inflight", slot.scope), slot.token)
        except (redis.RedisError, OSError) as exc:  # the slot expires by itself
            log.warning("could not release an in-flight slot: %s", exc)

    async def is_revoked(self, key_id: str) -> bool:
        async def shared(r: _Async) -> bool:
            return bool(await r.client.sismember(self._key("revoked"), key_id))  # type: ignore[misc]

        return await self._try(shared, lambda: self.local.is_revoked(key_id))

    async def status(self) -> dict[str, Any]:
        async def ping(r: _Async) -> bool:
            return bool(await r.client.ping())  # type: ignore[misc]

        async def down() -> bool:
            return False

        ok = await self._try(ping, down)
        body: dict[str, Any] = {"backend": self.backend, "ok": ok, "replica": self.replica_id}
        if not ok:
            body["warning"] = DOWN_WARNING
            body["problem"] = self.last_error
        return body

    # -- threads -----------------------------------------------------------------------------
    def revoke(self, key_id: str) -> None:
        with reachable("telling the other replicas of the revocation"):
            self.sync.sadd(self._key("revoked"), key_id)

    def build_lease(self) -> AbstractContextManager[None]:
        with reachable("building the index"):
            self.sync.ping()
        settings = self.settings
        return held_lease(self.sync, self._key("lease", "build"), settings.build_lease_s, settings.build_wait_s)

    def _alive(self, replica: str) -> bool:
        if replica == self.replica_id:
            return True
        with reachable("reading jobs"):
            return bool(self.sync.exists(self._key("replica", replica)))

    def start(self) -> None:
        if self._heartbeat is not None and self._heartbeat.is_alive():
            return
        self._stop.clear()
        self._beat()
        self._heartbeat = threading.Thread(target=self._beat_loop, name="replica-heartbeat", daemon=True)
        self._heartbeat.start()

    def stop(self) -> None:
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=5)
        with suppress(redis.RedisError, OSError):  # it expires by itself
            self.sync.delete(self._key("replica", self.replica_id))

    def _beat(self) -> None:
        try:
            self.sync.set(self._key("replica", self.replica_id), str(time.time()), px=int(HEARTBEAT_S * 3000))
        except (redis.RedisError, OSError) as exc:
            log.warning("could not renew this replica's heartbeat: %s", exc)

    def _beat_loop(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            self._beat()
