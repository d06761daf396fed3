"""Bounded load test: N concurrent clients on /v1/search and /v1/chat against a real uvicorn on loopback.

    python -m bench.load --spawn --index index --clients 8 --duration 60
    python -m bench.load --url http://127.0.0.1:8000 --clients 4 --duration 30 --key wsq_...

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
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

QUESTIONS = [
    "What did UNDP do on disinformation in 2021?",
    "How does UNDP support e-government?",
    "digital public infrastructure",
    "Which countries received support for digital transformation?",
    "What did UNDP do on cybersecurity?",
    "gender digital divide",
    "e-health and COVID-19",
    "How did UNDP help with digital identity?",
    "WSIS action line C7 e-business",
    "What is the Digital Readiness Assessment?",
    "youth digital skills programmes",
    "data protection and privacy",
    "climate and environment monitoring with ICT",
    "open source software for governments",
    "What partnerships did UNDP build with the private sector?",
    "elections and information integrity",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_DURATION_S = 600
MAX_CLIENTS = 256


@dataclass
class Result:
    endpoint: str
    status: int  # 0: transport error or time-out
    seconds: float
    error: str | None = None


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def request_for(endpoint: str, n: int) -> tuple[str, str, dict[str, object]]:
    question = QUESTIONS[n % len(QUESTIONS)]
    if endpoint == "search":
        return "GET", "/v1/search", {"params": {"q": question, "k": 10}}
    return "POST", "/v1/chat", {"json": {"messages": [{"role": "user", "content": question}]}}


async def client_loop(
    client: httpx.AsyncClient,
    number: int,
    endpoints: list[str],
    stop_at: float,
    budget: list[int],
    run: Run,
    rate: float = 0.0,
) -> None:
    """One client: requests back to back, or at most ``rate`` per second (a person or a portal, not a flood)."""
    n = number
    next_at = time.monotonic()
    while time.monotonic() < stop_at and budget[0] > 0:
        if rate > 0:
            next_at += 1.0 / rate
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if time.monotonic() >= stop_at:
                break
        budget[0] -= 1
        endpoint = endpoints[n % len(endpoints)]
        method, path, kwargs = request_for(endpoint, n)
        n += 1
        t0 = time.perf_counter()
        try:
            response = await client.request(method, path, **kwargs)  # type: ignore[arg-type]
            status, error = response.status_code, None
            if status >= 400:
                try:
                    error = response.json()["error"]["code"]
                except (ValueError, KeyError, TypeError):
                    error = f"http {status}"
        except httpx.HTTPError as exc:
            status, error = 0, type(exc).__name__
        run.results.append(Result(endpoint, status, time.perf_counter() - t0, error))


async def prime(url: str, endpoints: list[str], key: str | None) -> None:
    """Ask every question once on every endpoint, unmeasured: model, caches and sentence vectors warm."""
    async with httpx.AsyncClient(base_url=url, timeout=120, headers={"X-API-Key": key} if key else None) as client:
        for n in range(len(QUESTIONS)):
            for endpoint in endpoints:
                method, path, kwargs = request_for(endpoint, n)
                await client.request(method, path, **kwargs)  # type: ignore[arg-type]


async def drive(
    url: str,
    clients: int,
    duration: float,
    endpoints: list[str],
    keys: list[str | None],
    max_requests: int,
    rate: float = 0.0,
    warmup: float = 0.0,
) -> Run:
    await prime(url, endpoints, keys[0])
    await asyncio.sleep(warmup)
    run = Run()
    budget = [max_requests]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(60.0, connect=5.0)
    sessions = [
        httpx.AsyncClient(
            base_url=url, timeout=timeout, limits=limits, headers={"X-API-Key": k} if k else None, trust_env=False
        )
        for k in keys
    ]
    run.started = time.monotonic()
    stop_at = run.started + duration
    try:
        await asyncio.gather(
            *(
                client_loop(sessions[i % len(sessions)], i, endpoints, stop_at, budget, run, rate)
                for i in range(clients)
            )
        )
    finally:
        run.ended = time.monotonic()
        for session in sessions:
            await session.aclose()
    return run


def summarise(run: Run, clients: int) -> dict[str, object]:
    elapsed = max(run.ended - run.started, 1e-9)
    report: dict[str, object] = {"clients": clients, "seconds": round(elapsed, 1), "endpoints": {}}
    report["load_average"] = [round(x, 2) for x in os.getloadavg()]  # the machine is shared: say how busy it was
    grouped: dict[str, list[Result]] = defaultdict(list)
    for result in run.results:
        grouped[result.endpoint].append(result)
    for endpoint, results in sorted(grouped.items()):
        ok = [r.seconds for r in results if 200 <= r.status < 300]
        refused = [r.seconds for r in results if r.status in (429, 503)]
        errors = [r for r in results if not (200 <= r.status < 300 or r.status in (429, 503))]

        def ms(values: list[float], q: float) -> float | None:
            value = percentile(values, q)
            return None if value is None else round(value * 1000, 1)

        report["endpoints"][endpoint] = {  # type: ignore[index]
            "requests": len(results),
            "ok": len(ok),
            "ok_per_s": round(len(ok) / elapsed, 2),
            "p50_ms": ms(ok, 50),
            "p90_ms": ms(ok, 90),
            "p99_ms": ms(ok, 99),
            "max_ms": ms(ok, 100),
            "refused": len(refused),
            "refused_p99_ms": ms(refused, 99),
            "errors": len(errors),
            "codes": dict(Counter(r.error or str(r.status) for r in results if r.status != 200)),
        }
    return report


def check_loopback(url: str) -> None:
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to load-test {host!r}: only {', '.join(sorted(LOOPBACK))} are allowed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    with tempfile.TemporaryDirectory() as tmp:
        if args.spawn:
            overrides = dict(item.split("=", 1) for item in args.server_env)
            if args.keys:
                keys = make_keys(Path(tmp) / "keys.json", args.clients)
                overrides |= {"QA_REQUIRE_API_KEY": "true", "QA_API_KEYS_FILE": str(Path(tmp) / "keys.json")}
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
