"""Deadlines and load shedding for the expensive routes (search and chat).

A request past its deadline gets 504 ``deadline_exceeded`` at once: the app runs in
its own task, which nobody waits for any more. That task is not cancelled at once:
cancelling it would not stop a thread doing model work, only hide it, so it is left to
end by itself and keeps its place in the count; it is cancelled after a grace period
in case it waits on something that never answers. Each scope admits at most
``max_inflight`` requests being worked on; beyond that a request gets 503 ``overloaded``
immediately, so overload shows as fast refusals rather than time-outs. The count is kept
by the shared state (qa_service/shared): this process's own, or with Redis the deployment's,
where a slot expires after the longest a request can hold it, in case its replica crashed.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa_service.schemas import ErrorResponse
from qa_service.shared import SharedState, Slot


@dataclass
class GuardRule:
    prefix: str  # path prefix, e.g. "/v1/search"
    scope: str
    deadline_s: float  # 0: none
    max_inflight: int  # 0: unlimited

    def matches(self, path: str) -> bool:
        return path == self.prefix or path.startswith(self.prefix + "/")


# What the body limit and this guard may answer on the guarded routes, for /openapi.json.
GUARD_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "Request body too large (body_too_large)"},
    503: {"model": ErrorResponse, "description": "Overloaded or no index loaded; see Retry-After"},
    504: {"model": ErrorResponse, "description": "The request's deadline passed (deadline_exceeded)"},
}


async def send_error(send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    def __init__(self, app: ASGIApp, rules: list[GuardRule], shared: SharedState) -> None:
        self.app = app
        self.rules = rules
        self.shared = shared

    def rule_for(self, path: str) -> GuardRule | None:
        return next((r for r in self.rules if r.matches(path)), None)

    def _finished(self, slot: Slot, task: asyncio.Future[None]) -> None:
        self.shared.leave(slot)
        if not task.cancelled():
            task.exception()  # mark retrieved: an abandoned task's error is not news

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rule = self.rule_for(scope["path"]) if scope["type"] == "http" else None
        if rule is None or (rule.deadline_s <= 0 and rule.max_inflight <= 0):
            await self.app(scope, receive, send)
            return
        slot = await self.shared.enter(rule.scope, rule.max_inflight, slot_ttl_s(rule.deadline_s))
        if slot is None:
            await send_error(
                send, 503, "overloaded", f"too many {rule.scope} requests at once; retry shortly", {"Retry-After": "1"}
            )
            return
        await self._run(rule, slot, scope, receive, send)

    async def _run(self, rule: GuardRule, slot: Slot, scope: Scope, receive: Receive, send: Send) -> None:
        started = stream = timed_out = False

        async def guarded_send(message: Message) -> None:
            nonlocal started, stream
            if timed_out:
                return  # the client already has its 504; what the abandoned task says goes nowhere
            if message["type"] == "http.response.start":
                started = True
                stream = Headers(raw=message.get("headers", [])).get("content-type", "").startswith("text/event-stream")
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        task.add_done_callback(lambda t: self._finished(slot, t))
        try:
            done, _ = await asyncio.wait({task}, timeout=rule.deadline_s if rule.deadline_s > 0 else None)
        except asyncio.CancelledError:  # the client went away
            task.cancel()
            raise
        if task in done:
            task.result()  # re-raise what the app raised, for the error middleware
            return
        timed_out = True
        asyncio.get_running_loop().call_later(grace_s(rule.deadline_s), task.cancel)
        message = f"the {rule.scope} request took longer than its {rule.deadline_s:g}s deadline"
        if not started:
            await send_error(send, 504, "deadline_exceeded", message)
        elif stream:  # an event stream already under way ends with an error event
            data = json.dumps({"error": {"code": "deadline_exceeded", "message": message}})
            await send({"type": "http.response.body", "body": f"event: error\ndata: {data}\n\n".encode()})
            await send({"type": "http.response.body", "body": b""})
        else:
            await send({"type": "http.response.body", "body": b""})


def grace_s(deadline_s: float) -> float:
    """How long abandoned work may go on before its task is cancelled."""
    return 2 * deadline_s + 5.0


def slot_ttl_s(deadline_s: float) -> float:
    """The longest a request holds its slot: its deadline, then the grace before its task is cancelled."""
    return deadline_s + grace_s(deadline_s) + 5.0 if deadline_s > 0 else 600.0
