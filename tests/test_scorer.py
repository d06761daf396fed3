"""One sentence scorer: its file is versioned and checked at start-up, and serving and calibration call it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from qa_service.answering import scorer
from qa_service.answering.scorer import FEATURES, ScorerFileError
from tests.conftest import HEADLINE, make_settings


def _write(path, **changes):
    data = json.loads(scorer.path_of("hand").read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", ["hand", "learned"])
def test_shipped_scorer_files_load(name):
    loaded = scorer.load(name)
    assert loaded.kind in ("hand", "logistic")
    assert 0 < loaded.threshold < 1 and loaded.confidence_slope > 0


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ScorerFileError, match="not found"):
        scorer.load(str(tmp_path / "nothing.json"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "something else"}, "expected"),
        ({"version": scorer.VERSION + 1}, "expected"),
        ({"features": list(FEATURES[:-1])}, "other features"),
        ({"kind": "logistic"}, "needs params"),
    ],
)
def test_mismatched_file_is_a_clear_error(tmp_path, changes, message):
    with pytest.raises(ScorerFileError, match=message):
        scorer.load(_write(tmp_path / "scorer.json", **changes))


def test_service_does_not_start_with_a_bad_scorer_file(seed_index, tmp_path):
    from qa_service.app import create_app

    with pytest.raises(ScorerFileError):
        create_app(make_settings(seed_index, answer_scorer=str(tmp_path / "missing.json")))


def test_threshold_comes_from_the_file_unless_settings_override(seed_engine, sentence_vectors, tmp_path):
    from qa_service.answering.answerer import Answerer

    path = _write(tmp_path / "scorer.json", threshold=0.4321)
    settings = make_settings(seed_engine.settings.index_dir, answer_scorer=path)
    assert Answerer(seed_engine, settings, sentence_vectors).threshold == 0.4321
    settings = make_settings(seed_engine.settings.index_dir, answer_scorer=path, answer_threshold=0.25)
    assert Answerer(seed_engine, settings, sentence_vectors).threshold == 0.25


@pytest.mark.parametrize("name", ["hand", "learned"])
def test_serving_and_calibration_score_alike(seed_engine, sentence_vectors, name):
    """The evidence the calibration computes for a question is the evidence serving answers with."""
    from qa_service.answering.answerer import Answerer
    from qa_service.answering.calibrate import question_features

    settings = make_settings(seed_engine.settings.index_dir, answer_scorer=name)
    answerer = Answerer(seed_engine, settings, sentence_vectors)
    served = answerer.answer([HEADLINE])
    seen = question_features(answerer, HEADLINE)
    assert served.evidence == pytest.approx(float(answerer.scorer.score(seen.features).max()))
    best = served.details["scored"][0]
    assert best.candidate.start == seen.candidates[int(np.argmax(answerer.scorer.score(seen.features)))].start


def _missing_and_holding_the_type() -> np.ndarray:
    """Two sentences equally close to a "how many" question: the first without a number, the second with one."""
    rows = np.zeros((2, len(FEATURES)))
    rows[:, FEATURES.index("cosine")] = 0.6
    rows[:, FEATURES.index("has_terms")] = 1.0
    rows[0, FEATURES.index("type_missing")] = 1.0
    rows[1, FEATURES.index("type_match")] = 1.0
    return rows


@pytest.mark.parametrize("kind", ["hand", "logistic"])
def test_scorers_prefer_a_sentence_of_the_asked_type(kind):
    """Class 5: with a type penalty the sentence holding the asked type wins; with none holding it, the
    question's evidence falls by the penalty (the learned scorer's is set by train_scorer)."""
    base = scorer.load("hand" if kind == "hand" else "learned")
    typed = scorer.SentenceScorer("t", kind, {**base.params, "type_penalty": 0.5}, base.threshold, 1.0)
    untyped = scorer.SentenceScorer("u", kind, {**base.params, "type_penalty": 0.0}, base.threshold, 1.0)
    rows = _missing_and_holding_the_type()
    missing, holding = typed.score(rows)
    assert holding > missing
    rows[1, FEATURES.index("type_match")], rows[1, FEATURES.index("type_missing")] = 0.0, 1.0
    assert typed.score(rows).max() == pytest.approx(0.5 * untyped.score(rows).max())
