"""The chat page and the portal widget against a real uvicorn that requires API keys (QA_REQUIRE_API_KEY=true)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from qa_service.security.keys import KeyStore
from tests.browser_pages import watched_page
from tests.conftest import HEADLINE, chat_app, screenshot
from tests.live_server import serve
from tests.test_widget import WIDGET_VIEWPORT, _search, static_site

pytestmark = pytest.mark.browser

STORAGE_KEY = "wsis-qa.api-key"
# Chromium logs every refused fetch as a console error; these tests cause them on purpose, and nothing else may fail.
REFUSED_LOAD = re.compile(r"^Failed to load resource: the server responded with a status of 40[13] ")
WIDGET_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner portal</title>
<script src="{service}/static/widget.js" defer></script></head>
<body><h1>Partner portal</h1><wsis-search service="{service}" k="3"{key}></wsis-search></body></html>
"""
ONE_TAG_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner portal</title></head>
<body><h1>Partner portal</h1>
<script src="{service}/static/widget.js" data-wsis-search data-k="2" data-api-key="{key}"></script></body></html>
"""


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, str]:
    """A key store made for this module: a staff key, a portal key (search only) and a chat-only key."""
    store = KeyStore(tmp_path_factory.mktemp("web-keys") / "keys.json")
    return {
        "file": str(store.path),
        "staff": store.add(["chat", "search"], "staff")[1],
        "search": store.add(["search"], "portal")[1],
        "chat": store.add(["chat"], "chat-only")[1],
    }


@pytest.fixture(scope="module")
def portal_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("keyed-portal")


@pytest.fixture(scope="module")
def portal(portal_root) -> Iterator[str]:
    with static_site(portal_root) as origin:
        yield origin


@pytest.fixture(scope="module")
def service(seed_engine, sentence_vectors, keys, portal) -> Iterator[str]:
    app = chat_app(
        seed_engine, sentence_vectors, require_api_key=True, keys_file=Path(keys["file"]), cors_origins=[portal]
    )
    with serve(app) as url:
        yield url


@pytest.fixture
def page(browser, service):
    with watched_page(browser, base_url=service, expected=REFUSED_LOAD) as (page, problems):
        yield page
    assert problems == [], problems  # no script error, no CSP or Trusted Types violation


def wait_for_answer(page) -> None:
    page.wait_for_function("() => document.querySelectorAll('.turn.assistant.pending').length === 0")


def ask(page, question: str | None):
    """Send ``question`` (None: what the box holds) with Enter; returns the /v1/chat response once answered."""
    if question is not None:
        page.get_by_label("Your question").fill(question)
    with page.expect_response("**/v1/chat") as response_info:
        page.get_by_label("Your question").press("Enter")
    wait_for_answer(page)
    return response_info.value


def save_key(page, key: str):
    """Type ``key`` into the key form and Save; returns the filters' /v1/documents request it triggers."""
    field = page.get_by_label("API key", exact=True)
    field.fill(key)
    with page.expect_request("**/v1/documents") as request_info:
        page.get_by_role("button", name="Save", exact=True).click()
    return request_info.value


def test_page_without_key_opens_the_key_form_and_answers_once_a_key_is_saved(page, keys):
    page.goto("/")
    form, problem = page.locator("#key-form"), page.locator("#key-problem")
    expect(form).to_be_visible()
    expect(problem).to_contain_text("This service requires an API key, and none was given")
    assert "an API key is required" in problem.inner_text()  # the service's own message (401 unauthorized)
    assert problem.get_attribute("role") == "alert"
    assert page.get_by_role("button", name="API key: none").get_attribute("aria-expanded") == "true"
    field = page.get_by_label("API key", exact=True)
    assert field.get_attribute("type") == "password" and field.get_attribute("autocomplete") == "off"
    assert page.evaluate("document.activeElement.id") == "api-key"
    assert page.locator("#filter-entity option").count() == 1
    expect(page.locator("#corpus-info")).to_contain_text("could not be loaded")
    screenshot(page, "web-keys/01-key-required")

    # Asking without a key is refused the same way; the question stays in the box to send again.
    refused = ask(page, HEADLINE)
    assert refused.status == 401 and "authorization" not in refused.request.all_headers()
    assert "an API key is required" in page.locator(".turn.assistant.failed .error").inner_text()
    assert page.get_by_label("Your question").input_value() == HEADLINE

    documents = save_key(page, keys["staff"])
    assert documents.all_headers()["authorization"] == f"Bearer {keys['staff']}"
    page.wait_for_selector("#filter-entity option[value=UNDP]", state="attached")
    expect(form).to_be_hidden()
    assert page.get_by_role("button", name="API key: saved").get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "question"
    assert field.input_value() == ""  # the key does not stay in the page

    response = ask(page, None)  # re-sent from the box as it was left
    assert response.status == 200
    assert response.request.all_headers()["authorization"] == f"Bearer {keys['staff']}"
    turn = page.locator(".turn.assistant").last
    assert "answered" in (turn.get_attribute("class") or "")
    assert "iVerify" in turn.locator(".answer-text").inner_text()
    # The document pane's fetch carries the key too.
    with page.expect_request(re.compile(r"/v1/documents/[^/?]+$")) as pane_request:
        turn.locator("button.cite").first.click()
    assert pane_request.value.all_headers()["authorization"] == f"Bearer {keys['staff']}"
    page.locator("#doc-text mark.quote-highlight").wait_for()
    screenshot(page, "web-keys/02-answer-with-key")

    # Kept for this tab only, and never in the address.
    assert page.evaluate(f"sessionStorage.getItem('{STORAGE_KEY}')") == keys["staff"]
    assert page.evaluate("localStorage.length") == 0
    assert keys["staff"] not in page.evaluate("JSON.stringify(localStorage)") and keys["staff"] not in page.url
    other_tab = page.context.new_page()
    other_tab.goto("/")
    expect(other_tab.locator("#key-form")).to_be_visible()  # a new tab starts without it
    assert other_tab.evaluate(f"sessionStorage.getItem('{STORAGE_KEY}')") is None
    other_tab.close()

    page.get_by_role("button", name="API key: saved").click()
    page.get_by_role("button", name="Forget").click()
    assert page.evaluate(f"sessionStorage.getItem('{STORAGE_KEY}')") is None
    expect(page.get_by_role("button", name="API key: none")).to_be_visible()
    page.keyboard.press("Escape")
    expect(form).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "key-toggle"


def test_wrong_key_and_key_without_chat_scope_are_told_apart(page, keys):
    page.goto("/")
    expect(page.locator("#key-form")).to_be_visible()
    problem = page.locator("#key-problem")

    save_key(page, keys["search"][:-4] + "AAAA")  # a key the store does not know
    expect(problem).to_contain_text("The service did not accept the saved API key")
    assert "not valid or has been revoked" in problem.inner_text()

    save_key(page, keys["search"])
    page.wait_for_selector("#filter-entity option[value=UNDP]", state="attached")  # search scope: filters load
    expect(page.locator("#key-form")).to_be_hidden()

    response = ask(page, HEADLINE)
    assert response.status == 403
    assert response.request.all_headers()["authorization"] == f"Bearer {keys['search']}"
    expect(page.locator("#key-form")).to_be_visible()
    text = problem.inner_text()
    assert "This API key may not ask questions: it lacks the chat scope" in text
    assert "this key lacks the 'chat' scope" in text  # the service's message, from the 403 body
    assert "lacks the 'chat' scope" in page.locator(".turn.assistant.failed .error").inner_text()
    assert page.get_by_label("Your question").input_value() == HEADLINE
    screenshot(page, "web-keys/03-key-without-chat-scope")


def _portal_page(root: Path, name: str, text: str) -> str:
    (root / name).write_text(text, encoding="utf-8")
    return name


@pytest.fixture
def portal_page(browser):
    with watched_page(browser, console=False, viewport=WIDGET_VIEWPORT) as (page, problems):
        yield page
    assert problems == [], problems


def test_widget_sends_its_api_key_and_shows_the_refusal_without_one(portal_page, service, keys, portal, portal_root):
    page = portal_page
    keyed = WIDGET_PAGE.format(service=service, key=f' api-key="{keys["search"]}"')
    page.goto(f"{portal}/{_portal_page(portal_root, 'keyed.html', keyed)}")
    widget = page.locator("wsis-search")
    with page.expect_response(lambda r: "/v1/search" in r.url) as answer:
        _search(widget, "disinformation")
    assert answer.value.status == 200 and answer.value.headers["access-control-allow-origin"] == portal
    assert answer.value.request.all_headers()["x-api-key"] == keys["search"]
    widget.locator("li").first.wait_for()
    assert widget.locator("li").count() == 3
    screenshot(page, "web-keys/04-widget-with-key")

    one_tag = ONE_TAG_PAGE.format(service=service, key=keys["search"])
    page.goto(f"{portal}/{_portal_page(portal_root, 'one-tag.html', one_tag)}")
    widget = page.locator("wsis-search")
    with page.expect_response(lambda r: "/v1/search" in r.url) as answer:
        _search(widget, "disinformation")
    assert answer.value.status == 200 and answer.value.request.all_headers()["x-api-key"] == keys["search"]
    widget.locator("li").nth(1).wait_for()

    for name, key, status, said in [
        ("no-key.html", "", 401, "an API key is required"),
        ("chat-key.html", f' api-key="{keys["chat"]}"', 403, "this key lacks the 'search' scope"),
    ]:
        page.goto(f"{portal}/{_portal_page(portal_root, name, WIDGET_PAGE.format(service=service, key=key))}")
        widget = page.locator("wsis-search")
        with page.expect_response(lambda r: "/v1/search" in r.url) as answer:
            _search(widget, "disinformation")
        assert answer.value.status == status
        widget.locator(".status.error").wait_for()
        status_line = widget.locator("[part=status]")
        assert status_line.inner_text().startswith("The search service refused access: ") and said in (
            status_line.inner_text()
        )
        assert status_line.get_attribute("role") == "alert" and widget.locator("li").count() == 0
    screenshot(page, "web-keys/05-widget-key-refused")
