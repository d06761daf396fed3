"""Metric functions: pure, small, and each tested on hand-computed examples (tests/test_eval_metrics.py).

Spans are (doc, start, end) character ranges in a document's normalised text. A retrieved
passage is relevant when its span overlaps a gold quote's span; a fact is found when its
normalised words occur, in order and contiguously, in the normalised answer.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple


class Span(NamedTuple):
    doc: str
    start: int
    end: int


def overlaps(a: Span, b: Span) -> bool:
    """Half-open ranges of the same document that share at least one character."""
    return a.doc == b.doc and a.start < b.end and b.start < a.end


def relevance(retrieved: Sequence[Span], gold: Sequence[Span]) -> list[bool]:
    """For each retrieved span in rank order: does it overlap any gold span?"""
    return [any(overlaps(r, g) for g in gold) for r in retrieved]


def recall_at_k(retrieved: Sequence[Span], gold: Sequence[Span], k: int) -> float | None:
    """Fraction of gold spans overlapped by at least one of the top ``k`` retrieved spans (None: no gold)."""
    if not gold:
        return None
    top = retrieved[:k]
    return sum(any(overlaps(r, g) for r in top) for g in gold) / len(gold)


def recall_within_budget(
    retrieved: Sequence[Span], tokens: Sequence[int], gold: Sequence[Span], budget: int
) -> float | None:
    """Recall over the top hits that fit in ``budget`` tokens (the first hit always counts): what a
    reader with a fixed context window gets, so that longer chunks do not win just by being long."""
    kept, used = 0, 0
    for count in tokens:
        if kept and used + count > budget:
            break
        kept, used = kept + 1, used + count
    return recall_at_k(retrieved, gold, kept)


def reciprocal_rank(relevant: Sequence[bool]) -> float:
    """1 / rank of the first relevant item; 0 when none is relevant."""
    for rank, rel in enumerate(relevant, start=1):
        if rel:
            return 1.0 / rank
    return 0.0


def dcg(gains: Sequence[float], k: int) -> float:
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains[:k], start=1))


def ndcg_at_k(gains: Sequence[float], ideal_gains: Sequence[float], k: int = 10) -> float | None:
    """Normalised DCG with log2 discount; ``ideal_gains`` are the gains of every relevant item (None: none)."""
    ideal = dcg(sorted(ideal_gains, reverse=True), k)
    if ideal <= 0:
        return None
    return dcg(gains, k) / ideal


def gold_ndcg_at_k(retrieved: Sequence[Span], gold: Sequence[Span], k: int = 10) -> float | None:
    """nDCG@k where the relevant items are the gold spans, not the index's chunks.

    A hit gains 1 when it overlaps a gold span no higher hit overlapped; the ideal finds every gold
    span, one hit each. Counting the chunks that overlap the gold instead made the score depend on
    the unit returned: a passage holding a quote that straddles two chunks, at rank 1, scored 0.61.
    """
    spans = list(dict.fromkeys(gold))
    if not spans:
        return None
    found: set[Span] = set()
    gains = []
    for hit in retrieved[:k]:
        new = {g for g in spans if g not in found and overlaps(hit, g)}
        gains.append(1.0 if new else 0.0)
        found |= new
    return ndcg_at_k(gains, [1.0] * len(spans), k)


def id_recall_at_k(retrieved_ids: Sequence[str], relevant_ids: set[str], k: int) -> float | None:
    """BEIR-style recall: relevant ids among the top ``k`` over all relevant ids."""
    if not relevant_ids:
        return None
    return len(set(retrieved_ids[:k]) & relevant_ids) / len(relevant_ids)


# -- answers ---------------------------------------------------------------------------------

_PUNCT = re.compile("[" + re.escape(string.punctuation) + "\u2010-\u2015\u2018-\u201f\u2026\u00a0]")
_ARTICLES = {"a", "an", "the"}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def normalize_tokens(text: str) -> list[str]:
    """SQuAD-style: lower case, 1,000 -> 1000, punctuation and dashes to spaces, no articles.

    Symbols are separators too ("49°C" holds the token 49, "€6 billion" the tokens 6 billion): ASCII
    punctuation alone left them glued to the number, so a stated fact read as missing.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = _THOUSANDS.sub("", text)
    text = _PUNCT.sub(" ", text)
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)
    return [t for t in text.split() if t not in _ARTICLES]


def token_f1(prediction: str, reference: str) -> float:
    """Harmonic mean of token precision and recall (bag of words, SQuAD definition)."""
    pred, ref = normalize_tokens(prediction), normalize_tokens(reference)
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether the normalised words of ``phrase`` occur contiguously in the normalised ``text``."""
    words, needle = normalize_tokens(text), normalize_tokens(phrase)
    if not needle:
        return False
    n = len(needle)
    return any(words[i : i + n] == needle for i in range(len(words) - n + 1))


def fact_found(text: str, alternatives: Sequence[str]) -> bool:
    return any(contains_phrase(text, alt) for alt in alternatives)


def key_fact_recall(answer: str, facts: Sequence[Sequence[str]]) -> float | None:
    """Fraction of facts (each a list of alternative wordings) the answer states (None: no facts)."""
    if not facts:
        return None
    return sum(fact_found(answer, alts) for alts in facts) / len(facts)


# -- citations -------------------------------------------------------------------------------


class Cited(NamedTuple):
    span: Span
    quote: str


def citation_supported(citation: Cited, gold: Sequence[Span], facts: Sequence[Sequence[str]]) -> bool:
    """A citation is correct when it overlaps gold evidence or its quote states a key fact."""
    return any(overlaps(citation.span, g) for g in gold) or any(fact_found(citation.quote, alts) for alts in facts)


def citation_precision(
    citations: Sequence[Cited], gold: Sequence[Span], facts: Sequence[Sequence[str]]
) -> float | None:
    """Fraction of citations that are supported (None: the answer cites nothing)."""
    if not citations:
        return None
    return sum(citation_supported(c, gold, facts) for c in citations) / len(citations)


def citation_recall(citations: Sequence[Cited], gold: Sequence[Span]) -> float | None:
    """Fraction of gold spans overlapped by at least one citation (None: no gold)."""
    if not gold:
        return None
    return sum(any(overlaps(c.span, g) for c in citations) for g in gold) / len(gold)


# -- abstention and latency ------------------------------------------------------------------


class Abstention(NamedTuple):
    precision: float | None  # of the abstentions, how many were on unanswerable cases
    recall: float | None  # of the unanswerable cases, how many were abstained on


def abstention_scores(outcomes: Sequence[tuple[bool, bool]]) -> Abstention:
    """``outcomes``: (case is unanswerable, system abstained) pairs; abstaining is the positive class."""
    true_pos = sum(1 for unanswerable, abstained in outcomes if unanswerable and abstained)
    predicted = sum(1 for _, abstained in outcomes if abstained)
    actual = sum(1 for unanswerable, _ in outcomes if unanswerable)
    return Abstention(true_pos / predicted if predicted else None, true_pos / actual if actual else None)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: Sequence[float | None]) -> float | None:
    """Mean of the defined values (None when there is none)."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None
