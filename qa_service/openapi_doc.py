"""/openapi.json as strict as the server, so generated clients and schemathesis agree with it.

Two things depend on the app's settings and are written into FastAPI's document here:

- limits that are settings, named in the models with ``schema_rules.from_setting``;
- who must send a key: a scoped route whose key is optional (reads with ``QA_REQUIRE_API_KEY``
  off) lists ``{}`` among its security requirements, as OpenAPI spells "no credentials".
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from qa_service.schema_rules import SETTING_KEY
from qa_service.security.scopes import PUBLIC, api_routes, key_required, route_scopes
from qa_service.settings import Settings


def install_openapi(app: FastAPI, settings: Settings) -> None:
    """Serve FastAPI's document made strict by ``make_strict``."""

    fastapi_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = fastapi_openapi()  # FastAPI builds and caches it; made strict in place, once
            make_strict(document, app, settings)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def make_strict(document: dict[str, Any], app: FastAPI, settings: Settings) -> None:
    """Fill in the limits that are settings, and make keys optional where the server does not ask for one."""
    fill_settings(document, settings)
    for methods, path, dependant in api_routes(app):
        scopes = [s for s in route_scopes(dependant) if s != PUBLIC]
        for method in methods:
            operation = document["paths"].get(path, {}).get(method.lower())
            if operation is None or not scopes:
                continue
            if not key_required(settings, scopes[0]):
                operation["security"] = [{}, *operation.get("security", [])]


def fill_settings(node: Any, settings: Settings) -> None:
    """Replace every ``x-qa-setting`` marker with the keywords it names, valued from ``settings``."""
    if isinstance(node, dict):
        marker = node.pop(SETTING_KEY, None)
        if marker:
            node.update({keyword: getattr(settings, name) for keyword, name in marker.items()})
        for value in node.values():
            fill_settings(value, settings)
    elif isinstance(node, list):
        for value in node:
            fill_settings(value, settings)
