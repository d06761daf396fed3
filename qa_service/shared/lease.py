"""A lease in Redis: held by one holder at a time, with an expiry, renewed while the work goes on.

Unlike ``flock`` it works across hosts and over NFS, and a holder that crashes stops renewing,
so the lease expires and the next builder can go on.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from qa_service.shared.redis_scripts import RELEASE, RENEW

log = logging.getLogger("qa_service.shared")


class LeaseTimeout(Exception):
    """Another holder kept the lease longer than we were willing to wait."""


@contextmanager
def held_lease(client: redis.Redis, key: str, ttl_s: float, wait_s: float, poll_s: float = 0.5) -> Iterator[None]:
    """Hold ``key`` for the ``with`` block: wait for it up to ``wait_s``, renew it every ``ttl_s / 3``."""
    token = secrets.token_hex(16)
    ttl_ms = max(1000, int(ttl_s * 1000))
    deadline = time.monotonic() + wait_s
    while not client.set(key, token, nx=True, px=ttl_ms):
        if time.monotonic() >= deadline:
            raise LeaseTimeout(f"another replica held '{key}' for more than {wait_s:g}s")
        time.sleep(poll_s)
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(ttl_s / 3):
            try:
                if not client.eval(RENEW, 1, key, token, ttl_ms):
                    log.error("lost the lease '%s' (it expired): another replica may build at the same time", key)
                    return
            except redis.RedisError as exc:  # keep trying: the lease lasts ttl_s from the last renewal
                log.warning("could not renew the lease '%s': %s", key, exc)

    renewer = threading.Thread(target=renew, name="lease-renewer", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()
        try:
            client.eval(RELEASE, 1, key, token)
        except redis.RedisError as exc:  # it expires by itself
            log.warning("could not release the lease '%s': %s", key, exc)
