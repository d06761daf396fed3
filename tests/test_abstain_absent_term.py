"""A thing no speech mentions, asked as the object of a verb or a noun ("called for international regulation of
cryptocurrencies", "praised the blockchain"), is refused: the question's one foreign word is a term no chunk
holds and no passage word stands for. Paraphrases are still answered: an ordinary word the corpus lacks ("go to
the polls", "veterans") is left to the scorer, as is a term a passage word stands for ("cellphone" for "mobile
phone") and a seed paraphrase that misses several ordinary words besides a term ("apps")."""

from __future__ import annotations

import numpy as np
import pytest

from qa_service.answering.absent_term import absent_terms, by_first_letter, misspelled, unmatched


def _corpus(*held: str):
    """A document frequency over analysed terms: the stems of ``held`` occur, every other stem does not."""
    from indexer.keyword import analyze

    stems = {s for text in held for s in analyze(text)}
    return lambda stem: 5 if stem in stems else 0


@pytest.mark.parametrize(
    ("question", "held", "absent"),
    [
        # A term outside the lexicon is the only word no chunk holds: the thing asked about.
        (
            "Which country called for international regulation of cryptocurrencies?",
            "country called international regulation",
            ["cryptocurrencies"],
        ),
        ("Which leader praised the blockchain?", "leader praised", ["blockchain"]),
        ("How does Norway plan to regulate bitcoin?", "Norway plan regulate", ["bitcoin"]),
        # An ordinary word the corpus lacks has ordinary paraphrases ("polls" for "elect", "veterans").
        ("How many Germans were about to go to the polls in 2021?", "many Germans go 2021", []),
        ("How much does Bangladesh spend on the veterans of its war?", "much Bangladesh spend war", []),
        # Other words missing too: a paraphrase in other words (the seed's one submission lacks most of these).
        ("Are governments asking for whole-of-government plans rather than single apps?", "governments", []),
        # A capitalised name is the speaker rules' business; an acronym may be spelled out in the text.
        ("What did Peru say about mining?", "say mining", []),
        ("Under which ECOSOC resolution is the report made?", "resolution report made", []),
        # Every word held: nothing is absent.
        ("What did Kenya say about the coronavirus?", "Kenya say coronavirus", []),
    ],
)
def test_a_term_is_absent_only_when_it_is_all_the_corpus_lacks(question, held, absent):
    assert absent_terms(question, _corpus(held)) == absent


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("climte", "climate"),
        ("refugess", "refugees"),
        ("vacines", "vaccines"),
        ("nucelar", "nuclear"),
        ("ecomony", "economy"),
    ],
)
def test_a_typo_of_a_corpus_word_is_no_absent_term(typo, word):
    """A typo is outside the lexicon and in no chunk, and its word vector is far from the word meant ("climte"
    0.16 from "climate"): spelled a typo or two from a corpus word, it is that word."""
    assert misspelled(typo, word)
    question = f"What did Kenya say about {typo}?"
    held = _corpus("Kenya say")
    assert absent_terms(question, held) == [typo]
    assert absent_terms(question, held, by_first_letter([word, "kenya"])) == []


@pytest.mark.parametrize(
    ("term", "word"),
    [("cryptocurrencies", "currencies"), ("blockchain", "block"), ("opioid", "opinion"), ("vaping", "paying")],
)
def test_a_term_is_no_typo_of_a_word_it_merely_contains(term, word):
    """Two edits in a word of up to six letters reach unrelated words ("vaping", "paying"): one is allowed there."""
    assert not misspelled(term, word)


def _by_vectors(embedder):
    """Cosine of real MiniLM word vectors, as the service computes it (the word cache's unit vectors)."""

    def similar(a: list[str], b: list[str]) -> np.ndarray:
        return np.asarray(embedder.encode(a) @ embedder.encode(b).T)

    return similar


@pytest.mark.parametrize(
    ("term", "passages", "no_stand_in"),
    [
        ("cryptocurrencies", ["We will regulate the possession, use and storage of weapons."], True),
        ("fentanyl", ["Mexico is fulfilling its commitments to combat drug trafficking."], True),
        ("cellphone", ["In the year 2000 in Ghana, there were 90,000 mobile-phone subscribers."], False),
        ("telehealth", ["the proliferation of online education, telemedicine and e-payment systems"], False),
        ("coronavirus", ["We humans are battling COVID-19."], False),
        ("blockchain", [], True),  # nothing read: nothing stands for it
    ],
)
def test_a_term_is_unmatched_when_no_passage_word_stands_for_it(embedder, term, passages, no_stand_in):
    assert unmatched([term], passages, _by_vectors(embedder)) is no_stand_in


def test_no_term_is_never_unmatched(embedder):
    assert not unmatched([], ["anything"], _by_vectors(embedder))


def test_answerer_refuses_a_term_no_speech_uses(ungdc_answerer):
    """Over real speeches that never mention fentanyl: without the rule, NGA_74_2019's "notice to international
    criminal groups" answered it, every other word of the question being the speeches' own."""
    answer = ungdc_answerer.answer(["Which country demanded action against fentanyl trafficking?"])
    assert answer.abstained, answer.sentences
    assert answer.evidence == 0.0  # refused before the sentences are scored, not for weak evidence


def test_answerer_answers_a_term_a_passage_word_stands_for(ungdc_answerer):
    """GHA_74_2019: "In the year 2000 in Ghana, there were 90,000 mobile-phone subscribers"."""
    answer = ungdc_answerer.answer(["How many cellphone subscribers did Ghana have in 2000?"])
    assert not answer.abstained and "90,000" in " ".join(answer.sentences)


def test_answerer_answers_a_typo_of_a_corpus_word(ungdc_answerer):
    """GHA_76_2021: "this vaccine was donated to African countries". "vacines" is in no chunk, outside the lexicon
    and far from "vaccine" in word vectors (0.29): without the typo test it was refused as an absent term."""
    answer = ungdc_answerer.answer(["Which vacines were donated to African countries, according to Ghana?"])
    assert not answer.abstained and "donated" in " ".join(answer.sentences)


def test_a_seed_paraphrase_missing_ordinary_words_is_no_absent_term(seed_engine):
    """The seed's one submission (17 chunks) lacks most ordinary words: its paraphrases miss several at once."""
    keyword = seed_engine.index.snapshot.keyword
    question = "Are governments now asking for whole-of-government plans rather than single apps?"
    assert absent_terms(question, keyword.document_frequency) == []
