"""The learned scorer's training command on a tiny split, and the numpy models it uses."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "scorer"


def test_logistic_fit_recovers_the_sign_of_each_feature():
    from eval.logistic import fit

    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 3))
    p = 1 / (1 + np.exp(-(2 * x[:, 0] - 1 * x[:, 1])))
    y = rng.random(2000) < p
    model = fit(x, y, l2=1.0)
    assert model.weights[0] > 1.0 and model.weights[1] < -0.5 and abs(model.weights[2]) < 0.2


def test_listwise_fit_puts_the_gold_candidate_first():
    from eval.logistic import fit_listwise

    rng = np.random.default_rng(1)
    groups = []
    for _ in range(200):
        x = rng.normal(size=(6, 2))
        y = np.zeros(6)
        y[int(np.argmax(x[:, 0] + 0.1 * rng.normal(size=6)))] = 1
        groups.append((x, y))
    model = fit_listwise(groups, [1.0] * len(groups), l2=1.0)
    assert model.weights[0] > 3 * abs(model.weights[1])


def test_auc_matches_pair_counting():
    from eval.logistic import auc

    rng = np.random.default_rng(2)
    s = rng.integers(0, 5, 40).astype(float)
    y = rng.random(40) < 0.4
    pairs = [(a > b) + 0.5 * (a == b) for a in s[y] for b in s[~y]]
    assert auc(s, y) == pytest.approx(np.mean(pairs))


def test_training_command_on_a_tiny_split(tmp_path, seed_index, embedder):
    from eval import train_scorer
    from qa_service.answering.scorer import load

    out = tmp_path / "learned.json"
    args = train_scorer.parse_args(
        [
            "--policyqa", str(FIXTURES / "policyqa_tiny.json"),
            "--questions", str(FIXTURES / "questions_tiny.json"),
            "--cases", str(FIXTURES / "cases_tiny.jsonl"),
            "--more-questions", str(FIXTURES / "speech_questions_tiny.json"),
            "--ungdc-dir", str(FIXTURES / "speeches"),
            "--ungdc-cases", "",
            "--index", str(seed_index),
            "--out", str(out),
            "--cache", str(tmp_path / "cache"),
        ]
    )  # fmt: skip
    report = train_scorer.run(args, model=embedder)
    learned = load(str(out))
    assert learned.kind == "logistic" and 0 < learned.threshold < 1
    split = learned.trained["split"]
    assert len(split["policyqa_train"]) == 2 and len(split["policyqa_heldout"]) == 2
    assert not set(split["policyqa_train"]) & set(split["policyqa_heldout"])
    assert learned.trained["command"] == "python -m eval.train_scorer"
    for name in ("hand", "learned"):
        held = report[name]["policyqa_heldout"]
        assert held["questions"] == learned.trained["data"]["policyqa_heldout_questions"] > 0
        assert 0 <= held["top1_all"] <= 1
        assert report[name]["seed_abstention"]["unanswerable"] == 2
    # The speeches' calibration set trains too (its own index), and the UNGDC suite was skipped.
    assert "speech_questions_tiny.json" in learned.trained["data"]["calibration"]
    assert "ungdc_abstention" not in report["learned"]


def test_listwise_fit_converges_with_heavy_nearly_separable_groups():
    """A full Newton step from zero overshoots here and oscillates without end (weights in the hundreds);
    halving it until the loss falls reaches the optimum: both features count, positively."""
    from eval.logistic import fit_listwise

    rng = np.random.default_rng(3)
    groups, weights = [], []
    for _ in range(100):
        x = rng.normal(size=(8, 2))
        y = np.zeros(8)
        y[int(np.argmax(x[:, 0] + rng.normal(size=8)))] = 1
        groups.append((x, y))
        weights.append(1.0)
    for _ in range(10):  # heavy questions whose gold sentence stands far out on the second feature
        x = rng.normal(size=(30, 2))
        x[0, 1] = 8.0
        y = np.zeros(30)
        y[0] = 1
        groups.append((x, y))
        weights.append(100.0)
    model = fit_listwise(groups, weights, l2=1.0)
    assert 0 < model.weights[0] < 5 and 0 < model.weights[1] < 5


def test_evidence_quote_found_across_line_breaks():
    from eval.scorer_data import _find_loose

    text = "Intro. Norway has increased its humanitarian\nbudget by more than 65 per cent since 2013. Next."
    start, end = _find_loose(text, "humanitarian budget by more than  65 per cent")
    assert text[start:end] == "humanitarian\nbudget by more than 65 per cent"
    assert _find_loose(text, "65 per cent since 2014") is None


def test_country_folds_keep_a_country_together_and_balance_sizes():
    from eval.scorer_data import Group
    from eval.scorer_folds import country_folds

    sizes = {"BGD": 6, "NOR": 4, "IND": 4, "FJI": 2, "USA": 1, "CHN": 1}
    groups = [Group("ungdc", key, "q", True, [], None, np.zeros(0)) for key, n in sizes.items() for _ in range(n)]
    fold = country_folds(groups, 3)
    loads = [sum(n for key, n in sizes.items() if fold[key] == i) for i in range(3)]
    assert set(fold) == set(sizes) and max(loads) - min(loads) <= 2
