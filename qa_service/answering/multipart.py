"""A question in two parts gets a sentence for each part.

"How did countries' demand for digital support change in 2021, and what kind of support do they
now ask for?" asks two things; the sentences that score best for the whole question may all
answer the second part ("requests for more general support ..."), and the first ("the demand ...
continue to rise, across all regions") is left out. The question is split where a new question
word starts a clause ("..., and what ...", "... and how many ..."):

    >>> parts("How did demand change in 2021, and what kind of support do they now ask for?")
    ['How did demand change in 2021', 'what kind of support do they now ask for']

A part is covered when a chosen sentence holds its rarest term that any candidate holds (a
part without such a term, "and for how much?", cannot be judged and is left as it is); an
uncovered part gets the candidate that holds most of its terms (IDF-weighted), ties by score.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from indexer.keyword import analyze
from qa_service.answering.candidates import Candidate
from qa_service.answering.scoring import Scored, overlap
from qa_service.retrieval.question_types import keyword_query

RESTATES_PART = 0.5  # share of a part's IDF mass a sentence below the threshold must hold to answer that part
_WH = r"(?:what|how|which|who|whom|whose|where|when|why)\b"
_SPLIT = re.compile(
    rf"\s*[,;]\s*(?:and|but)?\s*(?=(?:(?:in|for|to|by|over|from|with|at)\s+)?{_WH})|\s+and\s+(?={_WH})",
    re.IGNORECASE,
)


def parts(question: str) -> list[str]:
    """The parts of a question that asks two or more things, else []."""
    pieces = [p.strip(" ?.") for p in _SPLIT.split(question.strip())]
    pieces = [p for p in pieces if re.search(r"\w", p)]
    return pieces if len(pieces) > 1 else []


def complete(
    question: str,
    chosen: Sequence[Scored],
    scored: Sequence[Scored],
    threshold: float,
    terms_of: Callable[[str], dict[str, float]],
) -> list[Scored]:
    """``chosen`` and, for each part of ``question`` no chosen sentence covers, the candidate that covers it
    best among those scoring at least ``threshold`` or holding half the part's terms (its second part's
    sentence may score low for the whole question: "..., and how many bank accounts ...?")."""
    out = list(chosen)
    asked = parts(question)
    if not asked:
        return out
    stems = {id(s): set(analyze(s.candidate.text)) for s in [*scored, *out]}
    for part in asked:
        terms = {t: w for t, w in terms_of(part).items() if not t.isdigit()}
        # A sentence answers a part if it is evidence for the whole question, or restates the part itself.
        eligible = [s for s in scored if s.score >= threshold or overlap(terms, s.candidate.text) >= RESTATES_PART]
        held = [t for t in terms if any(t in stems[id(s)] for s in eligible)]
        if not held:
            continue
        rarest = max(held, key=lambda t: terms[t])
        if any(rarest in stems[id(s)] for s in out):
            continue
        holding = [s for s in eligible if rarest in stems[id(s)]]
        out.append(max(holding, key=lambda s: (overlap(terms, s.candidate.text), s.score)))
    return out


def complete_keywords(
    question: str,
    topic: str,
    chosen: Sequence[Scored],
    scored: Sequence[Scored],
    threshold: float,
    terms_of: Callable[[str], dict[str, float]],
    beside: Callable[[Candidate, int], Candidate | None],
) -> list[Scored]:
    """``chosen`` and, for a keyword query ("Netherlands MH17 victims"), a sentence holding the rarest of its
    words (of its ``topic``: the query without the speaker's name) that no chosen sentence holds and some
    sentence does: each word typed is something asked. The sentence is evidence for the whole
    query (scores at least ``threshold``: "The families of the 298 victims expect justice"), else the one
    just ``beside`` the best, which goes on about what the best names ("This year we unveiled the Singapore
    Green Plan 2030 ..." then "Among other things, we will plant 1 million more trees ...")."""
    out = list(chosen)
    if not out or not keyword_query(question):
        return out
    best = out[0]
    stems = {id(s): set(analyze(s.candidate.text)) for s in [*scored, *out]}
    covered = set().union(*(stems[id(s)] for s in out))
    # The query's words but the names that chose the speaker: "Fiji mobile connectivity" is answered from Fiji's
    # speech by "Ninety-five per cent of the Fijian population have mobile phone connectivity".
    missing = {t: w for t, w in terms_of(topic).items() if not t.isdigit() and t not in covered}
    if not missing:
        return out
    taken = {id(s) for s in out}
    neighbours = [n for n in (beside(best.candidate, 1), beside(best.candidate, -1)) if n is not None]
    for term in sorted(missing, key=lambda t: -missing[t]):  # the rarest word that some sentence holds
        holding = [s for s in scored if s.score >= threshold and term in stems[id(s)] and id(s) not in taken]
        if holding:
            return [*out, max(holding, key=lambda s: s.score)]
        near = next((n for n in neighbours if term in analyze(n.text)), None)
        if near is not None:
            return [*out, replace(best, candidate=near, score=0.0)]
    return out
