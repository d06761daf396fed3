"""The versioned on-disk snapshot: layout, manifest, checksums, and the atomic CURRENT pointer.

    index/
      CURRENT                    name of the active snapshot (switched by atomic rename)
      snapshots/<name>/
        manifest.json            format version, model, chunking, documents, sha256 of every file
        store.sqlite             documents, chunks, metadata
        dense.faiss              FAISS index; vector i is chunk row i (float16 from format v2, float32 in v1)
        keyword/                 bm25s arrays (.npy without pickle) and vocabulary (.json)

A snapshot directory is written under a temporary name and renamed when complete; only
then is CURRENT switched. A crash at any point leaves the previous snapshot active.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

FORMAT_NAME = "wsis-qa-snapshot"
# v2 (2026-12): dense vectors stored as float16 (indexer/dense.py). v1 snapshots (float32 vectors) are
# still served as they are: the reader takes either storage from the FAISS file itself.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
SNAPSHOTS = "snapshots"
TMP_PREFIX = ".tmp-"


class SnapshotError(Exception):
    """A snapshot that is missing, of another format version, or fails its checksums."""


def snapshots_dir(index_dir: Path) -> Path:
    return index_dir / SNAPSHOTS


def current_name(index_dir: Path) -> str | None:
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def current_path(index_dir: Path) -> Path | None:
    name = current_name(index_dir)
    return snapshots_dir(index_dir) / name if name else None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_files(snapshot: Path) -> list[Path]:
    """Every file of a snapshot except the manifest, in a stable order."""
    return sorted(p for p in snapshot.rglob("*") if p.is_file() and p.name != MANIFEST)


def checksums(snapshot: Path) -> dict[str, str]:
    return {p.relative_to(snapshot).as_posix(): sha256_file(p) for p in data_files(snapshot)}


def read_manifest(snapshot: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((snapshot / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"{snapshot}: no {MANIFEST}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{snapshot}: unreadable {MANIFEST} ({exc})") from None
    found = f"{manifest.get('format')} v{manifest.get('format_version')}"
    if manifest.get("format") != FORMAT_NAME:
        raise SnapshotError(f"{snapshot}: format {found} is not {FORMAT_NAME}; rebuild the index")
    version = manifest.get("format_version")
    if version not in READABLE_VERSIONS:
        readable = ", ".join(f"v{v}" for v in READABLE_VERSIONS)
        newer = isinstance(version, int) and version > FORMAT_VERSION
        advice = "it was written by a newer wsis-qa: upgrade, or rebuild the index" if newer else "rebuild the index"
        raise SnapshotError(f"{snapshot}: format {found}; this code reads {FORMAT_NAME} {readable}: {advice}")
    return manifest


def verify(snapshot: Path) -> dict[str, Any]:
    """The manifest, after checking every file's sha256; raises SnapshotError on any mismatch."""
    manifest = read_manifest(snapshot)
    expected: dict[str, str] = manifest.get("files", {})
    actual = checksums(snapshot)
    problems = [f"missing {name}" for name in expected if name not in actual]
    problems += [f"unexpected {name}" for name in actual if name not in expected]
    problems += [
        f"checksum mismatch in {name}" for name, digest in expected.items() if name in actual and actual[name] != digest
    ]
    if problems:
        raise SnapshotError(f"{snapshot.name}: " + "; ".join(problems))
    return manifest


def fsync_tree(directory: Path) -> None:
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            _fsync_path(path)
    for path in sorted({p.parent for p in directory.rglob("*")} | {directory}):
        _fsync_dir(path)


def write_manifest(snapshot: Path, manifest: dict[str, Any]) -> None:
    manifest = {**manifest, "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "files": checksums(snapshot)}
    (snapshot / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def publish(index_dir: Path, tmp_dir: Path, name: str) -> Path:
    """Make a finished temporary snapshot visible, then atomically point CURRENT at it."""
    fsync_tree(tmp_dir)
    final = snapshots_dir(index_dir) / name
    os.replace(tmp_dir, final)
    _fsync_dir(final.parent)
    pointer_tmp = index_dir / f"{CURRENT}.tmp"
    with pointer_tmp.open("w", encoding="utf-8") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)
    return final


def prune(index_dir: Path, keep: int) -> list[str]:
    """Remove old snapshots and abandoned temporary ones, keeping the newest ``keep`` and CURRENT."""
    import shutil

    root = snapshots_dir(index_dir)
    if not root.is_dir():
        return []
    active = current_name(index_dir)
    removed: list[str] = []
    for stale in root.glob(TMP_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
        removed.append(stale.name)
    complete = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name, reverse=True
    )
    for old in complete[max(keep, 1) :]:
        if old.name != active:
            # Renamed first, so that a kill during the removal leaves a temporary folder
            # (removed next time), never a half-deleted snapshot under its real name.
            doomed = root / f"{TMP_PREFIX}removed-{old.name}"
            os.replace(old, doomed)
            shutil.rmtree(doomed, ignore_errors=True)
            removed.append(old.name)
    return removed


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
