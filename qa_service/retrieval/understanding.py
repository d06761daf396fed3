"""Query understanding: the entity, years and WSIS action lines a question names.

Entities and years become filters and are removed from the text that is ranked, so
that "What did UNDP do on disinformation in 2021?" ranks on "disinformation", not on
"UNDP" and "2021" which every paragraph of a UNDP 2021 submission shares. A name or
year the corpus does not hold, and that no passage mentions, makes the search return
nothing with a notice saying what the corpus does hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.action_lines import action_lines_in_query
from qa_service.retrieval.catalog import Catalog
from qa_service.retrieval.filters import Filters

_YEAR = r"((?:19|20)\d{2})"
_RANGE = re.compile(_YEAR + r"\s*(?:-|\u2013|\u2014|to|until|through|and)\s*" + _YEAR + r"\b", re.IGNORECASE)
_SINGLE = re.compile(r"\b" + _YEAR + r"\b")


@dataclass
class Understanding:
    ranking_text: str
    implied: Filters
    action_lines: tuple[str, ...] = ()
    absent_entities: list[str] = field(default_factory=list)  # named, not in the corpus
    absent_years: list[int] = field(default_factory=list)
    topic_entities: list[str] = field(default_factory=list)  # named, not in corpus, but mentioned in text


def understand(query: str, catalog: Catalog, mentioned: Callable[[str], bool]) -> Understanding:
    """Parse ``query``; ``mentioned(text)`` tells whether the corpus text contains all its terms."""
    spans: list[tuple[int, int]] = []
    in_corpus: list[str] = []
    absent: list[str] = []
    topical: list[str] = []
    names = catalog.names
    if names.pattern is not None:
        for match in names.pattern.finditer(query):
            surface = match.group(1)
            eid = names.acronyms.get(surface) or names.by_name.get(" ".join(surface.lower().split()))
            if eid is None:
                continue  # e.g. "who" in lower case is a question word, not WHO
            if eid in catalog.corpus_entity_ids:
                in_corpus.append(eid)
                spans.append(match.span())
            elif mentioned(surface):
                topical.append(eid)  # a partner named in the text ("the European Union"): rank on it
            else:
                absent.append(eid)
                spans.append(match.span())
    year_min, year_max, absent_years = _years(query, catalog, mentioned, spans)
    if in_corpus:
        absent = []  # "UNDP's work with WHO": the corpus entity is the subject, WHO a topic
    implied = Filters(entities=tuple(dict.fromkeys(in_corpus)), year_min=year_min, year_max=year_max)
    ranking = _remove(query, spans)
    return Understanding(
        ranking if re.search(r"\w", ranking) else query,
        implied,
        tuple(action_lines_in_query(query)),
        list(dict.fromkeys(absent)),
        absent_years,
        list(dict.fromkeys(topical)),
    )


def _years(
    query: str,
    catalog: Catalog,
    mentioned: Callable[[str], bool],
    spans: list[tuple[int, int]],
) -> tuple[int | None, int | None, list[int]]:
    held = set(catalog.years)
    ranges: list[tuple[int, int, tuple[int, int]]] = []
    for match in _RANGE.finditer(query):
        low, high = sorted((int(match.group(1)), int(match.group(2))))
        ranges.append((low, high, match.span()))
    covered = [r[2] for r in ranges]
    for match in _SINGLE.finditer(query):
        if not any(s <= match.start() < e for s, e in covered):
            ranges.append((int(match.group(1)), int(match.group(1)), match.span()))
    if not ranges:
        return None, None, []
    absent: list[int] = []
    kept: list[tuple[int, int]] = []
    for low, high, span in ranges:
        if any(low <= y <= high for y in held):
            kept.append((low, high))
            spans.append(span)
        elif not any(mentioned(str(y)) for y in range(low, high + 1)):
            absent.extend(range(low, high + 1))
            spans.append(span)
        # else: a year the documents talk about ("the lessons of 2020"): leave it in the ranked text
    if not kept:
        return None, None, absent
    return min(k[0] for k in kept), max(k[1] for k in kept), absent


def _remove(text: str, spans: list[tuple[int, int]]) -> str:
    out, cursor = [], 0
    for start, end in sorted(spans):
        if start >= cursor:
            out.append(text[cursor:start])
            cursor = end
    out.append(text[cursor:])
    return " ".join("".join(out).split())
