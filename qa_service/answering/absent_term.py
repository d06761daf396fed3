"""A question whose one foreign word is a term no speech uses ("regulation of cryptocurrencies") is not answered.

"Which country called for international regulation of cryptocurrencies?" over speeches that never mention
cryptocurrency was answered with a sentence on regulating weapons: every other word of the question is the
corpus's own, so the sentence scorer found a fluent match, and the thing asked about is not an "about X"
topic that ``asked_topic`` could miss. The asked thing is the one word no chunk holds.

A word no chunk holds is not enough: paraphrase questions use words the speeches do not ("go to the polls"
for "elect a new parliament", "veterans" for "freedom fighters"), and over one submission of 17 chunks most
ordinary words are absent. Three conditions make the absence say the thing is not there:

- the word is a *term*: outside lemminflect's English lexicon ("cryptocurrencies", "blockchain", "fentanyl",
  "metaverse"), written in lower case (a capitalised name is the speaker and entity rules' business, and an
  acronym may be spelled out: "ECOSOC" for "Economic and Social Council"). An ordinary word ("polls",
  "purpose", "pressures") has ordinary paraphrases; a term names one thing;
- it is the only kind of word the corpus lacks: every other content word of the question occurs in some
  chunk. A paraphrase question of the one-submission seed misses several ordinary words ("Are governments
  now asking for whole-of-government plans rather than single apps?"), and is left to the scorer;
- no word of the passages read stands for it (MiniLM word vectors at ``asked_topic.STANDS_FOR``, the cut the
  phrase test refuses at): "coronavirus" is met by "covid" (0.65), "cryptocurrencies" by nothing
  ("monetary" 0.43).

A misspelt word is outside the lexicon and in no chunk too, and its word vector is far from the word meant
("climte" 0.16 from "climate", "vacines" 0.29 from "vaccines"): a word a typo or two away from a word of
the corpus (``TYPO_EDITS``) is that word, not an absent term.

    >>> corpus = {"countri": 900, "call": 700, "regul": 14}.get  # analysed term -> chunks that hold it
    >>> absent_terms("Which country called for regulation of cryptocurrencies?", corpus)
    ['cryptocurrencies']
    >>> absent_terms("How many Germans were about to go to the polls?", {"german": 9, "go": 80}.get)
    []
    >>> absent_terms("Which country called for regulation of cryptocurencies?", corpus, {"c": ["cryptocurrencies"]})
    []
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
from lemminflect import getAllLemmas
from rapidfuzz.distance import OSA

from indexer.keyword import analyze
from indexer.reader import IndexSnapshot
from qa_service.answering.asked_topic import STANDS_FOR
from qa_service.engine import QueryCache

_WORD = re.compile(r"[^\W\d_]+")
# Shorter words are abbreviations or pieces of a hyphenated word ("e-waste"), not terms.
MIN_TERM_LETTERS = 4

# Edits (insert, delete, substitute, swap two neighbours) that turn a misspelling into the passage word meant:
# one in a word of up to six letters, two in a longer one ("nucelar", "sustainabilty", "ecomony"). One only in
# a short word, where two edits reach unrelated words ("vaping" is two from "paying").
TYPO_EDITS = ((6, 1), (10**6, 2))  # (longest word, edits)

DocumentFrequency = Callable[[str], int | None]  # analysed term -> chunks holding it (None: unknown, as 0)
CorpusIndex = dict[str, list[str]] | None  # the corpus's words by first letter (None: no typo test)
Similar = Callable[[list[str], list[str]], np.ndarray]  # words, words -> cosine matrix


@lru_cache(maxsize=8192)
def in_lexicon(word: str) -> bool:
    """Whether lemminflect's English dictionary knows the word as any part of speech."""
    return bool(getAllLemmas(word.lower()))


def _is_term(word: str) -> bool:
    return word.islower() and len(word) >= MIN_TERM_LETTERS and not in_lexicon(word)


def absent_terms(question: str, document_frequency: DocumentFrequency, corpus_words: CorpusIndex = None) -> list[str]:
    """The question's terms no chunk holds, when they are the only content words no chunk holds (else []).
    ``corpus_words`` are the corpus's words, case-folded, by first letter (``by_first_letter``): a term
    spelled almost like one of them is a typo of it."""
    absent = [
        w for w in dict.fromkeys(_WORD.findall(question)) if (stems := analyze(w)) and not document_frequency(stems[0])
    ]
    if not absent or not all(_is_term(w) for w in absent):
        return []
    near = corpus_words or {}
    return [w for w in absent if not any(misspelled(w.casefold(), c) for c in near.get(w[0].casefold(), ()))]


def by_first_letter(words: Iterable[str]) -> dict[str, list[str]]:
    """Words by their first letter: a typo seldom changes it, and the typo test then reads a few hundred words."""
    out: dict[str, list[str]] = defaultdict(list)
    for word in words:
        out[word[0]].append(word)
    return dict(out)


class CorpusWords:
    """Per snapshot: its distinct words, case-folded, by first letter; computed when a question first needs them."""

    def __init__(self, cached_snapshots: int = 4) -> None:
        self._cache: QueryCache[dict[str, list[str]]] = QueryCache(cached_snapshots)

    def of(self, snapshot: IndexSnapshot) -> dict[str, list[str]]:
        def words(_: str) -> dict[str, list[str]]:
            texts = (snapshot.documents[d].text for d in snapshot.doc_ids)
            return by_first_letter({w.casefold() for text in texts for w in _WORD.findall(text)})

        return self._cache.get_or_compute(snapshot.name, words)


def unmatched(terms: list[str], passages: Iterable[str], similar: Similar) -> bool:
    """Whether some term has no word of the passages near it in meaning (no passages: nothing stands for it)."""
    if not terms:
        return False
    vocabulary = sorted({w.casefold() for text in passages for w in _WORD.findall(text)})
    if not vocabulary:
        return True
    cosine = similar([t.casefold() for t in terms], vocabulary)
    return bool((np.asarray(cosine).max(axis=1) < STANDS_FOR).any())


def misspelled(term: str, word: str) -> bool:
    """Whether ``term`` is ``word`` with a typo or two (``TYPO_EDITS``): the optimal string alignment distance
    (insertions, deletions, substitutions and swaps of neighbours)."""
    allowed = next(edits for longest, edits in TYPO_EDITS if len(word) <= longest)
    return term != word and abs(len(term) - len(word)) <= allowed and OSA.distance(term, word) <= allowed
