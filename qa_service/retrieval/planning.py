"""From a question's analysis to what is searched: the implied filters, the ranked text, or a plain no.

Years are decided against the documents of the entity asked about, not the whole corpus:
"What did Norway say about oceans in 2012?" when Norway's statements are 2019-2023 is a
question about a statement the corpus lacks, even if another speech says "since 2012", so it
gets no passages and a notice that names Norway's years. A range ("since 2019") selects the
documents it covers when there are any, and otherwise is read as part of the topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from qa_service.retrieval.catalog import Catalog, year_ranges
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.question import QuestionAnalysis
from qa_service.retrieval.years import TimeExpression

YearCheck = Callable[[str, tuple[str, ...]], bool]  # do these entities' texts (all, when none) mention this year?


@dataclass
class Plan:
    implied: Filters
    ranking_text: str
    notice: str | None = None  # set: the corpus cannot answer; nothing is searched
    notes: list[str] = field(default_factory=list)  # said alongside an answer (a range that matched nothing)


def plan(analysis: QuestionAnalysis, explicit: Filters, catalog: Catalog, mentioned: YearCheck) -> Plan:
    entities = explicit.entities or analysis.entity_ids
    ranking = analysis.ranking_text
    notices: list[str] = []
    notes: list[str] = []
    if analysis.absent_entities and not explicit.entities:
        # Only a speaker stays absent beside a held entity ("Compare Italy and Norway"): the held
        # one is answered, the absent one is named.
        (notes if analysis.entities else notices).append(_absent_entities(analysis, catalog))
    years_given = explicit.year_min is not None or explicit.year_max is not None or bool(explicit.years)
    implied = Filters(entities=analysis.entity_ids)
    if not years_given and not notices:
        held = catalog.years_of(entities)
        # An evolution's range is its span, never a topic (one held statement makes it a fact again).
        factoid = analysis.question_type != "evolution" or len(held) < 2
        chosen: set[int] = set()
        low: int | None = None
        high: int | None = None
        missing: list[int] = []
        for time in analysis.document_times:
            if time.role == "document":
                chosen.update(y for y in time.years if y in held)
                missing.extend(y for y in time.years if y not in held)
            elif time.role == "bare":
                if all(y in held for y in time.years):
                    chosen.update(time.years)
                    ranking = _without_years(ranking, time.years)
                elif not any(mentioned(str(y), entities) for y in time.years):
                    missing.extend(time.years)
                    ranking = _without_years(ranking, time.years)
                else:  # a year its texts talk about ("the target set for 2022"): it stays in the ranked text
                    notes.append(_no_submission(entities, catalog, f"for {year_ranges(list(time.years))}"))
            elif factoid and held and (time.low is None) != (time.high is None) and _outside(time, held):
                # "the veto has been used since 1946": an open range reaching beyond every statement
                # selects none of them; its year is what the text says ("Since 1946, ..."): ranked as a word.
                ranking = _with_years(ranking, time)
            elif any(time.contains(y) for y in held):
                low, high = time.low, time.high
            else:  # no document in the range: its years are what is asked about ("a seat for 2022-2024")
                notes.append(_no_submission(entities, catalog, time.text))
                ranking = _with_years(ranking, time)
        if missing and not chosen and low is None and high is None:
            notices.append(_absent_years(sorted(set(missing)), entities, catalog))
        elif missing:
            notes.append(f"Nothing for {year_ranges(sorted(set(missing)))}; {holdings(entities, catalog)}")
        if chosen:
            ordered = tuple(sorted(chosen))
            gaps = ordered != tuple(range(ordered[0], ordered[-1] + 1))  # "in 2019 and 2021" is not 2019-2021
            implied = Filters(analysis.entity_ids, ordered[0], ordered[-1], years=ordered if gaps else ())
        elif low is not None or high is not None:
            implied = Filters(entities=analysis.entity_ids, year_min=low, year_max=high)
    notice = " ".join(notices) if notices else None
    return Plan(implied, ranking if re.search(r"\w", ranking) else analysis.question, notice, notes)


def _outside(time: TimeExpression, held: Sequence[int]) -> bool:
    """Whether an open range ("since 1946", "before 2030") starts or ends beyond every year held."""
    return (time.low is not None and time.low < min(held)) or (time.high is not None and time.high > max(held))


def _absent_entities(analysis: QuestionAnalysis, catalog: Catalog) -> str:
    ids = analysis.absent_entity_ids
    names = [catalog.names.display.get(e, e) for e in ids]
    labels = [f"{n} ({e})" if n != e else e for n, e in zip(names, ids, strict=True)]
    held = f" {catalog.describe()}" if not analysis.entities else ""
    return f"The corpus has no submission from {' or '.join(labels)}.{held}"


def _absent_years(years: list[int], entities: tuple[str, ...], catalog: Catalog) -> str:
    label = year_ranges(years)
    if not entities:
        return f"The corpus has no submission for {label}. {catalog.describe()}"
    return f"The corpus has no submission for {label} from {_who(entities, catalog)}; {holdings(entities, catalog)}"


def _no_submission(entities: tuple[str, ...], catalog: Catalog, when: str) -> str:
    """'Norway (NOR) has no submission since 2024; the corpus holds submissions from NOR for 2019-2023.'"""
    return f"{_who(entities, catalog)} has no submission {when}; {holdings(entities, catalog)}"


def _who(entities: tuple[str, ...], catalog: Catalog) -> str:
    if not entities:
        return "The corpus"
    names = [catalog.entities.get(e, e) for e in entities]
    return " and ".join(f"{n} ({e})" if n != e else e for n, e in zip(names, entities, strict=True))


def holdings(entities: tuple[str, ...], catalog: Catalog) -> str:
    """'the corpus holds submissions from NOR for 2019\u20132023.' for the entities asked about."""
    if not entities:
        return f"the corpus holds submissions for {year_ranges(catalog.years)}."
    parts = [f"from {e} for {year_ranges(catalog.years_of((e,))) or 'no year'}" for e in entities]
    return "the corpus holds submissions " + " and ".join(parts) + "."


def _with_years(text: str, time: TimeExpression) -> str:
    """The ranked text with a range's bounds as words: what is asked about, not which statements."""
    return " ".join([text, *(str(y) for y in (time.low, time.high) if y is not None)])


def _without_years(text: str, years: tuple[int, ...]) -> str:
    for year in years:
        text = re.sub(rf"(?<!\d){year}(?!\d)", " ", text)
    return " ".join(text.split())
