"""Parsed documents kept by content hash, suffix and loader version, so that a file is parsed once.

An uploaded file is parsed in a capped child process (qa_service/admin/parse_check.py); the
child stores what it parsed here and the build takes it instead of parsing the file again in
the service's own process, which has no memory or time cap. The key holds the file's SHA-256
(what the build hashes anyway), so a file changed since is parsed afresh, and the loader
version, a hash of the loaders' source, so a cache written by other parsing code is ignored.

    entry = store(cache, sha256_of_bytes, ".pdf", parsed)   # in the child
    parsed = fetch(cache, source.content_hash, source.path) # in the build; None: parse it
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path

from indexer.document import Block, ParsedDocument

FORMAT = "wsis-qa-parsed v1"


@lru_cache(maxsize=1)
def loader_version() -> str:
    """A hash of the code that turns bytes into a ParsedDocument: any change to it misses the cache."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*(here / "loaders").glob("*.py"), here / "document.py"]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def entry_path(cache_dir: Path, content_hash: str, suffix: str) -> Path:
    return cache_dir / f"{content_hash}{suffix.lower()}-{loader_version()}.json"


def store(cache_dir: Path, content_hash: str, suffix: str, doc: ParsedDocument) -> Path:
    """Write ``doc`` atomically under its key; returns the entry's path."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = entry_path(cache_dir, content_hash, suffix)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    body = {"format": FORMAT, "loader": loader_version(), "document": asdict(doc)}
    tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path


def fetch(cache_dir: Path, content_hash: str, source: Path) -> ParsedDocument | None:
    """The parsed document of a file with this hash and suffix, if the cache has it; else None."""
    try:
        raw = json.loads(entry_path(cache_dir, content_hash, source.suffix).read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT or raw.get("loader") != loader_version():
            return None
        fields = raw["document"]
        blocks = [Block(**b) for b in fields.pop("blocks")]
        doc = ParsedDocument(blocks=blocks, **fields)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or unreadable: parse the file
    return replace(doc, source_path=str(source))
