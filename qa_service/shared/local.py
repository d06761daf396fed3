"""The embedded default: shared state kept in this process, as a single replica always did.

Rate-limit buckets and in-flight counts are per process; revocation is the key file alone
(re-read when it changes); job records are files under ``<index>/jobs/``; the build lock is
the indexer's own ``flock``. The Redis backend falls back to this one for the request path
when Redis cannot be reached.
"""

from __future__ import annotations

import secrets
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from qa_service.admin.jobs import JobStore
from qa_service.security.ratelimit import RateLimiter
from qa_service.settings import RateLimit, Settings
from qa_service.shared.base import SharedState, Slot, replica_name


class LocalState(SharedState):
    backend = "local"

    def __init__(self, settings: Settings) -> None:
        self.replica_id = replica_name(settings)
        self.limiter = RateLimiter(settings.rate_limit_clients)
        self.inflight: Counter[str] = Counter()
        self.jobs = JobStore(settings.index_dir / "jobs", settings.jobs_kept)

    async def take_token(self, scope: str, client: str, limit: RateLimit) -> float:
        return self.limiter.acquire(scope, client, limit)

    async def enter(self, scope: str, cap: int, ttl_s: float) -> Slot | None:
        return self.enter_now(scope, cap)

    def enter_now(self, scope: str, cap: int) -> Slot | None:
        # No await between the check and the count: on one event loop this is atomic.
        if cap > 0 and self.inflight[scope] >= cap:
            return None
        self.inflight[scope] += 1
        return Slot(scope, secrets.token_hex(8))

    def leave(self, slot: Slot) -> None:
        self.inflight[slot.scope] -= 1

    async def is_revoked(self, key_id: str) -> bool:
        return False  # the key file says it, and the key store re-reads it when it changes

    def revoke(self, key_id: str) -> None:
        pass

    async def status(self) -> dict[str, Any]:
        return {"backend": self.backend, "ok": True}

    def start(self) -> None:
        pass  # nothing runs in the background

    def stop(self) -> None:
        pass

    def build_lease(self) -> AbstractContextManager[None]:
        return nullcontext()  # indexer.build's flock serialises builds on one host
