"""The FastAPI application factory: ``uvicorn qa_service.app:create_app --factory``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa_service.answering.pipeline import build_pipeline
from qa_service.engine import Engine
from qa_service.errors import QAError
from qa_service.routes import chat, documents, health, openai_compat, search, web
from qa_service.settings import Settings

log = logging.getLogger("qa_service")


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app; the model and index load in the lifespan, not here."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import torch

        torch.set_num_threads(1)  # two threads made single queries 20-40x slower on this machine
        app.state.engine.start(watch=True)
        app.state.chat.warm()  # sentence vectors for answers, in the background
        yield
        app.state.chat.close()
        app.state.engine.stop()

    app = FastAPI(
        title="wsis-qa",
        version="0.1.0",
        lifespan=lifespan,
        description="Search and question answering with verifiable citations over WSIS "
        "implementation submissions to the CSTD.",
    )
    app.state.settings = settings
    app.state.engine = engine or Engine(settings)
    app.state.chat = build_pipeline(app.state.engine, settings)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[o for o in settings.cors_origins if o != "*"],
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
            allow_credentials=False,
        )
    install_error_handlers(app)
    for module in (health, search, documents, chat, openai_compat):
        app.include_router(module.router)
    web.register(app)  # the chat page at / and the portal widget
    return app


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QAError)
    async def qa_error(_: Request, exc: QAError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return JSONResponse(
            {
                "error": {
                    "code": "invalid_request",
                    "message": f"{where}: {first.get('msg', '')}",
                    "details": {"errors": _plain(errors)},
                }
            },
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large", 429: "rate_limited"}
        return JSONResponse(
            {"error": {"code": codes.get(exc.status_code, "http_error"), "message": str(exc.detail)}},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse({"error": {"code": "internal_error", "message": "internal error"}}, status_code=500)


def _plain(errors: object) -> object:
    """Validation errors with only JSON-safe values (ctx may hold exception objects)."""
    import json

    return json.loads(json.dumps(errors, default=str))
