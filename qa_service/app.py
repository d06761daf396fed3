"""The FastAPI application factory: ``uvicorn qa_service.app:create_app --factory``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from qa_service.admin.service import AdminService
from qa_service.answering.pipeline import build_pipeline
from qa_service.engine import Engine
from qa_service.errors import QAError
from qa_service.middleware.body_limit import BodyLimitMiddleware
from qa_service.middleware.guard import GuardMiddleware, GuardRule
from qa_service.middleware.observe import ObserveMiddleware
from qa_service.observability.logs import access_logger
from qa_service.observability.metrics import Metrics
from qa_service.openapi_doc import install_openapi
from qa_service.routes import admin, api_docs, chat, digest, documents, health, metrics, openai_compat, search, web
from qa_service.security.scopes import Security, api_routes, undeclared_routes
from qa_service.settings import Settings
from qa_service.shared import make_shared_state

log = logging.getLogger("qa_service")
ROUTERS = tuple(module.router for module in (health, search, documents, chat, openai_compat, metrics, admin, digest))


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app; the model and index load in the lifespan, not here."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import torch

        torch.set_num_threads(1)  # two threads made single queries 20-40x slower on this machine
        app.state.shared.start()  # this replica's heartbeat, before it takes jobs
        app.state.engine.start(watch=True)
        app.state.chat.warm()  # sentence vectors for answers, in the background
        app.state.admin.runner.start()
        yield
        app.state.admin.runner.stop()
        app.state.chat.close()
        app.state.engine.stop()
        app.state.shared.stop()

    app = FastAPI(
        title="wsis-qa",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by routes/api_docs.py, without a CDN
        redoc_url=None,
        description="Search and question answering with verifiable citations over WSIS "
        "implementation submissions to the CSTD.",
    )
    app.state.settings = settings
    app.state.engine = engine = engine or Engine(settings)
    app.state.chat = build_pipeline(engine, settings)
    app.state.shared = shared = make_shared_state(settings)
    app.state.security = Security(settings, shared)
    app.state.admin = AdminService(settings, engine, shared)
    app.state.metrics = Metrics(engine, app.state.admin.runner.store.counts)
    # Added innermost first: a request meets Observe, CORS, the body limit, the guard, then the routes.
    app.add_middleware(GuardMiddleware, rules=guard_rules(settings), shared=shared)
    # Uploads get their own limit, plus room for the multipart envelope.
    upload_limit = settings.max_upload_bytes + (64 << 10)
    app.add_middleware(BodyLimitMiddleware, default=settings.max_body_bytes, by_prefix={"/v1/admin/": upload_limit})
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[o for o in settings.cors_origins if o != "*"],
            allow_methods=api_methods(ROUTERS),  # every method the API answers, DELETE included
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
            allow_credentials=False,
        )
    app.add_middleware(
        ObserveMiddleware, metrics=app.state.metrics, logger=access_logger() if settings.access_log else None
    )
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    web.register(app)  # the chat page at / and the portal widget
    api_docs.register(app)  # /docs and /redoc, offline
    install_openapi(app, settings)  # declares the limits the handlers enforce, and who needs a key
    missing = undeclared_routes(app)
    if missing:  # fail closed: a route without a scope would be open to anyone
        raise RuntimeError("routes without a declared scope (add Depends(require_scope(...))): " + ", ".join(missing))
    return app


def api_methods(routers: tuple[APIRouter, ...]) -> list[str]:
    """The HTTP methods the API's routes answer, for CORS: derived, so a new route's method is never refused."""
    return sorted(
        {
            method
            for router in routers
            for route in router.routes
            if isinstance(route, APIRoute)
            for method in route.methods or ()
        }
    )


def guard_rules(settings: Settings) -> list[GuardRule]:
    """Deadlines and in-flight caps of the expensive routes, by path prefix."""
    return [
        GuardRule("/v1/search", "search", settings.search_deadline_s, settings.inflight_cap("search")),
        GuardRule("/v1/chat", "chat", settings.chat_deadline_s, settings.inflight_cap("chat")),
        GuardRule("/v1/digest", "digest", settings.digest_deadline_s, settings.inflight_cap("digest")),
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QAError)
    async def qa_error(_: Request, exc: QAError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status_code, headers=exc.headers() or None)

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
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            400: "invalid_body",
            404: "not_found",
            405: "method_not_allowed",
            413: "body_too_large",
            429: "rate_limited",
        }
        return JSONResponse(
            {"error": {"code": codes.get(exc.status_code, "http_error"), "message": str(exc.detail)}},
            status_code=exc.status_code,
            headers=allow_header(request, exc) if exc.status_code == 405 else getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse({"error": {"code": "internal_error", "message": "internal error"}}, status_code=500)


def allow_header(request: Request, exc: StarletteHTTPException) -> dict[str, str] | None:
    """A 405's Allow with every method of the path: Starlette names only the first matching route's."""
    path = request.url.path
    methods = {
        m for methods, template, _ in api_routes(request.app) if compile_path(template)[0].match(path) for m in methods
    }
    return {"Allow": ", ".join(sorted(methods))} if methods else getattr(exc, "headers", None)


def _plain(errors: object) -> object:
    """Validation errors with only JSON-safe values (ctx may hold exception objects)."""
    import json

    return json.loads(json.dumps(errors, default=str))
