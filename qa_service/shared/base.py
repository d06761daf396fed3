"""The interface of shared state, and the error admin routes give when it cannot be reached.

Request-path methods are ``async`` so that a networked backend never blocks the event loop.
Job records and the build lease are used from the job thread and from ``def`` routes (which
FastAPI runs in its thread pool), so they are plain methods there.
"""

from __future__ import annotations

import os
import secrets
import socket
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qa_service.errors import QAError
from qa_service.settings import RateLimit, Settings

if TYPE_CHECKING:
    from qa_service.admin.jobs import JobRecords


class SharedStateUnavailable(QAError):
    """Admin jobs need the shared store (job records, build lease); it cannot be reached."""

    status_code, code = 503, "shared_state_unavailable"

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}


@dataclass(frozen=True)
class Slot:
    """A place among a scope's requests in flight; ``shared`` when it is held in the shared store."""

    scope: str
    token: str
    shared: bool = False


def replica_name(settings: Settings) -> str:
    """This replica's id in job records: the configured one, else host, pid and a random tail (pids recur)."""
    return settings.replica_id or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class SharedState(ABC):
    backend: str
    replica_id: str
    jobs: JobRecords

    # -- request path (async) -------------------------------------------------------------
    @abstractmethod
    async def take_token(self, scope: str, client: str, limit: RateLimit) -> float:
        """Take one rate-limit token; 0.0 if allowed, else the seconds until one is available."""

    @abstractmethod
    async def enter(self, scope: str, cap: int, ttl_s: float) -> Slot | None:
        """A place among ``cap`` requests of ``scope`` in flight, held at most ``ttl_s``; None when full."""

    @abstractmethod
    def leave(self, slot: Slot) -> None:
        """Give the place back (without waiting: called from a task's done callback)."""

    @abstractmethod
    async def is_revoked(self, key_id: str) -> bool:
        """Whether a key was revoked through any replica (the key file alone may lag on shared storage)."""

    @abstractmethod
    async def status(self) -> dict[str, Any]:
        """For /readyz: the backend, whether it is reachable and, when not, what that means."""

    # -- threads (jobs and builds) ----------------------------------------------------------
    @abstractmethod
    def revoke(self, key_id: str) -> None:
        """Make every replica refuse ``key_id`` at its next request."""

    @abstractmethod
    def build_lease(self) -> AbstractContextManager[None]:
        """Held while building the index, so that one replica builds at a time."""

    @abstractmethod
    def start(self) -> None:
        """Start background work (heartbeats); called by the app's lifespan."""

    @abstractmethod
    def stop(self) -> None:
        """Stop it."""
