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
