"""Real servers on free loopback ports, started and stopped by a test or a benchmark.

``RedisServer`` (Debian's redis-server, no persistence), ``Replica`` (one uvicorn process of the
service) and ``Nginx`` (Debian's nginx in front of the replicas, its config written to a temporary
folder). Together they make the several-replica deployment that README "Deploy" describes, on one
host: ``python -m bench.load --replicas 2`` and tests/test_two_replicas.py use them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import redis

REDIS_SERVER = "/usr/bin/redis-server"
NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(ready: Callable[[], bool], process: subprocess.Popen[bytes], what: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not ready():
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} was not ready within {timeout_s:g}s")
        time.sleep(0.1)


class RedisServer:
    """A redis-server in its own temporary folder with persistence off; can be stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="wsis-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir)]
        command += ["--save", "", "--appendonly", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)

        def pings() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        wait_until(pings, self.process, "redis-server", 10)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Replica:
    """One uvicorn process of the service; ``env`` holds its QA_ settings."""

    def __init__(self, env: dict[str, str], log: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        base = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "QA_ACCESS_LOG": "false"}
        command = [sys.executable, "-m", "uvicorn", "qa_service.app:create_app", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--no-access-log", "--log-level", "warning"]
        # Behind nginx: the client address comes from X-Forwarded-For, set by the proxy on loopback only.
        command += ["--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"]
        out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - the child keeps it
        self.process = subprocess.Popen(command, env={**base, **env}, stdout=out, stderr=out)

    def ready(self) -> bool:
        try:
            return httpx.get(self.url + "/readyz", timeout=2, trust_env=False).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_ready(self, timeout_s: float = 300) -> None:
        wait_until(self.ready, self.process, f"the replica on port {self.port}", timeout_s)

    def kill(self) -> None:
        """A crash: SIGKILL, no shutdown of any kind."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


NGINX_CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi; uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
{http}
    server {{
        listen 127.0.0.1:{port};
        add_header X-Upstream $upstream_addr always;  # which replica answered (tests look at it)
        include {locations};
    }}
}}
"""


LOCATIONS = Path(__file__).resolve().parents[1] / "deploy" / "nginx" / "locations.conf"


class Nginx:
    """Debian's nginx in front of ``upstreams`` (host:port), with the proxy settings of deploy/nginx."""

    def __init__(self, upstreams: list[str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.dir = Path(tempfile.mkdtemp(prefix="wsis-nginx-"))
        servers = "".join(f"        server {u} max_fails=1 fail_timeout=10s;\n" for u in upstreams)
        http = f"    upstream wsis_qa {{\n{servers}        keepalive 16;\n    }}"
        conf = NGINX_CONF.format(dir=self.dir, port=self.port, http=http, locations=LOCATIONS)
        (self.dir / "nginx.conf").write_text(conf, encoding="utf-8")
        command = [NGINX, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"), "-e", str(self.dir / "error.log")]
        self.process = subprocess.Popen([*command, "-g", "daemon off;"])

        def answers() -> bool:
            try:
                return httpx.get(self.url + "/healthz", timeout=2, trust_env=False).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(answers, self.process, "nginx", 20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def replicas_behind_nginx(count: int, env: dict[str, str]) -> Iterator[str]:
    """``count`` replicas sharing a fresh Redis (and whatever folders ``env`` names) behind nginx; yields its URL."""
    with ExitStack() as stack:
        redis_server = RedisServer().start()
        stack.callback(redis_server.close)
        started = []
        for n in range(count):
            replica = Replica({**env, "QA_REDIS_URL": redis_server.url, "QA_REPLICA_ID": f"replica-{n + 1}"})
            stack.callback(replica.stop)
            started.append(replica)
        for replica in started:
            replica.wait_ready()
        nginx = Nginx([f"127.0.0.1:{r.port}" for r in started])
        stack.callback(nginx.stop)
        yield nginx.url
