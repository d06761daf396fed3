"""/docs and /redoc in headless Chromium: every operation renders, and no request leaves the test server.

The browser is cut off from everything but the test server's origin (as on a network without
internet), and every request the page makes is recorded: all must go to that origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from qa_service.routes.api_docs import REDOC_LOGO
from qa_service.routes.web import PAGE_DIRECTIVES
from tests.conftest import chat_app, screenshot
from tests.live_server import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def service(seed_engine, sentence_vectors) -> Iterator[str]:
    with serve(chat_app(seed_engine, sentence_vectors)) as url:
        yield url


@pytest.fixture(scope="module")
def operations(service) -> list[tuple[str, str]]:
    import httpx

    spec = httpx.get(f"{service}/openapi.json").json()
    return [(method.upper(), path) for path, ops in spec["paths"].items() for method in ops]


def open_offline(browser, service: str, path: str, ready: str):
    """The page at ``path``, its requests, and the problems it logged (CSP violations, script errors)."""
    context = browser.new_context(base_url=service, viewport={"width": 1400, "height": 900})
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(service))
    requests: list[str] = []
    problems: list[str] = []
    context.route(re.compile(r"^(?!" + re.escape(origin) + r"/).*"), lambda route: route.abort())  # no internet
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    response = page.goto(path)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    return context, page, response, origin, requests, problems


def test_swagger_ui_renders_every_operation_offline(browser, service, operations):
    context, page, response, origin, requests, problems = open_offline(browser, service, "/docs", ".opblock")
    try:
        shown = {
            (block.locator(".opblock-summary-method").inner_text(), block.locator(".opblock-summary-path").inner_text())
            for block in page.locator(".opblock").all()
        }
        assert shown == set(operations)
        assert page.locator(".opblock-summary-description", has_text="Search the submissions").count() == 2
        policy = response.headers["content-security-policy"]
        assert f"script-src {PAGE_DIRECTIVES['script-src']}" in policy and "unsafe" not in policy
        assert f"{origin}/openapi.json" in requests
        screenshot(page, "api-docs/01-swagger-ui")
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(origin + "/")] == []
    assert problems == [], problems  # no CSP violation, no script error


def test_redoc_renders_every_operation_offline(browser, service, operations):
    context, page, response, origin, requests, problems = open_offline(
        browser, service, "/redoc", "[data-section-id^='operation/']"
    )
    try:
        assert page.locator("[data-section-id^='operation/']").count() == len(operations)
        assert page.get_by_role("heading", name="Search the submissions").count() == 2
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe-eval" not in policy
        screenshot(page, "api-docs/02-redoc")
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(origin + "/")] == []
    assert problems == [], problems


def test_the_docs_pages_have_no_inline_script_and_no_cdn(client):
    for path in ("/docs", "/redoc"):
        html = client.get(path).text
        assert "cdn." not in html and "https://" not in html
        assert all(tag.strip().startswith("<script src=") for tag in re.findall(r"<script[^>]*>", html)), html
    bundle = client.get("/api-docs/assets/redoc.standalone.js")
    assert bundle.status_code == 200 and REDOC_LOGO not in bundle.content
    assert client.get("/api-docs/assets/swagger-ui-bundle.js").status_code == 200
