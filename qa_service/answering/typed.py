"""Answers for questions that are not about one passage: listing, counting, comparison, evolution, summary.

Each type has its own strategy and its answer comes in groups (label, entity or year, cited
sentences) with the count as data; the answer text is the groups in order, a long list cut
with "and N more" (the whole list stays in ``groups``).

- listing / counting: a complete pass over the corpus (``across.py``), one quote per document.
- comparison: one search per named entity; an entity without evidence is said to have none.
- evolution: one search per year the entity has, in year order; a year without evidence is named.
- summary: the key sentences of one document (its recurring themes, ``summary.py``), in document order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from indexer.store import DocumentRow
from qa_service.answering import across, compose
from qa_service.answering.candidates import Candidate, collect, usable
from qa_service.answering.evidence import Topic
from qa_service.answering.model import Citation, Group
from qa_service.answering.scoring import Scored
from qa_service.answering.summary import key_sentences
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.search import SearchResult

SHOWN_IN_TEXT = 5  # groups written out in a listing's text; the rest are counted ("and 12 more")

Search = Callable[[Filters], SearchResult]  # the question's ranked text searched under other filters
Score = Callable[[list[Candidate]], list[Scored]]


@dataclass
class Part:
    """A group before rendering: its label and chosen sentences, or why it has none."""

    label: str
    entity: str | None = None
    year: int | None = None
    doc_id: str | None = None
    chosen: Sequence[Candidate] = ()
    missing: str = ""  # said when nothing was chosen


@dataclass
class Typed:
    sentences: list[str]
    citations: list[Citation]
    groups: list[Group]
    count: int | None
    evidence: float


def render(parts: Sequence[Part], lead: str = "", shown: int | None = None, count: int | None = None) -> Typed:
    """Number the citations across parts; the text shows the first ``shown`` parts, ``groups`` all."""
    sentences: list[str] = [lead] if lead else []
    citations: list[Citation] = []
    groups: list[Group] = []
    for i, part in enumerate(parts):
        texts, cited = compose.render(part.chosen, first=len(citations) + 1)
        citations.extend(cited)
        group = Group(part.label, part.entity, part.year, part.doc_id, texts, [c.number for c in cited])
        if not part.chosen:
            group.evidence, group.sentences = False, [part.missing]
        groups.append(group)
        if shown is None or i < shown:
            sentences.extend(f"{part.label}: {s}" for s in group.sentences)
    if shown is not None and len(parts) > shown:
        sentences.append(f"And {len(parts) - shown} more.")
    return Typed(sentences, citations, groups, count, 0.0)


def label(document: DocumentRow) -> str:
    meta = document.meta
    who = meta.get("entity_name") if meta.get("entity_kind") == "country" else None
    who = who or meta.get("entity") or meta.get("title") or document.doc_id
    return f"{who} ({meta['year']})" if meta.get("year") else str(who)


def listing(evidence: Sequence[across.DocumentEvidence], topic: str, noun: str, count_documents: bool) -> Typed:
    """One part per document with evidence; the lead says how many documents and how many of ``noun``
    ("countries", "entities") wrote them; ``count`` is whichever the question counts."""
    parts = []
    for item in evidence:
        document = item.best.candidate.document
        parts.append(
            Part(
                label(document),
                document.meta.get("entity"),
                document.meta.get("year"),
                item.doc_id,
                [item.best.candidate],
            )
        )
    entities = {p.entity for p in parts if p.entity}
    documents = f"{len(parts)} {'document' if len(parts) == 1 else 'documents'}"
    what = f'"{topic}"' if topic else "this"
    verb = "speaks" if len(parts) == 1 else "speak"
    lead = f"{documents} {verb} of {what}."
    if entities:
        singular = {"countries": "country", "entities": "entity"}.get(noun, noun)
        who = f"{len(entities)} {noun if len(entities) != 1 else singular}"
        if count_documents:
            lead = f"{documents} {verb} of {what}, from {who}."
        else:
            lead = f"{who} {'speaks' if len(entities) == 1 else 'speak'} of {what}, in {documents}."
    typed = render(parts, lead, SHOWN_IN_TEXT, len(parts) if count_documents or not entities else len(entities))
    typed.evidence = max((e.best.score for e in evidence), default=0.0)
    return typed


def per_slice(
    slices: Sequence[tuple[str, str | None, int | None, Filters | None]],
    search: Search,
    score: Score,
    topic: Topic,
    topic_vector: np.ndarray,
    missing: Callable[[str], str],
    complete: Callable[[Filters], Scored | None] | None = None,
) -> Typed:
    """One part per slice (an entity, a year): its best-scored sentence that holds the topic by the
    absolute test of ``evidence.py`` (the scorer only orders them), or a 'none'.

    The slice's search returns a few passages ranked on the whole question; when none of their
    sentences holds the topic, ``complete`` looks through every passage of the slice (a year whose
    one clear mention sits in a passage about something else: "From the Sudan to Haiti to Canada,
    women peacebuilders ... are being targeted"). Last, a sentence holding part of the topic in a
    passage that holds the rest is the slice's evidence ("vaccine doses" in a passage on COVID-19)."""
    parts: list[Part] = []
    best = 0.0
    for name, entity, year, filters in slices:
        if filters is None:  # an entity the corpus has no document from
            parts.append(Part(name, entity, year, missing=f"the corpus has no submission from {name} ({entity})."))
            continue
        result = search(filters)
        scored = score(collect(result.hits, len(result.hits)))
        top = next((s for s in scored if topic.holds(s.candidate.text, float(s.vector @ topic_vector))), None)
        if top is None and complete is not None:
            top = complete(filters)
        if top is None:
            top = next((s for s in scored if topic.holds_in_context(s.candidate.text, s.candidate.chunk.text)), None)
        if top is not None:
            best = max(best, top.score)
            parts.append(Part(name, entity, year, top.candidate.document.doc_id, [top.candidate]))
        else:
            parts.append(Part(name, entity, year, missing=missing(name)))
    typed = render(parts)
    typed.evidence = best
    return typed


def comparison_slices(entities: Sequence[str], names: dict[str, str], effective: Filters) -> list:
    return [(names.get(e, e), e, None, replace(effective, entities=(e,))) for e in entities]


def with_absent(made: Typed, absent: Sequence[tuple[str, str]]) -> Typed:
    """A comparison's parts for the named entities the corpus has no submission from, said as such first."""
    if not absent:
        return made
    said = [(entity, name, f"the corpus holds no submission from {name} ({entity}).") for entity, name in absent]
    lines = [f"{name}: {line}" for _, name, line in said]
    groups = [Group(name, entity, None, None, [line], [], evidence=False) for entity, name, line in said]
    made.sentences = lines + made.sentences
    made.groups = groups + made.groups
    return made


def evolution_slices(entity: str | None, name: str, years: Sequence[int], effective: Filters) -> list:
    base = replace(effective, entities=(entity,) if entity else effective.entities, years=())
    return [(f"{name} ({y})" if name else str(y), entity, y, replace(base, year_min=y, year_max=y)) for y in years]


def with_years_lead(made: Typed, who: str, topic: str) -> Typed:
    """An evolution that answers "In which years ...?": first the years whose statements speak of it,
    then what each year said ("Norway spoke of "oceans" in 2019, 2021 and 2023.")."""
    years = [str(g.year) for g in made.groups if g.evidence and g.year is not None]
    if not years:
        return made
    listed = years[0] if len(years) == 1 else f"{', '.join(years[:-1])} and {years[-1]}"
    what = f'"{topic}"' if topic else "this"
    return replace(made, sentences=[f"{who or 'The statements'} spoke of {what} in {listed}.", *made.sentences])


def summary(document: DocumentRow, candidates: Sequence[Candidate], idf: Callable[[str], dict[str, float]]) -> Typed:
    """The key sentences of ``document`` (``summary.py``), one part each, in document order."""
    meta = document.meta
    own = " ".join(str(meta.get(k) or "") for k in ("entity", "entity_name"))
    parts = []
    for group in key_sentences(candidates, idf, own):
        for cand in group:
            section = cand.chunk.section_path
            parts.append(Part(section[0] if section else label(document), doc_id=document.doc_id, chosen=[cand]))
    return render(parts)


def document_sentences(document: DocumentRow, chunks: Sequence) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for chunk in chunks:
        for start, end in chunk.sentences:
            if (start, end) not in seen and usable(document.text[start:end]):
                seen.add((start, end))
                out.append(Candidate(document, chunk, 0, start, end))
    return out
