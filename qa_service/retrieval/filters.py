"""Metadata filters: what the caller asked for, what the question implies, and the row mask."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from indexer.reader import IndexSnapshot
from qa_service.errors import UnknownFilterValue
from qa_service.retrieval.catalog import ACTION_LINE_CODES, Catalog


@dataclass(frozen=True)
class Filters:
    entities: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    action_lines: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    years: tuple[int, ...] = ()  # a set of years ("in 2019 and 2021"), within year_min..year_max

    def is_empty(self) -> bool:
        return not (
            self.entities or self.year_min is not None or self.year_max is not None or self.action_lines or self.doc_ids
        )

    def allows_year(self, year: int) -> bool:
        if self.years:
            return year in self.years
        return (self.year_min is None or year >= self.year_min) and (self.year_max is None or year <= self.year_max)

    @property
    def has_years(self) -> bool:
        return self.year_min is not None or self.year_max is not None or bool(self.years)

    def merged_over(self, implied: Filters) -> Filters:
        """This (explicit) filter set over the implied one: each explicit field wins where given."""
        years_from = self if self.has_years else implied
        return Filters(
            entities=self.entities or implied.entities,
            year_min=years_from.year_min,
            year_max=years_from.year_max,
            action_lines=self.action_lines or implied.action_lines,
            doc_ids=self.doc_ids or implied.doc_ids,
            years=years_from.years,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.entities:
            out["entity"] = list(self.entities)
        if self.year_min is not None or self.year_max is not None:
            out["year"] = {"min": self.year_min, "max": self.year_max}
        if self.years:
            out["year"] = {**out.get("year", {}), "in": list(self.years)}
        if self.action_lines:
            out["action_line"] = list(self.action_lines)
        if self.doc_ids:
            out["doc_id"] = list(self.doc_ids)
        return out


@dataclass
class AppliedFilters:
    """What shaped a search, as returned to the caller in ``applied_filters``."""

    explicit: Filters = field(default_factory=Filters)
    implied: Filters = field(default_factory=Filters)
    effective: Filters = field(default_factory=Filters)
    boosted_action_lines: tuple[str, ...] = ()
    notice: str | None = None
    notes: list[str] = field(default_factory=list)  # what the filters could not do ("NOR has no submission since 2024")

    def to_dict(self) -> dict[str, Any]:
        out = {
            **self.effective.to_dict(),
            "explicit": self.explicit.to_dict(),
            "implied": self.implied.to_dict(),
            "boosted_action_lines": list(self.boosted_action_lines),
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def validate(filters: Filters, catalog: Catalog, snapshot: IndexSnapshot) -> Filters:
    """Canonical values for caller filters; an unknown value is an error naming what exists."""
    entities = []
    lookup = {eid.lower(): eid for eid in catalog.entities}
    for name in filters.entities:
        eid = lookup.get(name.lower()) or _by_full_name(name, catalog)
        if eid is None:
            raise UnknownFilterValue(f"unknown entity '{name}'", details={"known": sorted(catalog.entities)})
        entities.append(eid)
    for code in filters.action_lines:
        if code not in ACTION_LINE_CODES:
            raise UnknownFilterValue(f"unknown action line '{code}'", details={"known": sorted(ACTION_LINE_CODES)})
    for doc_id in filters.doc_ids:
        if doc_id not in snapshot.documents:
            raise UnknownFilterValue(f"unknown document id '{doc_id}'")
    if filters.year_min is not None and filters.year_max is not None and filters.year_min > filters.year_max:
        raise UnknownFilterValue(f"year range {filters.year_min}-{filters.year_max} is empty")
    return replace(filters, entities=tuple(entities))


def row_mask(filters: Filters, snapshot: IndexSnapshot) -> np.ndarray | None:
    """Boolean mask over chunk rows, or None when nothing is filtered."""
    if filters.is_empty():
        return None
    rows = snapshot.rows
    doc_ok = np.ones(len(snapshot.doc_ids), dtype=bool)
    if filters.entities:
        wanted = set(filters.entities)
        doc_ok &= np.array([e in wanted for e in rows.entities], dtype=bool)
    if filters.year_min is not None:
        doc_ok &= rows.years >= filters.year_min
    if filters.year_max is not None:
        doc_ok &= (rows.years <= filters.year_max) & (rows.years >= 0)
    if filters.years:
        doc_ok &= np.isin(rows.years, np.array(filters.years, dtype=rows.years.dtype))
    if filters.doc_ids:
        wanted_docs = set(filters.doc_ids)
        doc_ok &= np.array([d in wanted_docs for d in snapshot.doc_ids], dtype=bool)
    mask = doc_ok[rows.doc_index] if len(rows.doc_index) else np.zeros(0, dtype=bool)
    if filters.action_lines:
        wanted_lines = set(filters.action_lines)
        if rows.action_line_bits is not None:
            from indexer.action_lines import ACTION_LINES

            wanted_bits = sum(1 << i for i, line in enumerate(ACTION_LINES) if line.code in wanted_lines)
            mask &= (rows.action_line_bits & np.uint32(wanted_bits)) != 0
        else:
            mask &= np.array([bool(tags & wanted_lines) for tags in rows.action_lines], dtype=bool)
    return mask


def _by_full_name(name: str, catalog: Catalog) -> str | None:
    folded = " ".join(name.lower().split())
    eid = catalog.names.by_name.get(folded)
    return eid if eid in catalog.entities else None
