"""The eval cases: a validated JSON Lines format, and gold quotes located in the documents' normalised text.

One case per line (see ``eval/README.md`` and ``eval/schema.json``, generated from these
models). Gold evidence is written as exact quotes; the suite finds their offsets in the
text the service serves, so no hand-written offset can drift from the corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

CASES_PATH = Path(__file__).with_name("cases.jsonl")
SCHEMA_PATH = Path(__file__).with_name("schema.json")

Category = Literal[
    "factual",
    "numeric",
    "paraphrase",
    "acronym",
    "list",
    "multi_passage",
    "entity_year",
    "no_entity_year",
    "absent_topic",
    "other_entity",
    "other_year",
    "off_topic",
    "multi_turn",
    # the UNGDC suite (eval/ungdc/): issue 12's failure classes and issue 13's question types
    "keyword",
    "target_year",
    "absent_year",
    "absent_country",
    "full_name",
    "listing",
    "counting",
    "evolution",
    "comparison",
    "summary",
]
UNANSWERABLE_CATEGORIES = frozenset(
    {"absent_topic", "other_entity", "other_year", "off_topic", "absent_year", "absent_country"}
)
QuestionType = Literal["fact", "listing", "counting", "evolution", "comparison", "summary"]
# Types whose answer spans documents: judged by the documents cited, not by gold quotes in the top 5.
MULTI_DOC_TYPES = frozenset({"listing", "counting", "evolution", "comparison", "summary"})


class CaseError(ValueError):
    """A case file that is malformed or whose gold evidence is not in the corpus; names every bad case."""


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quote: str = Field(
        min_length=8, description="Exact words of the normalised document text (runs of white space may differ)"
    )
    doc: str | None = Field(None, description="Document id; default: the one document that holds the quote")


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    category: Category
    question: str | None = Field(None, min_length=3, description="A single-turn question")
    turns: list[str] | None = Field(None, description="User turns of a conversation; expectations are for the last")
    answerable: bool
    reference: str | None = Field(None, description="A short reference answer, for token F1")
    key_facts: list[str | list[str]] = Field(
        default_factory=list, description="Facts the answer must state; a list gives alternatives for one fact"
    )
    evidence: list[Evidence] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    notes: str | None = None
    failure_class: list[int] = Field(
        default_factory=list, description="Issue 12's failure classes (1-6) the case exercises"
    )
    question_type: QuestionType = "fact"
    expected_docs: list[str] = Field(
        default_factory=list, description="Documents a complete answer cites (every one with evidence), by id"
    )
    expected_entities: list[str] = Field(default_factory=list, description="Comparison: entities to cover")
    absent_entities: list[str] = Field(default_factory=list, description="Comparison: named entities the corpus lacks")
    expected_count: int | None = Field(None, ge=0, description="Counting: the number the answer must state")
    count_unit: Literal["documents", "countries"] | None = None
    grep: str | None = Field(
        None, description="Regex (case-insensitive) every expected document matches; validate lists the others it finds"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        if any(not 1 <= c <= 6 for c in self.failure_class):
            raise ValueError("'failure_class' values are issue 12's classes 1-6")
        if (self.question is None) == (self.turns is None):
            raise ValueError("give exactly one of 'question' and 'turns'")
        if self.turns is not None and (len(self.turns) < 2 or not all(t.strip() for t in self.turns)):
            raise ValueError("'turns' needs at least two non-empty user turns")
        if self.category == "multi_turn" and self.turns is None:
            raise ValueError("a multi_turn case needs 'turns'")
        if self.category in UNANSWERABLE_CATEGORIES and self.answerable:
            raise ValueError(f"category '{self.category}' is for unanswerable cases")
        if self.question_type in MULTI_DOC_TYPES:
            return self._consistent_multi_doc()
        if self.answerable and not (self.evidence and self.key_facts and self.reference):
            raise ValueError("an answerable case needs 'evidence', 'key_facts' and 'reference'")
        if not self.answerable and (self.evidence or self.key_facts):
            raise ValueError("an unanswerable case has no 'evidence' or 'key_facts'")
        return self

    def _consistent_multi_doc(self) -> Case:
        if not self.answerable:  # e.g. a summary of a year the corpus lacks: the answer is an abstention
            if self.expected_docs or self.evidence or self.key_facts:
                raise ValueError("an unanswerable case has no 'expected_docs', 'evidence' or 'key_facts'")
            return self
        if not (self.expected_docs and self.reference):
            raise ValueError(f"an answerable {self.question_type} case needs 'expected_docs' and 'reference'")
        if self.question_type == "counting" and (self.expected_count is None or self.count_unit is None):
            raise ValueError("a counting case needs 'expected_count' and 'count_unit'")
        if self.question_type == "comparison" and len(self.expected_entities) + len(self.absent_entities) < 2:
            raise ValueError("a comparison names at least two entities ('expected_entities', 'absent_entities')")
        if self.question_type == "summary" and (len(self.expected_docs) != 1 or not self.key_facts):
            raise ValueError("a summary case names one document and the key facts its summary states")
        return self

    @property
    def user_turns(self) -> list[str]:
        return list(self.turns) if self.turns is not None else [self.question or ""]

    @property
    def final_question(self) -> str:
        return self.user_turns[-1]

    def fact_alternatives(self) -> list[list[str]]:
        return [[f] if isinstance(f, str) else list(f) for f in self.key_facts]


class GoldSpan(NamedTuple):
    doc: str
    start: int
    end: int
    quote: str


def load_cases(path: Path = CASES_PATH) -> list[Case]:
    """Parse and validate every line; one error lists every bad line with its case id."""
    cases: list[Case] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not JSON ({exc.msg})")
            continue
        label = raw.get("id", f"line {number}") if isinstance(raw, dict) else f"line {number}"
        try:
            case = Case.model_validate(raw)
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'case'}: {e['msg']}" for e in exc.errors())
            problems.append(f"case {label}: {detail}")
            continue
        if case.id in seen:
            problems.append(f"case {case.id}: duplicate id")
        seen.add(case.id)
        cases.append(case)
    if problems:
        raise CaseError(f"{path}: {len(problems)} invalid case(s):\n" + "\n".join(problems))
    return cases


def quote_pattern(quote: str) -> re.Pattern[str]:
    """The quote's words in order with any white space between them (the text joins wrapped lines)."""
    return re.compile(r"\s+".join(re.escape(word) for word in quote.split()))


def locate_evidence(cases: Iterable[Case], texts: Mapping[str, str]) -> dict[str, list[GoldSpan]]:
    """Offsets of every gold quote in ``texts`` (doc id -> normalised text); raises CaseError naming cases."""
    found: dict[str, list[GoldSpan]] = {}
    problems: list[str] = []
    for case in cases:
        spans: list[GoldSpan] = []
        for evidence in case.evidence:
            span, problem = _locate(evidence, texts)
            if problem:
                problems.append(f"case {case.id}: {problem}")
            elif span:
                spans.append(span)
        found[case.id] = spans
    if problems:
        raise CaseError(f"{len(problems)} gold quote(s) not usable:\n" + "\n".join(problems))
    return found


def _locate(evidence: Evidence, texts: Mapping[str, str]) -> tuple[GoldSpan | None, str | None]:
    pattern = quote_pattern(evidence.quote)
    short = evidence.quote if len(evidence.quote) <= 70 else evidence.quote[:67] + "..."
    if evidence.doc is not None and evidence.doc not in texts:
        return None, f"document '{evidence.doc}' is not in the index (quote {short!r})"
    where = [evidence.doc] if evidence.doc else sorted(texts)
    hits = [(doc, m) for doc in where for m in pattern.finditer(texts[doc])]
    if not hits:
        return None, f"gold quote not found in the corpus: {short!r}"
    if len(hits) > 1:
        places = ", ".join(f"{doc}@{m.start()}" for doc, m in hits[:5])
        return None, f"gold quote occurs {len(hits)} times ({places}); quote more words or name 'doc': {short!r}"
    doc, match = hits[0]
    return GoldSpan(doc, match.start(), match.end(), evidence.quote), None


def json_schema() -> dict[str, object]:
    """The JSON Schema of one line of ``cases.jsonl`` (``python -m eval schema`` writes it)."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "wsis-qa eval case (one JSON object per line of eval/cases.jsonl)"
    return schema
