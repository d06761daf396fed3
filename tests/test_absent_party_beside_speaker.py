"""A second, absent party named beside a present speaker is spoken of, not refused for
(qa_service/retrieval/roles.py ``beside_a_held_speaker``, verbs.py ``speaks``).

"According to the IMF figures Ghana cited in 2021, ..." names the IMF as the source of the figures;
Ghana speaks. The corpus has nothing from the IMF, which must not turn the question into a refusal;
a question whose speaker is itself absent ("What did the IMF say about Ghana's economy?") still is.
Sentences below were read from the ``ungdc_engine`` sample: Ghana 2021 ("The IMF's unprecedented
$650 billion Special Drawing Rights (SDR) allocation offers a unique opportunity ...").
"""

from __future__ import annotations

import re

import pytest

from qa_service.retrieval.roles import beside_a_held_speaker
from qa_service.retrieval.verbs import speaks
from tests.conftest import planned


def _speaks(question: str, name: str) -> bool:
    start, end = re.search(re.escape(name), question).span()  # type: ignore[union-attr]
    return speaks(question, start, end)


@pytest.mark.parametrize(
    ("question", "name", "expected"),
    [
        ("According to the IMF figures Kenya cited, how many countries were in debt distress?", "IMF", False),
        ("According to the IMF figures Kenya cited, how many countries were in debt distress?", "Kenya", True),
        ("According to the IMF, how many countries were in debt distress?", "IMF", True),
        ("According to Kenya's 2023 statement, how many countries were in debt distress?", "Kenya", True),
        ("Which figures did Ghana quote?", "Ghana", True),
        ("What did Peru say about Kenya's position on debt?", "Kenya", False),
        ("What was in Ghana's 2021 statement?", "Ghana", True),
    ],
)
def test_a_name_qualifying_what_is_quoted_or_spoken_about_is_no_speaker(question, name, expected):
    assert _speaks(question, name) is expected


@pytest.mark.parametrize(
    ("question", "names", "stated", "held", "expected"),
    [
        # The absent source beside a held speaker is spoken of.
        ("What did Malta say about women, according to Canada?", ("Malta", "Canada"), [1, 1], [0, 1], [0, 1]),
        # Joined to the held speaker, or compared with it, the absent name still speaks (and is noted).
        ("What did Canada and Malta say about women?", ("Canada", "Malta"), [0, 1], [1, 0], [0, 1]),
        ("Canada and Malta said what about women?", ("Canada", "Malta"), [1, 1], [1, 0], [1, 1]),
        ("Compare Malta and Canada on women.", ("Malta", "Canada"), [1, 1], [0, 1], [1, 1]),
        # No held name speaks: the absent speaker stays, and the question is refused for it.
        ("What did Peru say about Kenya?", ("Peru", "Kenya"), [1, 0], [0, 1], [1, 0]),
    ],
)
def test_only_a_held_speaker_makes_a_stated_absent_name_spoken_of(question, names, stated, held, expected):
    spans = [re.search(re.escape(name), question).span() for name in names]  # type: ignore[union-attr]
    out = beside_a_held_speaker(question, spans, [bool(s) for s in stated], [bool(h) for h in held])
    assert out == [bool(e) for e in expected]


@pytest.mark.parametrize(
    "question",
    [
        "According to the IMF figures Ghana cited in 2021, how large was the Special Drawing Rights allocation?",
        "According to the IMF, how large was the Special Drawing Rights allocation, as Ghana noted in 2021?",
    ],
)
def test_an_absent_source_of_a_held_speakers_figures_is_searched_in_the_speakers_statements(ungdc_engine, question):
    analysis, result = planned(ungdc_engine, question)
    assert analysis.entity_ids == ("GHA",) and not analysis.absent_entities
    assert result.notice is None and not any("IMF" in note for note in result.notes)
    hits = ungdc_engine.search(question, k=3).hits
    assert any("$650 billion" in h.chunk.text and h.document.doc_id == "GHA_76_2021" for h in hits)


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("What did the International Monetary Fund say about Ghana's economy?", "IMF"),
        ("What did Peru say about Kenya's position on debt?", "PER"),
    ],
)
def test_an_absent_speaker_is_still_refused_whoever_it_speaks_of(ungdc_engine, question, absent):
    analysis, result = planned(ungdc_engine, question)
    assert [m.entity_id for m in analysis.absent_entities] == [absent] and not analysis.entities
    assert result.notice and f"({absent})" in result.notice
    assert ungdc_engine.search(question).hits == []


def test_an_absent_speaker_joined_to_a_held_one_is_noted_not_refused(ungdc_engine):
    analysis, result = planned(ungdc_engine, "What did Ghana and Italy say about debt?")
    assert analysis.entity_ids == ("GHA",) and [m.entity_id for m in analysis.absent_entities] == ["ITA"]
    assert result.notice is None and any("Italy (ITA)" in note for note in result.notes)
