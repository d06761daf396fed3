"""Debian's redis-server and nginx for tests (installed by `make servers`); fail, never skip, without them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import servers


def require(binary: str) -> None:
    if not Path(binary).exists():
        pytest.fail(f"no {binary}: run `make servers` (installs Debian's redis-server and nginx)")


class RedisServer(servers.RedisServer):
    def __init__(self) -> None:
        require(servers.REDIS_SERVER)
        super().__init__()
