"""A year the question asks about as a word of its topic is answered only by passages that say it.

"What was Bangladesh's poverty rate in 2006?" selects no statement (Bangladesh has none of 2006): the
year is searched as a word of the topic in the statements that mention it (``planning.py``). A
passage that answers the rest of the question but not the year ("over the past decade, we have
reduced the poverty rate from 31.5 per cent to 20.5 per cent") gives another year's figure; so the
answer is drawn from the passages that hold the year, and with none the question is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_service.retrieval.filters import AppliedFilters
from qa_service.retrieval.question import QuestionAnalysis
from qa_service.retrieval.search import Hit


def topic_years(analysis: QuestionAnalysis, applied: AppliedFilters) -> tuple[int, ...]:
    """The years read as when something was (a bare year, ``years.py``) that select no statement."""
    effective = applied.effective
    years = (y for t in analysis.document_times if t.role == "bare" for y in t.years)
    return tuple(dict.fromkeys(y for y in years if not (effective.has_years and effective.allows_year(y))))


def holding(hits: Sequence[Hit], years: Sequence[int]) -> list[Hit]:
    """The hits whose passage says one of ``years`` (all of them when no year is asked)."""
    if not years:
        return list(hits)
    said = re.compile(rf"(?<!\d)(?:{'|'.join(str(y) for y in years)})(?!\d)")
    return [h for h in hits if said.search(h.chunk.text)]
