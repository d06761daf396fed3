"""Run the txtai peer in a subprocess of the benchmark's environment and turn its timings into ratios."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.corpora import REPO
from bench.stats import latency_over_runs, over_runs

BENCH_VENV_PYTHON = REPO / ".venv-bench" / "bin" / "python"


def peer_python() -> Path | None:
    """This interpreter if it has txtai; else the bench venv's; None when neither has it."""
    for python in (Path(sys.executable), BENCH_VENV_PYTHON):
        if python.exists() and subprocess.run([str(python), "-c", "import txtai"], capture_output=True).returncode == 0:
            return python
    return None


def run_txtai(texts: list[str], queries: list[str], runs: int, rounds: int) -> dict[str, Any]:
    python = peer_python()
    if python is None:
        return {"skipped": "txtai is not installed: make bench creates .venv-bench with it"}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"texts": texts, "queries": queries, "runs": runs, "rounds": rounds}, handle)
    try:
        done = subprocess.run(
            [str(python), "-m", "bench.peer_txtai", handle.name], capture_output=True, text=True, cwd=REPO
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    if done.returncode != 0:
        return {"error": done.stderr[-2000:]}
    raw = json.loads(done.stdout.strip().splitlines()[-1])
    out: dict[str, Any] = {"txtai_version": raw["txtai_version"], "chunks": raw["chunks"]}
    for name, cfg in raw["configs"].items():
        out[name] = {
            "chunks_per_s": over_runs([raw["chunks"] / s for s in cfg["index_seconds"]], 2),
            "search": latency_over_runs(cfg["search_ms_rounds"]),
            "config": cfg["config"],
        }
    return out


def ratios(ours_chunks_per_s: float, ours_p50_ms: float, peer: dict[str, Any]) -> dict[str, Any]:
    """> 1 means we are ahead: our throughput over theirs, their latency over ours."""
    if "hybrid" not in peer:
        return {}
    out = {}
    for name in ("dense", "hybrid"):
        theirs = peer[name]
        out[f"indexing_vs_txtai_{name}"] = round(ours_chunks_per_s / theirs["chunks_per_s"]["median"], 3)
        out[f"search_p50_vs_txtai_{name}"] = round(theirs["search"]["p50"]["median"] / ours_p50_ms, 3)
    return out
