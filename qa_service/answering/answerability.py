"""A second look at a question the sentence scorer would refuse: is it a paraphrase of what the passages say?

Issue 12, class 6. The scorer's evidence (best sentence score, scorer.py) is low for a question asked in
other words than the text's ("urban areas hit hard by the coronavirus" for "cities as epicenters of the
pandemic"): its cosine is diluted by words the sentence says differently and its IDF overlap is near zero.
An unanswerable question can score as low or higher, and so no threshold on that score tells them apart.
What does tell them apart is whether *each word that matters* has a counterpart in the passages:

- ``word_gap``: every content word of the question is matched against the words of the retrieved
  passages: 1 when its stem occurs, else the MiniLM cosine of the word with its closest passage word
  ("urban" ~ "cities", "coronavirus" ~ "pandemic"); the gap is the importance-weighted mean of 1 - match,
  where a word's importance is how much leaving it out moves the question's own vector. A topic the
  passages lack ("cybersecurity", "5G") is an important word with no close counterpart: a wide gap.
- ``drop_gain``: how much better the best sentence matches the question with one word left out, at most:
  a word no sentence supports lowers the match of every sentence, and leaving it out raises it.
- ``evidence_logit`` and ``question_terms`` (log of 1 + the question's content terms): the same evidence
  means more in a long question, whose meaning no single sentence repeats word for word.

A logistic regression over these, trained on the calibration questions the scorer refuses
(``python -m eval.train_answerability``), answers only when it is surer than for any unanswerable
calibration question it saw (``cut``). The answer is one sentence (compose.select keeps no runner-up under
the threshold), chosen by the same evidence: meaning (cosine) less half the sentence's own word gap. Among
refused questions whose candidates hold the answer, that choice is right for 30 of 127 PolicyQA dev
questions (the scorer's first sentence: 26) and 5 of 6 calibration questions (4): at this evidence even
the best choice is often wrong, which is why the serving default leaves the second look off (settings).
Word vectors are cached apart from the sentence cache.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from indexer.keyword import analyze
from indexer.reader import IndexSnapshot
from qa_service.answering import model_files
from qa_service.answering.scoring import Scored

FORMAT = "wsis-qa answerability"
VERSION = 1
MODELS = model_files.MODELS
FEATURES = ("evidence_logit", "word_gap", "drop_gain", "question_terms")
SENTENCE_GAP_WEIGHT = 0.5  # the answering sentence of a paraphrase: max(cosine - this * its word gap)
Encode = Callable[[Sequence[str]], np.ndarray]

_QUESTION_TOKEN = re.compile(r"[^\W_][\w'\u2019-]*")
_PASSAGE_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*|\d\w*")


class AnswerabilityFileError(RuntimeError):
    """The answerability model file is missing, unreadable, or of another format or version."""


@dataclass(frozen=True)
class Looked:
    """What the second look saw: its features (``FEATURES`` order) and the words it weighed."""

    features: np.ndarray
    importance: dict[str, float] = field(default_factory=dict)  # content word -> how much it moves the question
    match: dict[str, float] = field(default_factory=dict)  # content word -> its best match in the passages


def content_tokens(question: str) -> list[tuple[str, str]]:
    """(word, the question without it) for each word that has a content stem, in order."""
    out = []
    for m in _QUESTION_TOKEN.finditer(question):
        if analyze(m.group()):
            out.append((m.group(), " ".join((question[: m.start()] + question[m.end() :]).split())))
    return out


def look(
    question: str,
    evidence: float,
    n_terms: int,
    passages: Sequence[str],
    sentence_vectors: np.ndarray,
    encode_texts: Encode,
    encode_words: Encode,
) -> Looked | None:
    """The features of one refused question; None when it has no content word to weigh."""
    tokens = content_tokens(question)
    if not tokens or not len(sentence_vectors) or not passages:
        return None
    vectors = encode_texts([question, *(variant for _, variant in tokens)])
    whole, variants = vectors[0], vectors[1:]
    sentences = np.asarray(sentence_vectors, dtype=np.float32)
    base = float((sentences @ whole).max())
    drop_gain = max(0.0, float((sentences @ variants.T).max(axis=0).max() - base))
    importance: dict[str, float] = {}
    for (word, _), vector in zip(tokens, variants, strict=True):
        key = word.casefold()
        importance[key] = max(importance.get(key, 0.0), 1.0 - float(vector @ whole))
    match = _matches(list(importance), passages, encode_words)
    p = min(max(evidence, 1e-4), 1 - 1e-4)
    x = np.array([math.log(p / (1 - p)), _gap(importance, match), drop_gain, math.log1p(n_terms)])
    return Looked(x, importance, match)


def answering_sentence(looked: Looked, scored: Sequence[Scored], encode_words: Encode) -> int:
    """Index of the sentence that answers a paraphrase: closest in meaning, with its own words for the question's."""
    words = list(looked.importance)
    gaps = [_gap(looked.importance, _matches(words, [s.candidate.text], encode_words)) for s in scored]
    return int(np.argmax(np.array([s.semantic for s in scored]) - SENTENCE_GAP_WEIGHT * np.array(gaps)))


def _gap(importance: dict[str, float], match: dict[str, float]) -> float:
    """Importance-weighted share of the question's words without a counterpart (1 - their best match)."""
    total = sum(importance.values())
    return sum(w * (1.0 - match[k]) for k, w in importance.items()) / total if total > 0 else 0.0


def _matches(words: list[str], passages: Sequence[str], encode_words: Encode) -> dict[str, float]:
    """1 for a word whose stems the passages hold, else its best cosine with a passage word."""
    text = " ".join(passages)
    stems = set(analyze(text))
    vocabulary = list(dict.fromkeys(w.casefold() for w in _PASSAGE_WORD.findall(text) if analyze(w)))
    out = {w: 1.0 for w in words if all(s in stems for s in analyze(w))}
    unmatched = [w for w in words if w not in out]
    if unmatched and vocabulary:
        near = encode_words(unmatched) @ encode_words(vocabulary).T
        out.update({w: float(row.max()) for w, row in zip(unmatched, near, strict=True)})
    return {w: out.get(w, 0.0) for w in words}


def snapshot_words(snapshot: IndexSnapshot, limit: int) -> Iterator[str]:
    """The distinct words the second look may ask vectors for (content words of the documents, case-folded
    as ``_matches`` takes them), stopping after ``limit``: what the word cache is warmed with."""
    seen: set[str] = set()
    for doc_id in snapshot.doc_ids:
        for word in _PASSAGE_WORD.findall(snapshot.documents[doc_id].text):
            key = word.casefold()
            if key not in seen and analyze(key):
                seen.add(key)
                yield key
                if len(seen) >= limit:
                    return


@dataclass(frozen=True)
class AnswerabilityModel:
    name: str
    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    bias: float
    cut: float  # answer a refused question only when the probability reaches this
    floor: float  # evidence under which no second look is taken (no calibration answerable was that weak)
    trained: dict[str, Any] = field(default_factory=dict)

    def probability(self, x: np.ndarray) -> float:
        z = self.bias + float(((np.asarray(x) - np.asarray(self.mean)) / np.asarray(self.scale)) @ self.weights)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def answers(self, x: np.ndarray) -> bool:
        return self.probability(x) >= self.cut

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "features": list(FEATURES),
            "weights": list(self.weights),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "bias": self.bias,
            "cut": self.cut,
            "floor": self.floor,
            "trained": self.trained,
        }


path_of = model_files.path_of


def load(name: str) -> AnswerabilityModel:
    """The model in ``models/<name>.json`` (or a path); AnswerabilityFileError names what is wrong."""
    path = path_of(name)
    data = model_files.read(name, FORMAT, VERSION, "answerability", "QA_ANSWERABILITY_MODEL", AnswerabilityFileError)
    if tuple(data.get("features", ())) != FEATURES or any(len(data.get(k, ())) != len(FEATURES) for k in _VECTORS):
        raise AnswerabilityFileError(f"answerability file {path} was made for other features: {data.get('features')}")
    return AnswerabilityModel(
        name=str(data.get("name", name)),
        weights=tuple(float(v) for v in data["weights"]),
        mean=tuple(float(v) for v in data["mean"]),
        scale=tuple(float(v) for v in data["scale"]),
        bias=float(data["bias"]),
        cut=float(data["cut"]),
        floor=float(data["floor"]),
        trained=data.get("trained", {}),
    )


_VECTORS = ("weights", "mean", "scale")


def save(model: AnswerabilityModel, path: Path) -> None:
    path.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
