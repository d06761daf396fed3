"""Classes of failure found on new multi-document questions (issue 12), one test per class.

Quoted sentences were read in the UNGDC speeches (PHL 2021, NGA 2021, NOR 2021, GNQ 2022, JPN 2021)
and the ``ungdc_engine`` sample (GHA 2019 and 2021, KEN 2019, NGA 2019, FJI 2019, DEU 2021):
grep -c refugee KEN_74_2019 gives 4; grep -ci 'fell into extreme poverty' GHA_76_2021 gives 1.
"""

from __future__ import annotations

import functools
import re

import pytest

from qa_service.answering import across, typed
from qa_service.answering.compound_terms import compounds
from qa_service.answering.evidence import PARTLY, topic
from qa_service.answering.scoring import Scored
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.question import analyze
from qa_service.retrieval.question_types import asks_a_quantity

# Sentences of the speeches, standing in for the corpus text a phrase is looked for in.
SPEECHES = " ".join(
    [
        "The Philippines is one with ASEAN and other stakeholders in ensuring that the South China Sea remains"
        " a sea of peace, security and prosperity.",  # PHL_76_2021
        "the challenges of terrorism posed by the activities of Boko Haram in north-east Nigeria and the Lake"
        " Chad region",  # NGA_76_2021
        "Some 90 per cent of piracy incidents take place in the Gulf of Guinea.",  # NOR_76_2021
        "Today Kenya stands ready.",  # a sentence-opening word before a name, as in KEN_77_2022
    ]
)


def in_the_speeches(phrase: str) -> bool:
    return re.search(r"\s+".join(map(re.escape, phrase.split())), SPEECHES, re.IGNORECASE) is not None


def test_class_a_name_inside_a_longer_proper_name_is_no_entity(ungdc_engine):
    catalog = ungdc_engine.index.catalog
    sea = analyze("What did Ghana say about the South China Sea?", catalog, in_the_speeches)
    assert sea.entity_ids == ("GHA",) and not sea.object_entities and not sea.topic_entities
    assert "South China Sea" in sea.topic  # the name stays whole in the ranked text
    lake = analyze("What was said about the Lake Chad region?", catalog, in_the_speeches)
    assert not lake.entities and not lake.topic_entities and not lake.absent_entities
    gulf = analyze("Compare Germany and Kenya on piracy in the Gulf of Guinea.", catalog, in_the_speeches)
    assert gulf.question_type == "comparison" and gulf.entity_ids == ("DEU", "KEN")
    assert not gulf.absent_entities and not gulf.topic_entities  # Guinea is no third speaker
    typed = analyze("what was said about the south china sea dispute?", catalog, in_the_speeches)
    assert not typed.entities and not typed.object_entities  # in lower case, a word on each side decides


def test_class_a_name_stays_an_entity_beside_words_that_make_no_longer_name(ungdc_engine):
    catalog = ungdc_engine.index.catalog
    # Another name, a word of who speaks, a pairing the texts never use, a question's opening word.
    assert analyze("Ghana Kenya climate", catalog, in_the_speeches).entity_ids == ("GHA",)
    assert analyze("What did the President of Ghana say?", catalog, in_the_speeches).entity_ids == ("GHA",)
    assert analyze("Compare Ghana and Kenya on debt", catalog, in_the_speeches).entity_ids == ("GHA", "KEN")
    assert analyze("Today Kenya said what about Somalia?", catalog, in_the_speeches).entity_ids == ("KEN",)
    assert analyze("what did kenya say today?", catalog, in_the_speeches).entity_ids == ("KEN",)


@pytest.mark.parametrize(
    "question",
    [
        "How much has Ghana's debt grown since 2019?",
        "How many schools has Fiji rebuilt or repaired since 2014?",
        "What rank has Ghana held on press freedom since 2019?",
    ],
)
def test_class_a_quantity_or_event_since_a_year_is_one_figure_not_an_evolution(ungdc_engine, question):
    analysis = ungdc_engine.index.analyze(question)
    assert analysis.question_type == "factoid"
    assert [t.role for t in analysis.times] == ["topic"]  # the text states it: no filter on documents


def test_class_evolution_needs_document_phrasing(ungdc_engine):
    assert ungdc_engine.index.analyze("What has Ghana said about debt since 2019?").question_type == "evolution"
    assert ungdc_engine.index.analyze("How has Ghana's position on debt changed?").question_type == "evolution"
    assert asks_a_quantity("By how much has Norway increased its humanitarian budget since 2013?")
    assert not asks_a_quantity("What has Ghana said about debt since 2019?")


def test_class_letter_and_digit_names_are_one_topic_term_in_any_spelling():
    assert [c.key for c in compounds("COVID-19 vaccines, the G-20, SDG-4 and 5G")] == ["covid19", "g20", "sdg4", "5g"]
    assert not compounds("sea-level rise by 2030")  # a hyphenated word and a year are no such names

    def idf(text: str) -> dict[str, float]:  # every analysed term weighs the same
        from indexer.keyword import analyze as terms

        return dict.fromkeys(terms(text), 2.0)

    found = topic("COVID-19 vaccines", [], idf, [], lambda texts: None)  # type: ignore[arg-type,return-value]
    assert set(found.weights) == {"covid19", "vaccin"}  # "19" is no topic word of its own
    for spelled in ("COVID-19 vaccines", "COVID19 vaccines", "Covid 19 vaccines"):
        assert found.coverage(spelled) == 1.0
    # JPN_76_2021: a sentence on the vaccines alone holds half the topic ...
    sentence = "Today, I am pleased to announce that Japan will provide up to 60 million vaccine doses in total."
    assert found.coverage(sentence) == PARTLY and not found.holds(sentence, similarity=0.4)
    # ... and stands for it in a passage that names COVID-19, as a comparison of Japan's statement expects.
    assert found.holds_in_context(
        sentence, "In particular, COVID19 has inflicted unprecedented health crises. " + sentence
    )
    assert not found.holds_in_context(sentence, "Japan hosted the Olympic Games. " + sentence)
    g20 = topic("the G20 debt initiative", [], idf, [], lambda texts: None)  # type: ignore[arg-type,return-value]
    assert g20.coverage("members of the G-20 support the debt initiative") == 1.0


def test_class_letter_and_digit_names_differ_by_their_digits():
    import numpy as np

    from indexer.keyword import analyze as terms

    def same_vector(texts):  # every word as near as can be: only the digits may tell them apart
        return np.ones((len(texts), 2)) / np.sqrt(2)

    near = ["At COP28 we take stock.", "COP28 in Dubai.", "The conference COP-26 met.", "COP-26 in Glasgow."]
    found = topic("COP26", [], lambda text: dict.fromkeys(terms(text), 5.0), near, same_vector)
    assert "cop28" not in found.forms["cop26"]  # another conference, however near its vector
    assert found.coverage("We meet at COP-26 in Glasgow.") == 1.0 and found.coverage("At COP28.") == 0.0


def test_class_a_slice_whose_searched_passages_hold_nothing_is_read_through(ungdc_engine, ungdc_answerer):
    index = ungdc_engine.index
    snap = index.snapshot
    kenya = Filters(entities=("KEN",), year_min=2019, year_max=2019)

    def embed(texts):
        return ungdc_answerer.vectors.get(list(texts))

    near = across.near_topic(
        snap,
        "refugees",
        [],
        Filters(entities=("KEN",)),
        lambda text: ungdc_answerer.terms.query_terms(snap, text),
        ungdc_engine.embed_query,
        embed,
    )

    def unrelated(filters):  # a search ranked on other words: its passages never name refugees
        return ungdc_engine.search("wildlife tourism", 2, index=index, filters=filters, understand=False)

    def score(cands):  # the scorer only orders the sentences: their cosine to the topic will do
        vectors = embed([c.text for c in cands]) if cands else []
        similarity = [float(v @ near.vector) for v in vectors]
        return [Scored(c, s, 0.0, s, v) for c, s, v in zip(cands, similarity, vectors, strict=True)]

    slices = [("Kenya (2019)", "KEN", 2019, kenya)]
    missing = functools.partial(str.format, "nothing in {}.")
    without = typed.per_slice(slices, unrelated, score, near.topic, near.vector, missing)
    complete = functools.partial(across.best_under, snap, near, embed=embed)
    with_pass = typed.per_slice(slices, unrelated, score, near.topic, near.vector, missing, complete)
    assert not without.groups[0].evidence  # what the passages searched say: nothing
    assert with_pass.groups[0].evidence and "refugee" in with_pass.groups[0].sentences[0].lower()


def test_class_verb_forms_the_dense_side_finds_an_irregular_form(ungdc_engine):
    # GHA_76_2021: "More than 30 million Africans fell into extreme poverty in 2020": the question's
    # "fall" and the text's "fell" share no stem; measured on the UNGDC suite, adding the other forms
    # to the keyword query lowered MRR (0.905 -> 0.901), so the dense side is what finds them.
    hits = ungdc_engine.search("How many Africans did Ghana say would fall into extreme poverty?", k=3).hits
    assert any("fell into extreme poverty" in h.chunk.text for h in hits)


def test_class_a_follow_up_asking_something_of_its_own_weighs_itsown_words_first():
    from qa_service.answering.conversation import FOLLOWUP_OWN_WEIGHT, Resolution, own_words_first

    carried = {"agreement": 2.0, "conflict": 2.0, "implement": 3.0, "delay": 4.0}
    asks_its_own = Resolution(
        "Which part of its implementation has been delayed, for Ethiopia on agreement ended conflict?",
        "Which part of its implementation has been delayed?",
        followup=True,
    )
    weighed = own_words_first(asks_its_own, carried)
    assert weighed == {
        "agreement": 2.0,
        "conflict": 2.0,
        "implement": 3.0 * FOLLOWUP_OWN_WEIGHT,
        "delay": 4.0 * FOLLOWUP_OWN_WEIGHT,
    }
    # A terse follow-up is asked in the conversation's frame, and a first question as it is.
    terse = Resolution("Who funded the agreement to end the conflict?", "Who funded it?", followup=True)
    assert own_words_first(terse, carried) == carried
    first = Resolution(asks_its_own.original, asks_its_own.original)
    assert own_words_first(first, carried) == carried


def test_class_a_particle_of_the_question_is_no_term_a_sentence_must_hold(ungdc_engine, ungdc_answerer):
    """Asked "Which group did Indonesia preside over in 2022?": "over" says how "preside" relates, not what is asked;
    kept as a term, its IDF share let "Many leaders have spoken here over the past few days." outscore the
    presidency of the Group of 20."""
    from qa_service.answering.scoring import overlap

    terms = ungdc_answerer.terms.query_terms(ungdc_engine.index.snapshot, "Which group did Indonesia preside over?")
    assert "over" not in terms and "presid" in terms
    assert overlap(terms, "Many leaders have spoken here over the past few days.") == 0.0
    assert overlap(terms, "That lesson shapes the priorities of Indonesia's presidency of the Group of 20.") > 0.5
