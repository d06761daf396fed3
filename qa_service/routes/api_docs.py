"""/docs (Swagger UI) and /redoc (ReDoc), served from the service under the chat page's CSP.

FastAPI's own pages load both from a CDN (a blank page without internet) and start them with an
inline script (which the strict CSP forbids). Here the bundles come from the fastapi-offline
package, mounted at /api-docs/assets, and each page starts its viewer with a served script
(static/api-docs/*-init.js).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import FileResponse, Response

from qa_service.routes.web import PAGE_DIRECTIVES, Assets, csp, page
from qa_service.security.scopes import public

ASSET_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}  # as web.Assets
BUNDLES = Path(str(files("fastapi_offline") / "static"))  # swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js

# The chat page's policy (qa_service/routes/web.py), loosened only where a viewer cannot work without it;
# script-src stays 'self': no inline script, no eval, nothing from another origin.
SWAGGER_CSP = csp(
    {
        **PAGE_DIRECTIVES,
        "img-src": "'self' data:",  # swagger-ui.css draws its icons as data: URIs
        # React assigns Markdown that Swagger UI has sanitised with DOMPurify through innerHTML.
        "require-trusted-types-for": None,
        "trusted-types": None,
    }
)
# ReDoc's styled-components writes <style> elements at run time; its icons are data: URIs too.
REDOC_CSP = csp(
    {
        **PAGE_DIRECTIVES,
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "require-trusted-types-for": None,
        "trusted-types": None,
    }
)
# ReDoc's sidebar always shows a logo from Redocly's CDN; served without it (an empty src loads nothing).
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"

# The documentation is as public as /openapi.json; trying an operation sends the caller's key.
router = APIRouter(include_in_schema=False, dependencies=[Depends(public)])


@router.get("/docs")
def swagger_ui() -> FileResponse:
    return page("api-docs/swagger.html", SWAGGER_CSP)


@router.get("/redoc")
def redoc() -> FileResponse:
    return page("api-docs/redoc.html", REDOC_CSP)


@router.get("/api-docs/assets/redoc.standalone.js")
def redoc_bundle() -> Response:
    return Response(redoc_without_cdn_logo(), media_type="text/javascript", headers=ASSET_HEADERS)


@cache
def redoc_without_cdn_logo() -> bytes:
    return (BUNDLES / "redoc.standalone.js").read_bytes().replace(REDOC_LOGO, b"")


def register(app: FastAPI) -> None:
    """Add the two pages and mount the bundles (build the app with ``docs_url=None, redoc_url=None``)."""
    app.include_router(router)
    app.mount("/api-docs/assets", Assets(directory=BUNDLES), name="api-docs-assets")
