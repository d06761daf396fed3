"""The chat page over a PDF in headless Chromium: citations say "p. N", the document pane shows page breaks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.ingest_fpdf import write
from indexer.document import page_at
from tests.browser_pages import watched_page
from tests.conftest import chat_app, make_settings, screenshot
from tests.live_server import serve
from tests.test_pdf_loader import seed_record
from tests.test_web_browser import ask

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pdf_service(tmp_path_factory, embedder) -> Iterator[str]:
    from indexer.build import build
    from qa_service.answering.vectors import SentenceVectors
    from qa_service.engine import Engine

    corpus: Path = tmp_path_factory.mktemp("pdf-web-corpus")
    write(seed_record(columns=2), corpus / "undp-2021-record.pdf")
    index = tmp_path_factory.mktemp("pdf-web-index")
    build(corpus, index, embedder)
    engine = Engine(make_settings(index), embedder=embedder)
    engine.start(watch=False)
    vectors = SentenceVectors.shared(embedder, 50_000)
    vectors.warm(engine.index.snapshot, 20_000, background=False)
    with serve(chat_app(engine, vectors)) as url:
        yield url


@pytest.fixture
def pdf_page(browser, pdf_service):
    with watched_page(browser, base_url=pdf_service) as (page, problems):
        page.goto("/")
        yield page
    assert problems == [], problems


def test_citations_show_their_page_and_the_pane_its_page_breaks(pdf_page):
    _, response = ask(pdf_page, "What did UNDP do on disinformation?")
    citations = [c for c in _final(response.text()) if c["page"]]
    assert citations
    citation = citations[0]
    source = pdf_page.locator(".sources .source-meta").first
    assert f"p. {citation['page']}" in source.inner_text()
    pdf_page.locator(".sources button.source").first.click()
    pdf_page.locator("#doc-text mark.quote-highlight").wait_for()
    document = pdf_page.request.get(f"/v1/documents/{citation['document']['id']}").json()
    starts = document["page_starts"]
    breaks = pdf_page.locator("#doc-text .page-break")
    # One marker wherever the page changes after the first, in text order, saying its page.
    assert [int(b) for b in breaks.evaluate_all("els => els.map(e => e.dataset.page)")] == [p for _, p in starts[1:]]
    assert breaks.first.inner_text() == f"p. {starts[1][1]}"
    # Without the markers the pane holds the document's text exactly.
    text = pdf_page.locator("#doc-text").evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('.page-break').forEach(b => b.remove());"
        " return c.textContent; }"
    )
    assert text == document["text"]
    assert pdf_page.locator("#doc-meta [data-field=page]").inner_text() == str(page_at(starts, citation["char_start"]))
    screenshot(pdf_page, "web/10-pdf-citation-page-breaks")


def _final(body: str) -> list[dict]:
    from tests.test_web_browser import sse_events

    return next(data for name, data in sse_events(body) if name == "citations")["citations"]
