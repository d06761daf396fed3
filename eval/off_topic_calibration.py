"""Where the off-topic rule's cut lies on the calibration questions (qa_service/answering/off_topic.py).

    .venv/bin/python -m eval.off_topic_calibration [--json out.json]

For every calibration question (eval/calibration/questions.json over the seed corpus, ungdc_questions.json
over its five speeches) that the served answerer would answer from sentences (no search notice, a factoid) and
that names no entity (the rule leaves those to the evidence, ``Answerer._off_topic``),
it prints the question's domain share (the cosine of the whole question's vector with the corpus centroid, as a
share of a typical chunk's)
and its best sentence's overlap. The rule refuses a question under ``DOMAIN_FLOOR`` whose overlap is under
``HELD_OVERLAP``; among those under that overlap the report gives the lowest share of an answerable question
(the cut must stay under it), the highest share of an unanswerable one under that, their midpoint (the cut
chosen), and what the cut refuses of each. Never run
on the eval suites: they measure the rule.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from eval.scorer_data import add_calibration_arguments, calibration_corpus, corpus_answerer, speeches_answerer
from qa_service.answering import candidates, off_topic, strategy


def measured(answerer: Any, path: Path) -> list[dict[str, Any]]:
    """Domain share and best overlap of each calibration question answered from sentences."""
    from qa_service.answering import scorer
    from qa_service.retrieval.filters import Filters

    served = scorer.load("learned")
    answerer.scorer, answerer.threshold = served, served.threshold
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for answerable, key in ((True, "answerable"), (False, "unanswerable")):
        for case in data[key]:
            retrieved = answerer.retrieve([case["q"]], Filters())
            result = retrieved.result
            kind = strategy.answer_type(
                retrieved.resolution.searched, result.applied.effective, retrieved.index.catalog
            )
            if result.applied.notice or kind != "factoid" or result.applied.implied.entities:
                continue  # the rule judges neither typed answers nor a question naming whose statements it asks
            read = answerer.settings.passages_read(result.small_scope)
            scored = answerer.score(retrieved, candidates.collect(result.hits, read))
            centre = answerer.centres.of(retrieved.index.snapshot)
            if not scored or centre is None:
                continue
            share = off_topic.domain_share(answerer.engine.embed_query(retrieved.resolution.question), centre)
            rows.append(
                {
                    "set": path.stem,
                    "question": case["q"],
                    "answerable": answerable,
                    "kind": case.get("kind", ""),
                    "evidence": round(scored[0].score, 4),
                    "scorer_answers": scored[0].score >= answerer.threshold,
                    "share": round(share, 4),
                    "overlap": round(scored[0].lexical, 4),
                    "refused_by_rule": off_topic.off_topic(share, scored[0].lexical),
                }
            )
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    weak = [r for r in rows if r["overlap"] < off_topic.HELD_OVERLAP]  # the rows the share decides
    lowest = min((r["share"] for r in weak if r["answerable"]), default=None)
    # The cut refuses every unanswerable question it can without refusing an answerable one: the midpoint
    # between the lowest answerable share and the highest unanswerable share under it.
    under = max(
        (r["share"] for r in weak if not r["answerable"] and lowest is not None and r["share"] < lowest), default=None
    )
    far = [r for r in rows if r["share"] < off_topic.DOMAIN_FLOOR]  # the rows the overlap decides
    held = min((r["overlap"] for r in far if r["answerable"]), default=None)
    shared = max(
        (r["overlap"] for r in far if not r["answerable"] and held is not None and r["overlap"] < held), default=None
    )
    return {
        "domain_floor": off_topic.DOMAIN_FLOOR,
        "held_overlap": off_topic.HELD_OVERLAP,
        "lowest_answerable_share": lowest,
        "highest_unanswerable_share_under_it": under,
        "midpoint": None if lowest is None or under is None else round((lowest + under) / 2, 4),
        "far: lowest answerable overlap": held,
        "far: highest unanswerable overlap under it": shared,
        "far: overlap midpoint": None if held is None or shared is None else round((held + shared) / 2, 4),
        "answerable_refused": [r["question"] for r in rows if r["answerable"] and r["refused_by_rule"]],
        "unanswerable_refused": sum(not r["answerable"] and r["refused_by_rule"] for r in rows),
        "unanswerable_refused_that_the_scorer_answers": [
            r["question"] for r in rows if not r["answerable"] and r["refused_by_rule"] and r["scorer_answers"]
        ],
        "unanswerable": sum(not r["answerable"] for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_calibration_arguments(parser)
    parser.add_argument("--json", type=Path, default=None, help="write every row and the summary here")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from indexer.embedder import make_embedder

    embedder = make_embedder(threads=1)
    with corpus_answerer(None, args.corpus, embedder) as answerer:
        rows = measured(answerer, args.questions)
    for extra in args.more_questions:
        with speeches_answerer(calibration_corpus(extra), args.ungdc_dir, embedder) as answerer:
            rows += measured(answerer, extra)
    report = {"summary": summary(rows), "rows": rows}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report["summary"], indent=1))
    print("[off_topic_calibration] calibration questions only; the eval suites measure the rule", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
