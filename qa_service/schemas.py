"""Request and response models of the HTTP API (they also document it in /openapi.json)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

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

    model_config = ConfigDict(extra="forbid")

    entity: list[str] | None = Field(None, description="Entity short names or full names", examples=[["UNDP"]])
    year: int | None = Field(None, ge=1900, le=2100, description="A single reporting year")
    year_min: int | None = Field(None, ge=1900, le=2100)
    year_max: int | None = Field(None, ge=1900, le=2100)
    action_line: list[str] | None = Field(None, description="WSIS action line codes", examples=[["C9"]])
    doc_id: list[str] | None = None


class SearchRequest(FilterParams):
    q: str = Field(
        ..., description="The question or keywords", examples=["What did UNDP do on disinformation in 2021?"]
    )
    k: int = Field(10, description="Hits to return (1-50)")
    offset: int = Field(0, ge=0, le=10_000)
    per_document: int | None = Field(None, ge=1, le=50, description="At most this many hits per document")


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
