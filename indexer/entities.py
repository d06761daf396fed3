"""Who a document is from: UN entities from a bundled registry, countries from pycountry."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_REGISTRY = Path(__file__).parent / "data" / "un_entities.json"


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
    for attr in ("official_name", "common_name"):
        value = getattr(country, attr, None)
        if value and value not in names:
            names.append(value)
    # "Bolivia, Plurinational State of" -> also "Bolivia"
    short = re.split(r"[,(]", country.name)[0].strip()
    if short not in names:
        names.append(short)
    return Entity(country.alpha_3, names[0], tuple(names[1:]), "country")


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())
