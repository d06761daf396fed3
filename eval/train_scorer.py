"""Train the logistic answer-sentence scorer and its abstention threshold; report it beside the hand-set one.

    .venv/bin/python -m eval.train_scorer [--policyqa ../shared/data/policyqa/dev.json]
        [--questions eval/calibration/questions.json] [--cases eval/cases.jsonl]
        [--out qa_service/answering/models/learned.json] [--report out.json]

Data and split (written into the model file's ``trained`` block):
- PolicyQA dev, split BY POLICY (sorted titles; every second one held out): the train half's
  questions train the sentence weights; the held-out half gives the ranking figures (AUC, top-1)
  and the "gold span inside the composed answer" rate, for both scorers.
- eval/calibration/questions.json: its answerable questions ("expect" marks the positive
  sentence) and unanswerable ones (all negatives) train the weights too, and set the
  weak-evidence threshold (widest interval of best balanced accuracy) and confidence slope.
- eval/calibration/ungdc_questions.json: the same over five 2021 speeches outside the UNGDC eval subset
  (an index of them is built on the fly), so the evidence model sees a corpus of many speakers too.
- eval/cases.jsonl (the seed suite) is never trained on: it gives the out-of-sample abstention precision,
  recall and balanced accuracy of both scorers; so does eval/ungdc/cases.jsonl (the UNGDC suite).
- With --ungdc-weight W > 0, the UNGDC suite's answerable single-question cases also train the sentence weights
  (the sentence holding an evidence quote is the positive; rows weigh W): the suite's ranking is then in-sample,
  and the model's ``trained`` block says so. --folds K reports their ranking figures out of fold (K folds by
  country, each scored by a scorer trained without it); with W = 0 the shipped scorer never saw them at all.
Serving only loads the JSON file (qa_service/answering/scorer.py); nothing here runs at serving.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from eval import logistic, scorer_folds
from eval.scorer_data import (
    Group,
    add_calibration_arguments,
    calibration_corpus,
    calibration_groups,
    corpus_answerer,
    evidence_groups,
    policyqa_answerer,
    policyqa_groups,
    seed_groups,
    speeches_answerer,
    ungdc_subset_answerer,
)
from eval.scorer_figures import answer_rate, evidence_of, figures
from qa_service.answering.calibrate import best_threshold, logistic_slope
from qa_service.answering.scorer import EVIDENCE_FEATURES, FEATURES, SentenceScorer, load, question_features, save

REPO = Path(__file__).resolve().parents[1]
COMMAND = "python -m eval.train_scorer"
# How many runners-up join the best sentence: chosen on the training policies to match the hand scorer's length.
TEMPERATURES = (1.0, 0.5, 0.3, 0.2, 0.1)
# A sentence without the answer type asked (a count of X for "how many X", a date for "when") loses this share.
TYPE_PENALTIES = (0.0, 0.2, 0.4, 0.6)


def split_policies(policies: list[str], every: int = 2) -> tuple[list[str], list[str]]:
    """(train, held out): every ``every``-th policy of the sorted list is held out, starting with the second."""
    ordered = sorted(policies)
    held = ordered[1::every]
    return [p for p in ordered if p not in held], held


def train(
    groups: list[Group], hand: SentenceScorer, calibration_weight: float, l2: float, ungdc_weight: float = 0.0
) -> SentenceScorer:
    """The learned scorer: ranking weights from every question with a gold sentence among its candidates
    (UNGDC suite cases weigh ``ungdc_weight``), evidence weights and threshold from the calibration questions
    (answerable vs unanswerable)."""
    weight = {"calibration": calibration_weight, "ungdc": ungdc_weight}
    with_gold = [g for g in groups if g.labels.any() and weight.get(g.source, 1.0) > 0]
    ranking = logistic.fit_listwise(
        [(g.seen.features, g.labels.astype(np.float64)) for g in with_gold],
        [weight.get(g.source, 1.0) for g in with_gold],
        l2,
    )
    calibration = [g for g in groups if g.source == "calibration" and not g.seen.notice and len(g.seen.features)]
    q = np.vstack([question_features(g.seen.features, hand.params) for g in calibration])
    y = np.array([g.answerable for g in calibration], dtype=np.float64)
    evidence = logistic.fit(q, y, l2=l2)
    params = {
        "rank": {"weights": ranking.weights.tolist(), "mean": ranking.mean.tolist(), "scale": ranking.scale.tolist()},
        "evidence": {
            "features": list(EVIDENCE_FEATURES),
            "bias": evidence.bias,
            "weights": evidence.weights.tolist(),
            "mean": evidence.mean.tolist(),
            "scale": evidence.scale.tolist(),
        },
        "hand": dict(hand.params),
    }
    params["type_penalty"], threshold = type_penalty(params, calibration, y)
    draft = SentenceScorer("learned", "logistic", params, 0.5, 1.0)
    ev = evidence_of(draft, calibration)  # the temperature does not change the best score
    slope, _ = logistic_slope(ev - threshold, y)
    scorer = SentenceScorer("learned", "logistic", params, round(threshold, 4), round(slope, 2))
    policyqa = [g for g in groups if g.source == "policyqa"]
    # Longer answers contain the gold more often but are less precise: match the hand scorer's length, so
    # that a difference in the figures comes from which sentences are chosen, not from how many.
    target = answer_rate(hand, policyqa)["sentences_per_answer"] if policyqa else 0.0
    params["rank"]["temperature"] = min(TEMPERATURES, key=lambda t: abs(_length(scorer, policyqa, t) - target))
    return scorer


def type_penalty(params: dict[str, Any], calibration: list[Group], y: np.ndarray) -> tuple[float, float]:
    """(penalty, threshold): the share taken off a sentence without the answer type asked that best serves the
    calibration questions: balanced accuracy of abstaining, then how often the best sentence is the expected one,
    then the margin around the threshold, then the larger penalty: where the data cannot tell them apart, issue
    12's rule decides (among close sentences, prefer the one holding an answer of the asked type)."""
    rows = []
    for penalty in TYPE_PENALTIES:
        scorer = SentenceScorer("learned", "logistic", {**params, "type_penalty": penalty}, 0.5, 1.0)
        ev = evidence_of(scorer, calibration)
        threshold, accuracy = best_threshold(ev[y == 1], ev[y == 0])
        margin = float(np.sort(np.abs(ev - threshold))[: max(1, len(ev) // 10)].mean())  # closest tenth
        top1 = np.mean([g.labels[int(np.argmax(scorer.score(g.seen.features)))] for g in calibration if g.answerable])
        rows.append((round(accuracy, 6), round(float(top1), 6), round(margin, 6), penalty, threshold))
    accuracy, top1, _, chosen, threshold = max(rows)
    print(
        f"[train_scorer] type penalty {chosen} (balanced accuracy {accuracy:.3f}, top-1 {top1:.3f}); {rows}",
        file=sys.stderr,
    )
    return chosen, threshold


def _length(scorer: SentenceScorer, groups: list[Group], temperature: float) -> float:
    scorer.params["rank"]["temperature"] = temperature
    return answer_rate(scorer, groups)["sentences_per_answer"] if groups else 0.0


def run(args: argparse.Namespace, model: Any = None) -> dict[str, Any]:
    """Collect, train, save ``args.out``; returns the figures of both scorers. ``model``: an embedder to reuse."""
    from eval.embcache import CachedEmbedder, EmbeddingCache
    from indexer.embedder import make_embedder

    embedder = CachedEmbedder(EmbeddingCache(model or make_embedder(threads=1), args.cache))
    with policyqa_answerer(args.policyqa, embedder) as (answerer, squad):
        pq = policyqa_groups(answerer, squad, args.limit)
    train_policies, held_policies = split_policies(sorted({g.key for g in pq}), args.every)
    with corpus_answerer(args.index, args.corpus, embedder) as answerer:
        calibration = calibration_groups(answerer, args.questions)
        seed = seed_groups(answerer, args.cases)
    for extra in args.more_questions:  # calibration sets over speeches of their own ("corpus" key)
        with speeches_answerer(calibration_corpus(extra), args.ungdc_dir, embedder) as answerer:
            calibration += calibration_groups(answerer, extra)
    ungdc: list[Group] = []
    evidence: list[Group] = []  # UNGDC suite cases labelled by their evidence quotes
    if str(args.ungdc_cases) not in ("", "."):
        with ungdc_subset_answerer(embedder) as answerer:
            ungdc = seed_groups(answerer, args.ungdc_cases, "ungdc")
            evidence = evidence_groups(answerer, args.ungdc_cases) if args.ungdc_weight or args.folds else []
    base = [g for g in pq if g.key in train_policies] + calibration
    held = [g for g in pq if g.key in held_policies]
    hand = load("hand")

    def fit(cases: list[Group]) -> SentenceScorer:
        return train(base + cases, hand, args.calibration_weight, args.l2, args.ungdc_weight)

    learned = fit(evidence if args.ungdc_weight else [])
    learned.trained.update(
        {
            "command": COMMAND,
            "split": {"policyqa_train": train_policies, "policyqa_heldout": held_policies},
            "data": {
                "policyqa": str(args.policyqa.name),
                "policyqa_train_questions": sum(g.key in train_policies for g in pq),
                "policyqa_heldout_questions": len(held),
                "calibration": f"{', '.join(q.name for q in [args.questions, *args.more_questions])}: "
                f"all {len(calibration)} questions (ranking, evidence)",
                "never_trained_on": "cases.jsonl (the seed suite), the held-out policies"
                + (" and ungdc/cases.jsonl (the UNGDC suite)" if not args.ungdc_weight else ""),
            }
            | (
                {
                    "ranking_in_sample": f"ungdc/cases.jsonl: its {sum(g.labels.any() for g in evidence)} answerable "
                    "single-question cases with an evidence sentence among the candidates (ranking only; the UNGDC "
                    "suite's answer ranking is in-sample, its abstention figures are not)"
                }
                if args.ungdc_weight
                else {}
            ),
            "calibration_weight": args.calibration_weight,
            "ungdc_weight": args.ungdc_weight,
            "l2": args.l2,
        }
    )
    report = {
        "ranking_weights": dict(zip(FEATURES, np.round(learned.params["rank"]["weights"], 4).tolist(), strict=True)),
        "evidence_weights": dict(
            zip(EVIDENCE_FEATURES, np.round(learned.params["evidence"]["weights"], 4).tolist(), strict=True)
        ),
        "hand": figures(hand, held, calibration, seed, ungdc),
        "learned": figures(learned, held, calibration, seed, ungdc),
        "learned_threshold": learned.threshold,
        "learned_slope": learned.confidence_slope,
        "trained": learned.trained,
    }
    if args.folds and evidence:
        trained_on_them = scorer_folds.out_of_fold(evidence, args.folds, fit) if args.ungdc_weight else None
        report["ungdc_cases_out_of_fold"] = {
            "folds": args.folds,
            "hand": scorer_folds.case_figures([(hand, g) for g in evidence]),
            "learned": scorer_folds.case_figures(trained_on_them or [(learned, g) for g in evidence]),
        }
        learned.trained["figures_out_of_fold"] = report["ungdc_cases_out_of_fold"]
    held_out = ("policyqa_heldout", "seed_abstention", "ungdc_abstention")
    learned.trained["figures"] = {k: report["learned"][k] for k in held_out if k in report["learned"]}
    save(learned, args.out)
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policyqa", type=Path, default=REPO.parent / "shared" / "data" / "policyqa" / "dev.json")
    add_calibration_arguments(parser)
    parser.add_argument("--cases", type=Path, default=REPO / "eval" / "cases.jsonl")
    parser.add_argument(
        "--ungdc-cases", type=Path, default=REPO / "eval" / "ungdc" / "cases.jsonl", help="held out; '' skips them"
    )
    parser.add_argument("--index", type=Path, default=None, help="an index of --corpus (default: build one)")
    parser.add_argument("--out", type=Path, default=REPO / "qa_service" / "answering" / "models" / "learned.json")
    parser.add_argument("--report", type=Path, default=None, help="write the figures of both scorers here")
    parser.add_argument("--limit", type=int, default=None, help="only the first N PolicyQA questions")
    parser.add_argument("--every", type=int, default=2, help="hold out every N-th policy")
    parser.add_argument("--calibration-weight", type=float, default=10.0, help="row weight of calibration questions")
    parser.add_argument(
        "--ungdc-weight",
        type=float,
        default=0.0,
        help="row weight of UNGDC suite cases in the ranking (0: the suite stays held out)",
    )
    parser.add_argument("--folds", type=int, default=0, help="UNGDC cases' ranking figures out of K folds by country")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    report = run(args)
    text = json.dumps(report, indent=1, default=_plain)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    print(text)
    print(f"[train_scorer] wrote {args.out}", file=sys.stderr)
    return 0


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return asdict(value) if hasattr(value, "__dataclass_fields__") else str(value)


if __name__ == "__main__":
    raise SystemExit(main())
