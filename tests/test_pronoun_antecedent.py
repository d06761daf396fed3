"""Class A: the best sentence names its subject only by a pronoun. "He taught the nation to stand firm." matches
"Who taught the nation to stand firm?" word for word, but the name asked for is in the sentence before (its
antecedent): the answer quotes that sentence too, cited with exact offsets."""

from __future__ import annotations

import pytest

from qa_service.answering.answer_types import AnswerType, asked_kind, asked_words, holds_new
from qa_service.answering.elaborate import completed
from tests.one_document import candidate_of, composed, document_of

NAMED = "The man whose story I have just told was Ivan Petrenko."
HE = "He was a soloist at the City Opera who was killed in the east while defending his country."
OTHER = "We remember all who fell."


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who was the opera soloist killed in the east?", AnswerType.AGENT),
        ("Which bridge will ease regional trade?", AnswerType.AGENT),  # "which <noun>": a name
        ("Where is the new port?", AnswerType.PLACE),
        ("What did the speaker say about peace?", None),
    ],
)
def test_the_kind_of_name_a_question_asks_for(question, kind):
    assert asked_kind(question) is kind


def test_a_name_the_question_gives_is_no_answer():
    question = "Who was the opera soloist killed in the east?"
    # "City Opera" is the question's own name ("opera"); "he" stands for a person, and none is named.
    assert not holds_new(AnswerType.AGENT, HE, question, person=True)
    assert holds_new(AnswerType.AGENT, NAMED, question, person=True)
    # The asked noun is part of the answer's name: "Padma Bridge" answers "Which bridge ...?".
    bridge = "Which bridge will ease regional trade?"
    assert holds_new(AnswerType.AGENT, "We have opened the Padma Multipurpose Bridge.", bridge)
    assert not holds_new(AnswerType.AGENT, "It will ease regional trade.", bridge)


def test_a_pronoun_subject_takes_the_sentence_naming_it():
    document, chunk = document_of([NAMED, HE])
    best = candidate_of(document, chunk, HE)
    group = completed("Who was the opera soloist killed in the east?", best, 0.3, lambda doc_id: [chunk])
    assert [c.text for c in group] == [NAMED, HE]
    assert [(c.start, c.end) for c in group] == [(0, len(NAMED)), (len(NAMED) + 1, len(NAMED) + 1 + len(HE))]


def test_a_thing_named_before_it():
    opened = "Recently, we have added the Padma Multipurpose Bridge to our road system."
    it = "It will facilitate local and international trade and enhance regional connectivity."
    document, chunk = document_of([opened, it])
    group = completed(
        "Which bridge will enhance regional connectivity?",
        candidate_of(document, chunk, it),
        0.7,
        lambda doc_id: [chunk],
    )
    assert [c.text for c in group] == [opened, it]


@pytest.mark.parametrize(
    ("before", "best", "question"),
    [
        (OTHER, HE, "Who was the opera soloist killed in the east?"),  # the sentence before names no one
        (NAMED, HE, "What happened to the opera soloist?"),  # no name asked
        (NAMED, "Ivan Petrenko was a soloist at the City Opera.", "Who was the opera soloist?"),  # no pronoun
        (NAMED, "It is time to remember the soloist.", "Who was the opera soloist?"),  # "it" stands for nothing
        (NAMED, "He was Taras Bondar, a soloist at the City Opera.", "Who was the opera soloist?"),  # named here
    ],
)
def test_the_sentence_before_only_when_it_holds_the_name_the_pronoun_hides(before, best, question):
    document, chunk = document_of([before, best])
    group = completed(question, candidate_of(document, chunk, best), 0.3, lambda doc_id: [chunk])
    assert [c.text for c in group] == [best]


def test_not_across_a_paragraph():
    document, chunk = document_of([NAMED], [HE])
    group = completed(
        "Who was the opera soloist killed in the east?", candidate_of(document, chunk, HE), 0.3, lambda doc_id: [chunk]
    )
    assert [c.text for c in group] == [HE]


def test_the_composed_answer_cites_the_antecedent_first_with_exact_offsets():
    sentences, citations = composed("Who was the opera soloist killed in the east?", [[OTHER, NAMED, HE]], HE, 0.5)
    assert [c.quote for c in citations] == [NAMED, HE]
    assert "Ivan Petrenko" in sentences[0]


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Which resolution gives practical effect to the opinion?", ("resolution",)),
        ("Which free-trade area will be the largest?", ("free-trade", "area")),
        ("Which bridge did the speaker open?", ("bridge",)),
        ("Which opera singer killed in the east did he honour?", ("opera", "singer")),  # up to its verb
        ("Which of the projects is first?", ()),
        ("Which is the largest?", ()),
        ("What did the speaker say?", ()),
    ],
)
def test_the_words_naming_what_which_asks_for(question, words):
    assert asked_words(question) == words


def test_for_which_noun_only_a_named_noun_is_what_the_pronoun_hides():
    adopted = "The Assembly promptly adopted resolution 73/295 by an overwhelming majority."
    it = "It demands that the United Kingdom withdraw its administration from the archipelago."
    question = "Which resolution demands a withdrawal from the archipelago?"
    # The United Kingdom is a name, but not a resolution: "it" stands for the one named before.
    assert not holds_new(AnswerType.AGENT, it, question, named_only=True)
    assert holds_new(AnswerType.AGENT, adopted, question, named_only=True)
    document, chunk = document_of([adopted, it])
    group = completed(question, candidate_of(document, chunk, it), 0.5, lambda doc_id: [chunk])
    assert [c.text for c in group] == [adopted, it]
    # "Which opera singer": the City Opera is named, but no singer; the singer is the one named before.
    singer = "Which opera singer was killed in the east?"
    assert not holds_new(AnswerType.AGENT, HE, singer, person=True, named_only=True)
