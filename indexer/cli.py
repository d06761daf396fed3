"""Command line: ``python -m indexer build|status|query`` (also installed as ``wsis-index``)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from indexer.config import IndexSettings

OWN_LOGGERS = ("indexer", "qa_service")  # `query` serves through qa_service's engine
VERBOSE_HELP = "also show the libraries' DEBUG and INFO log lines (faiss, torch, bm25s...)"


def main(argv: list[str] | None = None) -> int:
    settings = IndexSettings()
    # -v works before or after the command; SUPPRESS keeps a subcommand's default from undoing the main one.
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP)
    parser = argparse.ArgumentParser(prog="wsis-index", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    sub = parser.add_subparsers(dest="command", required=True)
    build_p = sub.add_parser("build", help="build or incrementally update the index from the corpus", parents=[verbose])
    build_p.add_argument("--corpus", type=Path, default=settings.corpus_dir, help="corpus folder (QA_CORPUS_DIR)")
    build_p.add_argument("--index", type=Path, default=settings.index_dir, help="index folder (QA_INDEX_DIR)")
    build_p.add_argument("--strict", action="store_true", help="exit non-zero when any file fails to load")
    status_p = sub.add_parser("status", help="show the active snapshot", parents=[verbose])
    status_p.add_argument("--index", type=Path, default=settings.index_dir)
    status_p.add_argument("--verify", action="store_true", help="check every file's sha256")
    status_p.add_argument("--json", action="store_true")
    query_p = sub.add_parser("query", help="print the top passages for a question", parents=[verbose])
    query_p.add_argument("text")
    query_p.add_argument("--index", type=Path, default=settings.index_dir)
    query_p.add_argument("-k", type=int, default=5)
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    if args.command == "build":
        return _build(args, settings)
    if args.command == "status":
        return _status(args)
    return _query(args)


def configure_logging(verbose: bool) -> None:
    """The CLI's own progress and every warning; other libraries' DEBUG/INFO lines only with -v.

    Without the filter a new user reads faiss's probing ("Could not load library with AVX512
    support ... ModuleNotFoundError") as a failure. A filter on the handler, not logger levels:
    libraries such as bm25s set their own loggers to DEBUG.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    if not verbose:
        handler.addFilter(_own_or_warning)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True)


def _own_or_warning(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING or record.name.split(".")[0] in OWN_LOGGERS


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
