"""What the corpus holds (entities with their names, years, action lines), for query understanding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.action_lines import ACTION_LINES
from indexer.entities import Entity, un_entities
from indexer.reader import IndexSnapshot


@dataclass(frozen=True)
class EntityNames:
    """Every way an entity is named, mapped to its id; acronyms match case-sensitively."""

    by_name: dict[str, str]  # folded full name or alias -> id
    acronyms: dict[str, str]  # exact-case short name -> id
    display: dict[str, str]  # id -> full name
    pattern: re.Pattern[str] | None


@dataclass
class Catalog:
    entities: dict[str, str]  # id -> full name, for entities the corpus has
    years: list[int]
    action_lines: dict[str, int]  # code -> chunk count
    names: EntityNames  # corpus entities plus every known entity and country
    corpus_entity_ids: frozenset[str] = field(default_factory=frozenset)
    entity_years: dict[str, list[int]] = field(default_factory=dict)  # id -> years of its documents
    entity_kinds: dict[str, str] = field(default_factory=dict)  # id -> "country", "un-entity", ...

    def years_of(self, entities: tuple[str, ...] | list[str]) -> list[int]:
        """Years of the documents of ``entities`` (all the corpus's years when none is given)."""
        if not entities:
            return self.years
        return sorted({y for e in entities for y in self.entity_years.get(e, ())})

    def describe(self) -> str:
        """'UNDP (United Nations Development Programme) 2021' style summary of the holdings."""
        if not self.entities:
            return "The corpus is empty."
        names = [f"{eid} ({name})" if name and name != eid else eid for eid, name in sorted(self.entities.items())]
        if len(names) > 12:
            names = names[:12] + [f"and {len(self.entities) - 12} more"]
        years = year_ranges(self.years)
        return f"The corpus holds submissions from {', '.join(names)}" + (f" for {years}." if years else ".")


def build_catalog(snapshot: IndexSnapshot) -> Catalog:
    corpus: dict[str, Entity] = {}
    for doc in snapshot.documents.values():
        meta = doc.meta
        if meta.get("entity"):
            corpus[meta["entity"]] = Entity(
                meta["entity"],
                meta.get("entity_name") or meta["entity"],
                tuple(meta.get("entity_aliases") or ()),
                meta.get("entity_kind") or "",
            )
    years = sorted({int(d.meta["year"]) for d in snapshot.documents.values() if d.meta.get("year")})
    entity_years: dict[str, set[int]] = {}
    for doc in snapshot.documents.values():
        if doc.meta.get("entity") and doc.meta.get("year"):
            entity_years.setdefault(doc.meta["entity"], set()).add(int(doc.meta["year"]))
    counts: dict[str, int] = {}
    for tags in snapshot.rows.action_lines:
        for code in tags:
            counts[code] = counts.get(code, 0) + 1
    known = {e.id: e for e in (*_known_entities(), *corpus.values())}
    return Catalog(
        {e.id: e.name for e in corpus.values()},
        years,
        counts,
        _names(tuple(known.values())),
        frozenset(corpus),
        {e: sorted(ys) for e, ys in entity_years.items()},
        {e.id: e.kind for e in corpus.values()},
    )


@lru_cache(maxsize=1)
def _known_entities() -> tuple[Entity, ...]:
    """Registry UN entities and every ISO country, so that absent ones are recognised too."""
    import pycountry

    from indexer.entities import country_entity

    countries = [country_entity(c.alpha_3) for c in pycountry.countries]
    return (*un_entities(), *(c for c in countries if c is not None))


def _names(entities: tuple[Entity, ...]) -> EntityNames:
    by_name: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for entity in entities:
        for name in entity.names():
            if _is_acronym(name):
                acronyms[name] = entity.id
            elif len(name) >= 4:
                by_name[_fold(name)] = entity.id
    alternatives = sorted({*by_name, *(a.lower() for a in acronyms)}, key=len, reverse=True)
    pattern = (
        re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w-])", re.IGNORECASE)
        if alternatives
        else None
    )
    return EntityNames(by_name, acronyms, {e.id: e.name for e in entities}, pattern)


def _is_acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and len(name) <= 8 and all(ch.isupper() for ch in letters)


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())


def year_ranges(years: list[int]) -> str:
    """'2019\u20132023' for consecutive years, '2019, 2021' otherwise."""
    if not years:
        return ""
    if len(years) > 2 and years[-1] - years[0] + 1 == len(years):
        return f"{years[0]}\u2013{years[-1]}"
    return ", ".join(str(y) for y in years)


ACTION_LINE_CODES = frozenset(line.code for line in ACTION_LINES)
