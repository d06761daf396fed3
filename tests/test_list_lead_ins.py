"""Class 5 of issue 12: a sentence that introduces a list ("... include:") is answered with the items after it."""

from __future__ import annotations

import pytest

from indexer.store import ChunkRow, DocumentRow
from qa_service.answering import compose
from qa_service.answering.candidates import Candidate
from qa_service.answering.lists import counted_items, introduces_list, items_after, items_of

LEAD_IN = "In 2021, new initiatives include (not an exhaustive list):"
ITEMS = [
    "Supporting countries to develop health information systems (e-health)",
    "Launching a scale accelerator for proven digital solutions (capacity building)",
    "Developing a framework for resilient cities with UN-Habitat and other\n\npartners in regions (capacity building)",
]
AFTER = "In all these efforts, the agency leaned on lessons learned around the world."
TEXT = "Demand kept rising. " + LEAD_IN + "\n\n" + "\n\n".join(ITEMS) + "\n\n" + AFTER


@pytest.mark.parametrize(
    ("sentence", "lead_in"),
    [(LEAD_IN, True), ("The items are: ", True), ("Demand kept rising.", False), ("Ratio 3:1 held.", False)],
)
def test_a_sentence_ending_with_a_colon_introduces_a_list(sentence, lead_in):
    assert introduces_list(sentence) is lead_in


def test_items_are_the_paragraphs_after_the_lead_in_until_the_prose_resumes():
    end = TEXT.index(LEAD_IN) + len(LEAD_IN)
    found = [TEXT[s:e] for s, e in items_after(TEXT, end)]
    assert found == ITEMS  # the item split by a page break is one item; the closing sentence is not an item


def test_no_list_after_a_colon_followed_by_prose():
    text = "He said:\n\nThe long paragraph goes on. " + "word " * 200
    assert items_after(text, len("He said:")) == []


def _candidate(document, chunk, start, end):
    return Candidate(document, chunk, 0, start, end, 1.0)


def test_composed_answer_cites_the_items_not_the_lead_in():
    document = DocumentRow("d", "d.txt", "0" * 64, "text", TEXT, {})
    half = TEXT.index(ITEMS[1])
    first = ChunkRow("d:0000", "d", 0, [], "", 0, half, None, 50, [], [], TEXT[:half])
    second = ChunkRow("d:0001", "d", 1, [], "", half, len(TEXT), None, 50, [], [], TEXT[half:])
    start = TEXT.index(LEAD_IN)
    lead_in = _candidate(document, first, start, start + len(LEAD_IN))
    chosen = compose.with_list_items([lead_in], lambda doc_id: [first, second])
    assert [c.text for c in chosen] == ITEMS
    assert [c.chunk.chunk_id for c in chosen] == ["d:0000", "d:0001", "d:0001"]  # each item cites its own chunk
    sentences, citations = compose.render(chosen)
    assert all(TEXT[c.char_start : c.char_end] == c.quote for c in citations)
    assert LEAD_IN not in " ".join(sentences)


def test_chat_answers_a_list_question_with_its_items(seed_engine, sentence_vectors):
    """On the seed submission, the list of 2021 initiatives is cited item by item, never by its lead-in."""
    from qa_service.answering.answerer import Answerer
    from tests.conftest import make_settings

    answerer = Answerer(seed_engine, make_settings(seed_engine.settings.index_dir), sentence_vectors)
    answer = answerer.answer(
        ["Which new initiatives did UNDP undertake in 2021 to take forward the WSIS Action Lines?"]
    )
    quotes = [c.quote for c in answer.citations]
    assert not answer.abstained and not any(introduces_list(q) for q in quotes)
    assert any("iVerify" in q for q in quotes) and any("Digital X Scale Accelerator" in q for q in quotes)


# A sentence announcing a count of things, each taken up by an ordinal sentence (as in NOR_75_2020).
COUNTED = (
    "In addressing the Council's agenda, we will focus on three thematic areas in particular.\n"
    "First, we will use our experience from peace diplomacy.\n"
    "Second, we will build on the women, peace and security agenda. Only an inclusive process lasts.\n"
    "Third, we will bring climate-related security threats into the discussion.\n"
    "The Council has a primary responsibility."
)


def test_a_sentence_counting_things_is_answered_by_the_ordinal_sentences_that_follow():
    end = COUNTED.index("particular.") + len("particular.")
    items = [COUNTED[s:e] for s, e in items_of(COUNTED, 0, end)]
    assert items == [
        "First, we will use our experience from peace diplomacy.",
        "Second, we will build on the women, peace and security agenda.",
        "Third, we will bring climate-related security threats into the discussion.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "We held four meetings last year. First time ever, they were online.",  # a count in passing
        "We have two priorities. First, peace. Then we turn to other matters.",  # the second never comes
        # A span of time, and ordinals that open a later passage (as in CHN_75_2020).
        "We will provide $2 billion over two years. Mr. President, history is a struggle. First, we are one "
        "village. Second, globalization is a reality.",
        "We set out three goals. Peace came first. First, we talked. Second, we agreed. Third, we signed.",
        "We met over two years. First, we talked. Second, we agreed.",  # a span of time counts nothing
        "It reached five per cent of them. First, a case. Second, a case. Third, a case. Fourth, one. Fifth, one.",
        "There are two bodies. First, the Assembly met. Second Committee resolutions followed.",  # no comma
    ],
)
def test_a_count_without_every_ordinal_following_lists_nothing(text):
    assert counted_items(text, 0, text.index(".") + 1) == []


def test_an_item_runs_to_its_sentence_end_past_abbreviations_and_any_count_in_the_sentence_may_announce():
    text = "We gave 5 million dollars to three programmes. First, the U.N. agencies. Second, schools. Third, roads."
    items = [text[s:e] for s, e in counted_items(text, 0, text.index("programmes.") + len("programmes."))]
    assert items == ["First, the U.N. agencies.", "Second, schools.", "Third, roads."]


def test_a_question_asking_how_many_keeps_the_counting_sentence_before_its_items():
    document = DocumentRow("d", "d.txt", "0" * 64, "text", COUNTED, {})
    end = COUNTED.index("particular.") + len("particular.")
    chunk = ChunkRow("d:0000", "d", 0, [], "", 0, len(COUNTED), None, 60, [(0, end)], [], COUNTED)
    lead = Candidate(document, chunk, 0, 0, end)
    texts = lambda q: [c.text for c in compose.with_list_items([lead], lambda d: [chunk], q)]  # noqa: E731
    assert texts("How many thematic areas will it focus on?")[0] == COUNTED[:end]
    assert texts("Which thematic areas will it focus on?")[0].startswith("First,")
