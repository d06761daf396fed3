"""Every route declares its scope: ``Depends(require_scope("search"))`` or ``Depends(public)``.

The dependency authenticates the key (when ``QA_REQUIRE_API_KEY`` is on), checks the
scope and takes a rate-limit token. ``undeclared_routes`` walks ``app.routes`` so the
app refuses to start, and a test fails, when a route forgot to declare one.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from qa_service.errors import Forbidden, RateLimited, Unauthorized
from qa_service.schemas import ErrorResponse
from qa_service.security.keys import SCOPES, ApiKey, KeyStore
from qa_service.security.ratelimit import retry_after_header
from qa_service.settings import Settings
from qa_service.shared import LocalState, SharedState

SCOPE_ATTR = "__qa_scope__"
PUBLIC = "public"

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer wsq_...`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key in the X-API-Key header")


@dataclass(frozen=True)
class Principal:
    """Who is asking: a key (by name, never the key itself) or an anonymous client address."""

    client: str
    key_id: str | None = None
    key_name: str | None = None


class Security:
    """The per-app state the scope dependencies share: the key store and the shared state's limits."""

    def __init__(self, settings: Settings, shared: SharedState | None = None) -> None:
        self.settings = settings
        self.keys = KeyStore(settings.keys_file)
        self.shared = shared or LocalState(settings)

    async def authenticate(self, presented: str) -> ApiKey | None:
        """The active key, refused too when any replica revoked it (the key file may lag on shared storage)."""
        key = self.keys.authenticate(presented)  # one stat of the key file unless it changed
        if key is None or await self.shared.is_revoked(key.id):
            return None
        return key


# Scopes whose routes need a key even when QA_REQUIRE_API_KEY is off.
ALWAYS_KEYED = frozenset({"admin"})

CREATE_KEY_HINT = "python -m qa_service.keys add --scopes {scope} --name <name>"


def key_required(settings: Settings, scope: str) -> bool:
    """Whether a route of ``scope`` refuses requests without a key under ``settings``."""
    return settings.require_api_key or scope in ALWAYS_KEYED


def _missing_key_message(security: Security, scope: str) -> str:
    """Why a request without a key is refused, and, when no key could pass, how to create one."""
    message = f"an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key' (scope '{scope}')"
    if not any(k.active and scope in k.scopes for k in security.keys.records()):
        message += f"; no key with that scope exists yet, create one with '{CREATE_KEY_HINT.format(scope=scope)}'"
    return message


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def require_scope(scope: str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency that admits only keys holding ``scope`` (anyone when keys are not required)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope '{scope}'")

    async def check(
        request: Request,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        header_key: Annotated[str | None, Depends(_header)],
    ) -> Principal:
        security: Security = request.app.state.security
        principal = Principal(client_address(request))
        # Admin routes change what the service answers from: they always need a key, whatever
        # QA_REQUIRE_API_KEY says (that setting only decides whether reads are open).
        if key_required(security.settings, scope):
            presented = header_key or (bearer.credentials if bearer else None)
            if not presented:
                raise Unauthorized(_missing_key_message(security, scope))
            key = await security.authenticate(presented)
            if key is None:
                raise Unauthorized("the API key is not valid or has been revoked")
            principal = Principal(principal.client, key.id, key.name)
            request.state.key_name = key.name  # for the access log; the key itself is never kept
            if scope not in key.scopes:
                raise Forbidden(f"this key lacks the '{scope}' scope")
        limit = security.settings.rate_limit(scope)
        if limit is not None:
            wait = await security.shared.take_token(scope, principal.key_id or principal.client, limit)
            if wait > 0:
                seconds = retry_after_header(wait)
                raise RateLimited(f"rate limit of the '{scope}' scope exceeded; retry in {seconds}s", seconds)
        return principal

    setattr(check, SCOPE_ATTR, scope)
    return check


async def public() -> None:
    """Declares a route open to everyone (health, readiness)."""


setattr(public, SCOPE_ATTR, PUBLIC)

# Error responses every scoped route may give, for /openapi.json (and schemathesis).
SCOPED_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A body that cannot be parsed (invalid_body)"},
    401: {"model": ErrorResponse, "description": "No key, an unknown key or a revoked key"},
    403: {"model": ErrorResponse, "description": "The key lacks the route's scope"},
    429: {"model": ErrorResponse, "description": "Rate limit exceeded; see Retry-After"},
    # Declared so that FastAPI does not document its own validation-error shape, which the
    # service never sends (every error is {"error": {"code", "message"}}).
    422: {"model": ErrorResponse, "description": "Invalid request"},
}


def route_scopes(dependant: Dependant) -> list[str]:
    """Every scope declared anywhere in a route's dependency tree."""
    found = [getattr(dependant.call, SCOPE_ATTR)] if hasattr(dependant.call, SCOPE_ATTR) else []
    for sub in dependant.dependencies:
        found.extend(route_scopes(sub))
    return found


def api_routes(app: FastAPI) -> list[tuple[set[str], str, Dependant]]:
    """(methods, path, dependency tree) of every API route, through included routers.

    FastAPI >= 0.16x includes routers lazily, so ``app.routes`` holds router placeholders:
    ``iter_route_contexts`` resolves them to what a request will really run.
    """
    found = []
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            dependant = context.dependant or context.original_route.dependant
            found.append((set(context.methods or ()), str(context.path), dependant))
    return found


def undeclared_routes(app: FastAPI) -> list[str]:
    """API routes that declare no scope, or more than one (the docs and openapi routes are not API routes)."""
    return [
        f"{','.join(sorted(methods))} {path}"
        for methods, path, dependant in api_routes(app)
        if len(route_scopes(dependant)) != 1
    ]
