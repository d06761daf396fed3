"""POST /v1/chat: a cited answer to the last user message, optionally as server-sent events."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from qa_service.answering.pipeline import ChatPipeline
from qa_service.chat_schemas import ChatRequest, ChatResponse, user_turns
from qa_service.deps import EngineDep
from qa_service.middleware.guard import GUARD_ERRORS
from qa_service.retrieval.filters import Filters, validate
from qa_service.retrieval.search import ServingIndex
from qa_service.routes import sse
from qa_service.routes.search import ERRORS, filters_from
from qa_service.schemas import FilterParams
from qa_service.security.scopes import SCOPED_ERRORS, require_scope
from qa_service.settings import Settings

router = APIRouter(
    tags=["chat"], dependencies=[Depends(require_scope("chat"))], responses={**SCOPED_ERRORS, **GUARD_ERRORS}
)


async def get_pipeline(request: Request) -> ChatPipeline:
    return request.app.state.chat  # type: ignore[no-any-return]


PipelineDep = Annotated[ChatPipeline, Depends(get_pipeline)]


def checked_filters(params: FilterParams | None, index: ServingIndex) -> Filters:
    """Caller filters, validated now so that a bad one is a 422, not an error event mid-stream."""
    filters = filters_from(params) if params is not None else Filters()
    validate(filters, index.catalog, index.snapshot)
    return filters


def turns_of(messages: list[tuple[str, str]], settings: Settings) -> list[str]:
    return user_turns(messages, settings.chat_max_messages, settings.chat_max_chars, settings.max_query_chars)


STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/event-stream": {
                "example": 'event: delta\ndata: {"text": "..."}\n\nevent: citations\ndata: {"citations": []}\n\n'
                'event: done\ndata: {"answer": "...", ...}\n\n'
            }
        },
        "description": "JSON, or with stream=true server-sent events",
    }
}


@router.post(
    "/v1/chat",
    response_model=ChatResponse,
    responses={**ERRORS, **STREAM_DOC},
    summary="Answer the last question of a conversation, with citations",
)
async def chat(body: ChatRequest, engine: EngineDep, pipeline: PipelineDep) -> Any:
    turns = turns_of([(m.role, m.content) for m in body.messages], engine.settings)
    index = engine.index  # one snapshot for the whole turn
    filters = checked_filters(body.filters, index)
    if body.stream:
        events = pipeline.events(turns, filters, index=index)
        return StreamingResponse(sse.chat_events(events), media_type="text/event-stream", headers=sse.HEADERS)
    answer = await pipeline.answer(turns, filters, index=index)
    return answer.to_dict()
