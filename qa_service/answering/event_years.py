"""A year the question gives as an event's, not a statement's, is tried over every statement too.

"In which country was the Comoros' Conference of Development Partners held in 2019?" first searches the
Comoros' 2019 statement, the likelier place; but speeches recount events in later years, and that one only
announces the conference. So the question is searched again over all the entity's statements, with the
years as words, and the better answer is kept (``Answerer.compose``):

- a bare year read against an event verb ("was held in 2019"), always;
- a range ("a member of the Council for 2022-2024"), when the filtered search found nothing.

A year read as a statement's ("said in 2019", "its 2019 statement") is never relaxed, nor the year of a
keyword query ("Egypt GERD negotiations 2021"), which has no verb to make it an event's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from qa_service.retrieval import verbs
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.question import QuestionAnalysis
from qa_service.retrieval.search import SearchResult

Search = Callable[[str, Filters], SearchResult]  # ranked text and filters -> hits, without re-analysis


def wider(analysis: QuestionAnalysis, result: SearchResult, abstained: bool, search: Search) -> SearchResult | None:
    """The search over every statement of the entity, or None when the years filtering ``result`` are a
    statement's. Its applied filters say what was done: the implied years dropped, not the caller's."""
    applied = result.applied
    roles = ("bare", "range") if abstained else ("bare",)
    times = [t for t in analysis.document_times if t.role in roles]
    if not times or applied.explicit.has_years or not applied.implied.has_years or applied.notice:
        return None
    names = [(m.start, m.end) for m in (*analysis.entities, *analysis.absent_entities, *analysis.topic_entities)]
    if verbs.main_verb(analysis.question, names) is None:
        return None
    filters = replace(applied.effective, year_min=None, year_max=None, years=())
    years = [str(y) for t in times for y in t.years]
    found = search(" ".join([result.ranking_text, *years]), filters)
    note = f"{', '.join(t.text for t in times)}: read as when it happened; every statement was searched."
    implied = replace(applied.implied, year_min=None, year_max=None, years=())
    found.applied = replace(applied, implied=implied, effective=filters, notes=[*applied.notes, note])
    return found
