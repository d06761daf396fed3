"""Bounded load test: N concurrent clients on /v1/search and /v1/chat against a real uvicorn on loopback.

    python -m bench.load --spawn --index index --clients 8 --duration 60
    python -m bench.load --url http://127.0.0.1:8000 --clients 4 --duration 30 --key wsq_...
    python -m bench.load --spawn --replicas 2 --index index --keys --clients 8 --duration 60

``--replicas N`` (with ``--spawn``) starts N replicas sharing a fresh redis-server and the index
folder, behind nginx on a free loopback port (bench/servers.py), and loads them through nginx.

``--spawn`` starts ``uvicorn qa_service.app:create_app --factory`` on a free loopback port
with ``--server-env`` settings, and (with ``--keys``) one API key per client, so each client
has its own rate-limit bucket as portals would. Only 127.0.0.1 / localhost / ::1 are
accepted. Reports throughput, p50/p90/p99 latency, and answers by kind: ok (2xx), refused
(429 and 503, with their own latency: refusals must be fast) and errors (anything else,
time-outs included).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlparse

import httpx

from bench.loadgen import drive, summarise
from bench.servers import free_port, replicas_behind_nginx

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_DURATION_S = 600
MAX_CLIENTS = 256


def check_loopback(url: str) -> None:
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to load-test {host!r}: only {', '.join(sorted(LOOPBACK))} are allowed")


def make_keys(path: Path, count: int) -> list[str | None]:
    from qa_service.security.keys import KeyStore

    store = KeyStore(path)
    return [store.add(["search", "chat"], f"load-{i}")[1] for i in range(count)]


def spawn(index: Path, env_overrides: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "QA_INDEX_DIR": str(index)}
    env.update({"QA_ACCESS_LOG": "false", **env_overrides})
    command = [sys.executable, "-m", "uvicorn", "qa_service.app:create_app", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            if httpx.get(url + "/readyz", timeout=2, trust_env=False).status_code == 200:
                return server, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not become ready in 300 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running service on loopback")
    where.add_argument("--spawn", action="store_true", help="start uvicorn on a free loopback port")
    parser.add_argument("--index", type=Path, default=Path("index"), help="index folder for --spawn")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers for --spawn")
    parser.add_argument("--replicas", type=int, default=1, help="with --spawn: replicas behind nginx and Redis")
    parser.add_argument("--server-env", action="append", default=[], metavar="QA_X=V", help="setting for --spawn")
    parser.add_argument("--keys", action="store_true", help="with --spawn: require keys, one per client")
    parser.add_argument("--key", help="with --url: the API key every client sends")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60.0, help=f"seconds (at most {MAX_DURATION_S})")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--rate", type=float, default=0.0, help="requests per second per client (0: back to back)")
    parser.add_argument("--warmup", type=float, default=0.0, help="seconds to wait after priming, before measuring")
    parser.add_argument("--endpoints", default="search,chat", help="comma-separated: search, chat")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION_S or not 0 <= args.warmup <= 600:
        parser.error(f"--clients must be 1-{MAX_CLIENTS}, --duration 0-{MAX_DURATION_S} and --warmup 0-600")
    endpoints = [e.strip() for e in args.endpoints.split(",") if e.strip()]
    if not endpoints or any(e not in ("search", "chat") for e in endpoints):
        parser.error("--endpoints: search and/or chat")

    server = None
    keys: list[str | None] = [args.key]
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        if args.spawn:
            overrides = dict(item.split("=", 1) for item in args.server_env)
            if args.keys:
                keys = make_keys(Path(tmp) / "keys.json", args.clients)
                overrides |= {"QA_REQUIRE_API_KEY": "true", "QA_API_KEYS_FILE": str(Path(tmp) / "keys.json")}
            if args.replicas > 1:
                env = {"QA_INDEX_DIR": str(args.index.resolve()), **overrides}
                url = stack.enter_context(replicas_behind_nginx(args.replicas, env))
            else:
                server, url = spawn(args.index, overrides, args.workers)
        else:
            url = args.url.rstrip("/")
        check_loopback(url)
        try:
            run = asyncio.run(
                drive(url, args.clients, args.duration, endpoints, keys, args.max_requests, args.rate, args.warmup)
            )
        finally:
            if server is not None:
                server.terminate()
                server.wait(30)
    report = summarise(run, args.clients)
    report["command"] = "python -m bench.load " + " ".join(argv if argv is not None else sys.argv[1:])
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
