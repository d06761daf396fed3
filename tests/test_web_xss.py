"""Markup in a document stays text everywhere the page and the widget show it, and runs nothing.

Run once with the page's CSP and once with CSP bypassed: the second proves the escaping is by construction
(text nodes only), not merely a CSP that blocks what an HTML sink would have let in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.build import build
from qa_service.engine import Engine
from tests.browser_pages import watched_page
from tests.conftest import chat_app, make_settings, screenshot
from tests.live_server import serve

pytestmark = pytest.mark.browser

IMG = """<img src=x onerror="window.__xss='img'">"""
SCRIPT = "<script>window.__xss='script'</script>"
# The globe before the quoted sentence makes Python's code-point offsets differ from JavaScript's UTF-16 ones.
DOCUMENT = f"""Submission by the Example Agency for Testing

Contribution on its efforts in 2021 to implement the outcomes of the WSIS 🌍

Part One: Media literacy

In 2021, EXAT trained 400 librarians in media literacy {IMG} across ten Pacific countries.

EXAT also published a guide on safe digital archives {SCRIPT} for national libraries.
"""
META = {
    "entity": "EXAT",
    "entity_name": f"Example Agency {IMG}",
    "year": 2021,
    "title": f"EXAT {SCRIPT} submission",
    "source": "javascript:window.__xss='link'",
}
QUESTION = "What did EXAT do on media literacy in 2021?"


@pytest.fixture(scope="module")
def hostile_service(tmp_path_factory, embedder) -> Iterator[str]:
    from qa_service.answering.vectors import SentenceVectors

    corpus = tmp_path_factory.mktemp("hostile-corpus")
    (corpus / "exat-2021.txt").write_text(DOCUMENT, encoding="utf-8")
    (corpus / "exat-2021.txt.meta.json").write_text(json.dumps(META), encoding="utf-8")
    index_dir: Path = tmp_path_factory.mktemp("hostile-index")
    build(corpus, index_dir, embedder)
    engine = Engine(make_settings(index_dir), embedder=embedder)
    engine.start(watch=False)
    vectors = SentenceVectors(embedder, 10_000)
    vectors.warm(engine.index.snapshot, 10_000, background=False)
    with serve(chat_app(engine, vectors)) as url:
        yield url


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "csp-bypassed"])
def test_document_markup_is_shown_as_text_and_runs_nothing(browser, hostile_service, bypass_csp):
    with watched_page(browser, base_url=hostile_service, bypass_csp=bypass_csp) as (page, problems):
        page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
        page.goto("/")
        page.wait_for_selector("#filter-entity option[value=EXAT]", state="attached")
        assert page.locator("#filter-entity option[value=EXAT]").text_content() == f"EXAT — Example Agency {IMG} (1)"

        page.get_by_label("Your question").fill(QUESTION)
        with page.expect_response("**/v1/chat") as response_info:
            page.get_by_label("Your question").press("Enter")
        page.wait_for_selector(".turn.assistant:not(.pending)")
        final = json.loads(response_info.value.text().split("event: done\ndata: ", 1)[1])
        citation = next(c for c in final["citations"] if IMG in c["quote"])
        turn = page.locator(".turn.assistant").last
        assert IMG in turn.locator(".answer-text").text_content()
        assert turn.locator(".source-title").first.text_content() == META["title"]
        assert turn.locator("blockquote").first.text_content() == citation["quote"]

        turn.locator("button.cite").first.click()
        highlight = page.locator("#doc-text mark.quote-highlight")
        highlight.wait_for()
        assert highlight.text_content() == citation["quote"]
        assert page.locator("#doc-note").text_content() == ""  # the offsets held across the astral character
        assert page.locator("#doc-title").text_content() == META["title"]
        assert page.locator("#doc-meta [data-field=entity]").text_content() == f"EXAT ({META['entity_name']})"
        assert SCRIPT in page.locator("#doc-text").text_content()
        screenshot(page, f"web/06-document-markup-as-text-{'csp-bypassed' if bypass_csp else 'with-csp'}")
        _assert_nothing_ran(page)

        page.goto("/#digest")
        page.wait_for_selector("#digest-entity option[value=EXAT]", state="attached")
        assert page.locator("#digest-entity option[value=EXAT]").text_content() == f"EXAT — Example Agency {IMG}"
        page.get_by_role("button", name="Show digest").click()
        quote = page.locator("section[data-line=C9] button.digest-quote").first
        quote.wait_for()
        assert IMG in quote.text_content()
        assert page.locator("[data-entity=EXAT] h4").first.text_content() == f"EXAT — {META['entity_name']}"
        quote.click()
        page.locator("#doc-text mark.quote-highlight").wait_for()
        assert page.locator("#doc-note").text_content() == ""  # digest offsets hold across the astral character too
        screenshot(page, f"web/09-digest-markup-as-text-{'csp-bypassed' if bypass_csp else 'with-csp'}")
        _assert_nothing_ran(page)

        page.goto("/widget/example")
        widget = page.locator("#default-widget")
        widget.locator("input").fill("librarians media literacy")
        widget.locator("input").press("Enter")
        widget.locator("li").first.wait_for()
        assert "<img src=x" in widget.locator("li .snippet").first.text_content()
        assert widget.locator("a").count() == 0  # the javascript: source is not made a link
        assert widget.locator("li .title").first.text_content() == META["title"]
        assert page.evaluate("document.querySelector('#default-widget').shadowRoot.querySelectorAll('img').length") == 0
        screenshot(page, f"widget/04-document-markup-as-text-{'csp-bypassed' if bypass_csp else 'with-csp'}")
        _assert_nothing_ran(page)
    assert problems == [], problems


def _assert_nothing_ran(page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("[...document.scripts].every(s => s.src)")  # no script element came from text
