"""Class C, roles misread: a party noun qualifying the thing asked for does not ask who speaks.

"What government agency did Somalia create?" asks for an agency, and "did Somalia create" makes Somalia
its subject: the speaker whose statements are searched. Read as "What government ... ?" (like "Which
country supports ...?", which asks for the party that speaks), Somalia became what is spoken of and no
entity filter was set. Sentences of the ``ungdc_engine`` sample: Kenya 2019 ("the Government of Kenya
... launched a mobile-based Government bond, M-Akiba").
"""

from __future__ import annotations

import re

import pytest

from qa_service.retrieval.roles import asks_for_the_speaker, roles
from qa_service.retrieval.verbs import object_position


def _roles(question: str, *names: str) -> list[str]:
    spans = [re.search(re.escape(name), question).span() for name in names]  # type: ignore[union-attr]
    return roles(question, spans, object_position(question, spans))


@pytest.mark.parametrize(
    "question",
    [
        "What government agency did Somalia create to fight corruption?",
        "Which state institutions has Kenya built since devolution?",
        "Which government body did the Maldives set up for the pandemic?",
        "What national government programme will Ghana launch?",
        "Which member states did Kenya name?",
    ],
)
def test_a_party_noun_qualifying_the_asked_noun_before_a_subject_asks_no_speaker(question):
    assert not asks_for_the_speaker(question)


@pytest.mark.parametrize(
    "question",
    [
        "Which country supports Ukraine's peace formula?",
        "Which government agencies supported the plan?",
        "Which countries say they will support Ukraine?",
        "Which countries think it is Russia's war?",
        "Who else has called for reform?",
    ],
)
def test_a_party_asked_for_as_the_subject_still_asks_who_speaks(question):
    assert asks_for_the_speaker(question)


@pytest.mark.parametrize(
    ("question", "names", "expected"),
    [
        ("What government agency did Somalia create to help Kenya?", ("Somalia", "Kenya"), ["speaker", "object"]),
        ("Which state bodies has Ghana set up with Nigeria?", ("Ghana", "Nigeria"), ["speaker", "object"]),
        ("Which country supports Ukraine's peace formula?", ("Ukraine",), ["object"]),
    ],
)
def test_the_subject_after_the_auxiliary_speaks(question, names, expected):
    assert _roles(question, *names) == expected


def test_the_subject_filters_the_statements_searched(ungdc_engine):
    analysis = ungdc_engine.index.analyze("What government bond did Kenya launch for ordinary citizens?")
    assert analysis.entity_ids == ("KEN",)
    assert "Kenya" not in analysis.ranking_text
