"""The topic a question asks about ("What did UNDP report about the gender gap in internet use?" -> "the gender gap").

A passage that never uses the topic's rarest word is not about it, however close its meaning: "the gender
gap" answered with a sentence on digital inequality, "5G networks" with one on networks of experts. The
scorer's ``topic_missing`` feature records it, and the learned evidence model weighs it against the
sentence's cosine (a paraphrase question has no "about X" to miss).

    >>> topic_phrase("What did UNDP report about the gender gap in internet use?")
    'the gender gap'
    >>> topic_phrase("How did UNDP help small businesses?") is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from indexer.keyword import analyze
from qa_service.answering.evidence import PREFIX
from qa_service.retrieval.roles import AUXILIARIES, word_set

# The topic follows "about", "on", "regarding", "concerning" and ends where a qualifier starts:
# a preposition of place or time, a relative clause, or the question mark.
_TOPIC = re.compile(r"\b(?:about|on|regarding|concerning)\s+(?P<topic>[^?]+)", re.IGNORECASE)
_TOPIC_END = re.compile(
    r"\s+(?:in|at|for|by|during|since|before|after|from|as|according|who|that|which|when|where|while)\b|[,;:]",
    re.IGNORECASE,
)

_CONJUNCTION = re.compile(r"(?:or|and|nor|but)\b", re.IGNORECASE)


def topic_phrase(question: str) -> str | None:
    """The words after the last "about"/"on" up to a qualifier, or None when the question names no topic."""
    # "get on or off their vessels": an "on" followed by a conjunction is a verb's particle, not a topic's start.
    matches = [m for m in _TOPIC.finditer(question) if not _CONJUNCTION.match(m.group("topic"))]
    if not matches:
        return None
    topic = _TOPIC_END.split(matches[-1].group("topic"), maxsplit=1)[0].strip()
    return topic or None


# Words (stop words dropped) between two words of the topic for the two to read as one phrase: "nuclear
# power plant", "power plants running on nuclear fuel", "Russia and Ukraine for 70 per cent of our wheat".
PHRASE_WINDOW = 5
# Words the window does not count, which the search's stop words keep: "the day we should have been celebrating
# the anniversary of our independence" holds "independence day" five content words apart.
_FUNCTION_WORDS = AUXILIARIES | word_set("i we you he she they me us him them my our your his her its their been being")
# Letters two stems share to be forms of one word ("russian"/"russia", "ukrainian"/"ukrain"): the analyser
# keeps a nationality apart from its country: evidence.PREFIX.
SAME_WORD_PREFIX = PREFIX
# A word near one topic word stands for another topic word at this word-vector cosine. Lower than
# evidence.SYNONYM_SIMILARITY (0.80, inflections) because this test refuses, and must refuse only a different
# thing: "finance" 0.63 and "financing" 0.71 stand for "funding"; "weapons" 0.42 does not for "power", nor
# "atomic" 0.41 for "energy" (MiniLM word vectors).
STANDS_FOR = 0.60

_PIECE = re.compile(r"[^\W\d_]+|\d+")
Similar = Callable[[list[str], list[str]], np.ndarray]  # words, words -> cosine matrix


def phrase_words(phrase: str) -> list[str]:
    """The words of a phrase as the phrase test reads them: a hyphenated word is its parts ("sea-level")."""
    return _PIECE.findall(phrase)


def topic_apart(
    topic: Sequence[str], asked: Sequence[str], weights: Mapping[str, float], passages: Iterable[str], similar: Similar
) -> bool:
    """Whether the passages use the topic's words only apart from each other.

    Issue 12, class 6: "What did Japan say about nuclear power?" over speeches that speak of nuclear
    weapons only. The rarest word ("nuclear") is held, so ``topic_missing`` is 0 and the sentence scorer
    answers, but the asked thing is the phrase, and no passage says "nuclear" near "power" (nor near a
    near-synonym of it). ``topic`` are the topic's stems, ``asked`` the same words as the question writes
    them. False for a one-word topic, and when no passage holds the rarest word at all (that is
    ``topic_missing``'s case, which the second look may rescue as a paraphrase).
    """
    # Function words are no words of the topic on either side ("on your website" asks of "website").
    pairs = [
        (stem, word)
        for stem, word in dict.fromkeys(zip(topic, asked, strict=True))
        if word.lower() not in _FUNCTION_WORDS
    ]
    if len({stem for stem, _ in pairs}) < 2:
        return False
    rarest = max((stem for stem, _ in pairs), key=lambda stem: weights.get(stem, 0.0))
    windows: list[tuple[int, list[str]]] = []  # (which topic word, the words around one of its occurrences)
    for text in passages:
        words = [
            (w, stems[0]) for w in _PIECE.findall(text) if (stems := analyze(w)) and w.lower() not in _FUNCTION_WORDS
        ]
        for i, (_, token) in enumerate(words):
            for k, (stem, _) in enumerate(pairs):
                if _same_word(token, stem):
                    near = words[max(0, i - PHRASE_WINDOW) : i] + words[i + 1 : i + PHRASE_WINDOW + 1]
                    if any(_same_word(t, other) for _, t in near for j, (other, _) in enumerate(pairs) if j != k):
                        return False
                    windows.append((k, [w.casefold() for w, _ in near]))
    if not any(pairs[k][0] == rarest for k, _ in windows):
        return False
    return not any(_stands_for(windows, [w for _, w in pairs], similar))


def _stands_for(windows: list[tuple[int, list[str]]], asked: list[str], similar: Similar) -> Iterable[bool]:
    """For each window, whether one of its words is a near-synonym of a topic word other than its own."""
    vocabulary = sorted({w for _, near in windows for w in near})
    if not vocabulary:
        return
    cosine = similar([w.casefold() for w in asked], vocabulary)
    column = {w: i for i, w in enumerate(vocabulary)}
    for k, near in windows:
        cols = [column[w] for w in near]
        yield any(float(cosine[j, cols].max()) >= STANDS_FOR for j in range(len(asked)) if j != k and cols)


def _same_word(token: str, stem: str) -> bool:
    if token == stem:
        return True
    n = SAME_WORD_PREFIX
    return len(token) >= n and len(stem) >= n and token[:n] == stem[:n]
