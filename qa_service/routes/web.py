"""The staff chat page, the portal search widget and their assets, served from the package with a strict CSP."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import FileResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from indexer.action_lines import ACTION_LINES
from qa_service.security.scopes import public

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# Everything the page needs comes from this origin. No inline script or style and no eval; Trusted Types
# with no policy make any innerHTML-style sink throw, so document text can only ever become text nodes.
PAGE_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "require-trusted-types-for": "'script'",
    "trusted-types": "'none'",
}


def csp(directives: Mapping[str, str | None]) -> str:
    """A Content-Security-Policy header value; a directive set to None is left out."""
    return "; ".join(f"{name} {value}" for name, value in directives.items() if value is not None)


PAGE_CSP = csp(PAGE_DIRECTIVES)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), clipboard-write=(self)",
    "Cache-Control": "no-cache",
}

# The pages are public; what they call (/v1/chat, /v1/search) checks keys and scopes itself.
router = APIRouter(include_in_schema=False, dependencies=[Depends(public)])


def page(name: str, policy: str = PAGE_CSP) -> FileResponse:
    """An HTML page of the package, with the strict CSP (unless told otherwise) and the other page headers."""
    headers = {**PAGE_HEADERS, "Content-Security-Policy": policy}
    return FileResponse(STATIC_DIR / name, media_type="text/html; charset=utf-8", headers=headers)


@router.get("/")
def chat_page() -> FileResponse:
    return page("index.html")


@router.get("/widget/example")
def widget_example() -> FileResponse:
    return page("widget-example.html")


@router.get("/web/action-lines")
def action_line_names() -> dict[str, str]:
    """Names for the action-line codes of the facets, so the page keeps no copy of the list."""
    return {line.code: line.name for line in ACTION_LINES}


class Assets(StaticFiles):
    """Static files with nosniff and revalidation (so a deploy is picked up without a hard reload).

    No Cross-Origin-Resource-Policy: portals on other origins load widget.js with a plain <script> tag.
    """

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-cache"
        if path.endswith(".html"):
            response.headers.update(PAGE_HEADERS)
        return response


def register(app: FastAPI) -> None:
    """Add the page routes and mount the assets (a Mount cannot travel inside an APIRouter)."""
    app.include_router(router)
    app.mount("/static", Assets(directory=STATIC_DIR), name="static")
