"""Request and response models of the HTTP API (they also document it in /openapi.json)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict
from pydantic_core import PydanticCustomError

from indexer.action_lines import ACTION_LINES
from qa_service.schema_rules import NOT_BLANK, from_setting

# Declared for /openapi.json, enforced by the handlers with their own codes (qa_service/schema_rules.py).
QUERY_RULES = {"minLength": 1, "pattern": NOT_BLANK, **from_setting(maxLength="max_query_chars")}
K_RULES = {"minimum": 1, **from_setting(maximum="max_k")}


def _number_not_text(value: object) -> object:
    """JSON Schema counts 27.0 as an integer; a string or a boolean is none, whatever it spells."""
    if isinstance(value, (str, bool)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# Integer fields of the strict models that still take 27.0, as JSON Schema (and schemathesis) do. Bounds
# go before the validator, or pydantic writes them into the JSON Schema of a union as "ge"/"le".
JsonInt = Annotated[int, Strict(False), BeforeValidator(_number_not_text)]
Year = Annotated[int, Strict(False), Field(ge=1900, le=2100), BeforeValidator(_number_not_text)]
PerDocument = Annotated[int, Strict(False), Field(ge=1, le=50), BeforeValidator(_number_not_text)]
ActionLineCode = Annotated[str, Field(json_schema_extra={"enum": [line.code for line in ACTION_LINES]})]

PAGE_DOC = (
    "Page (1-based) of the character at char_start, in PDFs; null for formats without fixed pages "
    "(DOCX: Word lays pages out when it opens a file; HTML, Markdown, text)"
)


class ErrorBody(BaseModel):
    code: str = Field(examples=["empty_query"])
    message: str
    details: dict[str, object] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class FilterParams(BaseModel):
    """Explicit filters; they win over what the question implies."""

    # strict: JSON types as documented (no "5" for 5, no 0 for false), so the server refuses what the schema does.
    model_config = ConfigDict(extra="forbid", strict=True)

    entity: list[str] | None = Field(None, description="Entity short names or full names", examples=[["UNDP"]])
    year: Year | None = Field(None, description="A single reporting year")
    year_min: Year | None = None
    year_max: Year | None = None
    action_line: list[ActionLineCode] | None = Field(None, description="WSIS action line codes", examples=[["C9"]])
    doc_id: list[str] | None = None


class SearchRequest(FilterParams):
    q: str = Field(
        ...,
        description="The question or keywords",
        examples=["What did UNDP do on disinformation in 2021?"],
        json_schema_extra=QUERY_RULES,
    )
    k: JsonInt = Field(10, description="Hits to return (1-50)", json_schema_extra=K_RULES)
    offset: JsonInt = Field(0, ge=0, le=10_000)
    per_document: PerDocument | None = Field(None, description="At most this many hits per document")


class DocumentRef(BaseModel):
    id: str
    title: str | None
    entity: str | None
    entity_name: str | None
    year: int | None
    session: int | None
    source: str | None


class ScoreParts(BaseModel):
    dense: float | None = Field(description="Cosine similarity of the question and the passage")
    keyword: float | None = Field(description="BM25 score")
    fused: float = Field(description="The fused ranking score")


class SearchHit(BaseModel):
    chunk_id: str
    document: DocumentRef
    section_path: list[str]
    text: str
    snippet: str = Field(description="HTML-escaped excerpt; matched terms wrapped in <mark>")
    char_start: int
    char_end: int
    page: int | None = Field(description=PAGE_DOC)
    score: float
    scores: ScoreParts
    action_lines: list[str]


class SearchResponse(BaseModel):
    query: str
    hits: list[SearchHit]
    total: int
    applied_filters: dict[str, object]
    notice: str | None = Field(None, description="Why there are no hits, when the corpus lacks what was asked")
    index_version: str
    took_ms: float


class ChunkSpan(BaseModel):
    chunk_id: str
    char_start: int
    char_end: int
    section_path: list[str]
    page: int | None = Field(description=PAGE_DOC)
    action_lines: list[str]


class DocumentSummary(DocumentRef):
    entity_aliases: list[str]
    entity_kind: str | None
    session_venue: str | None
    date: str | None
    collection: str | None
    format: str
    path: str
    chunks: int


class DocumentDetail(DocumentSummary):
    text: str
    chunk_map: list[ChunkSpan]
    page_starts: list[tuple[int, int]] = Field(
        default_factory=list,
        description="[offset, page] wherever the page changes in text (PDF only; empty for DOCX, HTML, "
        "Markdown and text). A page's footnotes follow the paragraph its text ends in, so pages may recur.",
    )


class DocumentList(BaseModel):
    documents: list[DocumentSummary]
    facets: dict[str, dict[str, int]]
    index_version: str


class JobResponse(BaseModel):
    """A background re-index job started by an upload or a deletion."""

    id: str
    kind: str = Field(description="upload or delete")
    status: str = Field(description="queued, running, succeeded or failed")
    document_id: str
    file_name: str | None = Field(None, description="The sanitised name the file is stored under")
    created: str
    started: str | None = None
    finished: str | None = None
    error: str | None = Field(None, description="Why the job failed; nothing changed")
    snapshot: str | None = Field(None, description="The snapshot the job published")
    detail: str | None = None


class JobList(BaseModel):
    jobs: list[JobResponse]
