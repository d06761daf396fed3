"""Paraphrased questions: the question says in other words what one sentence of a speech says.

One test per class of failure found on eval/ungdc/paraphrase_dev.jsonl (30 questions written from the
speeches). Quoted sentences are from the speeches: FJI_74_2019 ("More than 60 Fijians have paid the ultimate
sacrifice"), CHL_74_2019 ("prioritizes 26 reservoirs"), NOR_75_2020 ("Around 500,000 seafarers"),
MDV_76_2021 ("The rate of sea-level rise has tripled").
"""

from __future__ import annotations

import numpy as np
import pytest

from qa_service.answering import relations
from qa_service.answering.asked_topic import topic_phrase
from qa_service.answering.quantities import has_quantity, words_after_numbers
from qa_service.retrieval import sentence_leg
from qa_service.retrieval.hybrid import Ranked, fuse_convex
from qa_service.retrieval.question import analyze


def _ranked(rows, scores):
    return Ranked(np.array(rows, dtype=np.int64), np.array(scores, dtype=np.float32))


# -- class 1: the chunk holding the paraphrased sentence loses to chunks sharing a common word ------------
def test_the_closest_sentence_leg_adds_to_the_convex_fusion():
    dense, keyword = _ranked([1, 2], [0.9, 0.5]), _ranked([2, 3], [10.0, 2.0])
    closest = _ranked([3, 1, 2], [0.8, 0.6, 0.4])  # row 3: one sentence says what the question asks
    fused = {f.row: f.fused for f in fuse_convex(dense, keyword, 0.5, closest, 1.0)}
    assert fused == pytest.approx({1: 0.5 + 0.5, 2: 0.5 + 0.0, 3: 0.0 + 1.0})
    assert {f.row: f.fused for f in fuse_convex(dense, keyword, 0.5)} == pytest.approx({1: 0.5, 2: 0.5, 3: 0.0})


class _Sentences:
    def __init__(self, texts_of):
        self.texts_of = texts_of

    def of(self, rows):
        return [self.texts_of[r] for r in rows]


def test_a_chunk_scores_as_its_closest_sentence_or_declines_without_vectors():
    vectors = {"a b c d": [1.0, 0.0], "e f g h": [0.0, 1.0], "i j k l": [0.6, 0.8]}
    sentences = _Sentences({10: ("a b c d", "e f g h"), 11: ("i j k l",), 12: ()})
    lookup = lambda texts: np.array([vectors[t] for t in texts], dtype=np.float32)  # noqa: E731
    rows, chunk = np.array([10, 11, 12]), np.array([0.3, 0.5, 0.2], dtype=np.float32)
    raised = sentence_leg.closest_sentences(rows, chunk, np.array([0.0, 1.0]), sentences, lookup)
    assert raised is not None and raised.tolist() == pytest.approx([1.0, 0.8, 0.2])  # no sentence: its own cosine
    assert sentence_leg.closest_sentences(rows, chunk, np.array([0.0, 1.0]), sentences, lambda texts: None) is None


def test_the_sentence_vectors_are_used_only_when_at_most_a_few_must_be_encoded(embedder):
    from qa_service.answering.vectors import SentenceVectors

    vectors = SentenceVectors(embedder, size=100)
    texts = ["Around 500,000 seafarers currently await to disembark.", "More than 60 Fijians have paid."]
    assert vectors.mostly_known(texts, encode_max=1) is None and len(vectors) == 0  # declined, nothing encoded
    assert vectors.mostly_known(texts, encode_max=2) is not None and len(vectors) == 2
    assert vectors.mostly_known(texts, encode_max=0) is not None  # all cached now


def test_a_request_encodes_no_sentence_while_the_warm_up_runs(embedder):
    """A cold replica's searches queued behind the warm-up's batches and were refused past their in-flight cap."""
    import threading

    from qa_service.answering.vectors import SentenceVectors

    vectors = SentenceVectors(embedder, size=100)
    texts = ["Around 500,000 seafarers currently await to disembark."]
    done = threading.Event()
    vectors._warming = threading.Thread(target=done.wait)  # a warm-up still encoding
    vectors._warming.start()
    try:
        assert vectors.warming() and vectors.mostly_known(texts, encode_max=5) is None and len(vectors) == 0
    finally:
        done.set()
        vectors._warming.join()
    assert vectors.mostly_known(texts, encode_max=5) is not None and len(vectors) == 1


def test_a_small_scope_ranks_the_chunk_of_the_paraphrased_sentence_higher(ungdc_engine, ungdc_answerer):
    question = "How many of Fiji's soldiers have died on UN missions?"

    def every_sentence(texts):  # encodes what is missing: the ranking, not the warm-up's progress, is tested
        return ungdc_answerer.vectors.get(list(texts))

    def rank(weight: float) -> int:
        hits = ungdc_engine.search(question, 10, sentence_weight=weight, sentences=every_sentence).hits
        return next((i for i, h in enumerate(hits) if "More than 60 Fijians" in h.chunk.text), 99)

    assert rank(0.5) < rank(0.0) and rank(0.5) < 5
    whole_corpus = ungdc_engine.search("How many soldiers have died on UN missions?", 10, sentence_weight=0.5)
    assert whole_corpus.hits  # no filter: the leg is skipped (scopes over SCOPE_MAX_CHUNKS), the search stands


# -- class 2: the answer is a ratio, not a number ---------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        ("The rate of sea-level rise has tripled in comparison to the period 1901 to 1970.", True),
        ("Exports grew threefold.", True),
        ("Our financing has doubled.", True),
        ("The problems are manifold.", False),
    ],
)
def test_a_ratio_word_is_an_amount(sentence, amount):
    assert has_quantity(sentence) is amount


# -- class 3: "how many X" counted in other words -----------------------------------------------------------
def test_the_words_after_a_number_name_what_it_counts():
    sentence = "We have adopted a construction plan that prioritizes 26 reservoirs and are moving forward."
    assert "reservoirs" in words_after_numbers(sentence)
    assert words_after_numbers("Since 2019 nothing changed.") == []  # a bare year counts nothing


def test_a_count_of_a_word_alike_in_meaning_answers_how_many(embedder):
    reservoirs = "We have adopted a construction plan that prioritizes 26 reservoirs."
    seafarers = "Around 500,000 seafarers currently await to disembark or embark ships and vessels globally."
    assert relations.counts_alike(("dams",), reservoirs, embedder.encode)
    assert relations.counts_alike(("sailors",), seafarers, embedder.encode)
    assert not relations.counts_alike(("countries",), "Forty million people receive benefits.", embedder.encode)
    assert not relations.counts_alike(("dams",), reservoirs, None)  # without word vectors: the stem test only


# -- class 4: a particle read as the start of a topic ---------------------------------------------------------
def test_on_followed_by_a_conjunction_is_a_particle_not_a_topic():
    assert topic_phrase("How many sailors did Norway say were stuck waiting to get on or off their vessels?") is None
    assert topic_phrase("What did UNDP report about the gender gap in internet use?") == "the gender gap"


# -- class 5: the country named by its people ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("How many Kenyans can now buy Government bonds by phone?", ("KEN",)),
        ("How many Ghanaians had a mobile phone in 2000?", ("GHA",)),
        ("How many Fijians have died serving on peacekeeping missions?", ("FJI",)),
        ("How many Syrians did Germany take in?", ("DEU",)),  # the people counted, the country speaks
    ],
)
def test_a_people_named_in_the_plural_names_its_countrys_statements(ungdc_engine, question, speaker):
    analysis = analyze(question, ungdc_engine.index.catalog, lambda phrase: False)
    result = ungdc_engine.search(question, 5)
    assert analysis.question  # analysed without error
    assert result.applied.effective.entities == speaker
