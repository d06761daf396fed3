"""The portal search widget in a real browser: same origin, cross origin allowed by CORS, refused, unreachable."""

from __future__ import annotations

import functools
import html
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from qa_service.routes.web import STATIC_DIR
from tests.browser_pages import watched_page
from tests.conftest import chat_app, screenshot
from tests.live_server import free_port, serve

pytestmark = pytest.mark.browser

PORTAL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner portal</title></head>
<body>
  <h1>Partner portal</h1>
  <p>This page lives on another origin and adds the search with one script tag.</p>
  <script src="{service}/static/widget.js" data-wsis-search data-k="3"></script>
</body></html>
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def static_site(root: Path) -> Iterator[str]:
    """A second, unrelated origin: a plain static file server on another loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def portal_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("portal")
    shutil.copy(STATIC_DIR / "widget.js", root / "widget.js")  # a portal may also host its own copy
    return root


@pytest.fixture(scope="module")
def portal(portal_root) -> Iterator[str]:
    with static_site(portal_root) as origin:
        yield origin


WIDGET_VIEWPORT = {"width": 1100, "height": 800}


@pytest.fixture
def page(browser):
    # Script errors only: some tests provoke refused cross-origin requests on purpose.
    with watched_page(browser, console=False, viewport=WIDGET_VIEWPORT) as (page, problems):
        yield page
    assert problems == [], problems


def _portal_page(root: Path, name: str, service: str) -> str:
    (root / name).write_text(PORTAL_PAGE.format(service=service), encoding="utf-8")
    return name


def _search(widget, text: str) -> None:
    widget.locator("input").fill(text)
    widget.locator("input").press("Enter")


def test_example_page_same_origin(browser, page, seed_engine, sentence_vectors):
    with serve(chat_app(seed_engine, sentence_vectors)) as service:
        page.goto(f"{service}/widget/example")
        widget = page.locator("#default-widget")
        _search(widget, "disinformation")
        first = widget.locator("li").first
        first.wait_for()
        assert "disinformation" in first.locator("mark").first.inner_text().lower()
        assert "Part Three" in first.locator(".meta").inner_text()
        assert "result" in widget.locator("[part=status]").inner_text()
        # The second instance is restyled by CSS variables on the portal page and limited to UNDP.
        themed = page.locator("wsis-search.themed")
        _search(themed, "broadband")
        themed.locator("li").first.wait_for()
        assert themed.locator("li").count() == 3  # k="3"
        accent = themed.locator("button[type=submit]").evaluate("b => getComputedStyle(b).backgroundColor")
        default = widget.locator("button[type=submit]").evaluate("b => getComputedStyle(b).backgroundColor")
        assert accent == "rgb(138, 21, 56)" and default != accent
        assert themed.locator("li mark").first.evaluate("m => getComputedStyle(m).backgroundColor") == (
            "rgb(247, 214, 223)"
        )
        more = widget.locator("button.more")
        assert more.is_visible()
        more.click()
        widget.locator("li").nth(5).wait_for()  # the next page is appended
        screenshot(page, "widget/01-example-page", full_page=True)


def test_widget_on_another_origin_allowed_by_cors(browser, page, seed_engine, sentence_vectors, portal, portal_root):
    with serve(chat_app(seed_engine, sentence_vectors, cors_origins=[portal])) as service:
        assert service.rsplit(":", 1)[1] != portal.rsplit(":", 1)[1]  # two origins
        page.goto(f"{portal}/{_portal_page(portal_root, 'allowed.html', service)}")
        widget = page.locator("wsis-search")
        with page.expect_response(lambda r: "/v1/search" in r.url) as answer:
            _search(widget, "What did UNDP do on disinformation in 2021?")
        assert answer.value.headers["access-control-allow-origin"] == portal
        widget.locator("li").first.wait_for()
        assert widget.locator("li").count() == 3  # data-k="3" from the one script tag
        top = answer.value.json()["hits"][0]
        assert "iVerify" in top["text"]
        # The escaped snippet is rebuilt as text plus <mark> nodes: same words, the same words marked.
        shown = widget.locator("li .snippet").first
        assert shown.text_content() == html.unescape(re.sub(r"</?mark>", "", top["snippet"]))
        assert shown.locator("mark").all_text_contents() == [
            html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", top["snippet"])
        ]
        assert "not allowed" not in widget.locator("[part=status]").inner_text()
        screenshot(page, "widget/02-cross-origin-allowed")


def test_widget_on_another_origin_refused_says_so(browser, page, seed_engine, sentence_vectors, portal, portal_root):
    other = ["https://someone-else.example.org"]  # CORS is on, but not for this portal
    with serve(chat_app(seed_engine, sentence_vectors, cors_origins=other)) as service:
        page.goto(f"{portal}/{_portal_page(portal_root, 'refused.html', service)}")
        widget = page.locator("wsis-search")
        _search(widget, "disinformation")
        status = widget.locator("[part=status]")
        widget.locator(".status.error").wait_for()
        text = status.inner_text()
        assert "not allowed to use the search service (CORS)" in text and portal in text
        assert status.get_attribute("role") == "alert" and widget.locator("li").count() == 0
        screenshot(page, "widget/03-cross-origin-refused")


def test_widget_with_no_service_there_says_it_cannot_reach_it(browser, page, portal, portal_root):
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens here
    (portal_root / "dead.html").write_text(
        f'<!doctype html><script src="widget.js" defer></script><wsis-search service="{dead}"></wsis-search>'
    )
    page.goto(f"{portal}/dead.html")
    widget = page.locator("wsis-search")
    _search(widget, "disinformation")
    widget.locator(".status.error").wait_for()
    assert "could not be reached" in widget.locator("[part=status]").inner_text()
