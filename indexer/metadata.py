"""Document metadata: read from the text, from UNGDC-style file names, and from sidecar files.

Precedence, lowest first: what the text states, what the file name states, a corpus
manifest (``corpus/manifest.json``), then a sidecar ``<file>.meta.json`` beside the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.entities import Entity, country_entity, entity_by_name

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_UNGDC_NAME = re.compile(r"^([A-Z]{2,3})_(\d{1,3})_((?:19|20)\d{2})$")
_SUBMISSION_BY = re.compile(r"Submission by\s+(?:the\s+)?([A-Z][^\n.]{2,150}?)\s*(?:\n|$)", re.IGNORECASE)
_EFFORTS_IN = re.compile(r"efforts in ((?:19|20)\d{2})", re.IGNORECASE)
_SESSION = re.compile(r"\b((?:twenty|thirty|forty|fifty)[- ]?)?(" + "|".join(_ORDINALS) + r")\s+session", re.IGNORECASE)
_SESSION_NUMERIC = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th) session", re.IGNORECASE)
_VENUE = re.compile(r"^([A-Z][a-z]+), (\d{1,2} " + f"(?:{_MONTHS})" + r".{0,40}?\d{4})\s*$", re.MULTILINE)
_MONTH_YEAR = re.compile(r"(?<!\d )\b(" + _MONTHS + r") ((?:19|20)\d{2})\b")

SIDECAR_SUFFIX = ".meta.json"
MANIFEST_NAME = "manifest.json"
FIELDS = (
    "entity",
    "entity_name",
    "entity_aliases",
    "entity_kind",
    "year",
    "session",
    "session_venue",
    "date",
    "title",
    "source",
    "collection",
)


# The collections the readers below recognise; question analysis reads "in its General Debate speeches" as a
# document reference by these names (qa_service/retrieval/question_types.py).
CSTD_SUBMISSIONS = "CSTD WSIS submissions"
GENERAL_DEBATE = "UN General Debate"
COLLECTIONS = (CSTD_SUBMISSIONS, GENERAL_DEBATE)


@dataclass
class DocumentMetadata:
    entity: str | None = None
    entity_name: str | None = None
    entity_aliases: list[str] = field(default_factory=list)
    entity_kind: str | None = None
    year: int | None = None
    session: int | None = None
    session_venue: str | None = None
    date: str | None = None
    title: str | None = None
    source: str | None = None
    collection: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def update(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if key not in FIELDS:
                raise ValueError(f"unknown metadata field '{key}'; known: {', '.join(FIELDS)}")
            if key == "year" and value is not None:
                value = int(value)
            setattr(self, key, value)

    def set_entity(self, entity: Entity) -> None:
        self.entity, self.entity_name = entity.id, entity.name
        self.entity_aliases, self.entity_kind = list(entity.aliases), entity.kind


def from_text(text: str) -> DocumentMetadata:
    """What a CSTD submission states about itself ("Submission by ...", "efforts in 2021", ...)."""
    meta = DocumentMetadata()
    head = text[:6000]
    by = _SUBMISSION_BY.search(head)
    if by:
        name = by.group(1).strip()
        entity = entity_by_name(name)
        if entity:
            meta.set_entity(entity)
        else:
            meta.entity, meta.entity_name, meta.entity_kind = name, name, "organization"
    efforts = _EFFORTS_IN.search(head)
    if efforts:
        meta.year = int(efforts.group(1))
    meta.session = _session_number(head)
    venue = _VENUE.search(head)
    if venue:
        meta.session_venue = f"{venue.group(1)}, {venue.group(2)}"
    dates = [m for m in _MONTH_YEAR.finditer(head) if not venue or not (venue.start() <= m.start() < venue.end())]
    if dates:
        meta.date = f"{dates[-1].group(1)} {dates[-1].group(2)}"
    if "CSTD" in head or "Commission on Science and Technology for Development" in head:
        meta.collection = CSTD_SUBMISSIONS
    if meta.entity_name and meta.year:
        session = f" to CSTD {meta.session}" if meta.session else ""
        meta.title = f"{meta.entity} submission{session}: WSIS implementation efforts in {meta.year}"
    return meta


def from_file_name(path: Path) -> dict[str, Any]:
    """UN General Debate names such as ``GHA_76_2021.txt`` carry country, session and year."""
    match = _UNGDC_NAME.match(path.stem)
    if not match:
        return {}
    entity = country_entity(match.group(1))
    if entity is None:
        return {}
    return {
        "entity": entity.id,
        "entity_name": entity.name,
        "entity_aliases": list(entity.aliases),
        "entity_kind": "country",
        "session": int(match.group(2)),
        "year": int(match.group(3)),
        "collection": GENERAL_DEBATE,
        "title": f"{entity.name}: statement at the UN General Debate, {match.group(3)} (session {match.group(2)})",
    }


def overrides(path: Path, corpus_dir: Path) -> dict[str, Any]:
    """Manifest entry (keyed by path relative to the corpus), then the sidecar file, merged."""
    values: dict[str, Any] = {}
    manifest = corpus_dir / MANIFEST_NAME
    if manifest.is_file():
        entries = _read_json(manifest).get("documents", {})
        values.update(entries.get(path.relative_to(corpus_dir).as_posix(), {}))
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        values.update(_read_json(sidecar))
    return values


def resolve(path: Path, corpus_dir: Path, text: str, hints: dict[str, str]) -> DocumentMetadata:
    meta = from_text(text)
    if not meta.title and hints.get("title"):
        meta.title = hints["title"]
    meta.update(from_file_name(path))
    extra = overrides(path, corpus_dir)
    if "entity" in extra and "entity_name" not in extra:
        known = entity_by_name(str(extra["entity"])) or country_entity(str(extra["entity"]))
        if known:
            meta.set_entity(known)
    meta.update(extra)
    if not meta.title:
        meta.title = path.stem.replace("_", " ").replace("-", " ")
    if not meta.source:
        meta.source = path.relative_to(corpus_dir).as_posix()
    return meta


def _session_number(text: str) -> int | None:
    words = _SESSION.search(text)
    if words:
        tens = _TENS.get((words.group(1) or "").strip(" -").lower(), 0)
        return tens + _ORDINALS[words.group(2).lower()]
    numeric = _SESSION_NUMERIC.search(text)
    return int(numeric.group(1)) if numeric else None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: unreadable metadata file ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: metadata file must hold a JSON object")
    return data
