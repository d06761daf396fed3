"""State that several replicas must share: rate limits, in-flight caps, revocations, jobs, the build lease.

``make_shared_state`` picks the backend: Redis when ``QA_REDIS_URL`` is set, else the embedded
in-process one, which is what a single replica always did. Everything else talks to the
``SharedState`` interface only.
"""

from __future__ import annotations

from qa_service.settings import Settings
from qa_service.shared.base import SharedState, SharedStateUnavailable, Slot
from qa_service.shared.local import LocalState


def make_shared_state(settings: Settings) -> SharedState:
    if not settings.redis_url:
        return LocalState(settings)
    from qa_service.shared.redis_state import RedisState  # the redis client is imported only when used

    return RedisState(settings)


__all__ = ["LocalState", "SharedState", "SharedStateUnavailable", "Slot", "make_shared_state"]
