"""The corpora the benchmark runs on, and where it caches what it builds once.

The shipped corpus is read in place. The UNGDC speeches are copied (the indexer refuses
symbolic links) into a corpus folder outside the repository, under the bench cache, and
their index is built once there: later runs reuse it unless the speeches change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED_CORPUS = REPO / "corpus"
SHARED_DATA = REPO.parent / "shared" / "data"
UNGDC = SHARED_DATA / "ungdc"


def cache_dir() -> Path:
    """Where built indexes and copied corpora live: $WSIS_BENCH_CACHE or ~/.cache/wsis-qa-bench."""
    path = Path(os.environ.get("WSIS_BENCH_CACHE") or Path.home() / ".cache" / "wsis-qa-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def ungdc_files(limit: int | None = None) -> list[Path]:
    """The speeches in a stable order; with ``limit``, an even sample across years and countries."""
    if not UNGDC.is_dir():
        raise FileNotFoundError(f"UNGDC speeches not found in {UNGDC}")
    files = sorted(UNGDC.rglob("*.txt"))
    if limit is None or limit >= len(files):
        return files
    step = len(files) / limit
    return [files[int(i * step)] for i in range(limit)]


def ungdc_corpus(limit: int | None = None) -> Path:
    """A corpus folder holding copies of the (sampled) speeches, kept in the cache between runs."""
    files = ungdc_files(limit)
    target = cache_dir() / f"ungdc-corpus-{limit or 'all'}"
    target.mkdir(parents=True, exist_ok=True)
    wanted = {f.name for f in files}
    for stale in target.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    for src in files:
        dst = target / src.name
        if not dst.exists() or dst.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, dst)
    return target


def cached_index(corpus: Path, name: str, embedder: object) -> tuple[Path, float | None]:
    """An index of ``corpus`` under the cache; built (incrementally) when missing or out of date.

    Returns the index folder and the build time in seconds when it had to embed anything.
    """
    from indexer.build import build

    index_dir = cache_dir() / f"index-{name}"
    report = build(corpus, index_dir, embedder)  # type: ignore[arg-type]
    return index_dir, None if report.up_to_date else report.seconds


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
