"""A real redis-server (Debian's, installed by `make servers`) on a free loopback port, for tests.

Each instance lives in its own temporary folder with persistence off, and can be stopped and
started again on the same port (to test what the service does while Redis is down).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis

from tests.live_server import free_port

REDIS_SERVER = "/usr/bin/redis-server"


class RedisServer:
    def __init__(self) -> None:
        if not Path(REDIS_SERVER).exists():
            pytest.fail("no /usr/bin/redis-server: run `make servers` (installs Debian's redis-server and nginx)")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="wsis-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir)]
        command += ["--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
