"""Out-of-fold figures of the learned scorer on eval cases it may be trained on (``train_scorer --folds``).

Cases are grouped by country (``Group.key`` of ``scorer_data.evidence_groups``), so no speaker's questions are
both trained on and tested; countries go to the fold with the fewest cases so far, largest first. Each fold's
cases are scored by a scorer trained on everything else; the hand scorer, which is not trained, is scored on all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from eval import metrics
from eval.scorer_data import Group, answer_text, chosen_sentences
from qa_service.answering.scorer import SentenceScorer


def country_folds(groups: Sequence[Group], k: int) -> dict[str, int]:
    """Fold of each key: the largest keys first, each to the fold holding the fewest cases so far."""
    sizes = Counter(g.key for g in groups)
    load = [0] * k
    fold = {}
    for key, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        fold[key] = int(np.argmin(load))
        load[fold[key]] += size
    return fold


def out_of_fold(
    groups: Sequence[Group], k: int, fit: Callable[[list[Group]], SentenceScorer]
) -> list[tuple[SentenceScorer, Group]]:
    """(scorer trained without the group's fold, group) for every group; ``fit`` trains on the other folds."""
    fold = country_folds(groups, k)
    pairs = []
    for i in range(k):
        scorer = fit([g for g in groups if fold[g.key] != i])
        pairs += [(scorer, g) for g in groups if fold[g.key] == i]
    return pairs


def case_figures(pairs: Sequence[tuple[SentenceScorer, Group]]) -> dict[str, float]:
    """Top-1 (the best sentence is an evidence sentence, over cases with one among the candidates) and the share
    of cases whose composed answer states every key fact (an abstention states none)."""
    top1 = [bool(g.labels[int(np.argmax(s.score(g.seen.features)))]) for s, g in pairs if g.labels.any()]
    with_facts = [(s, g) for s, g in pairs if g.facts]
    stated = 0
    for scorer, g in with_facts:
        chosen = chosen_sentences(scorer, g)
        text = answer_text(chosen) if chosen is not None else None
        stated += text is not None and all(metrics.fact_found(text, alternatives) for alternatives in g.facts)
    return {
        "cases": len(pairs),
        "with_evidence_candidate": len(top1),
        "top1_with_evidence": sum(top1) / max(len(top1), 1),
        "answer_states_key_facts": stated / max(len(with_facts), 1),
    }
