"""Figures of a sentence scorer on groups of candidates (``scorer_data``), the same for the hand-set and the learned
scorer: how often its best score clears the threshold, how often the answer ``compose.select`` makes holds the gold,
and the abstention figures. ``python -m eval.train_scorer`` reports them for both; nothing here runs at serving.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from eval import logistic, metrics
from eval.scorer_data import Group, answer_text, chosen_sentences
from qa_service.answering.scorer import SentenceScorer


def evidence_of(scorer: SentenceScorer, groups: list[Group]) -> np.ndarray:
    """Best sentence score per question; -inf when the search notice stopped it (it abstains anyway)."""
    out = []
    for g in groups:
        if g.seen.notice or not len(g.seen.features):
            out.append(-np.inf if g.seen.notice else 0.0)
        else:
            out.append(float(scorer.score(g.seen.features).max()))
    return np.array(out)


def answer_rate(scorer: SentenceScorer, groups: list[Group]) -> dict[str, float]:
    """Share of questions answered, and whose composed answer (compose.select) contains a gold answer."""
    answered = contains = sentences = 0
    for g in groups:
        chosen = chosen_sentences(scorer, g)
        if chosen is None:
            continue
        answered += 1
        sentences += len(chosen)
        text = answer_text(chosen)
        contains += any(metrics.contains_phrase(text, a) for a in g.answers)
    n = max(len(groups), 1)
    per_answer = sentences / max(answered, 1)
    return {"answered": answered / n, "answer_contains_gold": contains / n, "sentences_per_answer": per_answer}


def figures(
    scorer: SentenceScorer, held: list[Group], calibration: list[Group], seed: list[Group], ungdc: list[Group]
) -> dict[str, Any]:
    ranking = logistic.ranking_figures([(scorer.score(g.seen.features), g.labels) for g in held])
    cal = [g for g in calibration if not g.seen.notice]
    cal_ev = evidence_of(scorer, cal)
    cal_y = np.array([g.answerable for g in cal], dtype=bool)
    return {
        "policyqa_heldout": {**ranking, **answer_rate(scorer, held)},
        "seed_abstention": abstention(scorer, seed),
        "calibration_abstention_in_sample": logistic.abstention_figures(cal_ev, cal_y, scorer.threshold),
    } | ({"ungdc_abstention": abstention(scorer, ungdc)} if ungdc else {})


def abstention(scorer: SentenceScorer, groups: list[Group]) -> dict[str, float]:
    """Held-out abstention figures (a question stopped by the search notice counts as abstained, as served)."""
    answerable = np.array([g.answerable for g in groups])
    return logistic.abstention_figures(evidence_of(scorer, groups), answerable, scorer.threshold)
