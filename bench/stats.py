"""Small statistics for benchmark figures: medians over repeated runs with their spread, percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank style percentile with linear interpolation (numpy's default)."""
    import numpy as np

    return float(np.percentile(np.asarray(samples, dtype=np.float64), q)) if samples else float("nan")


def latency(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50/p90/p99/mean of one round of latencies in milliseconds."""
    return {
        "p50": round(percentile(samples_ms, 50), 3),
        "p90": round(percentile(samples_ms, 90), 3),
        "p99": round(percentile(samples_ms, 99), 3),
        "mean": round(statistics.fmean(samples_ms), 3) if samples_ms else float("nan"),
        "n": len(samples_ms),
    }


def over_runs(values: Sequence[float], digits: int = 3) -> dict[str, Any]:
    """Median of repeated runs, with min, max and the spread (max - min) relative to the median."""
    if not values:
        return {"median": None, "min": None, "max": None, "spread_pct": None, "runs": 0}
    median = statistics.median(values)
    spread = (max(values) - min(values)) / median * 100 if median else 0.0
    return {
        "median": round(median, digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "spread_pct": round(spread, 1),
        "runs": len(values),
    }


def latency_over_runs(rounds: Sequence[Sequence[float]]) -> dict[str, Any]:
    """Per-round p50/p99, then the median over rounds and the spread of each."""
    per_round = [latency(r) for r in rounds if r]
    return {
        "p50": over_runs([r["p50"] for r in per_round]),
        "p99": over_runs([r["p99"] for r in per_round]),
        "mean": over_runs([r["mean"] for r in per_round]),
        "queries_per_round": per_round[0]["n"] if per_round else 0,
    }


def time_ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def loadavg() -> tuple[float, float, float]:
    """The machine's 1/5/15-minute load, recorded beside every figure (the machine is shared)."""
    import os

    return os.getloadavg()
