"""The load generator of bench/load.py: paced or back-to-back clients, and the report of what they got."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

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
