"""An off-topic question that shares one ordinary word with the corpus is refused (off_topic.py): "At what
temperature does water boil at sea level?" over speeches on global temperature rise, "How many lanes does a
motorway have in smart cities?" over UNDP's smart-city work. A question far from the corpus's subject whose
best sentence holds its own terms (an acronym, a name: "What is iVerify?") and paraphrases of the submission
are still answered."""

from __future__ import annotations

import numpy as np
import pytest

from qa_service.answering import off_topic


def _unit(rows: list[list[float]]) -> np.ndarray:
    x = np.asarray(rows, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_the_centre_is_the_unit_mean_and_the_typical_chunk_cosine_its_median():
    vectors = _unit([[1, 0, 0], [1, 1, 0], [1, 0, 1], [0, 1, 1]])
    centre = off_topic.centre_of(vectors)
    assert centre is not None
    centroid, typical = centre
    mean = vectors.mean(axis=0)
    assert np.allclose(centroid, mean / np.linalg.norm(mean), atol=1e-6)
    assert typical == pytest.approx(float(np.median(vectors @ centroid)), abs=1e-6)
    # Read in blocks (memory-mapped fp16 vectors of a large corpus): the same centre.
    blocked = off_topic.centre_of(vectors.astype(np.float16), block=3)
    assert blocked is not None and np.allclose(blocked[0], centroid, atol=1e-3)
    assert off_topic.centre_of(np.zeros((0, 3), dtype=np.float32)) is None


def test_the_domain_share_is_relative_to_a_typical_chunk():
    centroid = np.array([1.0, 0.0], dtype=np.float32)
    question = np.array([0.3, np.sqrt(1 - 0.09)], dtype=np.float32)
    # A tight corpus (chunks at 0.9 of the centroid) and a broad one (0.5) measure the same question apart.
    assert off_topic.domain_share(question, (centroid, 0.9)) == pytest.approx(0.3 / 0.9)
    assert off_topic.domain_share(question, (centroid, 0.5)) == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("share", "overlap", "refused"),
    [
        (0.02, 0.26, True),  # far from the subject, one shared word: "at what temperature does water boil"
        (0.10, 1.00, False),  # far, but the sentence holds its terms: "What is iVerify?"
        (0.45, 0.10, False),  # a paraphrase: near the subject, few shared words
        (0.45, 1.00, False),
    ],
)
def test_refused_only_when_far_from_the_subject_and_its_terms_are_not_held(share, overlap, refused):
    assert off_topic.off_topic(share, overlap) is refused


@pytest.mark.parametrize(
    "question",
    ["How many lanes does a typical motorway have in smart cities?", "How long do particle accelerators run?"],
)
def test_seed_off_topic_questions_sharing_a_word_are_refused(seed_answerer, question):
    answer = seed_answerer.answer([question])
    assert answer.abstained, answer.sentences


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        ("What is iVerify?", "iVerify"),  # far from the centroid, held by its sentence
        # A paraphrase: near the subject in meaning, few words in common (which sentence answers it is the
        # scorer's business, not this rule's).
        ("How did UNDP help shops and small companies stay open while the virus spread?", ""),
    ],
)
def test_seed_questions_on_the_subject_are_still_answered(seed_answerer, question, expect):
    answer = seed_answerer.answer([question])
    assert not answer.abstained and expect in " ".join(answer.sentences)


def test_speeches_off_topic_question_sharing_temperature_is_refused(ungdc_answerer):
    refused = ungdc_answerer.answer(["At what temperature does water boil at sea level?"])
    assert refused.abstained, refused.sentences
    held = ungdc_answerer.answer(["What did Germany say about the nuclear agreement?"])
    assert not held.abstained


def test_a_question_naming_whose_statements_it_asks_about_is_left_to_the_evidence(ungdc_engine, ungdc_answerer):
    """Far from the corpus's subject, but about Fiji's own words (FJI_74_2019: "even at 1°C warming entire
    species are being made extinct and our coral reefs are dying"): a question on a speaker's statements is
    judged by its evidence, as "How hot did it get in Canada's record heatwave?" must be."""
    question = "How hot does it get when a coral reef dies in Fiji?"
    share = off_topic.domain_share(
        ungdc_engine.embed_query(question), ungdc_answerer.centres.of(ungdc_engine.index.snapshot)
    )
    assert share < off_topic.DOMAIN_FLOOR  # the rule alone would refuse it
    answer = ungdc_answerer.answer([question])
    assert not answer.abstained and "1.5°C" in " ".join(answer.sentences)


def test_a_portal_entity_filter_does_not_exempt_an_off_topic_question(ungdc_answerer):
    """A filter the caller sets (a country's portal page) says where to look, not that the question is about that
    speaker's words: unlike a name the user writes, it does not exempt the question from the off-topic rule.
    Exempted, "At what temperature does water boil at sea level?" held to Fiji was answered with a sentence on
    sea warming."""
    from qa_service.retrieval.filters import Filters

    answer = ungdc_answerer.answer(["At what temperature does water boil at sea level?"], Filters(entities=("FJI",)))
    assert answer.abstained, answer.sentences
