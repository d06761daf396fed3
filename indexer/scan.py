"""The corpus folder: which files are documents, their ids, and their content hashes."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from indexer import metadata
from indexer.loaders import SUPPORTED_SUFFIXES


@dataclass
class Source:
    doc_id: str
    path: Path
    content_hash: str


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    """Readable, URL-safe id from the path under the corpus: 'undp-2021-cstd25-wsis-submission'."""
    relative = path.relative_to(corpus_dir).with_suffix("").as_posix()
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", relative.replace("/", "--")).strip("-") or "document"


def corpus_files(corpus_dir: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """(doc_id, path) of every document under the corpus folder, and an error line for every other file."""
    found: list[tuple[str, Path]] = []
    errors: list[str] = []
    seen: dict[str, Path] = {}
    for path in _visible_files(corpus_dir):
        if (
            path.name == metadata.MANIFEST_NAME
            or path.name.endswith(metadata.SIDECAR_SUFFIX)
            or path.name.lower() in {"readme.md", "readme.txt"}
        ):
            continue
        if path.is_symlink():
            errors.append(f"{path}: symbolic link skipped")
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            errors.append(f"{path}: unsupported file type '{path.suffix or '(none)'}'")
            continue
        doc_id = doc_id_for(path, corpus_dir)
        if doc_id in seen:
            errors.append(f"{path}: same document id '{doc_id}' as {seen[doc_id]}; skipped")
            continue
        seen[doc_id] = path
        found.append((doc_id, path))
    return found, errors


def _visible_files(corpus_dir: Path) -> list[Path]:
    """Files under the corpus folder, in path order, never entering a dot folder.

    Dot folders are the service's staging areas (``.incoming``, ``.trash``): an upload job removes
    its folder there while a request scans, so the walk must not enter them (a recursive glob did, and
    failed on the folder that vanished under it). os.walk skips a folder gone before it is listed.
    """
    files: list[Path] = []
    for folder, subfolders, names in os.walk(corpus_dir):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        files.extend(Path(folder) / name for name in names if not name.startswith("."))
    return sorted(files)


def scan_corpus(corpus_dir: Path) -> tuple[list[Source], list[str]]:
    """Documents under the corpus folder with their content hashes, and the error lines."""
    found, errors = corpus_files(corpus_dir)
    return [Source(doc_id, path, hashlib.sha256(path.read_bytes()).hexdigest()) for doc_id, path in found], errors
