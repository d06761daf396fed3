"""Whether a passage is about a question's topic: an absolute test, the same for every document.

A listing ("Which countries raised the plight of the Rohingya?") or an evolution ("How has Ukraine
talked about Crimea since 2019?") asks, document by document or year by year, whether the text
speaks of the topic at all. The answer scorer cannot say that: its scores are relative to the
other candidates of one question. This test is absolute:

- the topic is the question's content words, without the words that only frame it ("the plight
  of", "the issue of") or report it ("warn that", "mentioned"): "the Rohingya", "the oceans are
  rising";
- a topic word is also matched by its near-synonyms and inflections found by the embedding model
  among the words of the passages nearest the topic ("sea" for "ocean", "Crimean" for "Crimea");
- a sentence holds the topic when it holds every name the question gives ("Gulf of Guinea") and
  most of the topic's IDF mass (``HOLDS``), or some of it and means the topic closely
  (``CLOSE_SIMILARITY``, calibrated on the UNGDC listing cases).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from indexer.keyword import analyze
from qa_service.answering import compound_terms
from qa_service.answering.compound_terms import Compound
from qa_service.retrieval.question_types import names_document_kind

HOLDS = 0.75  # share of the topic's IDF mass a sentence must hold ("oceans" alone is not "the oceans are rising")
PARTLY = 0.5  # share a sentence must hold to be judged on its meaning
# A sentence holding only part of the topic must mean it this closely. Calibrated on the UNGDC listing
# cases: the best sentence of a document without evidence never reached 0.70 (the highest, 0.69, was
# "The health of our oceans continues to deteriorate" for "the oceans are rising").
CLOSE_SIMILARITY = 0.70
# Word-vector cosine above which a corpus word stands for a topic word: inflections and near-synonyms
# ("Crimean" 0.84 for "Crimea", "sea" 0.87 for "ocean") pass, related words ("coast" 0.69, "maritime"
# 0.73 for "sea", "increase" 0.42 for "rise") do not.
SYNONYM_SIMILARITY = 0.80
VOCABULARY_ROWS = 30  # the nearest passages whose recurring words are synonym candidates
VOCABULARY_MIN_ROWS = 2  # a word must occur in this many of them
VOCABULARY_MAX = 250  # and only the most frequent ones are embedded: the test must stay cheap
PREFIX = 5  # letters a word shares with a topic word to be a candidate whatever its frequency

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*|\d{4}")
# Nouns that introduce a topic rather than name one: "the plight of the Rohingya" and "the Rohingya
# crisis" are about the Rohingya, "the question of Palestine" and "the Cyprus issue" about Palestine, Cyprus.
_FRAMING = re.compile(
    r"\b(?:plight|issues?|questions?|situation|problems?|matters?|subject|topic|cases?|fate|importance|role)"
    r"\s+(?:of|facing|around|surrounding)\b"
    r"|\b(?:fight|battle|struggle|campaign|efforts?|war)\s+(?:against|on)\b",  # "the fight against Al-Shabaab"
    re.IGNORECASE,
)
_NAME_THEN_FRAMING = re.compile(r"(\b[A-Z][\w'\u2019-]*)\s+(?:crisis|issue|question|situation|problem|plight)\b")
# Verbs that report what a document says, in lower case ("Christchurch Call" is a name, not a verb).
_REPORTING = re.compile(
    r"\b(?:warn|mention|spoke|spoken|speak|talk|report|refer|rais|discuss|address|say|said|describ|highlight|"
    r"emphasi[sz]|stress|not(?:e|ed|es)|cit(?:e|ed|es)|express|comment|underlin|acknowledg)[a-z]*\b"
)
# Capitalised words joined by spaces, "of" or "for": a name of several words ("Gulf of Guinea").
_NAME = re.compile(r"\b[A-Z][\w'\u2019-]+(?:\s+(?:of\s+(?:the\s+)?|for\s+)?[A-Z][\w'\u2019-]+)+")

# "and"/"or" between two noun phrases that each have their determiner ("the blue economy and the oceans");
# "peace and security" stays one topic.
_COORDINATED = re.compile(r"\s+(?:and|or)\s+(?=(?:the|a|an|its|their|our)\s)", re.IGNORECASE)

Embed = Callable[[Sequence[str]], np.ndarray]  # texts -> unit vectors (the sentence vector cache)


def topic_text(ranking_text: str) -> str:
    """The content of a ranked question text: framing nouns and reporting verbs removed."""
    text = _NAME_THEN_FRAMING.sub(r"\1", _FRAMING.sub(" ", ranking_text))
    text = _REPORTING.sub(" ", text)
    return " ".join(text.split())


def named_phrases(question: str, entity_spans: Sequence[tuple[int, int]] = ()) -> list[re.Pattern[str]]:
    """Multi-word names in the question ("Gulf of Guinea", "South China Sea"), as patterns; not a
    name that opens the question ("Compare Italy") nor one an entity's name opens ("United Kingdom")."""
    found = [
        m.group(0)
        for m in _NAME.finditer(question)
        # An entity's name, or one opening the name, is who speaks ("the United Kingdom", "Bangladesh's GDP");
        # one inside it is part of the topic's name ("the South China Sea").
        if m.start() > 0
        and not any(s <= m.start() < e for s, e in entity_spans)
        and not names_document_kind(question, m.start(), m.end())  # "in its General Debate speeches" names no topic
    ]
    return [re.compile(r"\b" + r"\s+".join(map(re.escape, name.split())) + r"\b", re.IGNORECASE) for name in found]


@dataclass
class Topic:
    """The topic's terms (stem -> IDF), the stems that count for each, and the names it must hold."""

    text: str
    weights: dict[str, float]
    forms: dict[str, set[str]] = field(default_factory=dict)
    names: list[re.Pattern[str]] = field(default_factory=list)
    # Coordinated noun phrases, each a topic of its own: "the blue economy and the oceans" is held by a
    # sentence on the oceans. One part (every term) when the topic is not such a coordination.
    parts: list[set[str]] = field(default_factory=list)
    # Names of letters and digits ("COVID-19", "G-20"), each one term held by any of its spellings.
    compounds: list[Compound] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def all_stems(self, term: str) -> set[str]:
        return self.forms.get(term, set()) | {term}

    def could_hold(self, text: str) -> bool:
        """A cheap upper bound of ``coverage(text) >= PARTLY`` by substrings ("clima" for "climat", "ris"
        for "rise" in "rising": a stem less its last letter is nearly always the start of its words)."""
        lower = text.lower()
        spelled = compound_terms.held(text, self.compounds)
        for part in self.parts or [set(self.weights)]:
            total = sum(self.weights[t] for t in part)
            found = sum(
                self.weights[t]
                for t in part
                if t in spelled or any(s[: max(3, len(s) - 1)] in lower for s in self.all_stems(t))
            )
            if total > 0 and found / total >= PARTLY:
                return True
        return False

    def coverage(self, text: str) -> float:
        """Share of the IDF mass of the topic (or of its best coordinated part) that ``text`` holds, a
        synonym counting for its topic word."""
        return self.coverage_of(set(analyze(text)) | compound_terms.held(text, self.compounds))

    def coverage_of(self, present: set[str]) -> float:
        best = 0.0
        for part in self.parts or [set(self.weights)]:
            total = sum(self.weights[t] for t in part)
            if total > 0:
                held = sum(self.weights[t] for t in part if self.all_stems(t) & present)
                best = max(best, held / total)
        return best

    def has_names(self, text: str) -> bool:
        return all(name.search(text) for name in self.names)

    def holds(self, text: str, similarity: float) -> bool:
        """Whether a sentence is evidence that its document speaks of the topic (not only near it)."""
        if not self.has_names(text):
            return False
        coverage = self.coverage(text)
        return coverage >= HOLDS or (coverage >= PARTLY and similarity >= CLOSE_SIMILARITY)

    def holds_in_context(self, text: str, passage: str) -> bool:
        """Whether a sentence holding part of the topic stands in a passage that holds the rest: in a
        document already chosen (one entity's, one year's), "Japan will provide up to 60 million
        vaccine doses" answers "COVID-19 vaccines" when its passage is about COVID-19."""
        if not self.has_names(text) or self.coverage(text) < PARTLY:
            return False
        return self.coverage(passage) >= HOLDS


def topic(
    ranking_text: str,
    names: list[re.Pattern[str]],
    weights: Callable[[str], dict[str, float]],
    near_texts: Sequence[str],
    embed: Embed,
) -> Topic:
    """The topic of a question: its content terms with their IDF (``weights``), their synonyms among the
    words of ``near_texts`` (the passages nearest the topic), and the ``names`` it must hold."""
    text = topic_text(ranking_text) or ranking_text
    joined = compound_terms.compounds(text)

    def terms(part: str) -> dict[str, float]:
        return compound_terms.merged(weights(part), joined)

    found = Topic(text, terms(text), names=names, compounds=joined)
    found.parts = [p for p in (set(terms(part)) for part in _COORDINATED.split(text)) if p]
    words = _topic_words(text, joined)
    vocabulary = _vocabulary(near_texts, set(found.weights), words.values())
    if not words or not vocabulary:
        return found
    vectors = embed([*words.values(), *vocabulary])
    topic_vectors, vocabulary_vectors = vectors[: len(words)], vectors[len(words) :]
    similar = topic_vectors @ vocabulary_vectors.T
    for (stem, word), row in zip(words.items(), similar, strict=True):
        if stem in found.weights:
            near = [vocabulary[i] for i in np.flatnonzero(row >= SYNONYM_SIMILARITY)]
            # Digits tell names apart: COP28 (0.8 from "COP26") is another conference, the G-7 another group.
            found.forms[stem] = {s for w in near if _digits(w) == _digits(word) for s in _one_stem(w)}
    return found


def _digits(word: str) -> str:
    return "".join(ch for ch in word if ch.isdigit())


def _one_stem(word: str) -> list[str]:
    """The stem of a synonym word; none for a compound: "piracy-related" is near "piracy", but its
    stems would make "related" stand for piracy (1,237 of 1,938 speeches listed for piracy, not 60)."""
    stems = analyze(word)
    return stems if len(stems) == 1 else []


def _topic_words(text: str, joined: Sequence[Compound] = ()) -> dict[str, str]:
    """Each content term of ``text`` with the first word it came from ("ocean": "oceans"); a
    letter-and-digit name is one term ("covid19": "COVID-19")."""
    out: dict[str, str] = {}
    for word in _WORD.findall(text):
        spelled = [c for c in joined if c.pattern.fullmatch(word)]
        for stem in [spelled[0].key] if spelled else analyze(word):
            out.setdefault(stem, word)
    return out


def _vocabulary(texts: Sequence[str], known: set[str], topic_words: Iterable[str]) -> list[str]:
    """Candidate synonyms: words of ``texts`` (nearest first) that share a topic word's first letters
    ("Crimean" for "Crimea", however rare), then those that recur in the ``VOCABULARY_ROWS`` nearest,
    most frequent first; never a word whose stems are all topic stems already."""
    words_of = [{w for w in _WORD.findall(text) if not w.isdigit()} for text in texts]
    prefixes = tuple(w[:PREFIX].lower() for w in topic_words if len(w) >= PREFIX)
    related = sorted({w for words in words_of for w in words if prefixes and w.lower().startswith(prefixes)})
    rows: Counter[str] = Counter(w for words in words_of[:VOCABULARY_ROWS] for w in words)
    frequent = [w for w, n in rows.most_common() if n >= VOCABULARY_MIN_ROWS and w not in related]
    words = [w for w in related + frequent if (stems := analyze(w)) and not set(stems) <= known]
    return words[:VOCABULARY_MAX]
