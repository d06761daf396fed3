"""GET /metrics: Prometheus text format (requests, latency, the served index)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from qa_service.security.scopes import SCOPED_ERRORS, require_scope

router = APIRouter(tags=["observability"], dependencies=[Depends(require_scope("admin"))], responses=SCOPED_ERRORS)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Prometheus text"}},
)
def metrics(request: Request) -> Response:
    body, content_type = request.app.state.metrics.render()
    return Response(body, media_type=content_type)
