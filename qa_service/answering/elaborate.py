"""A "how" or "why" answer that only restates the question is completed with the sentence that explains it.

"How did UNDP enhance its Covid-19 support in 2021?" is matched best by "In 2021, UNDP enhanced the
multi-pronged support ..." - the question's own words - while the "how" is the next sentence
("Efforts included leveraging digital technologies ..."). "Anchoring digital solutions in local
contexts, therefore, becomes even more crucial." answers "why" only with the sentence before it,
which "therefore" points back to. The rule is discourse, not the question:

- a sentence that opens with a pronoun ("This translated into ...") or names its subject only by a
  possessive ("Sweden is its largest contributor") takes the sentence before it, whatever the question;
- a sentence with a consequence word (therefore, thus, as a result) takes the sentence before it;
- a sentence holding most of the question's terms (``RESTATES`` of its IDF mass) takes the one after;

both only within the sentence's paragraph; the last two only for questions asking how or why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from indexer.store import ChunkRow
from qa_service.answering.candidates import Candidate, usable

RESTATES = 0.6  # overlap (share of the question's IDF mass) from which a sentence restates the question
_EXPLAIN = re.compile(
    r"^\W*(?:how|why)\b(?!\s+(?:many|much|long|often|far|large|big|old|tall|high|deep|fast|soon)\b)"
    r"|\bfor\s+what\s+reasons?\b|\bin\s+what\s+ways?\b",
    re.IGNORECASE,
)
_CONSEQUENCE = re.compile(
    r"\b(?:therefore|thus|hence|consequently|as\s+a\s+result|for\s+this\s+reason|that\s+is\s+why|this\s+is\s+why)\b",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A demonstrative that opens the sentence, or a possessive among its first words, points at the sentence
# before. "It" and "they" are left out: as a subject they are mostly the speaker ("It built on ..."),
# whom the answer already names.
_REFERS_BACK = re.compile(
    r"^\W*(?:(?:this|these|those|such|that)\b(?!\s+(?:is|was|will|would|has|had)\s+(?:also\s+)?"
    r"(?:the|a|an|our|my|not|now|time|high|no|clear|essential|important|vital|crucial|critical|necessary|"
    r"imperative|urgent|true|regrettable|unacceptable|worth)\b)"
    r"(?!\s+(?:year|week|month|day|time|session|decade|century|morning|afternoon|evening)s?\b)"
    r"|(?:\w+\W+){1,3}(?:is|are|was|were|remains?)\s+(?:its|their)\s)",
    re.IGNORECASE,
)


def asks_explanation(question: str) -> bool:
    """Whether a question asks how or why (not "how many", "how long")."""
    return bool(_EXPLAIN.search(question))


def refers_back(sentence: str) -> bool:
    """Whether the sentence leans on the one before for what it speaks of: "This translated into ...",
    "Sweden is its largest per capita contributor" (its: COVAX, named in the sentence before)."""
    return bool(_REFERS_BACK.match(sentence))


def direction(question: str, sentence: str, overlap: float) -> int:
    """-1: the sentence before explains it; +1: the sentence after does; 0: the sentence stands alone."""
    if refers_back(sentence):
        return -1
    if not asks_explanation(question):
        return 0
    if _CONSEQUENCE.search(sentence):
        return -1
    return 1 if overlap >= RESTATES else 0


def neighbour(candidate: Candidate, step: int, chunks_of: Callable[[str], Sequence[ChunkRow]]) -> Candidate | None:
    """The usable sentence before (step -1) or after (+1) ``candidate`` in its paragraph, else None."""
    document = candidate.document
    chunks = chunks_of(document.doc_id)
    spans = sorted({span for chunk in chunks for span in chunk.sentences})
    if step > 0:
        after = [(s, e) for s, e in spans if s >= candidate.end]
        span = after[0] if after else None
        gap = (candidate.end, span[0]) if span else None
    else:
        before = [(s, e) for s, e in spans if e <= candidate.start]
        span = before[-1] if before else None
        gap = (span[1], candidate.start) if span else None
    if span is None or gap is None or _PARAGRAPH_BREAK.search(document.text[gap[0] : gap[1]]):
        return None
    if not usable(document.text[span[0] : span[1]]):
        return None
    holding = [c for c in chunks if c.char_start <= span[0] < c.char_end]
    chunk = min(holding, key=lambda c: c.ordinal, default=candidate.chunk)
    return Candidate(document, chunk, candidate.rank, span[0], span[1], candidate.passage_score)
