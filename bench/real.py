"""One real corpus end to end: in-process latency by stage, the service over HTTP, memory and disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import http, inprocess
from bench.corpora import dir_size
from indexer import snapshot


def index_facts(index_dir: Path) -> dict[str, Any]:
    path = snapshot.current_path(index_dir)
    assert path is not None
    manifest = snapshot.read_manifest(path)
    chunks = manifest["counts"]["chunks"]
    dimension = manifest["config"]["dimension"]
    return {
        "documents": manifest["counts"]["documents"],
        "chunks": chunks,
        "dense_index": manifest.get("dense_index"),
        "disk_bytes": dir_size(path),
        "disk_bytes_by_part": {p.name: dir_size(p) if p.is_dir() else p.stat().st_size for p in path.iterdir()},
        "vector_bytes": chunks * dimension * 4,
    }


def holdings(index_dir: Path) -> tuple[list[str], list[int]]:
    """Entity names and years of the documents of an index: what its questions may name."""
    from indexer import store

    path = snapshot.current_path(index_dir)
    assert path is not None
    # The metadata columns only: opening the whole snapshot here would leave its memory in the
    # benchmark's process before bench.rss measures what the service's parts add.
    conn = store.connect_readonly(path / "store.sqlite")
    try:
        rows = conn.execute("SELECT entity, entity_name, year FROM documents").fetchall()
    finally:
        conn.close()
    names = sorted({r["entity_name"] or r["entity"] for r in rows if r["entity"]})
    return names, sorted({int(r["year"]) for r in rows if r["year"]})


def model_only_rss() -> int:
    """Peak RSS of a process that loads the service's modules and the model and embeds one query."""
    code = (
        "import torch; torch.set_num_threads(1)\n"
        "import qa_service.app, faiss, bm25s, uvicorn, pycountry\n"
        "from indexer.embedder import make_embedder\n"
        "from qa_service.settings import Settings\n"
        "e = make_embedder(threads=1, query_encoder=Settings().query_encoder); e.warm_up()\n"
        "e.encode(['what did UNDP do?']); e.encode_query('what did UNDP do?')\n"
        "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1]) * 1024


def run(
    name: str, index_dir: Path, engine_embedder: Any, rounds: list[list[str]], warmup: list[str], http_on: bool = True
) -> dict[str, Any]:
    facts = index_facts(index_dir)
    engine = inprocess.open_engine(index_dir, engine_embedder)
    result: dict[str, Any] = {"name": name, **facts, "inprocess": inprocess.measure(engine, rounds, warmup)}
    result["query_cache"] = {"hits": engine.cache.hits, "misses": engine.cache.misses}
    engine.index.snapshot.close()
    if http_on:
        with http.serve(index_dir) as server:
            result["cold_start_s"] = round(server.cold_start_s, 3)
            result["memory_after_start"] = server.memory()
            result["http"] = http.measure(server, rounds, warmup)
            result["memory"] = server.memory()
        with http.serve(index_dir, QA_VERIFY_ON_LOAD="false") as server:
            result["cold_start_no_verify_s"] = round(server.cold_start_s, 3)
    return result


if __name__ == "__main__":  # a quick look at one index: python -m bench.real INDEX_DIR
    print(json.dumps(index_facts(Path(sys.argv[1])), indent=1))
