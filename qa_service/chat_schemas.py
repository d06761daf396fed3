"""Request and response models of /v1/chat and the OpenAI-compatible endpoints, and message checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from qa_service.errors import EmptyQuery, QAError, QueryTooLong
from qa_service.schemas import FilterParams


class InvalidMessages(QAError):
    status_code, code = 422, "invalid_messages"


class ConversationTooLong(QAError):
    status_code, code = 422, "conversation_too_long"


class UnknownModel(QAError):
    status_code, code = 404, "model_not_found"


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant", "system"]
    content: str


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    messages: list[ChatMessage] = Field(
        ...,
        min_length=1,
        description="The conversation so far, oldest first; the last message is the user's question.",
        examples=[[{"role": "user", "content": "What did UNDP do on disinformation in 2021?"}]],
    )
    filters: FilterParams | None = None
    stream: bool = Field(False, description="Send server-sent events: delta..., citations, done (or error)")


class CitedDocument(BaseModel):
    id: str
    title: str | None
    entity: str | None
    year: int | None


class CitationModel(BaseModel):
    number: int
    chunk_id: str
    document: CitedDocument
    section_path: list[str]
    page: int | None
    quote: str = Field(description="Exactly text[char_start:char_end] of GET /v1/documents/{document.id}")
    char_start: int
    char_end: int


class GroupModel(BaseModel):
    label: str = Field(description="'Norway (2019)', 'Ghana': whose or which year's part of the answer")
    entity: str | None
    year: int | None
    document_id: str | None
    sentences: list[str] = Field(description="The group's answer sentences, each with its [n] marker")
    citations: list[int] = Field(description="Numbers of the group's citations in `citations`")
    evidence: bool = Field(description="False: asked about, but nothing in it answers (the sentence says so)")


class ChatResponse(BaseModel):
    answer: str = Field(description="One to three sentences, each ending with its [n] marker; or an abstention")
    citations: list[CitationModel]
    applied_filters: dict[str, Any]
    abstained: bool
    confidence: float = Field(ge=0, le=1, description="Calibrated probability that the corpus answers the question")
    index_version: str
    resolved_question: str = Field(description="The question after follow-up resolution: what was searched")
    notice: str | None
    mode: Literal["extractive", "llm"]
    took_ms: float
    question_type: Literal["factoid", "listing", "counting", "comparison", "evolution", "summary"] = Field(
        description="How the question was understood; every type but factoid answers in groups"
    )
    groups: list[GroupModel] = Field(
        description="listing/counting: every document with evidence; comparison: one per entity; evolution: one per "
        "year; summary: one per section"
    )
    count: int | None = Field(description="listing and counting: how many documents have evidence")


def user_turns(
    messages: Sequence[tuple[str, str]], max_messages: int, max_chars: int, max_question_chars: int
) -> list[str]:
    """The user questions of a conversation of (role, text) pairs; the last message must be one."""
    if len(messages) > max_messages:
        raise InvalidMessages(f"at most {max_messages} messages are allowed; got {len(messages)}")
    total = sum(len(text) for _, text in messages)
    if total > max_chars:
        raise ConversationTooLong(f"the conversation has {total} characters; at most {max_chars} are allowed")
    if not messages or messages[-1][0] != "user":
        raise InvalidMessages("the last message must have the role 'user'")
    question = messages[-1][1]
    if not question.strip():
        raise EmptyQuery("the question is empty")
    if len(question) > max_question_chars:
        raise QueryTooLong(f"the question has {len(question)} characters; at most {max_question_chars} are allowed")
    # Earlier user turns give follow-ups their context; empty ones carry nothing.
    return [text.strip() for role, text in messages if role == "user" and text.strip()]
