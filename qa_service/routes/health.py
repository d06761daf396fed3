from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from qa_service.deps import EngineDep
from qa_service.schemas import ErrorResponse
from qa_service.security.scopes import public

router = APIRouter(tags=["health"], dependencies=[Depends(public)])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="The index is loaded; names its version",
    responses={503: {"model": ErrorResponse, "description": "No snapshot loaded yet"}},
)
async def readyz(engine: EngineDep, request: Request) -> JSONResponse:
    body: dict[str, object] = {"ready": engine.version is not None, "index_version": engine.version}
    shared = getattr(request.app.state, "shared", None)
    if shared is not None:  # Redis down is a warning, not unreadiness: searches go on with local limits
        body["details"] = {"shared_state": await shared.status()}
    if engine.load_error:
        body["problem"] = engine.load_error
    if engine.version is None:
        body["error"] = {"code": "index_not_ready", "message": engine.load_error or "index not loaded"}
    return JSONResponse(body, status_code=200 if engine.version else 503)
