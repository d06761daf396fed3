"""Request body limits: 413 ``body_too_large`` in the service's JSON error shape.

A declared Content-Length over the limit is refused before the app runs; a body sent
without one is counted as it arrives. (FastAPI's own ``max_body_size`` answers in plain
text from outside the exception handlers, so clients would see two error shapes.)
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa_service.middleware.guard import send_error


class BodyTooLarge(HTTPException):
    """Raised from ``receive``; an HTTPException, so FastAPI lets it reach the error handlers as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, default: int, by_prefix: dict[str, int] | None = None) -> None:
        self.app = app
        self.default = default
        self.by_prefix = by_prefix or {}

    def limit_for(self, path: str) -> int:
        return next((n for prefix, n in self.by_prefix.items() if path.startswith(prefix)), self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await send_error(send, 413, "body_too_large", str(BodyTooLarge(limit).detail))
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await send_error(send, 413, "body_too_large", str(exc.detail))
