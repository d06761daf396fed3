"""Class B: a how/why question answered by a sentence that only restates it. A sentence announcing a topic ("I
will first talk about climate change.", "Let me use this opportunity to explain why.") says nothing and is never
an answer; a restating sentence that the speaker follows with such an announcement takes what comes after the
announcement (the reason, the first measure), in its paragraph or opening the next one."""

from __future__ import annotations

import pytest

from qa_service.answering.candidates import usable
from qa_service.answering.content_free import announces_next, is_content_free
from qa_service.answering.elaborate import completed
from tests.one_document import candidate_of, composed, document_of


@pytest.mark.parametrize(
    "sentence",
    [
        "I will first talk about climate change.",
        "Let us now talk about climate change.",
        "I would like to talk about a cruel tragedy now.",
        "Let me use this opportunity to explain why.",
        "Allow me to share why we need this new paradigm.",
    ],
)
def test_topic_announcements_say_nothing(sentence):
    assert is_content_free(sentence)
    assert not usable(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Let us focus on climate action in every village.",  # a call to act, not an announcement
        "Let us talk to one another simply and speak clearly, concretely, honestly and frankly.",
        "Let me explain how we cut emissions: we taxed carbon.",  # the explanation is in the sentence
        "Let me use this opportunity to explain why Norway doubled its aid to Africa, which matters.",
    ],
)
def test_sentences_that_say_something_stay(sentence):
    assert not is_content_free(sentence)


@pytest.mark.parametrize(
    ("sentence", "announces"),
    [
        ("Let me use this opportunity to explain why.", True),
        ("I hereby announce the following steps to be taken by my country.", True),
        ("I would like to present some of the concrete measures that need to be pursued.", True),
        ("I would like to provide four examples that make that clear.", True),
        ("We provide support measures to farmers.", False),  # a fact, not the speaker announcing
        ("The Government provides the following services.", False),  # nobody speaks
    ],
)
def test_the_speaker_announcing_what_follows(sentence, announces):
    assert announces_next(sentence) is announces


RESTATED = "The war of aggression against our region is of great concern to us."
CONSEQUENCE = "The war of aggression against our region is therefore of great concern to us."
CONTEXT = "Respect for international law is a core national interest."
ANNOUNCED = "Let me use this opportunity to explain why."
REASON = "The aggressor is our neighbour and has broken the Charter."
MEASURES = "I would like to present some of the concrete measures that need to be pursued."
FIRST = "Firstly, resolutions adopted by the Assembly must be implemented."


def test_a_restatement_takes_the_reason_after_the_announcement():
    document, chunk = document_of([RESTATED, ANNOUNCED, REASON])
    group = completed(
        "Why is the war of aggression a concern?", candidate_of(document, chunk, RESTATED), 0.9, lambda doc_id: [chunk]
    )
    assert [c.text for c in group] == [RESTATED, REASON]


def test_a_consequence_keeps_the_sentence_before_and_takes_the_announced_reason():
    document, chunk = document_of([CONTEXT, CONSEQUENCE, ANNOUNCED, REASON])
    group = completed(
        "Why is the war of aggression a concern?",
        candidate_of(document, chunk, CONSEQUENCE),
        0.9,
        lambda doc_id: [chunk],
    )
    assert [c.text for c in group] == [CONTEXT, CONSEQUENCE, REASON]


def test_an_announcement_ending_its_paragraph_is_answered_by_the_next_one():
    restating = "Our country has a clear vision of how to make the multilateral system more effective."
    document, chunk = document_of([restating, MEASURES], [FIRST, "Secondly, more funding."])
    group = completed(
        "How can the multilateral system be made more effective?",
        candidate_of(document, chunk, restating),
        0.8,
        lambda doc_id: [chunk],
    )
    assert [c.text for c in group] == [restating, FIRST]


def test_an_announcement_two_sentences_on_still_counts_but_not_three():
    between = "This is the transformative solution that we need."
    document, chunk = document_of([RESTATED, between, ANNOUNCED, REASON])
    question = "Why is the war of aggression a concern?"
    assert completed(question, candidate_of(document, chunk, RESTATED), 0.9, lambda d: [chunk])[-1].text == REASON
    document, chunk = document_of([RESTATED, between, between.replace("This", "That"), ANNOUNCED, REASON])
    group = completed(question, candidate_of(document, chunk, RESTATED), 0.9, lambda d: [chunk])
    assert REASON not in [c.text for c in group]


def test_only_for_how_and_why():
    document, chunk = document_of([RESTATED, ANNOUNCED, REASON])
    group = completed(
        "What is of great concern to us?", candidate_of(document, chunk, RESTATED), 0.9, lambda d: [chunk]
    )
    assert [c.text for c in group] == [RESTATED]


def test_the_composed_answer_cites_the_reason_with_exact_offsets():
    _, citations = composed("Why is the war of aggression a concern?", [[RESTATED, ANNOUNCED, REASON]], RESTATED, 0.9)
    assert [c.quote for c in citations] == [RESTATED, REASON]
