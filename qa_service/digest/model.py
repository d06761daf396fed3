"""The digest as data: the JSON of GET /v1/digest and what the Markdown and DOCX writers render."""

from __future__ import annotations

from pydantic import BaseModel, Field

from qa_service.schemas import DocumentRef


class DigestCitation(BaseModel):
    quote: str = Field(description="A key sentence, exactly document.text[char_start:char_end]")
    char_start: int
    char_end: int
    page: int | None
    document: DocumentRef
    score: float = Field(description="Cosine similarity of the sentence and the action line's description")


class DigestEntity(BaseModel):
    entity: str
    entity_name: str | None
    citations: list[DigestCitation]


class DigestActionLine(BaseModel):
    id: str = Field(description="WSIS action line, C1-C11")
    name: str
    addressed: bool = Field(description="Whether any submission of the year addresses this line")
    entities: list[DigestEntity]


class Digest(BaseModel):
    year: int
    entity: str | None = Field(description="The entity filter, canonical id; null for all entities")
    action_line: str | None = Field(description="The action-line filter; null for C1-C11")
    documents: list[str] = Field(description="Ids of the submissions the digest was drawn from")
    notice: str | None = Field(description="Why the digest is empty, when it is")
    index_version: str
    action_lines: list[DigestActionLine]
