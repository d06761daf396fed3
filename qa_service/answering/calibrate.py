"""Calibrate the hand-set sentence scorer and its weak-evidence threshold on answerable vs unanswerable questions.

    .venv/bin/python -m qa_service.answering.calibrate [--questions eval/calibration/questions.json]
        [--corpus corpus | --index DIR] [--json out.json] [--write qa_service/answering/models/hand.json]

For every question it runs the answerer's own retrieval and the serving scorer's ``features``
(scorer.py), then, for each hand-set weighting on a small grid, scores the candidates with the
same ``score`` that serving uses and takes the best sentence score as the question's evidence.
The threshold is the midpoint of the widest interval that maximises balanced accuracy
(answerable questions answered, unanswerable ones abstained); the confidence slope is a 1-D
logistic regression of "answerable" on the evidence. ``--write`` stores the chosen weights,
threshold and slope in the scorer file that serving loads. Questions stopped by the search
notice (an entity or year the corpus lacks) abstain before any threshold and are reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa_service.answering.scorer import FEATURES, SentenceScorer, save

REPO = Path(__file__).resolve().parents[2]
GRID_SEMANTIC = (0.5, 0.6, 0.7, 0.8, 0.9)
# Decay 0 (no rank weighting) scored the same on the first set; the answerer weights by rank by design.
GRID_DECAY = (0.05, 0.1, 0.2)
GRID_TYPE_PENALTY = (0.0, 0.1, 0.2)


@dataclass
class Item:
    question: str
    answerable: bool
    expect: str | None
    notice: bool
    features: np.ndarray  # the scorer's feature rows of the candidates (scorer.FEATURES)
    texts: list[str]


def collect(questions_file: Path, index_dir: Path, scorer_name: str = "hand") -> list[Item]:
    """Each question of the file through the answerer's retrieval and the scorer's features."""
    import torch

    from qa_service.answering.answerer import Answerer
    from qa_service.engine import Engine
    from qa_service.settings import Settings

    torch.set_num_threads(1)
    settings = Settings(index_dir=index_dir, reload_interval_s=0, answer_scorer=scorer_name)
    engine = Engine(settings)
    engine.start(watch=False)
    answerer = Answerer(engine, settings)
    answerer.warm(background=False)
    data = json.loads(questions_file.read_text(encoding="utf-8"))
    items = []
    for answerable, key in ((True, "answerable"), (False, "unanswerable")):
        for case in data[key]:
            seen = question_features(answerer, case["q"])
            texts = [c.text for c in seen.candidates]
            items.append(Item(case["q"], answerable, case.get("expect"), seen.notice, seen.features, texts))
    return items


@dataclass
class Seen:
    """One question as the serving scorer sees it: stopped by the search notice, or candidates and features."""

    notice: bool
    candidates: list[Any]
    features: np.ndarray  # rows in scorer.FEATURES order
    vectors: np.ndarray


def question_features(answerer: Any, question: str, filters: Any = None) -> Seen:
    """Retrieval, candidate sentences and the scorer's features of one question, exactly as serving makes them."""
    from qa_service.answering import candidates
    from qa_service.retrieval.filters import Filters

    retrieved = answerer.retrieve([question], filters or Filters())
    notice = bool(retrieved.result.applied.notice)
    read = answerer.settings.passages_read(retrieved.result.small_scope)
    cands = [] if notice else candidates.collect(retrieved.result.hits, read)
    if not cands:
        return Seen(notice, [], np.zeros((0, len(FEATURES))), np.zeros((0, 0), np.float32))
    vectors = answerer.vectors.get([c.text for c in cands])
    x = answerer.scorer.features(answerer.question_context(retrieved), cands, vectors)
    return Seen(notice, cands, x, vectors)


def hand_scorer(semantic: float, decay: float, type_penalty: float, threshold: float = 0.0) -> SentenceScorer:
    params = {"semantic": semantic, "rank_decay": decay, "type_penalty": type_penalty}
    return SentenceScorer("hand", "hand", params, threshold, 1.0)


def evidence(item: Item, scorer: SentenceScorer) -> tuple[float, str | None]:
    """The best sentence score of a question (its evidence) and that sentence."""
    if not len(item.features):
        return 0.0, None
    values = scorer.score(item.features)
    best = int(np.argmax(values))
    return float(values[best]), item.texts[best]


def best_threshold(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float]:
    """(threshold, balanced accuracy): midpoint of the widest interval of best balanced accuracy."""
    values = np.unique(np.concatenate([pos, neg]))
    cuts = np.concatenate([[values[0] - 1e-6], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-6]])
    accs = np.array([((pos >= c).mean() + (neg < c).mean()) / 2 for c in cuts])
    top = accs.max()
    best = np.flatnonzero(np.isclose(accs, top))
    # Consecutive best cuts form intervals; take the widest and its midpoint.
    runs, start = [], best[0]
    for a, b in zip(best, best[1:], strict=False):
        if b != a + 1:
            runs.append((start, a))
            start = b
    runs.append((start, best[-1]))
    lo, hi = max(runs, key=lambda r: cuts[r[1]] - cuts[r[0]])
    low = values[lo - 1] if lo > 0 else cuts[lo]
    high = values[hi] if hi < len(values) else cuts[hi]
    return float((low + high) / 2), float(top)


def logistic_slope(x: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> tuple[float, float]:
    """Newton's method for p = sigmoid(a * x + b); returns (a, b)."""
    a, b = 1.0, 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-(a * x + b)))
        g = np.array([((p - y) * x).sum() + l2 * a, (p - y).sum()])
        w = p * (1 - p)
        h = np.array([[(w * x * x).sum() + l2, (w * x).sum()], [(w * x).sum(), w.sum() + 1e-9]])
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-9:
            break
    return float(a), float(b)


def calibrate(items: list[Item]) -> dict[str, Any]:
    scored = [i for i in items if not i.notice]
    rows = []
    for semantic in GRID_SEMANTIC:
        for decay in GRID_DECAY:
            for penalty in GRID_TYPE_PENALTY:
                rows.append(_grid_point(scored, semantic, decay, penalty))
    best = max(rows, key=lambda r: (round(r["balanced_accuracy"], 6), r["top1"], r["margin"]))
    chosen = hand_scorer(best["semantic"], best["decay"], best["type_penalty"])
    ev = [evidence(i, chosen) for i in scored]
    x = np.array([e for e, _ in ev])
    y = np.array([1.0 if i.answerable else 0.0 for i in scored])
    slope, intercept = logistic_slope(x, y)
    pos, neg = x[y == 1], x[y == 0]
    loo = _leave_one_out(x, y)
    wrong = [
        {"question": i.question, "evidence": round(e, 4), "answerable": i.answerable, "top_sentence": (t or "")[:100]}
        for (e, t), i in zip(ev, scored, strict=True)
        if (e >= best["threshold"]) != i.answerable
    ]
    return {
        "chosen": best,
        "slope": slope,
        "logistic_midpoint": -intercept / slope if slope else None,
        "answerable": _summary(pos),
        "unanswerable": _summary(neg),
        "leave_one_out_accuracy": loo,
        "misclassified": wrong,
        "notice_abstentions": [i.question for i in items if i.notice],
        "grid": rows,
        "counts": {"answerable": int(y.sum()), "unanswerable": int((1 - y).sum()), "notice": len(items) - len(scored)},
    }


def _grid_point(scored: list[Item], semantic: float, decay: float, penalty: float) -> dict[str, float]:
    ev = [evidence(i, hand_scorer(semantic, decay, penalty)) for i in scored]
    pos = np.array([e for (e, _), i in zip(ev, scored, strict=True) if i.answerable])
    neg = np.array([e for (e, _), i in zip(ev, scored, strict=True) if not i.answerable])
    threshold, bal = best_threshold(pos, neg)
    answered = [(t, i) for (_, t), i in zip(ev, scored, strict=True) if i.answerable]
    top1 = np.mean([bool(t and i.expect and i.expect in t) for t, i in answered])
    return {
        "semantic": semantic,
        "decay": decay,
        "type_penalty": penalty,
        "threshold": threshold,
        "balanced_accuracy": bal,
        "top1": float(top1),
        "margin": float(pos.min() - neg.max()),
    }


def _leave_one_out(x: np.ndarray, y: np.ndarray) -> float:
    """Accuracy when each question's decision uses a threshold chosen without it."""
    right = 0
    for k in range(len(x)):
        keep = np.arange(len(x)) != k
        threshold, _ = best_threshold(x[keep][y[keep] == 1], x[keep][y[keep] == 0])
        right += int((x[k] >= threshold) == bool(y[k]))
    return right / len(x)


def _summary(values: np.ndarray) -> dict[str, float]:
    q = np.percentile(values, [0, 10, 50, 90, 100])
    return {"n": int(len(values)), "min": q[0], "p10": q[1], "median": q[2], "p90": q[3], "max": q[4]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=REPO / "eval" / "calibration" / "questions.json")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--index", type=Path, default=None, help="an existing index dir (default: build --corpus)")
    parser.add_argument("--json", type=Path, default=None, help="write the full report here")
    parser.add_argument("--write", type=Path, default=None, help="store the chosen scorer here (models/hand.json)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index
        if index_dir is None:
            from indexer.build import build
            from indexer.embedder import make_embedder

            index_dir = Path(tmp) / "index"
            build(args.corpus, index_dir, make_embedder(threads=1))
        report = calibrate(collect(args.questions, index_dir))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
    if args.write:
        save(chosen_scorer(report, args.questions), args.write)
    _print(report)


def chosen_scorer(report: dict[str, Any], questions: Path) -> SentenceScorer:
    """The grid point chosen, with its threshold and slope, as the scorer file serving loads."""
    c = report["chosen"]
    scorer = hand_scorer(c["semantic"], c["decay"], c["type_penalty"], round(c["threshold"], 4))
    counts = report["counts"]
    trained = {
        "command": "python -m qa_service.answering.calibrate --write qa_service/answering/models/hand.json",
        "data": f"{questions.name}: {counts['answerable']} answerable, {counts['unanswerable']} unanswerable",
        "balanced_accuracy": round(c["balanced_accuracy"], 4),
        "leave_one_out_accuracy": round(report["leave_one_out_accuracy"], 4),
        "top1_sentence": round(c["top1"], 4),
    }
    return SentenceScorer("hand", "hand", scorer.params, scorer.threshold, round(report["slope"], 2), trained)


def _print(report: dict[str, Any]) -> None:
    chosen = report["chosen"]
    print(f"questions: {report['counts']}")
    for name in ("answerable", "unanswerable"):
        s = report[name]
        print(
            f"{name:13s} evidence n={s['n']} min={s['min']:.3f} p10={s['p10']:.3f} median={s['median']:.3f} "
            f"p90={s['p90']:.3f} max={s['max']:.3f}"
        )
    print("grid (semantic weight, rank decay, type penalty -> threshold, balanced accuracy, top-1 sentence, margin):")
    for r in report["grid"]:
        print(
            f"  w={r['semantic']:.1f} decay={r['decay']:.2f} type={r['type_penalty']:.1f} -> thr={r['threshold']:.4f} "
            f"bal_acc={r['balanced_accuracy']:.3f} top1={r['top1']:.3f} margin={r['margin']:+.3f}"
        )
    print(
        f"chosen: semantic={chosen['semantic']} rank_decay={chosen['decay']} type_penalty={chosen['type_penalty']} "
        f"threshold={chosen['threshold']:.4f} (balanced accuracy {chosen['balanced_accuracy']:.3f}, "
        f"top-1 sentence {chosen['top1']:.3f})"
    )
    print(f"confidence_slope={report['slope']:.2f} (logistic midpoint {report['logistic_midpoint']:.4f})")
    print(f"leave-one-out accuracy of the threshold: {report['leave_one_out_accuracy']:.3f}")
    for w in report["misclassified"]:
        kind = "answered but unanswerable" if not w["answerable"] else "abstained but answerable"
        print(f"  {kind}: {w['evidence']:.3f} {w['question']} | {w['top_sentence']}")
    if report["notice_abstentions"]:
        print(f"abstained by the search notice (entity/year absent): {report['notice_abstentions']}")


if __name__ == "__main__":
    main()
