"""A "how" or "why" answer that only restates the question is completed with the sentence that explains it.

"How did UNDP enhance its Covid-19 support in 2021?" is matched best by "In 2021, UNDP enhanced the
multi-pronged support ..." - the question's own words - while the "how" is the next sentence
("Efforts included leveraging digital technologies ..."). "Anchoring digital solutions in local
contexts, therefore, becomes even more crucial." answers "why" only with the sentence before it,
which "therefore" points back to. The rule is discourse, not the question:

- a sentence that names what it speaks of only by a possessive ("Sweden is its largest contributor")
  takes the sentence before it, whatever the question;
- a sentence with a consequence word (therefore, thus, as a result) takes the sentence before it;
- a sentence holding most of the question's terms (``RESTATES`` of its IDF mass) takes the one after;

all only within the sentence's paragraph, and the last two only for questions asking how or why. A question
asking a kind of answer (where, when, who, how many) that the best sentence restates without holding one
takes the next sentence when that one holds it; one asking a name (who, which bridge, where) whose best
sentence names its subject only by a pronoun ("He taught the nation to stand firm.") takes the sentence
before when that one holds the name (the pronoun's antecedent). One asking "which/what <noun>" whose best sentence
names no <noun> takes the next sentence (else the one before) that names one, in the noun's word or by a name
whose head means it ("The outcome of that meeting was the Leticia Amazon Pact" for "What agreement ...?",
named_kinds.py).

A "why" answers with a reason, and a reason is rarely one sentence: when the best sentence neither
restates the question nor draws a consequence, its neighbour in the paragraph (the one before, else the
one after) is quoted with it ("The increased demand needs to be met by commensurate investments." before
"Efforts that introduce digital tools help, but ..."); and another sentence that restates the question
(``RESTATES_TOO`` of its IDF mass) elsewhere gives a further reason ("The obstacles ... posed by
instability ... underlined the need to anchor ... in local ... contexts").

A speaker who announces the explanation ("Let me use this opportunity to explain why.", "I would like to present
some of the concrete measures ...", ``content_free.announces_next``) gives it in the sentence after the
announcement: a how/why answer whose best sentence makes or is followed (within ``ANNOUNCEMENT_REACH``
sentences of its paragraph) by such an announcement quotes that sentence, opening the next paragraph when the
announcement ends its own.

A speaker may also give the reason after the fact: a "why" whose best sentence gives no reason of its own
quotes the later sentence of its paragraph (within ``REASON_REACH``) that gives the reason for what precedes it
("I stand here as a Prime Minister who lost an election last week. ... I am mentioning this because orderly
transitions cannot be taken for granted.").

A "how many" whose best sentence tells a count of the past takes the later sentence of its paragraph that
brings it up to the present ("... 200,000 Syrians had sought refuge ..." then "Today ... we host more than 1.3
million."; count_continued.py).

In a how/why answer, a sentence that opens by pointing back ("This translated into increased requests
...", "These efforts ...") is quoted with the sentence it points to (``points_back``): the explanation
is the two together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from indexer.store import ChunkRow
from qa_service.answering import count_continued, named_kinds
from qa_service.answering.answer_types import asked_kind, expected_type, has_type, holds_new, keyword_kind
from qa_service.answering.candidates import Candidate, usable
from qa_service.answering.content_free import announces_next
from qa_service.answering.lists import introduces_list
from qa_service.answering.quantities import counted_noun
from qa_service.answering.relations import WordVectors
from qa_service.answering.scoring import Scored

RESTATES = 0.6  # overlap (share of the question's IDF mass) from which a sentence restates the question
_EXPLAIN = re.compile(
    r"^\W*(?:how|why)\b(?!\s+(?:many|much|long|often|far|large|big|old|tall|high|deep|fast|soon)\b)"
    r"|\bfor\s+what\s+reasons?\b|\bin\s+what\s+ways?\b",
    re.IGNORECASE,
)
ANNOUNCEMENT_REACH = 2  # sentences after the best one in which "Let me explain why." announces the explanation
RESTATES_TOO = 0.5  # a further sentence of a "why" answer restates this much of the question
_WHY = re.compile(r"^\W*why\b|\bfor\s+what\s+reasons?\b", re.IGNORECASE)
# A sentence that gives its own reason ("..., because everything else depends on it") needs no neighbour.
_CAUSE = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|thanks\s+to|as\s+a\s+result\s+of|in\s+order\s+to|so\s+that|given\s+that)\b",
    re.IGNORECASE,
)
# "I am mentioning this because ...", "That is because ...", "We do so because ...": the reason for what was
# said before, given by a later sentence.
_REASON_OF_WHAT_PRECEDES = re.compile(r"\b(?:this|that|so|it)\s+(?:is\s+|was\s+)?because\b", re.IGNORECASE)
REASON_REACH = 3  # sentences after the best one in which the speaker gives the reason for it
_CONSEQUENCE = re.compile(
    r"\b(?:therefore|thus|hence|consequently|as\s+a\s+result|for\s+this\s+reason|that\s+is\s+why|this\s+is\s+why)\b",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# "Sweden is its largest per capita contributor": a short subject, a copula, then "its"/"their".
_POSSESSIVE_SUBJECT = re.compile(r"^\W*(?:\w+\W+){1,3}(?:is|are|was|were|remains?)\s+(?:its|their)\s", re.IGNORECASE)
# "This translated into ...", "These efforts ...": the subject is the sentence before. Not "This year" or
# "This submission", which name a time or the document itself.
_NOT_BACK = (
    r"(?!\s+(?:year|month|week|day|decade|century|time|submission|report|document|statement|session|speech|Assembly|"
    r"Organization)\b)"
)
_POINTS_BACK = re.compile(r"^\W*(?:This|These|Those|Such)\b" + _NOT_BACK)

# "He taught the nation ...", "In 2002, she was elected ...", "It will facilitate trade ...": the sentence's
# subject is a pronoun, named in the sentence before. Not the "it" that stands for nothing ("It is time to
# act", "It is essential that ...", "It should be recalled that ...", "It gives me great pleasure to ...").
_PRONOUN_SUBJECT = re.compile(
    r"^\W*(?:(?:[\w'\u2019-]+\s+){0,5}[\w'\u2019-]+,\s+)?"
    r"(?P<pronoun>he|she|his|her|it|its|they|their|this|these|those)\b"
    + _NOT_BACK
    + r"(?!\s+(?:is|was|will\s+be|would\s+be|has\s+been|had\s+been|remains|seems|becomes)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:that|time|to\s+(?!(?:the|a|an|our|its|their|his|her|this|that|these|those|all|every)\b)\w+)\b)"
    r"(?!\s+(?:should|must|may|can|could|will|would)\s+be\s+\w+\s+that\b)"
    r"(?!\s+(?:gives|gave|affords)\s+(?:me|us)\b)",
    re.IGNORECASE,
)
_PERSONAL = frozenset({"he", "she", "his", "her"})


def asks_explanation(question: str) -> bool:
    """Whether a question asks how or why (not "how many", "how long")."""
    return bool(_EXPLAIN.search(question))


def points_back(sentence: str) -> bool:
    """Whether a sentence opens with a word pointing back to the sentence before ("This translated ...")."""
    return bool(_POINTS_BACK.match(sentence))


def asks_reason(question: str) -> bool:
    """Whether a question asks why."""
    return bool(_WHY.search(question))


def names_subject_by_possessive(sentence: str) -> bool:
    """Whether the sentence names what it speaks of only by "its"/"their" ("Sweden is its largest per capita
    contributor": its is COVAX, named in the sentence before)."""
    return bool(_POSSESSIVE_SUBJECT.match(sentence))


def direction(question: str, sentence: str, overlap: float) -> int:
    """-1: the sentence before explains it; +1: the sentence after does; 0: the sentence stands alone."""
    if names_subject_by_possessive(sentence):
        return -1  # whatever the question: alone, the sentence does not say what it is about
    if not asks_explanation(question):
        return 0
    if _CONSEQUENCE.search(sentence):
        return -1
    return 1 if overlap >= RESTATES else 0


def completed(
    question: str,
    candidate: Candidate,
    overlap: float,
    chunks_of: Callable[[str], Sequence[ChunkRow]],
    words: WordVectors | None = None,
) -> list[Candidate]:
    """``candidate`` with the sentence that explains it (``direction``), or for a "why" that it neither
    restates, draws a consequence for nor gives a reason for ("because ..."), with its neighbour in the
    paragraph (before, else after); ``words``: word vectors, for a name of the asked kind in other words."""
    if asks_reason(question) and _CAUSE.search(candidate.text):
        return [candidate]
    step = direction(question, candidate.text, overlap)
    explained = _announced(candidate, chunks_of) if asks_explanation(question) else None
    if explained is not None:  # the speaker says the explanation comes next: it does, whatever else holds
        before = neighbour(candidate, -1, chunks_of) if step < 0 else None
        return [c for c in (before, candidate, explained) if c is not None]
    reason = _reason_given_after(candidate, chunks_of) if asks_reason(question) and step >= 0 else None
    if reason is not None:  # "I am mentioning this because ...": the speaker's own reason for it
        return [candidate, reason]
    if step:
        extra = neighbour(candidate, step, chunks_of)
    elif asks_reason(question):
        extra = neighbour(candidate, -1, chunks_of)
        step = -1 if extra is not None else 1
        extra = extra or neighbour(candidate, 1, chunks_of)
    else:
        extra, step = _typed_neighbour(question, candidate, overlap, chunks_of, words)
    if extra is None:
        return [candidate]
    return [extra, candidate] if step < 0 else [candidate, extra]


def _typed_neighbour(
    question: str,
    candidate: Candidate,
    overlap: float,
    chunks_of: Callable[[str], Sequence[ChunkRow]],
    words: WordVectors | None = None,
) -> tuple[Candidate | None, int]:
    """For a question asking a kind of answer (where, when, who, which, how many) that the best sentence lacks,
    the neighbour in its paragraph that holds it, and on which side (-1 before, +1 after):

    - the sentence before, when the best one names its subject only by a pronoun ("He was Ukrainian and a
      soloist at the Paris National Opera who was murdered in Donbas" answers "Who was the soloist ...?" only
      with "The man whose story I have just recounted was Vasyl Slipak."): the name asked for is its antecedent;
    - the sentence after, when the best one restates the question: "We are bringing solar power to communities
      that are off the national grid." answers "Where is the first of these projects?" only with "The first of
      these projects — on Vio Island — will be ...".
    - for "which/what <noun>", the sentence after (else before) that names a <noun> when the best one names
      none (``named_neighbour``)."""
    antecedent = _antecedent(question, candidate, chunks_of)
    if antecedent is not None:
        return antecedent, -1
    continued = _count_continued(question, candidate, chunks_of)
    if continued is not None:
        return continued, 1
    named, step = named_neighbour(question, candidate, chunks_of, words)
    if named is not None:
        return named, step
    kind = expected_type(question) or keyword_kind(question)  # "... final agreement deadline": a date
    # "for the third time" answers "How many times ...?" though it holds no number (quantities.counts_occurrences)
    holds = kind is not None and (
        has_type(kind, candidate.text) or has_type(kind, candidate.text, counted_noun(question))
    )
    if kind is None or overlap < RESTATES or holds:
        return None, 1
    after = neighbour(candidate, 1, chunks_of)
    return (after if after is not None and has_type(kind, after.text) else None), 1


def _count_continued(
    question: str, candidate: Candidate, chunks_of: Callable[[str], Sequence[ChunkRow]]
) -> Candidate | None:
    """For "how many", the later sentence of the paragraph that brings the best one's count up to the present
    (count_continued.py), else None."""
    return count_continued.carried_on(question, candidate, _ahead(candidate, count_continued.REACH, chunks_of))


def named_neighbour(
    question: str,
    candidate: Candidate,
    chunks_of: Callable[[str], Sequence[ChunkRow]],
    words: WordVectors | None = None,
) -> tuple[Candidate | None, int]:
    """For "which/what <noun>" (no other kind asked), when ``candidate`` names no <noun>, the sentence of its
    paragraph after it (else before it) that names one, literally or in other words (named_kinds.py), and on
    which side: "... decided to convene a summit on 6 September with six countries of the region" answers
    "What agreement came out of the summit ...?" only with "The outcome of that meeting was the Leticia Amazon
    Pact". (None, +1) otherwise: a best sentence that names one, or no neighbour naming one."""
    phrase = named_kinds.asked_phrase(question)
    if not phrase or introduces_list(candidate.text):
        return None, 1  # a lead-in ("... include:") is answered by its items (lists.py), not by its neighbour
    if named_kinds.names_kind(phrase, candidate.text, question, words, loosely=True):
        return None, 1
    for step in (1, -1):
        beside = neighbour(candidate, step, chunks_of)
        if beside is not None and named_kinds.names_kind(phrase, beside.text, question, words):
            return beside, step
    return None, 1


def _antecedent(
    question: str, candidate: Candidate, chunks_of: Callable[[str], Sequence[ChunkRow]]
) -> Candidate | None:
    """The sentence before ``candidate`` when ``candidate`` names its subject by a pronoun, holds no answer of
    the kind asked beyond the question's own words, and that sentence holds one. A personal pronoun ("he",
    "she") stands for a person: the answer is a person's name, not a place or an acronym the sentence holds;
    for "which <noun>", the pronoun's sentence holds an answer only by naming a <noun> (its other names are not
    what the pronoun stands for)."""
    kind = asked_kind(question)
    opening = _PRONOUN_SUBJECT.match(candidate.text)
    if kind is None or opening is None:
        return None
    person = opening.group("pronoun").lower() in _PERSONAL
    if holds_new(kind, candidate.text, question, person, named_only=True):
        return None
    before = neighbour(candidate, -1, chunks_of)
    return before if before is not None and holds_new(kind, before.text, question, person) else None


def further_reason(question: str, chosen: Sequence[Scored], scored: Sequence[Scored], threshold: float) -> list[Scored]:
    """``chosen`` and, for a "why", the best other sentence that also restates the question (another reason)."""
    if not asks_reason(question):
        return list(chosen)
    taken = {(s.candidate.document.doc_id, s.candidate.start) for s in chosen}
    for item in scored:
        if item.score < threshold:
            break
        if item.lexical >= RESTATES_TOO and (item.candidate.document.doc_id, item.candidate.start) not in taken:
            return [*chosen, item]
    return list(chosen)


def _reason_given_after(candidate: Candidate, chunks_of: Callable[[str], Sequence[ChunkRow]]) -> Candidate | None:
    """The sentence of ``candidate``'s paragraph, at most ``REASON_REACH`` sentences on, that gives the reason
    for what comes before it ("On a personal note, I stand here as a Prime Minister who lost an election last
    week. After eight years, ... I am mentioning this because orderly transitions cannot be taken for
    granted."), else None."""
    reason = next(
        (s for s in _ahead(candidate, REASON_REACH, chunks_of) if _REASON_OF_WHAT_PRECEDES.search(s.text)), None
    )
    return reason if reason is not None and usable(reason.text) else None


def _announced(candidate: Candidate, chunks_of: Callable[[str], Sequence[ChunkRow]]) -> Candidate | None:
    """The sentence after the announcement that ``candidate`` makes or that follows it in its paragraph (at most
    ``ANNOUNCEMENT_REACH`` sentences on): "Russia's war ... is therefore of great concern to us. Let me use this
    opportunity to explain why. Russia is our neighbour."; "I would like to present some of the concrete
    measures ..." ending a paragraph whose next one opens "Firstly, ...". None without one: what the speaker
    announces is the "how" or "why", not the announcement."""
    sentences = (candidate, *_ahead(candidate, ANNOUNCEMENT_REACH, chunks_of))
    announcement = next((s for s in sentences if announces_next(s.text)), None)
    return neighbour(announcement, 1, chunks_of, across_paragraphs=True) if announcement is not None else None


def _ahead(candidate: Candidate, reach: int, chunks_of: Callable[[str], Sequence[ChunkRow]]) -> Iterator[Candidate]:
    """The next ``reach`` sentences of ``candidate``'s paragraph, usable or not (an announcement has no content)."""
    sentence: Candidate | None = candidate
    for _ in range(reach):
        sentence = neighbour(sentence, 1, chunks_of, any_sentence=True) if sentence is not None else None
        if sentence is None:
            return
        yield sentence


def neighbour(
    candidate: Candidate,
    step: int,
    chunks_of: Callable[[str], Sequence[ChunkRow]],
    any_sentence: bool = False,
    across_paragraphs: bool = False,
) -> Candidate | None:
    """The usable sentence before (step -1) or after (+1) ``candidate`` in its paragraph, else None;
    ``any_sentence``: usable or not (an announcement without content); ``across_paragraphs``: the first of the
    next paragraph too."""
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
    if span is None or gap is None:
        return None
    if not across_paragraphs and _PARAGRAPH_BREAK.search(document.text[gap[0] : gap[1]]):
        return None
    if not any_sentence and not usable(document.text[span[0] : span[1]]):
        return None
    holding = [c for c in chunks if c.char_start <= span[0] < c.char_end]
    chunk = min(holding, key=lambda c: c.ordinal, default=candidate.chunk)
    return Candidate(document, chunk, candidate.rank, span[0], span[1], candidate.passage_score)
