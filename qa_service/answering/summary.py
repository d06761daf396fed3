"""The key sentences of one document: its recurring themes, each said once, in document order.

A summary ("Summarise Tuvalu's 2021 statement", "main points of Norway's 2022 address") picks the
sentences that carry the document's own subjects. A term's weight in the document is how often
its sentences use it times its corpus IDF ("Rohingya", "Chagos", "ocean" in a speech that returns
to them; not "United Nations", which every speech uses), counting only terms used more than once:
a theme recurs. Sentences are picked greedily by the weight of their not-yet-covered terms (per
square root of their length, so a list of everything does not win), and a picked sentence's
terms lose most of their weight, so the next pick says something else (SumBasic's update).

Left out: courtesies to the chair and the Secretary-General ("I also want to express solidarity
with the Secretary-General ..."), sentences with fewer than ``MIN_TERMS`` content terms, and the
speaker's own name (every sentence of Norway's speech may say "Norway"). A document with sections
gives each section its best sentence, in section order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from indexer.keyword import analyze
from qa_service.answering.candidates import Candidate

KEY_SENTENCES = 6
MIN_TERMS = 5  # content terms a key sentence needs ("Tuvalu Mo te Atua" is a motto, not a point)
MIN_USES = 2  # a theme recurs: a term the document uses once is no theme
COVERED = 0.3  # weight left to a term once a picked sentence has said it
# Courtesies of a statement: thanks, congratulations, tributes to the chair or the Secretary-General.
_COURTESY = re.compile(
    r"\b(?:congratulat\w*|thank\w*|gratitude|grateful|applaud\w*|commend\w*|pay(?:ing)?\s+tribute|condolences|"
    r"predecessor|your\s+(?:election|presidency|able\s+leadership|leadership)|"
    r"(?:solidarity|appreciation)\s+(?:with|to)\s+(?:the\s+)?(?:Secretary|President)|"
    r"Secretary[- ]General\b[^.]*\bleadership|leadership\s+of\s+(?:the\s+)?Secretary)",
    re.IGNORECASE,
)


def is_courtesy(sentence: str) -> bool:
    return bool(_COURTESY.search(sentence))


def key_sentences(
    candidates: Sequence[Candidate], idf: Callable[[str], dict[str, float]], own_name: str = ""
) -> list[list[Candidate]]:
    """The key sentences, grouped by section (one group when the document has no sections), in order."""
    own = set(analyze(own_name))
    items = []
    for cand in candidates:
        terms = {t for t in analyze(cand.text) if t not in own}
        if len(terms) >= MIN_TERMS and not is_courtesy(cand.text):
            items.append((cand, terms))
    if not items:
        return []
    uses = Counter(t for _, terms in items for t in terms)
    weights_of = idf(" ".join(uses))
    weight = {t: n * weights_of.get(t, 0.0) for t, n in uses.items() if n >= MIN_USES}
    sections: dict[str, list[int]] = {}
    for i, (cand, _) in enumerate(items):
        sections.setdefault(cand.chunk.section_path[0] if cand.chunk.section_path else "", []).append(i)
    if len(sections) >= 2:  # a section's best sentence each, the first KEY_SENTENCES sections
        return [[items[_pick(items, members, weight)][0]] for members in list(sections.values())[:KEY_SENTENCES]]
    picked: list[int] = []
    for _ in range(min(KEY_SENTENCES, len(items))):
        picked.append(_pick(items, [i for i in range(len(items)) if i not in picked], weight))
    return [[items[i][0] for i in sorted(picked, key=lambda i: items[i][0].start)]]


def _pick(items: list[tuple[Candidate, set[str]]], among: list[int], weight: dict[str, float]) -> int:
    """The sentence whose uncovered terms weigh most, per square root of its length; its terms are then covered."""
    best = max(among, key=lambda i: sum(weight.get(t, 0.0) for t in items[i][1]) / len(items[i][1]) ** 0.5)
    for term in items[best][1]:
        if term in weight:
            weight[term] *= COVERED
    return best
