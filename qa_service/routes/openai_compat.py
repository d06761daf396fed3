"""OpenAI-compatible POST /v1/chat/completions and GET /v1/models, for OpenAI clients and chat front ends.

The message content is the answer with its [n] markers and a short sources list; the
structured citations (exact quotes and offsets) ride in an extra ``citations`` field, on the
response and on the last stream chunk, with the rest of the /v1/chat fields under ``wsis_qa``.
Model ``wsis-qa`` generates with the configured LLM when there is one; ``wsis-qa-extractive``
never does.
"""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, JsonValue, StrictBool

from indexer.tokens import count_tokens
from qa_service.answering.model import Answer, Citation
from qa_service.chat_schemas import InvalidMessages, UnknownModel
from qa_service.deps import EngineDep
from qa_service.middleware.guard import GUARD_ERRORS
from qa_service.routes import sse
from qa_service.routes.chat import PipelineDep, checked_filters, turns_of
from qa_service.routes.search import ERRORS
from qa_service.schemas import FilterParams
from qa_service.security.scopes import SCOPED_ERRORS, require_scope

router = APIRouter(
    tags=["openai"], dependencies=[Depends(require_scope("chat"))], responses={**SCOPED_ERRORS, **GUARD_ERRORS}
)
MODEL = "wsis-qa"
EXTRACTIVE_MODEL = "wsis-qa-extractive"
CREATED = 1_735_689_600  # 2025-01-01: /v1/models needs a creation time; the models are the service


# What role_of and text_of accept; declared for /openapi.json, refused by them as invalid_messages.
ROLES: list[JsonValue] = ["user", "assistant", "system", "developer", "tool", "function"]
TEXT_PART: dict[str, JsonValue] = {"type": "object", "properties": {"type": {"const": "text"}}, "required": ["type"]}


class OpenAIMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str = Field(json_schema_extra={"enum": ROLES})
    content: str | list[Annotated[dict[str, Any], Field(json_schema_extra=TEXT_PART)]] | None = None


class CompletionRequest(BaseModel):
    # OpenAI clients send many optional fields (temperature, top_p, user...): accepted and ignored.
    model_config = ConfigDict(extra="allow")

    model: str = Field(MODEL, examples=[MODEL], json_schema_extra={"enum": [MODEL, EXTRACTIVE_MODEL]})
    messages: list[OpenAIMessage] = Field(..., min_length=1)
    stream: StrictBool = False  # JSON true or false, as documented: no 0/1 or "yes"
    filters: FilterParams | None = Field(None, description="wsis-qa extension: the /v1/chat filters")


def text_of(message: OpenAIMessage) -> str:
    """Plain text of a message: a string, or the text parts of a content list."""
    if message.content is None:
        return ""
    if isinstance(message.content, str):
        return message.content
    parts = [p.get("text", "") for p in message.content if p.get("type") == "text"]
    if len(parts) != len(message.content):
        raise InvalidMessages("only text content parts are supported")
    return "\n".join(str(p) for p in parts)


def role_of(message: OpenAIMessage) -> str:
    if message.role in ("user", "assistant"):
        return message.role
    if message.role in ("system", "developer"):
        return "system"
    if message.role in ("tool", "function"):
        return "tool"
    raise InvalidMessages(f"unknown message role '{message.role}'")


def source_line(citation: Citation) -> str:
    meta = citation.document.meta
    who = " ".join(str(v) for v in (meta.get("entity"), meta.get("year")) if v)
    title = meta.get("title") or citation.document.doc_id
    where = " > ".join(citation.section_path)
    page = f", p. {citation.page}" if citation.page else ""
    return (
        f"[{citation.number}] {title}"
        + (f" ({who})" if who and who not in title else "")
        + (f", {where}" if where else "")
        + page
    )


def sources(answer: Answer) -> str:
    if not answer.citations:
        return ""
    return "\n\nSources:\n" + "\n".join(source_line(c) for c in answer.citations)


def extra(answer: Answer) -> dict[str, Any]:
    body = answer.to_dict()
    citations = body.pop("citations")
    body.pop("answer")
    return {"citations": citations, "wsis_qa": body}


@router.get("/v1/models", summary="The models this service answers as (OpenAI-compatible)")
def models() -> dict[str, Any]:
    data = [
        {"id": name, "object": "model", "created": CREATED, "owned_by": "wsis-qa"} for name in (MODEL, EXTRACTIVE_MODEL)
    ]
    return {"object": "list", "data": data}


# Streaming answers are OpenAI chunks as server-sent events: the schema says so, or a client (and
# schemathesis, which found it) sees an undocumented content type.
COMPLETION_STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/event-stream": {
                "example": 'data: {"object": "chat.completion.chunk", "choices": [{"delta": {"content": "..."}}]}\n\n'
                "data: [DONE]\n\n"
            }
        },
        "description": "A chat.completion object, or with stream=true chat.completion.chunk events ending with [DONE]",
    }
}


@router.post(
    "/v1/chat/completions",
    responses={**ERRORS, **COMPLETION_STREAM_DOC},
    summary="Chat completion (OpenAI-compatible)",
)
async def completions(body: CompletionRequest, engine: EngineDep, pipeline: PipelineDep) -> Any:
    if body.model not in (MODEL, EXTRACTIVE_MODEL):
        raise UnknownModel(f"unknown model '{body.model}'; this service offers {MODEL} and {EXTRACTIVE_MODEL}")
    messages = [(role_of(m), text_of(m)) for m in body.messages]
    turns = turns_of([m for m in messages if m[0] != "tool"], engine.settings)
    index = engine.index
    filters = checked_filters(body.filters, index)
    use_llm = body.model == MODEL
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    if body.stream:

        def chunk(delta: dict[str, object], finish: str | None) -> dict[str, object]:
            return {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": body.model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            }

        events = pipeline.events(turns, filters, use_llm, index)
        stream = sse.openai_chunks(events, chunk, lambda a: (sources(a), extra(a)))
        return StreamingResponse(stream, media_type="text/event-stream", headers=sse.HEADERS)
    answer = await pipeline.answer(turns, filters, use_llm, index)
    content = answer.text + sources(answer)
    prompt_tokens = sum(count_tokens(text) + 4 for _, text in messages)
    completion_tokens = count_tokens(content)
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": body.model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
        **extra(answer),
    }
