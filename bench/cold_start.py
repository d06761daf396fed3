"""Searches on fresh replicas from the moment they report ready: does anything load on the first requests?

    python -m bench.cold_start --index index [--replicas 2] [--rate 20] [--seconds 10]

Starts ``--replicas`` uvicorn processes of the service (bench/servers.py) over a copy of ``--index`` and the
shipped corpus, waits for each ``/readyz``, then sends ``--rate`` searches a second, alternated between the
replicas, without waiting for answers (a portal's users do not wait for each other), and prints the p50 and
the maximum latency of each half-second. Whatever a replica loads lazily on its first requests (a
dictionary, a module, a model's first call) shows as a slow first second: requests queue behind it, and
with a cap on searches in flight they are refused (503 ``overloaded``). tests/test_cold_start.py guards the
known causes; this measures the effect.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.servers import Replica

REPO = Path(__file__).resolve().parents[1]
QUERY = {"q": "What did UNDP do on disinformation in 2021?"}


async def paced(urls: list[str], rate: float, seconds: float) -> list[tuple[float, float, int]]:
    """(sent at, latency ms, status) of ``rate * seconds`` searches sent on a fixed schedule."""
    rows: list[tuple[float, float, int]] = []
    async with httpx.AsyncClient(timeout=30, trust_env=False) as client:
        started = time.monotonic()

        async def one(n: int) -> None:
            sent = time.monotonic()
            response = await client.get(urls[n % len(urls)] + "/v1/search", params=QUERY)
            rows.append((sent - started, (time.monotonic() - sent) * 1000, response.status_code))

        tasks = []
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))
            tasks.append(asyncio.create_task(one(n)))
        await asyncio.gather(*tasks)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an index folder to copy (CURRENT and snapshots)")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--rate", type=float, default=20.0, help="searches a second over all replicas")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wsis-cold-") as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        shutil.copytree(REPO / "corpus", corpus)
        shutil.copytree(args.index, index, ignore=shutil.ignore_patterns(".lock"))
        env = {"QA_CORPUS_DIR": str(corpus), "QA_INDEX_DIR": str(index), "QA_REQUIRE_API_KEY": "false"}
        replicas = [Replica(env) for _ in range(args.replicas)]
        try:
            for replica in replicas:
                replica.wait_ready()
            rows = asyncio.run(paced([r.url for r in replicas], args.rate, args.seconds))
        finally:
            for replica in replicas:
                replica.stop()
    print("from ready (s)   searches   p50 (ms)   max (ms)   not 200")
    for half in range(int(args.seconds * 2)):
        window = [(ms, status) for sent, ms, status in rows if half / 2 <= sent < half / 2 + 0.5]
        if window:
            latencies = [ms for ms, _ in window]
            refused = sum(1 for _, status in window if status != 200)
            print(
                f"{half / 2:6.1f}-{half / 2 + 0.5:<6.1f}   {len(window):8d}   {statistics.median(latencies):8.1f}"
                f"   {max(latencies):8.1f}   {refused:7d}"
            )


if __name__ == "__main__":
    main()
