"""GET and POST /v1/search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query
from fastapi.concurrency import run_in_threadpool

from qa_service.deps import EngineDep
from qa_service.errors import EmptyQuery, KOutOfRange, QueryTooLong, UnknownFilterValue
from qa_service.middleware.guard import GUARD_ERRORS
from qa_service.retrieval.filters import Filters
from qa_service.retrieval.highlight import snippet
from qa_service.retrieval.search import Hit, SearchResult
from qa_service.schemas import (
    K_RULES,
    QUERY_RULES,
    ActionLineCode,
    DocumentRef,
    ErrorResponse,
    FilterParams,
    ScoreParts,
    SearchHit,
    SearchRequest,
    SearchResponse,
)
from qa_service.security.scopes import SCOPED_ERRORS, require_scope

QUERY_EXAMPLES = {
    "headline": {"summary": "Topic, entity and year", "value": "What did UNDP do on disinformation in 2021?"},
    "action_line": {"summary": "A WSIS action line", "value": "e-health"},
}
BODY_EXAMPLES = {
    "filtered": {
        "summary": "Question with explicit filters",
        "value": {"q": "fact-checking", "k": 5, "entity": ["UNDP"], "year": 2021, "per_document": 2},
    },
}
ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
    503: {"model": ErrorResponse},
}
router = APIRouter(
    tags=["search"],
    dependencies=[Depends(require_scope("search"))],
    responses={**SCOPED_ERRORS, **GUARD_ERRORS},
)


def filters_from(params: FilterParams) -> Filters:
    if params.year is not None and (params.year_min is not None or params.year_max is not None):
        raise UnknownFilterValue("give either year or year_min/year_max, not both")
    year_min = params.year if params.year is not None else params.year_min
    year_max = params.year if params.year is not None else params.year_max
    return Filters(
        tuple(params.entity or ()), year_min, year_max, tuple(params.action_line or ()), tuple(params.doc_id or ())
    )


def check_query(q: str, max_chars: int) -> str:
    if not q or not q.strip():
        raise EmptyQuery("the query is empty")
    if len(q) > max_chars:
        raise QueryTooLong(f"the query has {len(q)} characters; at most {max_chars} are allowed")
    return q.strip()


def document_ref(doc) -> DocumentRef:  # type: ignore[no-untyped-def]
    meta = doc.meta
    return DocumentRef(
        id=doc.doc_id,
        title=meta.get("title"),
        entity=meta.get("entity"),
        entity_name=meta.get("entity_name"),
        year=meta.get("year"),
        session=meta.get("session"),
        source=meta.get("source"),
    )


def hit_model(hit: Hit, ranking_text: str) -> SearchHit:
    chunk = hit.chunk
    html, _ = snippet(chunk.text, ranking_text)
    return SearchHit(
        chunk_id=chunk.chunk_id,
        document=document_ref(hit.document),
        section_path=chunk.section_path,
        text=chunk.text,
        snippet=html,
        char_start=chunk.char_start,
        char_end=chunk.char_end,
        page=chunk.page,
        score=hit.fused,
        scores=ScoreParts(dense=hit.dense, keyword=hit.keyword, fused=hit.fused),
        action_lines=chunk.action_lines,
    )


def response_model(query: str, result: SearchResult) -> SearchResponse:
    return SearchResponse(
        query=query,
        hits=[hit_model(h, result.ranking_text) for h in result.hits],
        total=result.total,
        applied_filters=result.applied_filters,
        notice=result.applied.notice,
        index_version=result.index_version,
        took_ms=round(result.took_ms, 3),
    )


async def do_search(engine: EngineDep, request: SearchRequest) -> SearchResponse:
    query = check_query(request.q, engine.settings.max_query_chars)
    if not 1 <= request.k <= engine.settings.max_k:
        raise KOutOfRange(f"k must be between 1 and {engine.settings.max_k}; got {request.k}")
    filters = filters_from(request)
    index = engine.index  # one snapshot for the whole request
    result = await run_in_threadpool(
        engine.search,
        query,
        request.k,
        offset=request.offset,
        filters=filters,
        per_document=request.per_document,
        index=index,
        passage_tokens=engine.settings.search_passage_tokens,
    )
    return response_model(query, result)


@router.get("/v1/search", response_model=SearchResponse, responses=ERRORS, summary="Search the submissions")
async def search_get(
    engine: EngineDep,
    q: Annotated[
        str,
        Query(description="The question or keywords", openapi_examples=QUERY_EXAMPLES, json_schema_extra=QUERY_RULES),
    ],
    k: Annotated[int, Query(description="Hits to return (1-50)", json_schema_extra=K_RULES)] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    entity: Annotated[list[str] | None, Query(description="Entity filter, repeatable")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_min: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_max: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    action_line: Annotated[list[ActionLineCode] | None, Query(description="WSIS action line codes, e.g. C9")] = None,
    doc_id: Annotated[list[str] | None, Query()] = None,
    per_document: Annotated[int | None, Query(ge=1, le=50)] = None,
) -> SearchResponse:
    request = SearchRequest(
        q=q,
        k=k,
        offset=offset,
        entity=entity,
        year=year,
        year_min=year_min,
        year_max=year_max,
        action_line=action_line,
        doc_id=doc_id,
        per_document=per_document,
    )
    return await do_search(engine, request)


@router.post("/v1/search", response_model=SearchResponse, responses=ERRORS, summary="Search the submissions")
async def search_post(
    engine: EngineDep, request: Annotated[SearchRequest, Body(openapi_examples=BODY_EXAMPLES)]
) -> SearchResponse:
    return await do_search(engine, request)
