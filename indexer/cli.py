"""Command line: ``python -m indexer build|status|query`` (also installed as ``wsis-index``)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from indexer.config import IndexSettings


def main(argv: list[str] | None = None) -> int:
    settings = IndexSettings()
    parser = argparse.ArgumentParser(prog="wsis-index", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build_p = sub.add_parser("build", help="build or incrementally update the index from the corpus")
    build_p.add_argument("--corpus", type=Path, default=settings.corpus_dir, help="corpus folder (QA_CORPUS_DIR)")
    build_p.add_argument("--index", type=Path, default=settings.index_dir, help="index folder (QA_INDEX_DIR)")
    build_p.add_argument("--strict", action="store_true", help="exit non-zero when any file fails to load")
    status_p = sub.add_parser("status", help="show the active snapshot")
    status_p.add_argument("--index", type=Path, default=settings.index_dir)
    status_p.add_argument("--verify", action="store_true", help="check every file's sha256")
    status_p.add_argument("--json", action="store_true")
    query_p = sub.add_parser("query", help="print the top passages for a question")
    query_p.add_argument("text")
    query_p.add_argument("--index", type=Path, default=settings.index_dir)
    query_p.add_argument("-k", type=int, default=5)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "build":
        return _build(args, settings)
    if args.command == "status":
        return _status(args)
    return _query(args)


def _build(args: argparse.Namespace, settings: IndexSettings) -> int:
    from indexer.build import build
    from indexer.chunking import ChunkParams
    from indexer.embedder import make_embedder

    embedder = make_embedder(settings.model_path)
    params = ChunkParams(settings.chunk_tokens, settings.chunk_overlap_tokens)
    try:
        report = build(
            args.corpus,
            args.index,
            embedder,
            params,
            keep=settings.keep_snapshots,
            exact_max=settings.exact_search_max_chunks,
            progress=sys.stderr.isatty(),
        )
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    if report.errors and args.strict:
        print(f"--strict: {len(report.errors)} file(s) failed to load", file=sys.stderr)
        return 1
    return 0


def _status(args: argparse.Namespace) -> int:
    from indexer import snapshot

    path = snapshot.current_path(args.index)
    if path is None:
        print(f"no active snapshot in {args.index}", file=sys.stderr)
        return 1
    try:
        manifest = snapshot.verify(path) if args.verify else snapshot.read_manifest(path)
    except snapshot.SnapshotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    info = {
        "snapshot": path.name,
        "created": manifest["created"],
        "counts": manifest["counts"],
        "model": manifest["config"]["model"],
        "dense_index": manifest["dense_index"],
        "chunking": manifest["config"]["chunking"],
        "verified": bool(args.verify),
    }
    if args.json:
        print(json.dumps(info))
    else:
        for key, value in info.items():
            print(f"{key}: {value}")
    return 0


def _query(args: argparse.Namespace) -> int:
    from qa_service.engine import Engine
    from qa_service.settings import Settings

    engine = Engine.from_settings(Settings(index_dir=args.index))
    result = engine.search(args.text, k=args.k)
    print(f"applied filters: {json.dumps(result.applied_filters)}")
    for rank, hit in enumerate(result.hits, start=1):
        text = " ".join(hit.chunk.text.split())
        print(f"{rank}. [{hit.chunk.chunk_id}] {hit.fused:.4f} {' > '.join(hit.chunk.section_path)}\n   {text[:300]}")
    return 0
