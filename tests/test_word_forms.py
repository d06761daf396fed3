"""Forms of one word the stemmer keeps apart meet in the sentence scorer's overlap (qa_service/answering/word_forms.py):
a country and its people ("Iranian"/"Iran"), a derivation cut at another letter ("electrified"/"electricity")."""

from __future__ import annotations

import numpy as np

from indexer.keyword import analyze
from qa_service.answering import word_forms
from qa_service.answering.scoring import overlap


def _stem(word: str) -> str:
    return analyze(word)[0]


def test_a_country_and_its_people_are_forms_of_one_word():
    forms = word_forms.country_forms()
    assert _stem("Iran") in forms[_stem("Iranian")]
    assert _stem("Iranian") in forms[_stem("Iran")]
    assert _stem("Ukraine") in forms[_stem("Ukrainian")]
    assert _stem("Somalia") in forms[_stem("Somali")]
    assert _stem("Kenya") in forms[_stem("Kenyans")]  # its people, in the plural


def _similar(table: dict[tuple[str, str], float]):
    """A cosine matrix from a table of word pairs (0 for pairs not in it)."""

    def similar(a: list[str], b: list[str]) -> np.ndarray:
        return np.array([[table.get((x, y), table.get((y, x), 0.0)) for y in b] for x in a])

    return similar


def test_a_derivation_that_means_the_same_is_a_form():
    question = "How widely has Fiji electrified the country?"
    terms = analyze(question)
    passages = ["Electricity access in the country rose to 96 per cent; the election was held in December."]
    similar = _similar({("electrified", "electricity"): 0.81, ("electrified", "election"): 0.31})
    forms = word_forms.forms(question, terms, passages, similar)
    assert forms[_stem("electrified")] == {_stem("electricity")}  # not "election", which only starts alike


def test_words_that_only_start_alike_or_are_spelt_otherwise_are_not_forms():
    question = "Which partner organisations backed the parties?"
    terms = analyze(question)
    passages = ["International organizations backed the participation of all."]
    similar = _similar({("organisations", "organizations"): 0.91, ("parties", "participation"): 0.53})
    forms = word_forms.forms(question, terms, passages, similar)
    assert _stem("organisations") not in forms  # another spelling: no stem extends the other
    assert _stem("parties") not in forms  # "parti" starts "particip", but the two do not mean the same


def test_overlap_finds_a_term_in_its_forms():
    terms = {_stem("Iranian"): 2.0, _stem("negotiations"): 1.0}
    sentence = "We call upon Iran to return to serious negotiations as quickly as possible."
    assert overlap(terms, sentence) == 1.0 / 3.0
    assert overlap(terms, sentence, {_stem("Iranian"): word_forms.country_forms()[_stem("Iranian")]}) == 1.0
