"""Per-client token buckets, one per (scope, key or client address).

In memory and per process: the embedded backend of qa_service/shared, which with Redis
(several replicas) uses an atomic script with the same arithmetic instead. The number of
buckets is bounded (least recently used dropped), so a flood of addresses cannot grow memory without limit.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from qa_service.settings import RateLimit


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self, max_clients: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._buckets: OrderedDict[tuple[str, str], _Bucket] = OrderedDict()
        self._max = max_clients
        self._clock = clock
        self._lock = threading.Lock()

    def acquire(self, scope: str, client: str, limit: RateLimit) -> float:
        """Take one token; 0.0 if allowed, else the seconds until one is available."""
        now = self._clock()
        key = (scope, client)
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = _Bucket(float(limit.burst), now)
                self._buckets[key] = bucket
                while len(self._buckets) > self._max:
                    self._buckets.popitem(last=False)
            else:
                self._buckets.move_to_end(key)
                bucket.tokens = min(float(limit.burst), bucket.tokens + (now - bucket.updated) * limit.rate)
                bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / limit.rate


def retry_after_header(wait_s: float) -> int:
    """Whole seconds for Retry-After, never 0 (a client retrying at once would just be refused again)."""
    return max(1, math.ceil(wait_s))
