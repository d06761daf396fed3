"""The answer-sentence scorer: one feature extractor, one score, one calibration file.

Serving (``Answerer.score``) and calibration (``calibrate.py``, ``eval/train_scorer.py``) call the
same two methods, so a threshold is always the threshold of the scorer that produced it:

    features = scorer.features(context, candidates, vectors)   # (n, len(FEATURES))
    scores = scorer.score(features)                              # (n,)

A scorer's parameters, weak-evidence threshold and confidence slope live in a versioned JSON
file beside this module (``models/<name>.json``, first keys ``format`` and ``version``); a missing
file or another format is an error at start-up, not at the first question.

Two kinds share the features:
- ``hand``: (w * cosine + (1 - w) * overlap) / (1 + decay * passage rank), times
  (1 - type_penalty) when the question asks for a kind of answer the sentence lacks.
- ``logistic`` (learned by ``python -m eval.train_scorer``; its ``trained`` block says on which data):
  a ranking part, linear in the standardised features and fitted as a softmax over each question's
  candidates, orders the sentences; an evidence part, a logistic regression on the question's best
  hand-formula score, cosine and overlap, gives the probability that the best sentence answers.
  Scores are evidence * exp(temperature * (rank - best rank)): the best sentence scores the evidence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from indexer.keyword import analyze
from qa_service.answering import model_files
from qa_service.answering.answer_types import AnswerType, has_type
from qa_service.answering.candidates import Candidate
from qa_service.answering.content_free import content_words
from qa_service.answering.scoring import Scored, overlap

FORMAT = "wsis-qa sentence scorer"
VERSION = 1
MODELS = model_files.MODELS
FEATURES = (
    "cosine",  # MiniLM cosine of question and sentence (negatives clipped to 0)
    "cosine_gap",  # cosine minus the best cosine among the candidates (0 for the best)
    "overlap",  # share of the question's IDF mass in the sentence (scoring.overlap)
    "overlap_gap",  # overlap minus the best overlap among the candidates
    "passage_rank",  # rank of the sentence's passage in the search result, 0 = best
    "passage_score",  # the passage's fused retrieval score relative to the best passage's
    "type_match",  # 1 when the question asks for a kind of answer (answer_types) and the sentence has one
    "type_missing",  # 1 when it asks for one and the sentence has none
    "content_words",  # log(1 + words left after stop words and speech formulae)
    "heading_overlap",  # share of the question's IDF mass in the passage's section headings
    "position",  # where the sentence starts in its passage, 0 = first character, 1 = last
    "has_terms",  # 1 when the question has content terms at all (else it is judged on meaning alone)
    "topic_missing",  # 1 when the question asks about a topic (asked_topic) whose rarest term the passage lacks
)


class ScorerFileError(RuntimeError):
    """The scorer's calibration file is missing, unreadable, or of another format or version."""


@dataclass(frozen=True)
class QuestionContext:
    """What the scorer needs of the question: its vector, its IDF-weighted terms, the answer type it asks."""

    vector: np.ndarray
    terms: dict[str, float]
    answer_type: AnswerType | None = None
    counted: tuple[str, ...] = ()  # the noun a "how many" question counts (quantities.counted_noun)
    topic: tuple[str, ...] = ()  # stems of the topic asked about (asked_topic.topic_phrase)
    forms: dict[str, frozenset[str]] = field(default_factory=dict)  # other stems that count as a term (word_forms)


@dataclass(frozen=True)
class SentenceScorer:
    name: str
    kind: str  # "hand" or "logistic"
    params: dict[str, Any]
    threshold: float  # weak evidence: abstain when the best sentence scores below this
    confidence_slope: float  # confidence = sigmoid(slope * (evidence - threshold))
    trained: dict[str, Any] = field(default_factory=dict)

    def features(self, context: QuestionContext, candidates: Sequence[Candidate], vectors: np.ndarray) -> np.ndarray:
        """One row per candidate, columns in ``FEATURES`` order."""
        return features(context, candidates, vectors)

    def score(self, x: np.ndarray) -> np.ndarray:
        """Scores of one question's candidate rows; the best is the question's evidence, compared with ``threshold``."""
        x = np.asarray(x, dtype=np.float64).reshape(-1, len(FEATURES))
        if self.kind == "hand":
            return _hand(x, self.params)
        if not len(x):
            return np.zeros(0)
        # The ranking part orders the sentences; the evidence part says how likely the best one answers at all.
        rank = self.params["rank"]
        r = ((x - np.asarray(rank["mean"])) / np.asarray(rank["scale"])) @ np.asarray(rank["weights"])
        ev = self.params["evidence"]
        q = question_features(x, self.params["hand"])
        z = ev["bias"] + ((q - np.asarray(ev["mean"])) / np.asarray(ev["scale"])) @ np.asarray(ev["weights"])
        evidence = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
        # The temperature spreads the runners-up's scores, and so how many sentences compose.select keeps.
        scores = evidence * np.exp((r - r.max()) * rank.get("temperature", 1.0))
        # A sentence without the kind of answer asked ("how many X" and no count of X) is a weaker answer.
        return np.asarray(scores * (1.0 - self.params.get("type_penalty", 0.0) * x[:, FEATURES.index("type_missing")]))

    def rank(self, context: QuestionContext, candidates: Sequence[Candidate], vectors: np.ndarray) -> list[Scored]:
        """Scored candidates, best first (ties: earlier passage, earlier in the document)."""
        x = self.features(context, candidates, vectors)
        scores = self.score(x) if len(candidates) else np.zeros(0)
        cos, lex = FEATURES.index("cosine"), FEATURES.index("overlap")
        out = [
            Scored(c, float(row[cos]), float(row[lex]), float(s), v)
            for c, row, s, v in zip(candidates, x, scores, vectors, strict=True)
        ]
        out.sort(key=lambda s: (-s.score, s.candidate.rank, s.candidate.start))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "kind": self.kind,
            "features": list(FEATURES),
            "params": self.params,
            "threshold": self.threshold,
            "confidence_slope": self.confidence_slope,
            "trained": self.trained,
        }


def features(context: QuestionContext, candidates: Sequence[Candidate], vectors: np.ndarray) -> np.ndarray:
    """The ``FEATURES`` of each candidate sentence for one question."""
    n = len(candidates)
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return x
    x[:, 0] = np.maximum(0.0, np.asarray(vectors, dtype=np.float64) @ np.asarray(context.vector, dtype=np.float64))
    x[:, 1] = x[:, 0] - x[:, 0].max()
    x[:, 2] = [overlap(context.terms, c.text, context.forms) for c in candidates]
    x[:, 3] = x[:, 2] - x[:, 2].max()
    x[:, 4] = [c.rank for c in candidates]
    x[:, 5] = [c.passage_score for c in candidates]
    if context.answer_type is not None:
        present = np.array(
            [has_type(context.answer_type, c.text, context.counted) for c in candidates], dtype=np.float64
        )
        x[:, 6], x[:, 7] = present, 1.0 - present
    x[:, 8] = [np.log1p(len(content_words(c.text))) for c in candidates]
    x[:, 9] = [overlap(context.terms, " ".join(c.chunk.section_path), context.forms) for c in candidates]
    x[:, 10] = [_position(c) for c in candidates]
    x[:, 11] = 1.0 if context.terms else 0.0
    rarest = max(context.topic, key=lambda stem: context.terms.get(stem, 0.0), default=None)
    if rarest is not None:
        held: dict[str, bool] = {}  # per chunk: candidates of one passage share it
        for i, c in enumerate(candidates):
            if c.chunk.chunk_id not in held:
                held[c.chunk.chunk_id] = rarest in set(analyze(c.chunk.text))
            x[i, 12] = 0.0 if held[c.chunk.chunk_id] else 1.0
    return x


EVIDENCE_FEATURES = ("hand_best", "cosine_best", "overlap_best", "has_terms", "topic_missing")


def question_features(x: np.ndarray, hand: dict[str, float]) -> np.ndarray:
    """Question-level evidence of the learned scorer: the best hand-formula score, cosine and overlap, and
    whether no passage holds the topic asked about."""
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    best_hand = float(_hand(x, hand).max()) if len(x) else 0.0
    features = (best_hand, col["cosine"].max(), col["overlap"].max(), col["has_terms"].max())
    return np.array([*features, col["topic_missing"].min()])


def _hand(x: np.ndarray, p: dict[str, float]) -> np.ndarray:
    """(w * cosine + (1 - w) * overlap) / (1 + decay * rank), less a share when the asked answer type is missing."""
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    w = np.where(col["has_terms"] > 0, p["semantic"], 1.0)
    value = (w * col["cosine"] + (1 - w) * col["overlap"]) / (1.0 + p["rank_decay"] * col["passage_rank"])
    return np.asarray(value * (1.0 - p.get("type_penalty", 0.0) * col["type_missing"]))


def _position(candidate: Candidate) -> float:
    chunk = candidate.chunk
    length = max(chunk.char_end - chunk.char_start, 1)
    return min(max((candidate.start - chunk.char_start) / length, 0.0), 1.0)


path_of = model_files.path_of


def load(name: str) -> SentenceScorer:
    """The scorer in ``models/<name>.json`` (or a path); ScorerFileError names what is wrong."""
    path = path_of(name)
    data = model_files.read(name, FORMAT, VERSION, "answer scorer", "QA_ANSWER_SCORER", ScorerFileError)
    if tuple(data.get("features", ())) != FEATURES:
        raise ScorerFileError(f"answer scorer file {path} was made for other features: {data.get('features')}")
    kind = data.get("kind")
    needed = {"hand": ("semantic", "rank_decay"), "logistic": ("rank", "evidence", "hand")}.get(str(kind))
    params = data.get("params", {})
    if needed is None or any(k not in params for k in needed):
        raise ScorerFileError(f"answer scorer file {path}: kind {kind!r} needs params {needed}")
    if kind == "logistic" and not _linear_parts_fit(params):
        raise ScorerFileError(f"answer scorer file {path}: one weight, mean and scale per feature of each part")
    return SentenceScorer(
        name=str(data.get("name", name)),
        kind=str(kind),
        params=params,
        threshold=float(data["threshold"]),
        confidence_slope=float(data["confidence_slope"]),
        trained=data.get("trained", {}),
    )


def _linear_parts_fit(params: dict[str, Any]) -> bool:
    parts = ((params["rank"], len(FEATURES)), (params["evidence"], len(EVIDENCE_FEATURES)))
    return all(len(part.get(k, ())) == n for part, n in parts for k in ("weights", "mean", "scale"))


def save(scorer: SentenceScorer, path: Path) -> None:
    path.write_text(json.dumps(scorer.to_json(), indent=1) + "\n", encoding="utf-8")
