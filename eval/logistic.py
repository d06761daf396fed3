"""L2-regularised logistic regression in numpy (Newton's method) and the ranking figures of a scorer.

scikit-learn is not a dependency: a dozen features and a few tens of thousands of rows are solved
exactly by a handful of Newton steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class Fit:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # per standardised feature
    bias: float


def fit(x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None, l2: float = 1.0) -> Fit:
    """Weights of p = sigmoid(bias + ((x - mean) / scale) @ weights) maximising the weighted likelihood."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, np.float64)
    mean = np.average(x, axis=0, weights=w)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w))
    scale[scale < 1e-9] = 1.0  # a constant column keeps weight 0
    z = np.hstack([(x - mean) / scale, np.ones((len(y), 1))])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -50, 50)))
        grad = z.T @ (w * (p - y)) + penalty * beta
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return Fit(mean, scale, beta[:-1], float(beta[-1]))


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve (ties count half); nan without both classes."""
    scores, labels = np.asarray(scores, np.float64), np.asarray(labels, bool)
    pos, neg = scores[labels], scores[~labels]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    values = np.concatenate([pos, neg])[order]
    # Average ranks over ties.
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def ranking_figures(groups: Sequence[tuple[np.ndarray, np.ndarray]]) -> dict[str, float]:
    """Pooled AUC, mean per-question AUC and top-1 accuracy over (scores, labels) per question.

    Top-1 is over every question (a question whose gold sentence is not among the candidates
    counts as a miss) and over the questions that have one among the candidates.
    """
    pooled_s = np.concatenate([s for s, _ in groups]) if groups else np.zeros(0)
    pooled_y = np.concatenate([y for _, y in groups]) if groups else np.zeros(0, bool)
    per_question = [auc(s, y) for s, y in groups if y.any() and not y.all()]
    hits = [bool(y[int(np.argmax(s))]) for s, y in groups if len(s)]
    with_gold = [bool(y[int(np.argmax(s))]) for s, y in groups if y.any()]
    return {
        "questions": len(groups),
        "with_gold_candidate": len(with_gold),
        "auc_pooled": auc(pooled_s, pooled_y),
        "auc_per_question": float(np.mean(per_question)) if per_question else float("nan"),
        "top1_all": sum(hits) / max(len(groups), 1),
        "top1_with_gold": sum(with_gold) / max(len(with_gold), 1),
    }


def abstention_figures(evidence: np.ndarray, answerable: np.ndarray, threshold: float) -> dict[str, float]:
    """Precision and recall of abstaining (unanswerable = positive class) and balanced accuracy."""
    evidence, answerable = np.asarray(evidence, np.float64), np.asarray(answerable, bool)
    abstained = evidence < threshold
    unanswerable = ~answerable
    right = (abstained & unanswerable).sum()
    answered_rate = (~abstained[answerable]).mean() if answerable.any() else float("nan")
    abstained_rate = abstained[unanswerable].mean() if unanswerable.any() else float("nan")
    return {
        "answerable": int(answerable.sum()),
        "unanswerable": int(unanswerable.sum()),
        "abstention_precision": float(right / abstained.sum()) if abstained.any() else float("nan"),
        "abstention_recall": float(right / unanswerable.sum()) if unanswerable.any() else float("nan"),
        "balanced_accuracy": float((answered_rate + abstained_rate) / 2),
    }


def fit_listwise(
    groups: Sequence[tuple[np.ndarray, np.ndarray]], sample_weight: Sequence[float], l2: float = 1.0
) -> Fit:
    """Weights of a softmax over each question's candidates (conditional logit): the gold sentence should
    score above the question's other candidates. Only within-question differences are learned, so a
    feature constant within a question (``has_terms``) keeps weight 0; the bias is 0."""
    x_all = np.vstack([x for x, _ in groups])
    mean = x_all.mean(axis=0)
    scale = x_all.std(axis=0)
    scale[scale < 1e-9] = 1.0
    kept = [((x - mean) / scale, y / y.sum(), w) for (x, y), w in zip(groups, sample_weight, strict=True) if y.any()]
    beta = np.zeros(x_all.shape[1])

    def loss(b: np.ndarray) -> float:
        total = 0.5 * l2 * float(b @ b)
        for z, target, w in kept:
            s = z @ b
            total += w * (s.max() + np.log(np.exp(s - s.max()).sum()) - target @ s)
        return total

    for _ in range(50):
        grad = l2 * beta
        hess = l2 * np.eye(len(beta))
        for z, target, w in kept:
            s = z @ beta
            p = np.exp(s - s.max())
            p /= p.sum()
            mu = z.T @ p
            grad += w * (mu - z.T @ target)
            hess += w * ((z * p[:, None]).T @ z - np.outer(mu, mu))
        step = np.linalg.solve(hess, grad)
        # A full Newton step can overshoot far from the optimum (heavily weighted, nearly separable groups)
        # and then oscillate without end: halve it until the loss falls.
        before = loss(beta)
        for _ in range(30):
            if loss(beta - step) <= before:
                break
            step = step / 2
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return Fit(mean, scale, beta, 0.0)
