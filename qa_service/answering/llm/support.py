"""Is a generated sentence supported by the passages it cites? Lexical coverage, then embedding similarity.

A sentence is kept when most of its content terms occur in the cited passages (coverage >= 0.7),
or when a fair share does (>= 0.5) and it means nearly the same as one sentence of them
(cosine >= 0.6 with MiniLM). An injected "The capital of France is Paris [1]." shares no terms
with a passage about iVerify and is dropped; a faithful paraphrase keeps its citation. The
citation quotes the sentence of the cited passages closest to the generated one, exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.keyword import analyze
from qa_service.answering.candidates import Candidate, usable
from qa_service.answering.llm.prompt import Passage
from qa_service.answering.vectors import SentenceVectors

MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
FULL_COVERAGE = 0.7
PARTIAL_COVERAGE = 0.5
SIMILAR = 0.6
_END = re.compile(r"[.!?\u2026]+(?:[\"'\u201d\u2019)\]]*)?(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*")


@dataclass
class Support:
    supported: bool
    coverage: float
    similarity: float
    quote: Candidate | None  # the closest sentence of the cited passages


def cited(sentence: str) -> list[int]:
    numbers: list[int] = []
    for group in MARKERS.findall(sentence):
        numbers.extend(int(n) for n in re.split(r"[,;]", group) if n.strip())
    return list(dict.fromkeys(numbers))


def strip_markers(sentence: str) -> str:
    return " ".join(MARKERS.sub("", sentence).split())


def split_complete(buffer: str, final: bool) -> tuple[list[str], str]:
    """Complete sentences of streamed text and the unfinished rest.

    A sentence ends at . ! ? (with any closing quote and [n] markers after it) followed by white space
    and a capital, a digit or a quote; at the end of the stream the rest is a sentence too.
    """
    out: list[str] = []
    cursor = 0
    for match in _END.finditer(buffer):
        after = buffer[match.end() :]
        stripped = after.lstrip()
        if not stripped:
            continue  # the next character decides; wait for it (or the end)
        if after[:1].isspace() and (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "\"'\u201c("):
            out.append(buffer[cursor : match.end()].strip())
            cursor = match.end()
    rest = buffer[cursor:]
    if final and rest.strip():
        out.append(rest.strip())
        rest = ""
    return [s for s in out if s], rest


def check(sentence: str, passages: Sequence[Passage], vectors: SentenceVectors) -> Support:
    """Support of ``sentence`` (markers removed) by ``passages`` (the ones it cites)."""
    text = strip_markers(sentence)
    terms = set(analyze(text))
    if not terms or not passages:
        return Support(False, 0.0, 0.0, None)
    passage_terms: set[str] = set()
    for p in passages:
        passage_terms.update(analyze(p.chunk.text))
    coverage = len(terms & passage_terms) / len(terms)
    cands = [
        Candidate(p.document, p.chunk, 0, s, e)
        for p in passages
        for s, e in p.chunk.sentences
        if usable(p.document.text[s:e])
    ]
    if not cands:
        return Support(False, coverage, 0.0, None)
    matrix = vectors.get([text, *(c.text for c in cands)])
    sims = matrix[1:] @ matrix[0]
    best = int(np.argmax(sims))
    similarity = float(sims[best])
    supported = coverage >= FULL_COVERAGE or (coverage >= PARTIAL_COVERAGE and similarity >= SIMILAR)
    return Support(supported, coverage, similarity, cands[best])
