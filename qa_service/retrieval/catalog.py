"""What the corpus holds (entities with their names, years, action lines), for query understanding."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


FEW_ENTITIES = 3  # up to this many, an abstention names every entity the corpus holds


@dataclass
class Catalog:
    entities: dict[str, str]  # id -> full name, for entities the corpus has
    years: list[int]
    action_lines: dict[str, int]  # code -> chunk count
    names: EntityNames  # corpus entities plus every known entity and country
    corpus_entity_ids: frozenset[str] = field(default_factory=frozenset)
    entity_years: dict[str, list[int]] = field(default_factory=dict)  # id -> years of its documents
    entity_kinds: dict[str, str] = field(default_factory=dict)  # id -> "country", "un-entity", ...

    def names_of(self, entities: Iterable[str]) -> list[str]:
        """Every name and alias of ``entities`` ("Turkey" and "Türkiye" for TUR), as the catalog folds them."""
        wanted = set(entities)
        return [name for name, eid in self.names.by_name.items() if eid in wanted]

    def years_of(self, entities: tuple[str, ...] | list[str]) -> list[int]:
        """Years of the documents of ``entities`` (all the corpus's years when none is given)."""
        if not entities:
            return self.years
        return sorted({y for e in entities for y in self.entity_years.get(e, ())})

    def describe(self, entities: tuple[str, ...] | list[str] = ()) -> str:
        """What the corpus holds: for ``entities`` when given ("...from GHA (Ghana) for 2019, 2021."),
        else every entity when there are few and a count when there are many (a list of 57
        countries answers nothing)."""
        if not self.entities:
            return "The corpus is empty."
        named = [e for e in entities if e in self.entities] or sorted(self.entities)
        if len(named) > FEW_ENTITIES and not entities:
            kinds = set(self.entity_kinds.values())
            noun = "countries" if kinds == {"country"} else "entities"
            years = year_ranges(self.years)
            return f"The corpus holds submissions from {len(self.entities)} {noun}" + (
                f" for {years}." if years else "."
            )
        labels = [self._label(e) for e in named]
        years = year_ranges(self.years_of(named) if entities else self.years)
        return f"The corpus holds submissions from {', '.join(labels)}" + (f" for {years}." if years else ".")

    def _label(self, entity: str) -> str:
        name = self.entities.get(entity, entity)
        return f"{entity} ({name})" if name and name != entity else entity


def build_catalog(snapshot: IndexSnapshot) -> Catalog:
    from qa_service.retrieval import verbs

    verbs.warm_up()  # the question analysis reads verbs: load their dictionary with the catalog
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
    known = {e.id: e for e in _known_entities()}
    for entity in corpus.values():  # the stored names, plus any the registry learnt since the index was built
        extra = known[entity.id].names() if entity.id in known else ()
        aliases = tuple(dict.fromkeys(n for n in (*entity.aliases, *extra) if n != entity.name))
        known[entity.id] = Entity(entity.id, entity.name, aliases, entity.kind)
    return Catalog(
        {e.id: e.name for e in corpus.values()},
        years,
        counts,
        _names(tuple(known.values()), frozenset(corpus)),
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


def _names(entities: tuple[Entity, ...], held: frozenset[str] = frozenset()) -> EntityNames:
    """Names to ids. A name two entities share ("Korea", "Congo") names the one the corpus holds
    when exactly one is held, else neither."""
    owners: dict[str, set[str]] = {}
    acronym_owners: dict[str, set[str]] = {}
    for entity in entities:
        for name in entity.names():
            if _is_acronym(name):
                acronym_owners.setdefault(name, set()).add(entity.id)
            elif len(name) >= 4:
                owners.setdefault(fold_name(name), set()).add(entity.id)
    by_name = {n: eid for n, ids in owners.items() if (eid := _owner(ids, held))}
    acronyms = {n: eid for n, ids in acronym_owners.items() if (eid := _owner(ids, held))}
    alternatives = sorted({*by_name, *(a.lower() for a in acronyms)}, key=len, reverse=True)
    # Longest first, so "Democratic People's Republic of Korea" is one mention, not "Republic of Korea".
    body = "|".join(re.escape(a).replace("'", "['\u2019]") for a in alternatives)
    pattern = re.compile(r"(?<![\w-])(" + body + r")(?![\w-])", re.IGNORECASE) if alternatives else None
    return EntityNames(by_name, acronyms, {e.id: e.name for e in entities}, pattern)


def _owner(ids: set[str], held: frozenset[str]) -> str | None:
    if len(ids) == 1:
        return next(iter(ids))
    mine = ids & held
    return next(iter(mine)) if len(mine) == 1 else None


def _is_acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and len(name) <= 8 and all(ch.isupper() for ch in letters)


def fold_name(text: str) -> str:
    """A name as looked up: lower case, one space, straight apostrophes."""
    return " ".join(text.replace("\u2019", "'").lower().split())


def year_ranges(years: list[int]) -> str:
    """'2019\u20132023' for consecutive years, '2019, 2021' otherwise."""
    if not years:
        return ""
    if len(years) > 2 and years[-1] - years[0] + 1 == len(years):
        return f"{years[0]}\u2013{years[-1]}"
    return ", ".join(str(y) for y in years)


ACTION_LINE_CODES = frozenset(line.code for line in ACTION_LINES)
