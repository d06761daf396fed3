"""Plain abstentions: say the submissions do not cover it, and what the corpus does cover."""

from __future__ import annotations

import math
import re

from indexer.keyword import analyze
from qa_service.retrieval.catalog import Catalog
from qa_service.retrieval.filters import Filters

_WORD = re.compile(r"\w[\w'\u2019-]*")


def topic_words(ranking_text: str) -> list[str]:
    """The content words of a question, as written ("nuclear energy"), without question words."""
    return [w for w in _WORD.findall(ranking_text) if analyze(w)]


def scope(filters: Filters) -> tuple[str, str]:
    """('UNDP's 2021 submission', 'does') / ('The submissions in the corpus', 'do') for the searched slice."""
    years = ""
    if filters.year_min is not None and filters.year_min == filters.year_max:
        years = f"{filters.year_min} "
    elif filters.year_min is not None or filters.year_max is not None:
        years = f"{filters.year_min or ''}\u2013{filters.year_max or ''} "
    if len(filters.entities) == 1:
        return f"{filters.entities[0]}'s {years}submission", "does"
    if filters.entities:
        return f"The {years}submissions of {', '.join(filters.entities)}", "do"
    return f"The {years}submissions in the corpus", "do"


def weak_evidence(ranking_text: str, effective: Filters, catalog: Catalog, question: str = "") -> str:
    """'UNDP's submission does not cover "nuclear energy".' for a short topic written as one phrase; any
    other question is quoted as asked, since its content words alone read as a telegram ("keep small
    businesses running through COVID crisis", "goals Pelé score")."""
    words = topic_words(ranking_text)
    where, verb = scope(effective)
    holds = catalog.describe(effective.entities)  # the years of the entity asked about, not every entity
    phrase = " ".join(words)
    if 0 < len(words) <= 3 and (not question.strip() or phrase.casefold() in " ".join(question.split()).casefold()):
        return f'{where} {verb} not cover "{phrase}". {holds}'
    if question.strip():
        return f"{where} {verb} not answer \u201c{' '.join(question.split())}\u201d. {holds}"
    return f"{where} {verb} not cover this question. {holds}"


def absent(notice: str) -> str:
    """The search notice already names what is missing and what the corpus holds."""
    return f"The submissions in the corpus do not cover this. {notice}"


def confidence(evidence: float, threshold: float, slope: float) -> float:
    """Calibrated probability that the corpus answers the question, from the best sentence score."""
    z = slope * (evidence - threshold)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
