"""Train the answerability model: the second look at questions the sentence scorer refuses (answerability.py).

    .venv/bin/python -m eval.train_answerability [--questions eval/calibration/questions.json]
        [--more-questions eval/calibration/ungdc_questions.json] [--out qa_service/answering/models/answerability.json]
        [--report out.json]

Rows: the calibration questions (eval/calibration/questions.json over the seed corpus, ungdc_questions.json over
its five speeches) that the served sentence scorer refuses: no search notice, a factoid, best sentence under
the scorer's threshold. Label: answerable. Each row's features come from the serving code (Answerer.second_look).
- Fit: L2 logistic regression (eval/logistic.py). Cut: just above the largest probability of an unanswerable
  row (at least 0.5), so that no calibration question that should be refused is answered. Floor: half the
  weakest evidence of an answerable row above the cut (weaker questions get no second look: latency).
- Out of sample: leave-one-out over the rows (cut re-chosen without the row), and the seed and UNGDC eval
  suites (eval/cases.jsonl, eval/ungdc/cases.jsonl), never trained on: how many refused questions would be
  answered, answerable and not.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eval import logistic
from eval.scorer_data import (
    add_calibration_arguments,
    calibration_corpus,
    corpus_answerer,
    speeches_answerer,
    ungdc_subset_answerer,
)
from qa_service.answering import answerability, scorer

REPO = Path(__file__).resolve().parents[1]
COMMAND = "python -m eval.train_answerability"


@dataclass
class Row:
    source: str
    question: str
    answerable: bool
    evidence: float
    features: np.ndarray


def refused_rows(answerer: Any, questions: list[tuple[str, bool]], source: str, scorer_name: str) -> list[Row]:
    """The questions the served scorer (``scorer_name``) refuses, with the second look's features."""
    from qa_service.answering import candidates, strategy
    from qa_service.retrieval.filters import Filters

    served = scorer.load(scorer_name)
    answerer.scorer, answerer.threshold = served, served.threshold
    rows = []
    for question, answerable in questions:
        retrieved = answerer.retrieve([question], Filters())
        result = retrieved.result
        if result.applied.notice:
            continue  # refused by the search notice, whatever the evidence
        kind = strategy.answer_type(retrieved.resolution.searched, result.applied.effective, retrieved.index.catalog)
        if kind != "factoid":
            continue  # listings, comparisons and summaries are answered per document (typed.py)
        read = answerer.settings.passages_read(result.small_scope)
        scored = answerer.score(retrieved, candidates.collect(result.hits, read))
        evidence = scored[0].score if scored else 0.0
        if not scored or evidence >= answerer.threshold:
            continue
        looked = answerer.second_look(retrieved, scored, evidence)
        if looked is not None:
            rows.append(Row(source, question, answerable, evidence, looked.features))
    return rows


def calibration_questions(path: Path) -> list[tuple[str, bool]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(c["q"], True) for c in data["answerable"]] + [(c["q"], False) for c in data["unanswerable"]]


def case_questions(path: Path) -> list[tuple[str, bool]]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(c["question"], bool(c["answerable"])) for c in cases if c.get("question")]


def train(rows: list[Row], l2: float) -> tuple[logistic.Fit, float, float]:
    """(fit, cut, floor) on the rows."""
    x = np.vstack([r.features for r in rows])
    y = np.array([r.answerable for r in rows], dtype=np.float64)
    model = logistic.fit(x, y, l2=l2)
    p = _probability(model, x)
    cut = max(0.5, float(p[y == 0].max(initial=0.0)) + 1e-6)
    answered = [r.evidence for r, q in zip(rows, p, strict=True) if r.answerable and q >= cut]
    floor = 0.5 * min(answered) if answered else 0.5 * min(r.evidence for r in rows)
    return model, cut, floor


def _probability(model: logistic.Fit, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(model.bias + ((x - model.mean) / model.scale) @ model.weights, -50, 50)))


def leave_one_out(rows: list[Row], l2: float) -> dict[str, int]:
    answered = wrong = 0
    for i, row in enumerate(rows):
        model, cut, floor = train(rows[:i] + rows[i + 1 :], l2)
        if row.evidence >= floor and _probability(model, row.features[None, :])[0] >= cut:
            answered += row.answerable
            wrong += not row.answerable
    positives = sum(r.answerable for r in rows)
    return {"answerable_answered": answered, "answerable": positives, "unanswerable_answered": wrong,
            "unanswerable": len(rows) - positives}  # fmt: skip


def held_out(model: answerability.AnswerabilityModel, rows: list[Row]) -> dict[str, Any]:
    answered = [r for r in rows if r.evidence >= model.floor and model.answers(r.features)]
    return {
        "refused": len(rows),
        "refused_answerable": sum(r.answerable for r in rows),
        "answered_answerable": sum(r.answerable for r in answered),
        "answered_unanswerable": sum(not r.answerable for r in answered),
        "answered": [(r.question, r.answerable) for r in answered],
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    from eval.embcache import CachedEmbedder, EmbeddingCache
    from indexer.embedder import make_embedder

    embedder = CachedEmbedder(EmbeddingCache(make_embedder(threads=1), args.cache))
    with corpus_answerer(None, args.corpus, embedder) as answerer:
        rows = refused_rows(answerer, calibration_questions(args.questions), args.questions.stem, args.scorer)
        seed = refused_rows(answerer, case_questions(args.cases), "seed", args.scorer)
    for extra in args.more_questions:
        with speeches_answerer(calibration_corpus(extra), args.ungdc_dir, embedder) as answerer:
            rows += refused_rows(answerer, calibration_questions(extra), extra.stem, args.scorer)
    with ungdc_subset_answerer(embedder) as answerer:
        ungdc = refused_rows(answerer, case_questions(args.ungdc_cases), "ungdc", args.scorer)
    fit, cut, floor = train(rows, args.l2)
    trained = {
        "command": COMMAND,
        "rows": "calibration questions the served scorer refuses: "
        + ", ".join(f"{s}: {sum(r.source == s for r in rows)}" for s in sorted({r.source for r in rows})),
        "answerable_rows": sum(r.answerable for r in rows),
        "l2": args.l2,
        "never_trained_on": "cases.jsonl (the seed suite) and ungdc/cases.jsonl (the UNGDC suite)",
        "leave_one_out": leave_one_out(rows, args.l2),
    }
    model = answerability.AnswerabilityModel(
        name="answerability",
        weights=tuple(round(float(v), 6) for v in fit.weights),
        mean=tuple(round(float(v), 6) for v in fit.mean),
        scale=tuple(round(float(v), 6) for v in fit.scale),
        bias=round(fit.bias, 6),
        cut=round(cut, 6),
        floor=round(floor, 6),
        trained=trained,
    )
    report = {"trained": trained, "seed": held_out(model, seed), "ungdc": held_out(model, ungdc)}
    trained["held_out"] = {k: {n: v for n, v in report[k].items() if n != "answered"} for k in ("seed", "ungdc")}
    answerability.save(model, args.out)
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_calibration_arguments(parser)
    parser.add_argument("--cases", type=Path, default=REPO / "eval" / "cases.jsonl")
    parser.add_argument("--ungdc-cases", type=Path, default=REPO / "eval" / "ungdc" / "cases.jsonl")
    parser.add_argument("--out", type=Path, default=answerability.MODELS / "answerability.json")
    parser.add_argument("--report", type=Path, default=None)
    parser.add_argument("--scorer", default="learned", help="the served sentence scorer (QA_ANSWER_SCORER)")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    report = run(args)
    text = json.dumps(report, indent=1)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    print(text)
    print(f"[train_answerability] wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
