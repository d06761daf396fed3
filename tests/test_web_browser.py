"""The staff chat page in headless Chromium against a real uvicorn serving the seed index and the real /v1/chat."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.browser_pages import watched_page
from tests.conftest import HEADLINE, chat_app, screenshot
from tests.live_server import serve

pytestmark = pytest.mark.browser
UNANSWERABLE = "What did WHO do on e-health in 2021?"


@pytest.fixture(scope="module")
def service(seed_engine, sentence_vectors) -> Iterator[str]:
    with serve(chat_app(seed_engine, sentence_vectors)) as url:
        yield url


@pytest.fixture
def page(browser, service):
    with watched_page(browser, base_url=service, permissions=["clipboard-read", "clipboard-write"]) as (page, problems):
        page.goto("/")
        page.wait_for_selector("#filter-entity option[value=UNDP]", state="attached")
        yield page
    assert problems == [], problems  # no script error, no CSP or Trusted Types violation, no failed load


def sse_events(body: str) -> list[tuple[str, dict]]:
    """The (event, data) pairs of a text/event-stream body."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "data" in fields:
            events.append((fields.get("event", "message"), json.loads(fields["data"])))
    return events


def ask(page, question: str, *, with_key: bool = True):
    """Type a question and send it (Enter, or the Send button); returns the request and the final answer."""
    page.get_by_label("Your question").fill(question)
    with page.expect_response("**/v1/chat") as response_info:
        if with_key:
            page.get_by_label("Your question").press("Enter")
        else:
            page.get_by_role("button", name="Send").click()
    response = response_info.value
    page.wait_for_selector(".turn.assistant:not(.pending) >> nth=-1")
    page.wait_for_function("() => document.querySelectorAll('.turn.assistant.pending').length === 0")
    return response.request.post_data_json, response


def test_headline_question_streams_a_cited_answer_and_opens_the_quote(page, service):
    request, response = ask(page, HEADLINE)
    assert request == {"messages": [{"role": "user", "content": HEADLINE}], "stream": True}
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text())
    names = [name for name, _ in events]
    assert names[-2:] == ["citations", "done"] and set(names[:-2]) == {"delta"}
    final = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == final["answer"]
    assert not final["abstained"] and final["citations"]

    turn = page.locator(".turn.assistant").last
    assert "iVerify" in turn.locator(".answer-text").inner_text()
    assert turn.get_attribute("aria-busy") == "false" and "answered" in (turn.get_attribute("class") or "")
    assert page.locator("#log").get_attribute("role") == "log"
    assert page.locator("#status").text_content() == f"Answer ready with {len(final['citations'])} source" + (
        "s." if len(final["citations"]) > 1 else "."
    )
    entity_chip = turn.locator("[data-filter=entity]")
    assert "UNDP" in entity_chip.inner_text() and "from your question" in entity_chip.inner_text()
    assert "2021" in turn.locator("[data-filter=year]").inner_text()
    screenshot(page, "web/01-headline-answer")

    # The citation mark carries a screen-reader name; activating it opens the document beside the chat.
    citation = next(c for c in final["citations"] if "iVerify" in c["quote"])
    section = " › ".join(citation["section_path"])
    mark = page.get_by_role("button", name=f"Source {citation['number']}: UNDP, 2021, {section}")
    mark.focus()
    page.keyboard.press("Enter")
    highlight = page.locator("#doc-text mark.quote-highlight")
    highlight.wait_for()
    assert highlight.text_content() == citation["quote"] and "iVerify" in citation["quote"]
    assert page.locator("#doc-note").text_content() == ""  # the offsets matched exactly
    document = page.request.get(f"/v1/documents/{citation['document']['id']}").json()
    assert page.locator("#doc-text").text_content() == document["text"]
    assert document["text"][citation["char_start"] : citation["char_end"]] == citation["quote"]
    assert page.locator("#doc-meta [data-field=entity]").inner_text().startswith("UNDP")
    assert page.locator("#doc-meta [data-field=year]").inner_text() == "2021"
    assert page.locator("#doc-meta [data-field=section]").inner_text() == section
    assert page.locator("#doc-title").inner_text() == document["title"]
    assert page.evaluate("document.activeElement.id") == "doc-title"  # focus moved to the pane
    pane, quote = page.locator("#doc-text").bounding_box(), highlight.bounding_box()
    assert pane and quote and pane["y"] <= quote["y"] and quote["y"] + quote["height"] <= pane["y"] + pane["height"]
    assert page.locator("#doc-text").evaluate("el => el.scrollTop") > 0  # scrolled to the passage
    assert "doc=" in page.url
    screenshot(page, "web/02-citation-quote-highlighted")

    page.keyboard.press("Escape")
    assert page.locator("#doc-pane").is_hidden()
    assert page.evaluate("document.activeElement.dataset.cite") == str(citation["number"])  # focus came back


def test_unanswerable_question_is_shown_as_no_answer(page):
    _, response = ask(page, UNANSWERABLE, with_key=False)
    final = sse_events(response.text())[-1][1]
    assert final["abstained"] is True
    turn = page.locator(".turn.assistant").last
    assert "abstained" in (turn.get_attribute("class") or "")
    box = turn.locator(".abstention")
    assert box.locator(".abstention-title").inner_text() == "No answer in the corpus"
    assert "World Health Organization" in box.inner_text()  # the notice says what the corpus lacks
    assert turn.locator("button.cite").count() == 0 and turn.locator(".sources").count() == 0
    assert turn.locator(".confidence").count() == 0
    assert box.evaluate("el => getComputedStyle(el).borderTopStyle") == "dashed"  # not styled like an answer
    assert page.locator("#status").text_content() == "No answer in the corpus."
    screenshot(page, "web/03-no-answer-in-corpus")


def test_follow_up_sends_the_whole_conversation_and_new_conversation_resets(page):
    _, first = ask(page, HEADLINE)
    first_answer = sse_events(first.text())[-1][1]["answer"]
    # Shift+Enter is a new line, not a send.
    box = page.get_by_label("Your question")
    box.fill("And in which countries")
    box.press("Shift+Enter")
    assert box.input_value() == "And in which countries\n" and page.locator(".turn.user").count() == 1
    request, response = ask(page, "What about capacity building?")
    messages = request["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[0]["content"] == HEADLINE and messages[1]["content"] == first_answer
    assert page.locator(".turn.assistant").count() == 2
    assert sse_events(response.text())[-1][0] == "done"
    screenshot(page, "web/04-follow-up")

    page.get_by_role("button", name="New conversation").click()
    assert page.locator("#log > *").count() == 0
    assert page.evaluate("document.activeElement.id") == "question"
    request, _ = ask(page, UNANSWERABLE)
    assert request["messages"] == [{"role": "user", "content": UNANSWERABLE}]


def test_filters_come_from_the_facets_and_are_shown_as_applied(page):
    facets = page.request.get("/v1/documents").json()["facets"]
    entity_options = page.locator("#filter-entity option").all_inner_texts()
    assert entity_options[0] == "Any entity" and len(entity_options) == 1 + len(facets["entity"])
    assert any(o.startswith("UNDP — United Nations Development Programme") for o in entity_options)
    assert len(page.locator("#filter-action-line option").all()) == 1 + len(facets["action_line"])
    assert "C9 Media (1)" in page.locator("#filter-action-line option").all_inner_texts()
    filters = page.get_by_role("complementary", name="Filters")  # the Digest view has a Year and an Entity too
    filters.get_by_label("Entity").select_option("UNDP")
    filters.get_by_label("Year").select_option("2021")
    filters.get_by_label("WSIS action line").select_option("C9")
    assert "UNDP" in page.locator("#filters-chosen").inner_text()
    request, _ = ask(page, "What was done on fact-checking?")
    assert request["filters"] == {"entity": ["UNDP"], "year": 2021, "action_line": ["C9"]}
    turn = page.locator(".turn.assistant").last
    for key in ("entity", "year", "action_line"):
        chip = turn.locator(f"[data-filter={key}]")
        assert "chosen" in (chip.get_attribute("class") or "") and "(chosen)" in chip.inner_text()
    assert "C9 Media" in turn.locator("[data-filter=action_line]").inner_text()
    screenshot(page, "web/05-filters-chosen")

    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("() => document.getElementById('filters-chosen').textContent === ''")
    request, _ = ask(page, "What was done on fact-checking?")
    assert "filters" not in request


def test_copy_answer_with_its_sources(page):
    ask(page, HEADLINE)
    turn = page.locator(".turn.assistant").last
    turn.get_by_role("button", name="Copy answer with sources").click()
    page.wait_for_function("() => document.getElementById('status').textContent === 'Answer and sources copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    answer = turn.locator(".answer-text").inner_text()
    assert "iVerify" in copied and "\n\nSources:\n[1] " in copied
    assert copied.startswith(answer.split("'iVerify'")[0])
    assert "UNDP, 2021, Part Three" in copied and turn.locator("blockquote").first.text_content() in copied


def test_a_link_to_a_passage_opens_it(page):
    document = page.request.get("/v1/documents").json()["documents"][0]
    detail = page.request.get(f"/v1/documents/{document['id']}").json()
    chunk = next(c for c in detail["chunk_map"] if c["section_path"] == ["Part Three"])
    page.goto(f"/#doc={document['id']}&start={chunk['char_start']}&end={chunk['char_end']}")
    highlight = page.locator("#doc-text mark.quote-highlight")
    highlight.wait_for()
    assert highlight.text_content() == detail["text"][chunk["char_start"] : chunk["char_end"]]
    assert page.locator("#doc-meta [data-field=section]").inner_text() == "Part Three"
    page.get_by_role("button", name="Close the source document").click()
    assert page.locator("#doc-pane").is_hidden() and "#doc=" not in page.url
    assert page.evaluate("document.activeElement.id") == "question"
