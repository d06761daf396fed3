"""The UNGDC suite's corpus: a fixed list of General Debate speeches, indexed once in a cache folder.

``eval/ungdc/subset.txt`` names the speeches (``NOR_76_2021.txt``); their texts are read from
the shared data folder (``../shared/data/ungdc/YEAR/NAME`` beside the repository, or
``WSIS_QA_UNGDC_DIR``) and never copied into the repository. The index lives in the embedding
cache folder under a key made of the speeches' content hashes and the chunking: a second run
with the same subset reuses it (``indexer.build`` is incremental and sees it is up to date), and
every chunk and sentence vector goes through the on-disk embedding cache (``eval.embcache``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from eval.embcache import CachedEmbedder, EmbeddingCache, default_cache_dir

SUITE_DIR = Path(__file__).with_name("ungdc")
SUBSET_PATH = SUITE_DIR / "subset.txt"
CASES_PATH = SUITE_DIR / "cases.jsonl"
REPO = Path(__file__).resolve().parents[1]


def default_data_dir() -> Path:
    return Path(os.environ.get("WSIS_QA_UNGDC_DIR") or REPO.parent / "shared" / "data" / "ungdc")


def subset_names(path: Path = SUBSET_PATH) -> list[str]:
    """The file names of the subset, one a line; blank lines and ``#`` comments ignored."""
    names = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    names = [n for n in names if n]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: a speech is listed twice")
    return names


def speech_path(data_dir: Path, name: str) -> Path:
    """``NOR_76_2021.txt`` -> ``DATA/2021/NOR_76_2021.txt`` (the shared data's layout)."""
    return data_dir / Path(name).stem.rsplit("_", 1)[-1] / name


def doc_id(name: str) -> str:
    """The document id the indexer gives a speech copied flat into the corpus folder."""
    return Path(name).stem


@dataclass(frozen=True)
class SubsetIndex:
    corpus_dir: Path
    index_dir: Path
    key: str


def subset_key(data_dir: Path, names: list[str], chunk_tokens: int, overlap_tokens: int) -> str:
    """A hash of every speech's name and bytes plus the chunking: a changed text or list is a new index."""
    digest = hashlib.sha256(f"chunking {chunk_tokens}/{overlap_tokens}\n".encode())
    for name in sorted(names):
        path = speech_path(data_dir, name)
        if not path.is_file():
            raise FileNotFoundError(f"speech {name} of the UNGDC subset not found at {path}")
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def prepare(
    data_dir: Path | None = None,
    cache_dir: Path | None = None,
    chunk_tokens: int = 160,
    overlap_tokens: int = 32,
    embedder: CachedEmbedder | None = None,
    speeches: Path = SUBSET_PATH,
) -> tuple[SubsetIndex, CachedEmbedder]:
    """The subset's corpus folder and an up-to-date index of it, and the caching embedder it was built with.

    ``speeches`` may name another list (a held-out corpus of speeches no case was tuned on): its
    key differs, so it gets a cache folder of its own.
    """
    from indexer.build import build
    from indexer.chunking import ChunkParams
    from indexer.embedder import make_embedder

    data_dir = data_dir or default_data_dir()
    cache_dir = cache_dir or default_cache_dir()
    names = subset_names(speeches)
    key = subset_key(data_dir, names, chunk_tokens, overlap_tokens)
    home = cache_dir / "ungdc-subset" / key
    corpus = home / "corpus"
    _materialise(data_dir, names, corpus)
    from qa_service.settings import Settings

    # Questions as the service encodes them (QA_QUERY_ENCODER); documents from the fp32 cache.
    model = make_embedder(threads=1, query_encoder=Settings().query_encoder)
    cached = embedder or CachedEmbedder(EmbeddingCache(model, cache_dir))
    report = build(corpus, home / "index", cached, ChunkParams(chunk_tokens, overlap_tokens), keep=1)
    if report.errors:
        raise RuntimeError("building the UNGDC subset index failed:\n" + "\n".join(report.errors))
    if not report.up_to_date:
        print(f"[ungdc] {report.summary()}", file=sys.stderr, flush=True)
    return SubsetIndex(corpus, home / "index", key), cached


def _materialise(data_dir: Path, names: list[str], corpus: Path) -> None:
    """Copy the speeches flat into the cache's corpus folder (the indexer skips symbolic links).

    Each copy is written under a hidden name (the indexer skips those) and renamed into place, so a
    build running at the same time in another session never reads half a speech.
    """
    corpus.mkdir(parents=True, exist_ok=True)
    wanted = set(names)
    for stale in corpus.iterdir():
        if stale.name not in wanted and not stale.name.startswith("."):
            stale.unlink()
    for name in names:
        target = corpus / name
        if not target.exists():
            partial = corpus / f".{name}.{os.getpid()}.partial"
            shutil.copyfile(speech_path(data_dir, name), partial)
            os.replace(partial, target)


def load_texts(data_dir: Path | None = None, speeches: Path = SUBSET_PATH) -> dict[str, str]:
    """doc id -> normalised text of every listed speech, exactly as the indexer loads it."""
    from indexer.loaders import load_file

    data_dir = data_dir or default_data_dir()
    return {doc_id(n): load_file(speech_path(data_dir, n)).text for n in subset_names(speeches)}
