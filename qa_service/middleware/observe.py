"""Request id, timing, access log and metrics for every HTTP request (the outermost middleware).

The route is recorded as its template (``/v1/documents/{doc_id}``), so neither log
fields nor metric labels grow with what clients send; the query string is never logged.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa_service.observability.logs import log_access
from qa_service.observability.metrics import Metrics

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def request_id_from(headers: Headers) -> str:
    """The caller's id when it is short and plain (a proxy's), else a fresh one."""
    given = headers.get(REQUEST_ID_HEADER, "")
    return given if _SAFE_ID.match(given) else uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class ObserveMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics | None, logger: logging.Logger | None) -> None:
        self.app = app
        self.metrics = metrics
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(Headers(scope=scope))
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 500  # what the client gets if the app raises before answering
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            if self.metrics is not None:
                self.metrics.observe(scope["method"], route, status, seconds)
            if self.logger is not None:
                client = scope.get("client")
                log_access(
                    self.logger,
                    {
                        "request_id": request_id,
                        "method": scope["method"],
                        "route": route,
                        "path": scope["path"][:300],
                        "status": status,
                        "latency_ms": round(seconds * 1000, 2),
                        "key": state.get("key_name"),  # the key's name; the key never leaves the header
                        "client": client[0] if client else None,
                    },
                )
