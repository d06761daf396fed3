"""Class 6 of issue 12, the refusal side: a paraphrased question is refused because its best sentence scores under
the threshold, while an unanswerable one can score as high. The second look (answering/answerability.py) asks
whether each word that matters has a counterpart in the passages: a paraphrase's words do, a missing topic's not."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from qa_service.answering import answerability
from qa_service.answering.answerability import FEATURES, AnswerabilityFileError, content_tokens, look

PASSAGES = [
    "UNDP is helping cities as epicenters of the pandemic, and supported governments during the lockdowns.",
    "Digital solutions were launched in over 80 countries in the previous year.",
]


def _look(embedder, question: str) -> answerability.Looked:
    sentences = embedder.encode(PASSAGES)
    looked = look(question, 0.3, 5, PASSAGES, sentences, embedder.encode, embedder.encode)
    assert looked is not None
    return looked


def test_each_content_word_is_left_out_once():
    tokens = content_tokens("What is UNDP doing for urban areas?")
    assert [w for w, _ in tokens] == ["UNDP", "doing", "urban", "areas"]
    assert dict(tokens)["urban"] == "What is UNDP doing for areas?"
    assert content_tokens("What is it?") == []  # no content word: nothing to weigh, no second look


def test_paraphrased_words_have_counterparts_a_missing_topic_has_none(embedder):
    paraphrase = _look(embedder, "What is UNDP doing for urban areas hit by the coronavirus?")
    missing = _look(embedder, "What is UNDP doing on cybersecurity?")
    assert paraphrase.match["undp"] == 1.0  # the stem occurs
    assert paraphrase.match["coronavirus"] > missing.match["cybersecurity"]  # ~ "pandemic"; nothing near
    # The topic is what the question is about: leaving it out moves the question more than a filler word, and
    # the word that weighs most without a counterpart weighs more there than any of the paraphrase's.
    assert missing.importance["cybersecurity"] > paraphrase.importance["doing"]
    assert _widest(missing) > _widest(paraphrase)


def _widest(looked: answerability.Looked) -> float:
    return max(w * (1 - looked.match[k]) for k, w in looked.importance.items())


def test_the_answering_sentence_of_a_paraphrase_carries_its_words(embedder):
    """Of two sentences as close in meaning, the one whose own words stand for the question's answers it."""
    from types import SimpleNamespace

    looked = _look(embedder, "What is UNDP doing for urban areas hit by the coronavirus?")
    sentences = ["Digital solutions were launched in over 80 countries.", PASSAGES[0]]
    scored = [SimpleNamespace(candidate=SimpleNamespace(text=t), semantic=0.4) for t in sentences]
    assert answerability.answering_sentence(looked, scored, embedder.encode) == 1


def test_shipped_model_answers_more_with_more_evidence_and_less_with_a_wider_gap():
    model = answerability.load("answerability")
    x = np.array(model.mean)
    ev, gap = FEATURES.index("evidence_logit"), FEATURES.index("word_gap")
    stronger, wider = x.copy(), x.copy()
    stronger[ev] += 1.0
    wider[gap] += 0.1
    assert model.probability(stronger) > model.probability(x) > model.probability(wider)
    assert 0.5 <= model.cut < 1.0  # never looser than even odds
    assert model.trained["never_trained_on"].startswith("cases.jsonl")


def test_model_file_errors_name_the_problem(tmp_path):
    with pytest.raises(AnswerabilityFileError, match="not found"):
        answerability.load(str(tmp_path / "missing.json"))
    data = answerability.load("answerability").to_json()
    wrong = tmp_path / "other.json"
    wrong.write_text(json.dumps({**data, "version": 99}), encoding="utf-8")
    with pytest.raises(AnswerabilityFileError, match="expected"):
        answerability.load(str(wrong))
    short = tmp_path / "short.json"
    short.write_text(json.dumps({**data, "weights": data["weights"][:2]}), encoding="utf-8")
    with pytest.raises(AnswerabilityFileError, match="other features"):
        answerability.load(str(short))


@pytest.fixture(scope="module")
def answerer(seed_engine, sentence_vectors):
    from qa_service.answering.answerer import Answerer

    from .conftest import make_settings

    settings = make_settings(seed_engine.settings.index_dir, answerability_model="answerability")
    return Answerer(seed_engine, settings, sentence_vectors)


ABSENT_TOPICS = [
    "What did UNDP do on cybersecurity?",
    "What did UNDP say about 5G networks?",
    "What did UNDP do on AI?",
]


@pytest.mark.parametrize("question", ABSENT_TOPICS)
def test_second_look_still_refuses_a_topic_no_passage_names(answerer, question):
    answer = answerer.answer([question])
    assert answer.abstained


def test_a_refused_question_the_second_look_answers_is_cited_with_low_confidence(answerer):
    """With a model that answers every refused question, the answer cites the passages, and its confidence (from
    the scorer's evidence, under the threshold) stays under even odds: the reader sees it is a weak match."""
    question = "How did UNDP help little firms stay open during the health emergency?"
    assert answerer.score(answerer.retrieve([question], _filters()), _cands(answerer, question))[0].score < (
        answerer.threshold
    )
    eager = dataclasses.replace(answerer.answerability, cut=0.0, floor=0.0)
    saved, answerer.answerability = answerer.answerability, eager
    try:
        answer = answerer.answer([question])
    finally:
        answerer.answerability = saved
    assert not answer.abstained
    assert answer.citations
    assert answer.confidence < 0.5


def test_second_look_is_on_by_default_and_off_when_configured_empty(seed_engine, sentence_vectors):
    from qa_service.answering.answerer import Answerer

    from .conftest import make_settings

    settings = make_settings(seed_engine.settings.index_dir)
    assert Answerer(seed_engine, settings, sentence_vectors).answerability is not None
    off = settings.model_copy(update={"answerability_model": ""})
    assert Answerer(seed_engine, off, sentence_vectors).answerability is None


def _filters():
    from qa_service.retrieval.filters import Filters

    return Filters()


def _cands(answerer, question):
    from qa_service.answering import candidates

    retrieved = answerer.retrieve([question], _filters())
    return candidates.collect(retrieved.result.hits, answerer.settings.answer_passages)


def test_the_second_looks_words_are_warmed_with_the_snapshot(seed_engine, sentence_vectors):
    # Encoding a refused question's passage words cold took the chat's first-pass p99 to 150 ms.
    from qa_service.answering import answerability
    from qa_service.answering.answerer import Answerer

    from .conftest import make_settings

    answerer = Answerer(seed_engine, make_settings(seed_engine.settings.index_dir), sentence_vectors)
    words = list(answerability.snapshot_words(seed_engine.index.snapshot, 100_000))
    assert "pandemic" in words and "the" not in words and len(words) == len(set(words))
    answerer.warm(background=False)
    hits = answerer.words.hits
    answerer.words.get(["pandemic", "epicenters"])
    assert answerer.words.hits == hits + 2  # both were encoded ahead of any question
