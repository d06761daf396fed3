"""Which strategy answers a question: its understood type, or a type its filters make it.

The question analysis types a question by its words; two questions typed as factoids still ask
across documents, and the answerer answers them so:

- one entity, several of its submissions' years selected, and a verb of saying ("What did
  Bangladesh say about the Rohingya before 2021?", "How has Fiji spoken about rising seas from
  2019 to 2023?"): what it said, year by year (evolution);
- "compare" with one entity the corpus holds and others it does not ("Compare Italy and Norway
  on the oceans"): a comparison that says which entities have no submission.
"""

from __future__ import annotations

import re

from qa_service.retrieval.catalog import Catalog
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.question import QuestionAnalysis, remove_spans
from qa_service.retrieval.question_types import QuestionType, asks_one_thing, strip_meta_words
from qa_service.retrieval.roles import comparing

_SAYING = re.compile(
    r"\b(?:say|says|said|speak|speaks|spoke|spoken|talk|talks|talked|discuss|discussed|describe|described|"
    r"address|addressed|mention|mentioned|raise|raised)\b",
    re.IGNORECASE,
)


def answer_type(analysis: QuestionAnalysis, effective: Filters, catalog: Catalog) -> QuestionType:
    kind = analysis.question_type
    if kind != "factoid" or len(effective.entities) != 1:
        return kind
    if comparing(analysis.question) and not_held(analysis):
        return "comparison"
    years = [y for y in catalog.years_of(effective.entities) if effective.allows_year(y)]
    if (
        effective.has_years
        and len(years) >= 2
        and _SAYING.search(analysis.question)
        and not asks_one_thing(analysis.question)
    ):  # "How many refugees did Bangladesh say it hosted since 2019?" asks one figure
        return "evolution"
    return kind


def not_held(analysis: QuestionAnalysis) -> list[tuple[str, str]]:
    """Entities the question names that the corpus holds no submission from (id, name as written)."""
    held = set(analysis.entity_ids)
    named = sorted([*analysis.absent_entities, *analysis.topic_entities], key=lambda m: m.start)
    out = {m.entity_id: m.surface for m in named if m.entity_id not in held}
    return list(out.items())


def ranking_text(analysis: QuestionAnalysis, kind: str, ranking: str) -> str:
    """The text to rank and test evidence by for a strategy other than the understood type: the question
    without the entities' names, its document years and the meta words of ``kind`` ("compare")."""
    if kind == analysis.question_type:
        return ranking
    named = [*analysis.entities, *analysis.absent_entities, *analysis.topic_entities]
    spans = [(m.start, m.end) for m in named] + [
        (t.start, t.end) for t in analysis.times if t.role in ("document", "range")
    ]
    text = strip_meta_words(remove_spans(analysis.question, spans), kind)  # type: ignore[arg-type]
    return text if re.search(r"\w", text) else ranking
