"""Questions across documents (issue 13): which documents an answer cites, and how complete that is.

Pure functions over document ids. The cited ids come from the /v1/chat response as it is today
(``citations[].document.id``) and as it may grow: a citation's ``doc_id``, and the citations of
``groups[]`` (one group per year or entity), so the metrics need no change when the lead adds them.
A document's entity and year come from the served metadata (``GET /v1/documents``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from eval.cases import Case


class DocMeta(NamedTuple):
    entity: str | None
    year: int | None


def citation_doc(citation: Mapping[str, Any]) -> str | None:
    """The document id of one citation: ``document.id``, ``document`` as a string, or ``doc_id``."""
    doc = citation.get("document")
    if isinstance(doc, Mapping) and doc.get("id"):
        return str(doc["id"])
    if isinstance(doc, str) and doc:
        return doc
    doc_id = citation.get("doc_id")
    return str(doc_id) if doc_id else None


def cited_docs(body: Mapping[str, Any]) -> list[str]:
    """Every document the response cites, in first-cited order: top-level citations, then the groups'.

    A group cites its ``document_id`` when it has evidence (a long list may be cut in the text and
    the citations but given whole in ``groups``); a group with ``evidence: false`` says the document
    has nothing on the question and cites nothing. A group's ``citations`` may be numbers into the
    top-level list (already counted) or citation objects.
    """
    docs = [citation_doc(c) for c in body.get("citations") or [] if isinstance(c, Mapping)]
    for group in body.get("groups") or []:
        if not isinstance(group, Mapping) or group.get("evidence") is False:
            continue
        docs += [citation_doc(c) for c in group.get("citations") or [] if isinstance(c, Mapping)]
        docs.append(group.get("document_id"))
    return list(dict.fromkeys(str(d) for d in docs if d))


def list_scores(cited: Iterable[str], expected: Iterable[str]) -> tuple[float, float | None]:
    """Document recall and precision of a list answer (precision None when nothing is cited)."""
    got, want = set(cited), set(expected)
    recall = len(got & want) / len(want) if want else 1.0
    return recall, (len(got & want) / len(got) if got else None)


def evolution_scores(
    cited: Iterable[str], expected: Iterable[str], meta: Mapping[str, DocMeta]
) -> tuple[float, bool, list[str]]:
    """Years cited of the entity / years with evidence, whether another entity's document is cited, and the
    entity's documents cited that have no evidence or that the question leaves out ("in 2019 and 2021": not 2020)."""
    want = list(expected)
    entities = {meta[d].entity for d in want if d in meta}
    years = {meta[d].year for d in want if d in meta}
    got = [meta.get(d, DocMeta(None, None)) for d in cited]
    cited_years = {m.year for m in got if m.entity in entities}
    other = any(m.entity not in entities for m in got)
    stray = sorted(d for d in cited if d not in want and meta.get(d, DocMeta(None, None)).entity in entities)
    return (len(cited_years & years) / len(years) if years else 1.0), other, stray


def comparison_scores(cited: Iterable[str], entities: Iterable[str], meta: Mapping[str, DocMeta]) -> tuple[float, bool]:
    """Named entities covered by a citation / entities named (that the corpus holds), and whether others are cited."""
    want = set(entities)
    got = {meta.get(d, DocMeta(None, None)).entity for d in cited}
    return (len(got & want) / len(want) if want else 1.0), bool(got - want)


_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


_UNIT_WORDS = {
    "documents": r"documents?|speech(?:es)?|statements?|submissions?|address(?:es)?",
    "countries": r"countr(?:y|ies)|states?|member states|entities|speakers",
}


def states_count(answer: str, count: int, unit: str | None = None) -> bool:
    """Whether the answer states the number, as digits or (up to twenty) as a word, and, with a ``unit``,
    as a count of that unit ("8 countries", "eight of the countries"): "8 countries, 15 documents"
    states 8 countries and 15 documents, not 15 countries."""
    forms = [str(count)] + ([_NUMBER_WORDS[count]] if count < len(_NUMBER_WORDS) else [])
    unit_words = rf"\W+(?:\w+\W+){{0,2}}?(?:{_UNIT_WORDS[unit]})\b" if unit else ""
    return any(
        re.search(rf"(?<![\d.,]){re.escape(f)}(?!\d)(?![.,]\d){unit_words}", answer, re.IGNORECASE) for f in forms
    )


def check_documents(cases: Iterable[Case], texts: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Problems (an expected document missing or not matching the case's ``grep``) and notes (documents
    the ``grep`` finds that the case does not expect: each one read and judged not to answer)."""
    problems: list[str] = []
    notes: list[str] = []
    for case in cases:
        missing = [d for d in case.expected_docs if d not in texts]
        if missing:
            problems.append(f"case {case.id}: expected document(s) not in the corpus: {', '.join(missing)}")
        if not case.grep:
            continue
        pattern = re.compile(case.grep, re.IGNORECASE)
        unmatched = [d for d in case.expected_docs if d in texts and not pattern.search(texts[d])]
        if unmatched:
            problems.append(f"case {case.id}: expected document(s) without a match of {case.grep!r}: {unmatched}")
        extra = sorted(d for d, text in texts.items() if d not in case.expected_docs and pattern.search(text))
        if extra and case.question_type in ("listing", "counting"):
            notes.append(f"case {case.id}: {case.grep!r} also matches {', '.join(extra)} (not expected)")
    return problems, notes


def score_row(row: Any, case: Case, meta: Mapping[str, DocMeta]) -> None:
    """Fill the row's multi-document figures from its cited documents, by the case's question type."""
    cited, kind = row.cited_docs, case.question_type
    if kind in ("listing", "counting"):
        row.list_recall, row.list_precision = list_scores(cited, case.expected_docs)
    if kind == "counting" and case.expected_count is not None:
        row.count_correct = states_count(row.answer or "", case.expected_count, case.count_unit)
    if kind == "evolution":
        row.evolution_coverage, row.other_entity_cited, row.stray_docs = evolution_scores(
            cited, case.expected_docs, meta
        )
    if kind == "comparison":
        coverage, row.other_entity_cited = comparison_scores(cited, case.expected_entities, meta)
        compared = set(case.expected_entities)
        row.stray_docs = [
            d for d in cited if d not in case.expected_docs and meta.get(d, DocMeta(None, None)).entity in compared
        ]
        # A named entity the corpus lacks is covered when the answer names it (to say it has no statement).
        named = sum(_names_entity(row.answer or "", code) for code in case.absent_entities)
        compared = len(case.expected_entities) + len(case.absent_entities)
        row.comparison_coverage = (coverage * len(case.expected_entities) + named) / compared
    if kind == "summary":
        row.summary_precision = (sum(d in case.expected_docs for d in cited) / len(cited)) if cited else None


def _names_entity(answer: str, code: str) -> bool:
    """Whether the answer names an entity by its code or any of its names ("ITA", "Italy")."""
    from indexer.entities import country_entity, entity_by_name

    entity = country_entity(code) if len(code) in (2, 3) else None
    entity = entity or entity_by_name(code)
    names = entity.names() if entity else (code,)
    return any(re.search(rf"\b{re.escape(n)}\b", answer, re.IGNORECASE) for n in names)
