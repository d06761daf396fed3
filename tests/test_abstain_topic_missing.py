"""Class 6 of issue 12: a question about a topic no retrieved passage names is weak evidence, however close the
passages' meaning ("the gender gap" answered with digital inequality); a paraphrase has no such topic to miss."""

from __future__ import annotations

import numpy as np
import pytest

from qa_service.answering.asked_topic import topic_phrase
from qa_service.answering.scorer import EVIDENCE_FEATURES, FEATURES, QuestionContext, features, question_features


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What did the agency report about the gender gap in internet use?", "the gender gap"),
        ("What did the agency do on cybersecurity in 2021?", "cybersecurity"),
        ("What did the minister say about 5G networks?", "5G networks"),
        ("What has the agency done on digital capacity building at the global level?", "digital capacity building"),
        ("How did the agency help small businesses through the crisis?", None),  # no "about X": nothing to miss
        ("Why must responses be adapted to each place's circumstances?", None),
    ],
)
def test_topic_asked_about(question, topic):
    assert topic_phrase(question) == topic


def _candidates(seed_engine):
    """A candidate from the seed passage naming iVerify, and one from a passage that does not."""
    from qa_service.answering.candidates import Candidate

    snap = seed_engine.index.snapshot
    doc_id = snap.doc_ids[0]
    chunks = [c for _, c in snap.document_chunks(doc_id) if c.sentences]
    naming = next(c for c in chunks if "iverify" in c.text.lower())
    other = next(c for c in chunks if "iverify" not in c.text.lower())
    return [Candidate(snap.documents[doc_id], c, 0, *c.sentences[0], 1.0) for c in (naming, other)]


def test_topic_missing_marks_passages_without_the_topics_rarest_term(seed_engine):
    cands = _candidates(seed_engine)
    vectors = np.zeros((2, 384))
    terms = {"iverifi": 3.0, "tool": 1.0}
    missing = FEATURES.index("topic_missing")
    x = features(QuestionContext(np.zeros(384), terms, topic=("iverifi", "tool")), cands, vectors)
    assert list(x[:, missing]) == [0.0, 1.0]  # judged on the rarest term, "iverifi", per passage
    no_topic = features(QuestionContext(np.zeros(384), terms), cands, vectors)
    assert not no_topic[:, missing].any()  # a question without a topic has nothing to miss
    hand = {"semantic": 0.7, "rank_decay": 0.05}
    assert question_features(x, hand)[EVIDENCE_FEATURES.index("topic_missing")] == 0  # one passage holds it
    assert question_features(x[1:], hand)[EVIDENCE_FEATURES.index("topic_missing")] == 1


def test_learned_evidence_falls_when_no_passage_holds_the_topic():
    """The shipped model learned (on the calibration questions) that a topic no passage names is weak evidence."""
    from qa_service.answering import scorer

    learned = scorer.load("learned")
    rows = np.zeros((3, len(FEATURES)))
    rows[:, FEATURES.index("cosine")] = 0.5
    rows[:, FEATURES.index("overlap")] = 0.3
    rows[:, FEATURES.index("has_terms")] = 1.0
    held = learned.score(rows).max()
    rows[:, FEATURES.index("topic_missing")] = 1.0
    assert learned.score(rows).max() < held
