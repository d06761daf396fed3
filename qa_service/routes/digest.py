"""GET /v1/digest: the action-line digest of a year as JSON, Markdown or DOCX."""

from __future__ import annotations

import re
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from qa_service.answering.vectors import Cancelled, SentenceVectors
from qa_service.deps import EngineDep
from qa_service.digest import docx, markdown
from qa_service.digest.compose import DigestMaker, DigestRequest
from qa_service.digest.model import Digest
from qa_service.errors import QAError
from qa_service.middleware.guard import GUARD_ERRORS
from qa_service.routes.search import ERRORS
from qa_service.security.scopes import SCOPED_ERRORS, require_scope

ActionLineId = Literal["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"]
DigestFormat = Literal["json", "markdown", "docx"]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Reading the submissions' key sentences is searching them: same scope, same rate limit.
router = APIRouter(
    tags=["digest"],
    dependencies=[Depends(require_scope("search"))],
    responses={**SCOPED_ERRORS, **GUARD_ERRORS},
)

CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The digest: JSON by default, Markdown or DOCX with `format`",
        "content": {"text/markdown": {"schema": {"type": "string"}}, DOCX_TYPE: {"schema": {"type": "string"}}},
    }
}


def filename(digest: Digest, suffix: str) -> str:
    parts = ["wsis-digest", str(digest.year), digest.entity or "", digest.action_line or ""]
    return re.sub(r"[^A-Za-z0-9_.-]", "_", "-".join(p for p in parts if p)) + suffix


@router.get(
    "/v1/digest",
    response_model=Digest,
    responses={**ERRORS, **CONTENT},
    summary="The action-line digest of a year: C1-C11, the entities addressing each, cited key sentences",
)
async def get_digest(
    engine: EngineDep,
    year: Annotated[int, Query(ge=1900, le=2100, description="Year of the submissions")],
    entity: Annotated[str | None, Query(max_length=200, description="Only this entity (id or full name)")] = None,
    action_line: Annotated[ActionLineId | None, Query(description="Only this action line")] = None,
    format: Annotated[DigestFormat, Query(description="json, markdown (text/markdown) or docx")] = "json",
    per_entity: Annotated[int, Query(ge=1, le=10, description="Key sentences per entity and action line")] = 3,
) -> Response | Digest:
    settings = engine.settings
    maker = DigestMaker(engine.embed_query, SentenceVectors.shared(engine.embedder, settings.sentence_cache_size))
    # Past the deadline the client has its 504 already (qa_service/middleware/guard.py): stop encoding.
    give_up = time.monotonic() + settings.digest_deadline_s if settings.digest_deadline_s > 0 else float("inf")
    request = DigestRequest(year, entity, action_line, per_entity)
    try:
        digest = await run_in_threadpool(maker.make, request, engine.index, lambda: time.monotonic() > give_up)
    except Cancelled:  # nobody reads this answer: the guard has sent its 504
        raise QAError("the digest took longer than its deadline", code="deadline_exceeded", status_code=504) from None
    if format == "markdown":
        return Response(markdown.render(digest), media_type="text/markdown; charset=utf-8")
    if format == "docx":
        body = await run_in_threadpool(docx.render, digest)
        disposition = f'attachment; filename="{filename(digest, ".docx")}"'
        return Response(body, media_type=DOCX_TYPE, headers={"Content-Disposition": disposition})
    return digest
