"""A "which/what <noun>" question whose best sentence names no <noun>, while the next (or previous) sentence of its
paragraph does, by a name whose head is the noun in other words: "... decided to convene a summit on 6 September
..." answers "What agreement came out of the summit ...?" only with "The outcome of that meeting was the Leticia
Amazon Pact" (named_kinds.py, elaborate.named_neighbour)."""

from __future__ import annotations

import pytest

from qa_service.answering import named_kinds
from qa_service.answering.answer_types import asked_words
from qa_service.answering.elaborate import named_neighbour
from tests.one_document import candidate_of, composed, document_of

SUMMIT = (
    "For that reason, the President of Colombia and I decided to convene a summit on 6 September with six "
    "countries of the region to address the fires that have affected the Amazon."
)
PACT = "The outcome of that meeting was the Leticia Amazon Pact, through which we reaffirm our commitment."
AGREEMENT = "What agreement came out of the summit that Peru and Colombia convened?"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        (AGREEMENT, ("agreement",)),  # "What <noun> <verb in the past>": the noun names the kind asked
        ("What treaty did Norway point to?", ("treaty",)),
        ("What kind of agreement was signed?", ("agreement",)),
        ("Which free-trade area will be the largest?", ("free-trade", "area")),
        ("What Kenya said about trade?", ()),  # a subject, not a kind
        ("What about trade?", ()),
        ("What did the speaker say?", ()),
        ("What is the largest?", ()),
    ],
)
def test_what_and_which_name_the_kind_asked(question, words):
    assert asked_words(question) == words


def test_a_name_whose_head_means_the_asked_noun_names_one(embedder):
    words = embedder.encode
    assert named_kinds.names_kind(("agreement",), PACT, AGREEMENT, words)  # "Pact"
    convention = "The Anti-Personnel Mine Ban Convention remains as relevant as ever."
    assert named_kinds.names_kind(("treaty",), convention, "Which treaty did Norway cite?", words)
    assert not named_kinds.names_kind(("agreement",), SUMMIT, AGREEMENT, words)  # a summit, the President
    assert not named_kinds.names_kind(("treaty",), "The Security Council met in July.", "Which treaty?", words)
    assert not named_kinds.names_kind(("agreement",), PACT, AGREEMENT, None)  # without vectors: the word itself
    assert named_kinds.names_kind(("agreement",), "We signed the Leticia agreement.", AGREEMENT, None)
    # A compound ending in the noun is a kind of it when the vectors say so; "selfish" is not.
    assert named_kinds.names_kind(("fish",), "Our reefs shelter the surgeonfish.", "Which fish?", words)
    assert not named_kinds.names_kind(("fish",), "They pursue selfish interests.", "Which fish?", words)


def test_the_opening_capital_and_the_question_names_are_no_new_names():
    assert named_kinds.names("In October, I will host the Malmo International Forum.", "What event?") == [
        ["Malmo", "International", "Forum"]
    ]
    assert named_kinds.names("We met at the Amazon Summit.", "Which pact came out of the Amazon Summit?") == []


def test_the_best_sentence_naming_no_noun_takes_the_next_one_naming_it(embedder):
    sentences, _ = composed(AGREEMENT, [[SUMMIT, PACT]], SUMMIT, 0.5, embedder.encode)
    assert [s.rsplit(" [", 1)[0] for s in sentences] == [SUMMIT, PACT]


def test_or_the_previous_one(embedder):
    convention = "The Anti-Personnel Mine Ban Convention remains as relevant as ever."
    mines = "In recent years, we have seen an increase in the use of mines and in numbers of civilian casualties."
    question = "Which treaty did Norway cite after the rise in the use of mines?"
    sentences, _ = composed(question, [[convention, mines]], mines, 0.5, embedder.encode)
    assert [s.rsplit(" [", 1)[0] for s in sentences] == [convention, mines]


@pytest.mark.parametrize(
    ("question", "paragraph"),
    [
        # The best sentence names one itself: it answers alone.
        (AGREEMENT, ["We convened a summit and signed the Leticia Amazon Pact there.", PACT]),
        # The neighbour names nothing of the kind ("Security Council" is no agreement).
        (AGREEMENT, [SUMMIT, "The Security Council later discussed the fires in the region."]),
        # Another kind is asked (a place): answered as such, not by a name's head.
        ("Which country hosted the summit?", [SUMMIT, PACT]),
        # A name holding the asked phrase's other word answers it: "Maritime ... Construct", a "maritime coalition".
        (
            "Which maritime coalition did Bahrain join?",
            [
                "Bahrain joined the International Maritime Security Construct to safeguard maritime lanes.",
                "We welcome the statement of the French Republic and the Federal Republic of Germany.",
            ],
        ),
        # A lead-in is answered by its items (lists.py), not by its neighbour.
        ("Which agreement came out of the summit?", ["The outcomes of the summit include the following:", PACT]),
    ],
)
def test_the_neighbour_rule_stays_narrow(embedder, question, paragraph):
    document, chunk = document_of(paragraph)
    best = candidate_of(document, chunk, paragraph[0])
    assert named_neighbour(question, best, lambda doc_id: [chunk], embedder.encode) == (None, 1)


def test_a_neighbour_in_another_paragraph_is_not_taken(embedder):
    document, chunk = document_of([SUMMIT], [PACT])
    best = candidate_of(document, chunk, SUMMIT)
    assert named_neighbour(AGREEMENT, best, lambda doc_id: [chunk], embedder.encode) == (None, 1)


def test_a_name_the_question_gives_is_no_name_of_the_kind_asked(embedder):
    """Panama 2019: "... then Head of the Government of Panama, who ... were able to reach an agreement" kept its
    own answer to "Which treaties did Panama credit ...?": the head "Panama" is 0.41 from "treaty" in word vectors,
    but the question gives it. The sentence before, naming the "Torrijos-Carter Treaties", is quoted."""
    signed = "Its pages tell of the global support that culminated in the signing of the Torrijos-Carter Treaties."
    referring = (
        "I am referring to Jimmy Carter, former President of the United States, and Omar Torrijos, then Head of the"
        " Government of Panama, who were able to reach an agreement and achieve the restoration of our Canal."
    )
    question = "Which treaties did Panama credit with the restoration of its Canal?"
    sentences, _ = composed(question, [[signed, referring]], referring, 0.5, embedder.encode)
    assert "Torrijos-Carter Treaties" in sentences[0]
