"""Class 5 of issue 12: the chosen sentence must hold the kind of answer the question asks for."""

from __future__ import annotations

import pytest

from qa_service.answering.answer_types import AnswerType, expected_type, has_type
from qa_service.answering.quantities import counted_noun

QUANTITY, DATE, PLACE, AGENT = AnswerType.QUANTITY, AnswerType.DATE, AnswerType.PLACE, AnswerType.AGENT
YEAR, DAY = AnswerType.YEAR, AnswerType.DAY


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How much did the ministry spend on broadband?", QUANTITY),
        ("How many schools were connected by 2024?", QUANTITY),
        ("What percentage of households are online?", QUANTITY),
        ("What is the number of users trained?", QUANTITY),
        ("When was the platform launched?", DATE),
        ("In which year did the programme start?", YEAR),  # a year, not any date
        ("By what year does the country aim to be carbon neutral?", YEAR),
        ("What date is the session held?", DAY),  # a day of a month, not any date
        ("Where is the regional hub located?", PLACE),
        ("In which country was the pilot run?", PLACE),
        ("Which cities joined the network?", PLACE),
        ("Who funded the project?", AGENT),
        ("With whom did the agency partner on data?", AGENT),
        ("Which organisation hosts the secretariat?", AGENT),
        ("What did the agency do on disinformation in 2021?", None),
        ("What are the agency's plans for 2022?", None),
        ("At what temperature does water boil?", QUANTITY),
        ("How tall is the tower?", QUANTITY),
    ],
)
def test_expected_type_from_question_words(question, expected):
    assert expected_type(question) is expected


@pytest.mark.parametrize(
    ("kind", "sentence", "holds"),
    [
        (QUANTITY, "The programme reached 1.2 million farmers.", True),
        (QUANTITY, "Two thirds of the schools now have a connection.", True),
        (QUANTITY, "Mobile money use rose by 15 per cent.", True),
        (QUANTITY, "Donors pledged $40 million to the fund.", True),
        (QUANTITY, "We connected 3,000 clinics by 2024.", True),
        (QUANTITY, "The work continued in 2021.", False),  # a bare year is not an amount
        (QUANTITY, "Geneva, 28 March to 1 April 2022", False),  # nor are the days of a date
        (QUANTITY, "The programme supports SDG 16 and Article 19.", False),  # numbers that name things
        (QUANTITY, "The twenty-fifth session met last week.", False),  # an ordinal
        (DATE, "Geneva, 28 March to 1 April 2022", True),
        (DATE, "The strategy was adopted in 2019.", True),
        (DATE, "The portal went live in September.", True),
        (DATE, "The portal serves farmers in remote areas.", False),
        (DATE, "We graduated from the least developed category this year.", True),  # "when": a relative date says it
        (YEAR, "We graduated from the least developed category this year.", False),  # "which year": it does not
        (YEAR, "We aim to become a developed country by 2041.", True),
        (YEAR, "Emissions have fallen since the 1990s.", True),
        (DAY, "The free and fair elections were held on 9 August.", True),
        (DAY, "The transition will pave the way for democratic elections in 2022.", False),  # a year is no day
        (PLACE, "The pilot ran in Kenya and Uganda.", True),
        (PLACE, "A training centre opened in Nairobi last year.", True),  # a capitalised "in X" pattern
        (PLACE, "Small island states in the Pacific face the highest costs.", True),
        (PLACE, "The first of these projects, on Vio Island, will start a programme.", True),  # a geographic head
        (PLACE, "Small Island Developing States face the highest costs.", False),  # a longer name goes on
        (PLACE, "The Green River Fund met again.", False),
        (PLACE, "The Region has grown quickly.", False),  # a determiner, no name
        (PLACE, "The pilot ran for six months in March.", False),  # a month is not a place
        (PLACE, "The pilot trained teachers to use tablets.", False),
        (AGENT, "The tool was built with the European Union.", True),
        (AGENT, "The project is implemented in partnership with local universities.", True),
        (AGENT, "UNICEF and ITU lead the initiative.", True),
        (AGENT, "The project was funded by the regional development bank.", True),
        (AGENT, "the tool helps teachers plan their lessons.", False),
    ],
)
def test_sentence_holds_an_answer_of_the_type(kind, sentence, holds):
    assert has_type(kind, sentence) is holds


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How many nuclear power plants is the country building?", ("nuclear", "power", "plants")),
        ("How many ECOWAS member States had returned to military rule?", ("ECOWAS", "member", "States")),
        ("How many people did the agency train in 2021?", ("people",)),
        ("How many countries condemned the war in the Assembly?", ("countries",)),  # a participle ends the noun
        ("How many marine protected areas has it designated?", ("marine", "protected", "areas")),  # ...not an adjective
        ("How many people who fled their homes does it host?", ("people",)),
        ("How many of the speeches mention piracy?", ("speeches",)),
        ("How many had been repatriated?", ()),  # the noun is in an earlier turn
        ("How much did the ministry spend?", ()),
    ],
)
def test_counted_noun_of_a_how_many_question(question, counted):
    assert counted_noun(question) == counted


@pytest.mark.parametrize(
    ("question", "sentence", "holds"),
    [
        ("How many power plants are planned?", "It powers over 800 communities with solar systems.", False),
        ("How many power plants are planned?", "Two new power plants will open next year.", True),
        ("How many trees were planted?", "In under two years we have planted 2.3 million trees.", True),
        (
            "How many plants were built?",
            "In under two years we have planted mangroves.",
            False,
        ),  # not a count of plants
        ("How many people did it train?", "Nearly 250 digital solutions launched in 80 countries.", False),
        (
            "How many people does it host?",
            "It hosts nearly five million immigrants and refugees.",
            True,
        ),  # a group of people
        ("How many people were infected?", "Over 3,000 Somalis were infected by the virus.", True),  # a demonym
        ("How many nations joined?", "We heard from 125 countries.", True),  # a country by another word
        ("How many areas were designated?", "We designated 79 marine-protected areas.", True),  # "79 mar" is no date
        ("How many refugees went home?", "Not a single refugee has gone home.", True),  # zero is a count
        (
            "How many ECOWAS member States had returned to military rule?",
            "Military rule reappeared in 3 of the 15 members of the Economic Community of West African States.",
            True,
        ),  # a word of the counted phrase other than its head
        (
            "How many Ukrainian refugees was it hosting?",
            "It hosts the highest number of Ukrainian refugees per capita \u2014 more than 400,000 in a country.",
            True,
        ),  # the number names nothing after it: it counts the noun said just before
        ("How many refugees did it host?", "It supports refugees and gave $5 million in aid.", False),  # money
        ("How many refugees did it host?", "It has welcomed refugees since 2015.", False),  # a year
    ],
)
def test_a_how_many_answer_counts_the_noun_asked(question, sentence, holds):
    """Class 5: "how many X" wants a quantity of X, not any number."""
    assert has_type(QUANTITY, sentence, counted_noun(question)) is holds


@pytest.mark.parametrize(
    ("question", "sentence", "holds"),
    [
        (
            "How many times has Ghana served on the Security Council?",
            "Ghana is serving on the Council for the fourth time.",
            True,
        ),  # the latest occurrence's ordinal is the count
        (
            "How many terms has the Government been voted into power for?",
            "Voters gave my Government a second term, with a stronger mandate.",
            True,
        ),
        (
            "How many times has the Council discussed climate security?",
            "Twice this year, the Security Council has discussed the security implications of climate change.",
            True,
        ),  # a multiplier
        (
            "How many times has Bahrain been elected to the Human Rights Council?",
            "Bahrain has been elected for the third consecutive time.",
            True,
        ),  # a word between the ordinal and its noun
        (
            "How many times has Ghana served on the Security Council?",
            "Ghana has served on the Council since its independence.",
            False,
        ),  # no count at all
        (
            "How many times has Ghana served on the Security Council?",
            "We will once again stand for a seat on the Council.",
            False,
        ),  # "once again" counts nothing
        (
            "How many schools were connected?",
            "For the first time, schools were connected to the grid.",
            False,
        ),  # an ordinal counts occurrences, not schools
    ],
)
def test_how_many_times_is_answered_by_an_ordinal_or_a_multiplier(question, sentence, holds):
    """ "How many times/terms ...?" is answered by "for the fourth time", "a second term", "twice"."""
    assert has_type(QUANTITY, sentence, counted_noun(question)) is holds


def test_an_ordinal_answer_is_not_completed_by_a_neighbour_with_a_number():
    """The sentence after "for the third time" is not added for its number: the ordinal already answers."""
    from qa_service.answering.elaborate import completed
    from tests.one_document import candidate_of, document_of

    best = "My country has been elected to the Human Rights Council for the third time in its history."
    after = "The two main objectives on the agenda are peace and the elimination of terrorism."
    document, chunk = document_of([best, after])
    question = "How many times has Bahrain been elected to the Human Rights Council?"
    group = completed(question, candidate_of(document, chunk, best), 0.9, lambda doc_id: [chunk])
    assert [c.text for c in group] == [best]
