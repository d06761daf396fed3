"""The Digest view in headless Chromium against a real uvicorn serving the seed index."""

from __future__ import annotations

import io

import docx
import pytest

from tests import test_web_browser
from tests.conftest import screenshot

# The live server over the seed index (one per module) and a page on it that fails on any script error.
service, page = test_web_browser.service, test_web_browser.page

pytestmark = pytest.mark.browser


def show_digest(page) -> dict:
    with page.expect_response("**/v1/digest?*") as response_info:
        page.get_by_role("button", name="Show digest").click()
    page.wait_for_function("() => document.querySelector('#digest-view').getAttribute('aria-busy') === 'false'")
    return response_info.value.json()


def test_digest_view_lists_every_line_and_opens_a_quote_in_the_document(page, service):
    page.get_by_role("button", name="Digest", exact=True).click()
    assert page.locator("#chat-view").is_hidden() and page.locator("#digest-view").is_visible()
    assert page.get_by_role("button", name="Digest", exact=True).get_attribute("aria-pressed") == "true"
    digest = show_digest(page)

    sections = page.locator("#digest-lines section.digest-line")
    assert sections.count() == 11
    assert [sections.nth(i).get_attribute("data-line") for i in range(11)] == [f"C{i}" for i in range(1, 12)]
    addressed = page.locator("section.digest-line:not(.not-addressed) [data-entity=UNDP]")
    assert addressed.count() >= 5
    assert "No submission of 2021 addresses" in page.locator("section[data-line=C8]").inner_text()
    summary = page.locator("#digest-summary").inner_text()
    assert summary.startswith(f"{sum(line['addressed'] for line in digest['action_lines'])} of 11 action lines")
    screenshot(page, "web/07-digest-2021")

    line = next(line for line in digest["action_lines"] if line["id"] == "C7")
    citation = line["entities"][0]["citations"][0]
    quote = page.locator("section[data-line=C7] button.digest-quote").first
    assert quote.inner_text() == f"\u201c{citation['quote']}\u201d"
    quote.click()
    highlight = page.locator("#doc-text mark.quote-highlight")
    highlight.wait_for()
    assert highlight.text_content() == citation["quote"]
    assert page.locator("#doc-note").text_content() == ""  # the offsets matched exactly
    assert page.locator("#doc-meta [data-field=entity]").inner_text().startswith("UNDP")
    assert page.locator("#digest-view").is_visible()  # the pane opens beside the digest
    screenshot(page, "web/08-digest-quote-in-document")
    page.keyboard.press("Escape")
    assert page.locator("#doc-pane").is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('digest-quote')")  # focus came back


def test_entity_filter_and_the_two_downloads(page):
    page.goto("/#digest")
    page.wait_for_selector("#digest-view:not([hidden])")
    page.locator("#digest-entity").select_option("UNDP")
    digest = show_digest(page)
    assert digest["entity"] == "UNDP"
    assert "submission of UNDP of 2021" in page.locator("#digest-summary").inner_text()
    quotes = [c["quote"] for line in digest["action_lines"] for e in line["entities"] for c in e["citations"]]

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download DOCX").click()
    download = download_info.value
    assert download.suggested_filename == "wsis-digest-2021-UNDP.docx"
    with open(download.path(), "rb") as handle:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs)
    assert quotes and all(quote in text for quote in quotes)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download Markdown").click()
    download = download_info.value
    assert download.suggested_filename == "wsis-digest-2021-UNDP.md"
    with open(download.path(), encoding="utf-8") as handle:
        markdown = handle.read()
    assert markdown.startswith("# WSIS action-line digest 2021 for UNDP") and "## C4 Capacity building" in markdown
