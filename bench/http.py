"""The real service over HTTP on loopback: cold start until /readyz, latency of /v1/search, peak RSS."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

from bench.stats import latency_over_runs

HOST = "127.0.0.1"  # load-test traffic goes to loopback only


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    cold_start_s: float

    def memory(self) -> dict[str, int]:
        """Peak and current resident memory of the server process, in bytes (from /proc)."""
        return process_memory(self.process.pid)


def process_memory(pid: int) -> dict[str, int]:
    """VmHWM, VmRSS and its anonymous and file-backed parts; ``rss_index_files``: the resident pages of
    mapped snapshot files (dense.faiss, BM25 arrays), shared with the page cache and other replicas."""
    fields = {"VmHWM": "peak_rss", "VmRSS": "rss", "RssAnon": "rss_anon", "RssFile": "rss_file"}
    out: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in fields:
                out[fields[key]] = int(value.split()[0]) * 1024
    out["rss_index_files"] = 0
    in_snapshot = False
    with open(f"/proc/{pid}/smaps", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            head = line.split(maxsplit=5)
            if head and "-" in head[0] and not head[0].endswith(":"):  # a mapping's header line
                in_snapshot = len(head) == 6 and "/snapshots/" in head[5]
            elif in_snapshot and head[0] == "Rss:":
                out["rss_index_files"] += int(head[1]) * 1024
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(index_dir: Path, timeout_s: float = 300.0, **env: str) -> Iterator[Server]:
    """Start ``uvicorn qa_service.app:create_app --factory`` on a free loopback port; stop it after."""
    port = free_port()
    environment = {
        **os.environ,
        "QA_INDEX_DIR": str(index_dir),
        "QA_RELOAD_INTERVAL_S": "0",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        # One client asking as fast as it can is the measurement, not abuse: no per-client rate limit.
        "QA_RATE_LIMITS": '{"search": {"rate": 0, "burst": 1}, "chat": {"rate": 0, "burst": 1}}',
        **env,
    }
    command = [sys.executable, "-m", "uvicorn", "qa_service.app:create_app", "--factory"]
    command += ["--host", HOST, "--port", str(port), "--log-level", "warning", "--no-access-log"]
    # stderr to a file, not a pipe nobody reads: the JSON access log filled the 64 KiB pipe after a few
    # hundred requests and the server then blocked on its next log line (a 60 s client time-out).
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=errors)
        base_url = f"http://{HOST}:{port}"
        try:
            cold = _wait_ready(process, base_url, started, timeout_s, errors)
            yield Server(process, base_url, cold)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(
    process: subprocess.Popen[bytes], base_url: str, started: float, timeout_s: float, errors: IO[bytes]
) -> float:
    with httpx.Client(timeout=2.0) as client:
        while time.perf_counter() - started < timeout_s:
            if process.poll() is not None:
                errors.seek(0)
                err = errors.read().decode(errors="replace")
                raise RuntimeError(f"service exited with {process.returncode}: {err[-2000:]}")
            try:
                if client.get(base_url + "/readyz").status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.02)
    raise TimeoutError(f"service not ready after {timeout_s}s")


def measure(server: Server, rounds: list[list[str]], warmup: list[str]) -> dict[str, Any]:
    """Client-side latency of GET /v1/search over one keep-alive connection, and the server's took_ms."""
    with httpx.Client(base_url=server.base_url, timeout=60.0) as client:

        def one(query: str) -> tuple[float, float]:
            started = time.perf_counter()
            response = client.get("/v1/search", params={"q": query, "k": 10})
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"/v1/search {query!r}: {response.status_code} {response.text[:300]}")
            return elapsed, float(response.json()["took_ms"])

        for query in warmup:
            one(query)
        client_ms: list[list[float]] = []
        server_ms: list[list[float]] = []
        for queries in rounds:
            pairs = [one(q) for q in queries]
            client_ms.append([p[0] for p in pairs])
            server_ms.append([p[1] for p in pairs])
        cached = [[one(q)[0] for q in queries] for queries in rounds]
        chat = _chat_latency(client, rounds[0][:20])
    result: dict[str, Any] = {
        "total": latency_over_runs(client_ms),
        "server_took_ms": latency_over_runs(server_ms),
        "total_cached_query": latency_over_runs(cached),
    }
    if chat is not None:
        result["chat"] = chat
    return result


def _chat_latency(client: httpx.Client, queries: list[str]) -> dict[str, Any] | None:
    """POST /v1/chat (answer composition included), when the service has it."""
    paths = client.get("/openapi.json").json().get("paths", {})
    if "/v1/chat" not in paths:
        return None
    samples = []
    for query in queries:
        started = time.perf_counter()
        response = client.post("/v1/chat", json={"messages": [{"role": "user", "content": query}]})
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            return {"error": f"{response.status_code} {response.text[:200]}"}
    return latency_over_runs([samples])
