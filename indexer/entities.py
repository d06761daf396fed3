"""Who a document is from: UN entities from a bundled registry, countries from pycountry."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_REGISTRY = Path(__file__).parent / "data" / "un_entities.json"
_COUNTRY_ALIASES = Path(__file__).parent / "data" / "country_aliases.json"
_COUNTRY_DEMONYMS = _COUNTRY_ALIASES.with_name("country_demonyms.json")
# "Korea, Republic of" -> "Republic of Korea": ISO's sorted form, turned the way it is said.
_INVERTED = re.compile(r"^(?P<head>[^,]+),\s*(?P<rest>.*\bof(?:\s+the)?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Entity:
    id: str  # short name used as the filter value: "UNDP", "GHA"
    name: str  # full name: "United Nations Development Programme", "Ghana"
    aliases: tuple[str, ...] = field(default_factory=tuple)
    kind: str = "organization"  # or "country"

    def names(self) -> tuple[str, ...]:
        return (self.id, self.name, *self.aliases)


@lru_cache(maxsize=1)
def un_entities() -> tuple[Entity, ...]:
    data = json.loads(_REGISTRY.read_text(encoding="utf-8"))
    return tuple(Entity(e["id"], e["name"], tuple(e.get("aliases", ()))) for e in data["entities"])


def entity_by_name(name: str) -> Entity | None:
    """A registry entity whose short name, full name or alias equals ``name`` (case-insensitive)."""
    wanted = _fold(name)
    for entity in un_entities():
        if any(_fold(n) == wanted for n in entity.names()):
            return entity
    return None


def country_entity(code: str) -> Entity | None:
    """An ISO 3166 alpha-3 (or alpha-2) code as a country entity, aliases from pycountry."""
    import pycountry

    country = (
        pycountry.countries.get(alpha_3=code.upper())
        if len(code) == 3
        else pycountry.countries.get(alpha_2=code.upper())
    )
    if country is None:
        # Codes UNGDC uses for bodies that are not ISO countries (e.g. the EU as 'EU').
        special = {"EU": "European Union", "POR": "Portugal"}
        return Entity(code.upper(), special[code.upper()], (), "country") if code.upper() in special else None
    names = [country.name]
    inverted = _INVERTED.match(country.name)
    if inverted:  # "Korea, Republic of" -> "Republic of Korea" (also "the Democratic Republic of the Congo"),
        # the name as said, shown first; the ISO form stays an alias
        names.insert(0, re.sub(r"^the\s+", "", f"{inverted['rest']} {inverted['head']}", flags=re.IGNORECASE))
    for attr in ("official_name", "common_name"):
        value = getattr(country, attr, None)
        if value and value not in names:
            names.append(value)
    names.extend(a for a in _country_aliases().get(country.alpha_3, ()) if a not in names)
    # "the Kenyan president", "the German government": questions name a speaker by its adjective too.
    demonym = country_demonyms().get(country.alpha_3)
    if demonym and demonym not in names:
        names.append(demonym)
    # "How many Bangladeshis ...", "How many Germans ...": its people name the country whose statements tell.
    people = _people(demonym) if demonym else None
    if people and people not in names:
        names.append(people)
    # "Bolivia, Plurinational State of" -> also "Bolivia" ("Korea" is both Koreas: the catalog drops
    # a name two entities share).
    short = re.split(r"[,(]", country.name)[0].strip()
    if short not in names:
        names.append(short)
    return Entity(country.alpha_3, names[0], tuple(names[1:]), "country")


# Adjectives whose people are the adjective plus "s" ("Kenyans", "Bangladeshis", "Greeks", "Icelanders"); not
# "Chinese", "French", "Swiss", whose plural is the adjective itself and already a name.
_PLURAL_BY_S = ("an", "i", "o", "er", "ot", "ek", "ak", "in", "ech")


@lru_cache(maxsize=1)
def country_demonyms() -> dict[str, str]:
    """The adjective of each country ("Kenyan"), from the bundled list (source in its comment)."""
    data = json.loads(_COUNTRY_DEMONYMS.read_text(encoding="utf-8"))
    return dict(data["demonyms"])


@lru_cache(maxsize=1)
def country_adjectives() -> frozenset[str]:
    """Every country's adjective ("Kenyan", "German"): words that name a people, not a place."""
    return frozenset(country_demonyms().values())


@lru_cache(maxsize=1)
def country_peoples() -> frozenset[str]:
    """Every country's people named in the plural ("Kenyans", "Bangladeshis"): spoken of, like an adjective."""
    return frozenset(p for d in country_demonyms().values() if (p := _people(d)))


def _people(demonym: str) -> str | None:
    return demonym + "s" if demonym.endswith(_PLURAL_BY_S) else None


@lru_cache(maxsize=1)
def _country_aliases() -> dict[str, list[str]]:
    """Everyday names pycountry lacks ("UAE", "Holland", "Russia"), from the bundled list."""
    data = json.loads(_COUNTRY_ALIASES.read_text(encoding="utf-8"))
    return {code: list(names) for code, names in data["aliases"].items()}


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())
