"""``python -m eval validate``: check the case file against the corpus without a server;
``python -m eval schema``: write eval/schema.json from the case models."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from eval.cases import CASES_PATH, SCHEMA_PATH, json_schema, load_cases, locate_evidence


def corpus_texts(corpus_dir: Path) -> dict[str, str]:
    """doc id -> normalised text, exactly as the indexer would store it."""
    from indexer.loaders import load_file
    from indexer.scan import scan_corpus

    sources, _ = scan_corpus(corpus_dir)
    return {s.doc_id: load_file(s.path).text for s in sources}


def main(command: str, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m eval {command}")
    if command == "schema":
        parser.add_argument("--out", type=Path, default=SCHEMA_PATH)
        args = parser.parse_args(argv)
        args.out.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
        return 0
    parser.add_argument("--suite", choices=("seed", "ungdc"), default="seed", help="ungdc: the UNGDC subset's cases")
    parser.add_argument("--cases", type=Path, help="case file (default: the suite's)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="seed suite: the corpus folder")
    parser.add_argument("--speeches", type=Path, help="ungdc suite: the list of speeches (default the subset's)")
    args = parser.parse_args(argv)
    from eval.cases import CaseError
    from eval.multidoc import check_documents

    if args.suite == "ungdc":
        from eval import ungdc_subset

        cases_path, where = args.cases or ungdc_subset.CASES_PATH, "the UNGDC subset"
        texts = ungdc_subset.load_texts(speeches=args.speeches or ungdc_subset.SUBSET_PATH)
    else:
        cases_path, where, texts = args.cases or CASES_PATH, str(args.corpus), corpus_texts(args.corpus)
    try:
        cases = load_cases(cases_path)
        spans = locate_evidence(cases, texts)
        problems, notes = check_documents(cases, texts)
        if problems:
            raise CaseError(f"{len(problems)} expected-document problem(s):\n" + "\n".join(problems))
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = Counter(c.category for c in cases)
    print(f"{len(cases)} valid cases, {sum(len(s) for s in spans.values())} gold quotes located in {where}")
    for note in notes:
        print(f"  note: {note}")
    for category, n in counts.items():
        print(f"  {category:>15}: {n}")
    return 0
