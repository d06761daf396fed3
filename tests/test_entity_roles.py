"""A name in a question is who speaks or what is spoken of (qa_service/retrieval/roles.py)."""

from __future__ import annotations

import re

import pytest

from qa_service.retrieval.roles import roles


def _roles(question: str, *names: str) -> list[str]:
    spans = [re.search(re.escape(name), question).span() for name in names]  # type: ignore[union-attr]
    return roles(question, spans)


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
