"""A name in a question is who speaks or what is spoken of (qa_service/retrieval/roles.py)."""

from __future__ import annotations

import re

import pytest

from qa_service.retrieval.question_types import question_type
from qa_service.retrieval.roles import DOCUMENT_NOUNS, asks_for_the_speaker, either_number, plural, roles
from qa_service.retrieval.verbs import object_position


def _roles(question: str, *names: str) -> list[str]:
    spans = [re.search(re.escape(name), question).span() for name in names]  # type: ignore[union-attr]
    return roles(question, spans, object_position(question, spans))


@pytest.mark.parametrize(
    ("question", "names", "expected"),
    [
        ("What did France say it would pay for to help Somalia?", ("France", "Somalia"), ["speaker", "object"]),
        ("And what will it fund for Somalia?", ("Somalia",), ["object"]),
        (
            "What did Kenya say about relations between Egypt and Ethiopia?",
            ("Kenya", "Egypt", "Ethiopia"),
            ["speaker", "object", "object"],
        ),
        ("Compare Egypt and Ethiopia on the dam.", ("Egypt", "Ethiopia"), ["speaker", "speaker"]),
        ("What did Ghana, Kenya and Norway say about oceans?", ("Ghana", "Kenya", "Norway"), ["speaker"] * 3),
        ("According to Ukraine, when did the war start?", ("Ukraine",), ["speaker"]),
        ("What was said in the statement by Ghana on debt?", ("Ghana",), ["speaker"]),
        ("What did the Government of Ghana say about debt?", ("Ghana",), ["speaker"]),
        ("Norway's position on Ukraine", ("Norway", "Ukraine"), ["speaker", "object"]),
        ("Ghana oceans", ("Ghana",), ["speaker"]),
        ("Compare Egypt with Ethiopia on the dam.", ("Egypt", "Ethiopia"), ["speaker", "speaker"]),
        ("How does Egypt's view of the dam differ from Ethiopia's?", ("Egypt", "Ethiopia"), ["speaker", "speaker"]),
        ("How did Canada help the people of Haiti?", ("Canada", "Haiti"), ["speaker", "object"]),
        ("What share of Georgia's territory does Russia occupy?", ("Georgia", "Russia"), ["speaker", "object"]),
        (
            "Compare Estonia and Latvia on support for Ukraine.",
            ("Estonia", "Latvia", "Ukraine"),
            ["speaker"] * 2 + ["object"],
        ),
        ("How do Egypt and Ethiopia differ about Sudan?", ("Egypt", "Ethiopia", "Sudan"), ["speaker"] * 2 + ["object"]),
        ("Compare the positions of Egypt and Ethiopia.", ("Egypt", "Ethiopia"), ["speaker", "speaker"]),
    ],
)
def test_a_governed_name_is_spoken_of_and_an_author_speaks(question, names, expected):
    assert _roles(question, *names) == expected


def test_roles_come_back_in_the_order_the_spans_were_given():
    question = "What did France say about Somalia?"
    spans = [(26, 33), (9, 15)]  # Somalia, then France
    assert question[26:33] == "Somalia" and question[9:15] == "France"
    assert roles(question, spans) == ["object", "speaker"]


@pytest.mark.parametrize(
    ("question", "names", "expected"),
    [
        # Among the objects of the verb, a possessive owns a thing spoken of.
        ("How many Georgian students have joined the EU's student exchange scheme?", ("EU",), ["object"]),
        ("Did Kenya support Ethiopia's dam?", ("Kenya", "Ethiopia"), ["speaker", "object"]),
        ("Has Nigeria joined Ghana's cocoa scheme?", ("Nigeria", "Ghana"), ["speaker", "object"]),
        # Before the verb it owns what the question asks about, and whose statement tells it.
        ("What share of Georgia's territory does Russia occupy?", ("Georgia", "Russia"), ["speaker", "object"]),
        ("How much has Bangladesh's GDP grown since 2009?", ("Bangladesh",), ["speaker"]),
        ("What will Canada's carbon price rise to by 2030?", ("Canada",), ["speaker"]),
        # A copula has no objects: the possessive is the subject.
        ("What is Egypt's population?", ("Egypt",), ["speaker"]),
        ("Who is Ghana's president?", ("Ghana",), ["speaker"]),
        # A keyword query has no verb: the name alone speaks.
        ("Ghana's debt", ("Ghana",), ["speaker"]),
    ],
)
def test_a_possessive_among_the_objects_of_the_verb_is_spoken_of(question, names, expected):
    assert _roles(question, *names) == expected


@pytest.mark.parametrize(
    ("question", "names", "expected"),
    [
        ("Which Baltic country supports Ukraine's peace formula?", ("Ukraine",), ["object"]),
        ("Who backed Ukraine's peace formula?", ("Ukraine",), ["object"]),
        ("Which statements mention Ukraine's peace formula?", ("Ukraine",), ["object"]),
        ("How many countries have condemned Russia's aggression?", ("Russia",), ["object"]),
        ("Which country remains a steadfast supporter of Ukraine?", ("Ukraine",), ["object"]),
        # The party asked for is named inside the question phrase, or an author is named.
        ("Which Ghanaian statements mention debt?", ("Ghanaian",), ["speaker"]),
        ("Which country, according to Kenya, hosted the conference?", ("Kenya",), ["speaker"]),
        # An auxiliary brings the subject after it: the question phrase is an object.
        ("Which country did Norway partner with?", ("Norway",), ["speaker"]),
        ("Who has Ghana thanked for debt relief?", ("Ghana",), ["speaker"]),
    ],
)
def test_a_question_asking_who_speaks_names_no_speaker_after_it(question, names, expected):
    assert _roles(question, *names) == expected


def test_asking_for_the_speaker_is_the_subject_of_the_question_not_its_object():
    assert asks_for_the_speaker("Which country supports Ukraine's peace formula?")
    assert asks_for_the_speaker("Who supports it?")
    assert not asks_for_the_speaker("Which country did Norway partner with?")
    assert not asks_for_the_speaker("Which of Norway's statements mention oceans?")
    assert not asks_for_the_speaker("What did Norway say about oceans?")


@pytest.mark.parametrize("noun", DOCUMENT_NOUNS)
def test_every_document_noun_is_read_by_every_rule_that_reads_document_nouns(noun):
    """One list (roles.DOCUMENT_NOUNS) for the author's phrase, the party asked for and cross-document
    questions: a noun added to it is read by all of them, in the number each needs."""
    assert _roles(f"What did the {noun} of Ghana say about refugees?", "Ghana") == ["speaker"]
    assert _roles(f"What did the {plural(noun)} of Ghana say about refugees?", "Ghana") == ["speaker"]
    assert asks_for_the_speaker(f"Which {noun} mentions Ghana's debt?")
    assert asks_for_the_speaker(f"Which {plural(noun)} mention Ghana's debt?")
    assert question_type(f"How many {plural(noun)} mention refugees?", 0, False) == "counting"
    assert question_type(f"Which {plural(noun)} mention refugees?", 0, False) == "listing"


def test_either_number_reads_a_noun_in_the_singular_and_the_plural():
    pattern = re.compile(rf"^(?:{either_number(['speech', 'statement', 'address'])})$")
    assert all(pattern.match(w) for w in ["speech", "speeches", "statement", "statements", "address", "addresses"])
    assert not any(pattern.match(w) for w in ["speechs", "statementes", "addresss"])


@pytest.mark.parametrize(
    ("question", "name", "speaks_for_it"),
    [
        ("What did Colombia's Government say about the peace talks?", "Colombia", True),
        ("Why did Germany's Foreign Minister speak from home?", "Germany", True),
        ("What did Ghana's President say about illicit flows?", "Ghana", True),
        ("What did Peru say about Kenya's government?", "Kenya", False),  # a possessive after "about"
        ("How did Iran respond to the criticism?", "Iran", True),  # answering in the Assembly is speaking
    ],
)
def test_a_possessive_before_who_speaks_for_a_country_names_the_speaker(question, name, speaks_for_it):
    """An absent country's "What did Colombia's Government say ...?" was read as speaking of Colombia and answered
    from other speeches that mention it; a party that speaks for the country makes the country the speaker."""
    from qa_service.retrieval.verbs import speaks

    start = question.index(name)
    assert speaks(question, start, start + len(name)) is speaks_for_it
