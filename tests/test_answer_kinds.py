"""Class 5 of issue 12: the answer holds the kind asked - the items of a list of that kind, an amount of money,
a count of the thing asked in the act asked - and a list that straddles chunks is retrieved whole."""

from __future__ import annotations

import pytest

from qa_service.answering.answer_types import AnswerType, expected_type, has_type
from qa_service.answering.lists import items_after, of_kind
from qa_service.answering.relations import asked_relation, relation_held
from qa_service.retrieval.whole_lists import list_span

ITEMS = [
    "Supporting countries to develop health information systems (e-health)",
    "With the European Union, launching a fact-checking tool (media and access to information)",
    "Launching a scale accelerator for proven digital solutions (capacity building)",
    "Developing a framework for cities, in collaboration with UN-Habitat (capacity building)",
]


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("Which initiatives fall under the capacity building action line?", [2, 3]),
        ("Which partner organisations did the agency work with?", [1, 3]),
        ("Which initiatives did the agency launch?", [0, 1, 2, 3]),  # no kind asked: the whole list
    ],
)
def test_a_list_question_of_a_kind_keeps_the_items_of_that_kind(question, kept):
    assert of_kind(question, ITEMS) == kept


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What financial commitments did UNDP make to help countries?", AnswerType.MONEY),
        ("How much money did UNDP aim to deploy?", AnswerType.MONEY),
        ("Why does the growing appetite for digital tools call for more funding?", None),
        ("How much did Norway provide in 2023?", AnswerType.QUANTITY),
    ],
)
def test_money_is_asked_by_what_or_how_much_not_by_why(question, kind):
    assert expected_type(question) is kind


@pytest.mark.parametrize(
    ("sentence", "money"),
    [("deploy $500 million to help", True), ("three billion euro this year", True), ("150 million people", False)],
)
def test_an_amount_of_money_has_a_currency(sentence, money):
    assert has_type(AnswerType.MONEY, sentence) is money


@pytest.mark.parametrize(
    ("question", "relation"),
    [
        ("How many people did UNDP train in digital skills in 2021?", ("digit", "skill", "train")),
        ("How many subscribers does Ghana have now?", ()),  # a light verb: no act to hold
        ("How many people died in the floods?", ()),  # the counted thing is the subject
        ("How many refugees did Uganda say it was hosting?", ()),  # a verb of having: any count of them
        # the saying and the statement it was said in are no act: what was said is
        ("How many homes did India say it had built in its 2019 speech?", ("build",)),
    ],
)
def test_a_count_question_names_the_act_counted(question, relation):
    assert asked_relation(question) == relation


def test_a_count_in_another_act_does_not_hold_the_relation():
    relation = asked_relation("How many homes did India build by 2022?")
    assert relation_held(relation, "India built 20 million homes.")  # verbs by their lemma
    assert not relation_held(relation, "The 150 million expected to be added to the world's poor.")


def test_a_span_holding_part_of_a_list_widens_to_its_last_item():
    lead = "New initiatives include:"
    text = "Intro sentence here.\n\n" + lead + "\n\n" + "\n\n".join(ITEMS) + "\n\nAfter the list, prose resumes."
    lead_start = text.index(lead)
    sentences = [(0, 20), (lead_start, lead_start + len(lead))]
    sentences += items_after(text, lead_start + len(lead))
    middle = text.index(ITEMS[1])  # a hit holding the second item only: it grows to the last, not back
    start, end = list_span(text, sentences, middle, middle + len(ITEMS[1]))
    assert start == middle and text[start:end].endswith(ITEMS[-1])
    span = list_span(text, sentences, lead_start, lead_start + len(lead))  # the lead-in alone
    assert span is not None and text[span[0] : span[1]].endswith(ITEMS[-1])
    assert list_span(text, sentences, 0, 20) is None  # text before the list is not widened


def _quotes(answer) -> str:
    return " ".join(c.quote for c in answer.citations)


def test_partner_question_cites_the_items_naming_partners(seed_answerer):
    answer = seed_answerer.answer(["Which partner organisations did UNDP work with on its 2021 initiatives?"])
    quotes = _quotes(answer)
    assert all(name in quotes for name in ("European Union", "UN-Habitat", "ITU"))
    assert "health management information systems" not in quotes


def test_action_line_question_cites_the_items_tagged_with_it(seed_answerer):
    answer = seed_answerer.answer(["Which of UNDP's 2021 initiatives fall under the capacity building action line?"])
    assert len(answer.citations) == 4 and all("(capacity building)" in c.quote for c in answer.citations)


def test_money_question_cites_the_amounts(seed_answerer):
    answer = seed_answerer.answer(["What financial commitments did UNDP make to help countries through the pandemic?"])
    assert "$500 million" in _quotes(answer) and "$100 million" in _quotes(answer)


@pytest.mark.parametrize(
    "question",
    ["How many people did UNDP train in digital skills in 2021?", "How many staff did the Accelerator Labs hire?"],
)
def test_a_count_of_another_thing_or_act_is_no_answer(seed_answerer, question):
    assert seed_answerer.answer([question]).abstained


def test_search_returns_a_straddling_list_in_one_hit(seed_engine):
    result = seed_engine.search("Which partner organisations did UNDP work with on its 2021 initiatives?", 5)
    listing = [h for h in result.hits if "include (not an exhaustive list)" in h.chunk.text]
    assert listing and all(name in listing[0].chunk.text for name in ("European Union", "UN-Habitat", "with ITU"))


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Which anniversary did Sweden say falls next year?", "anniversary"),
        ("What share of Georgia's territory does Russia occupy?", "share"),
        ("What kind of systems did UNDP help develop?", None),  # "kind of": the noun comes later
        ("What did UNDP do on disinformation?", None),
        ("Which countries spoke about piracy?", None),  # a listing: the noun is what is listed
    ],
)
def test_class_5_the_noun_naming_the_kind_of_answer_is_not_a_word_the_answer_must_hold(question, noun):
    from qa_service.answering.answer_types import asked_noun

    assert asked_noun(question) == noun
