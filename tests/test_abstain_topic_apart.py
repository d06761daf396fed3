"""Class 6 of issue 12, a near word matches: a question about a compound topic ("nuclear power") whose rarest
word the passages hold only apart from its other words ("nuclear weapons", "nuclear proliferation") asks
for something the corpus does not hold, and is refused; a phrase held in other word order, other forms of
its words or with a near-synonym ("exports of charcoal", "Russia and Ukraine ... wheat", "climate
finance" for "climate funding") is still answered."""

from __future__ import annotations

import numpy as np
import pytest

from qa_service.answering.asked_topic import phrase_words, topic_apart


def _by_vectors(embedder):
    """Cosine of real MiniLM word vectors, as the service computes it (the word cache's unit vectors)."""

    def similar(a: list[str], b: list[str]) -> np.ndarray:
        return np.asarray(embedder.encode(a) @ embedder.encode(b).T)

    return similar


def _apart(topic: str, passages: list[str], weights: dict[str, float], similar) -> bool:
    from indexer.keyword import analyze

    words = [w for w in phrase_words(topic) if analyze(w)]
    return topic_apart([analyze(w)[0] for w in words], words, weights, passages, similar)


@pytest.mark.parametrize(
    ("topic", "passages", "weights", "apart"),
    [
        # The rarest word only in another compound: the asked thing is absent.
        ("nuclear power", ["The nuclear threat is real.", "No nuclear weapons."], {"nuclear": 3, "power": 1}, True),
        ("nuclear energy", ["risks of nuclear proliferation", "we need energy"], {"nuclear": 3, "energi": 1}, True),
        # Held as a phrase, in other order, with a hyphen, or with other forms of its words.
        ("nuclear power plants", ["Zaporizhzhya nuclear power plant"], {"nuclear": 3, "power": 1, "plant": 2}, False),
        ("nuclear power", ["our first-ever nuclear-power plant in Rooppur"], {"nuclear": 3, "power": 1}, False),
        ("charcoal exports", ["prevent the export of charcoal from Somalia"], {"charcoal": 6, "export": 3}, False),
        (
            "Russian and Ukrainian wheat",
            ["relying on Russia and Ukraine for 70 per cent of our wheat consumption"],
            {"russian": 3.6, "ukrainian": 3.7, "wheat": 5.9},
            False,
        ),
        # Five content words apart: pronouns and auxiliaries between them are not counted.
        (
            "independence day",
            [
                "on 19 September, the day we should have been celebrating"
                " the thirty-fourth anniversary of our independence"
            ],
            {"independ": 4, "day": 1},
            False,
        ),
        # A function word of the question is no topic word either: "on your website" asks of "website".
        ("your website", ["They track your visits across other websites."], {"your": 2, "websit": 3}, False),
        # A near-synonym beside the other word holds the phrase: "climate finance" for "climate funding".
        (
            "climate funding",
            ["the International Monetary Fund", "we doubled our climate finance contribution"],
            {"climat": 1.7, "fund": 3.2},
            False,
        ),
        # Not this test's case: a one-word topic, or a rarest word no passage holds (topic_missing's case).
        ("cybersecurity", ["digital security matters"], {"cybersecur": 5}, False),
        ("the gender gap", ["digital inequality persists"], {"gender": 4, "gap": 3}, False),
    ],
)
def test_compound_topic_held_only_apart_is_absent(embedder, topic, passages, weights, apart):
    assert _apart(topic, passages, weights, _by_vectors(embedder)) is apart


def test_answerer_refuses_a_compound_topic_only_a_near_word_matches(ungdc_answerer):
    """Over real speeches: Nigeria 2019 speaks of nuclear proliferation, Germany 2021 of the nuclear agreement,
    neither of nuclear energy or power; the agreement itself is answered."""
    for question in ("What did Nigeria say about nuclear energy?", "What did Germany say about nuclear power?"):
        answer = ungdc_answerer.answer([question])
        assert answer.abstained, (question, answer.sentences)
        assert "nuclear" in answer.sentences[0]  # the refusal names the phrase not covered
    held = ungdc_answerer.answer(["What did Germany say about the nuclear agreement?"])
    assert not held.abstained and "nuclear agreement" in " ".join(held.sentences)
