"""POST /v1/chat: the response contract, errors, server-sent events, and stopping when the client leaves."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import HEADLINE, chat_app
from tests.live_server import serve

FIELDS = {
    "answer",
    "citations",
    "applied_filters",
    "abstained",
    "confidence",
    "index_version",
    "resolved_question",
    "notice",
    "mode",
    "took_ms",
    "question_type",
    "groups",
    "count",
}


@pytest.fixture(scope="module")
def chat(seed_engine, sentence_vectors):
    with TestClient(chat_app(seed_engine, sentence_vectors)) as client:
        yield client


def user(text: str) -> dict[str, object]:
    return {"messages": [{"role": "user", "content": text}]}


def sse_events(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_response_follows_the_contract(chat, seed_engine):
    body = chat.post("/v1/chat", json=user(HEADLINE)).json()
    assert set(body) == FIELDS
    assert body["mode"] == "extractive" and body["abstained"] is False and body["notice"] is None
    assert 0 <= body["confidence"] <= 1 and body["took_ms"] > 0
    assert body["index_version"] == seed_engine.version
    assert body["resolved_question"] == HEADLINE
    citation = body["citations"][0]
    assert set(citation) == {
        "number",
        "chunk_id",
        "document",
        "section_path",
        "page",
        "quote",
        "char_start",
        "char_end",
    }
    assert set(citation["document"]) == {"id", "title", "entity", "year"}
    assert citation["document"]["entity"] == "UNDP" and citation["document"]["year"] == 2021
    assert body["answer"].endswith("[1]")


@pytest.mark.parametrize(
    "question",
    [
        HEADLINE,
        "What did UNDP do in 2021?",
        "How many countries do the Accelerator Labs serve?",
        "What did UNDP launch with ITU?",
        "Why do countries need local digital ecosystems?",
    ],
)
def test_quotes_match_the_documents_endpoint(chat, question):
    body = chat.post("/v1/chat", json=user(question)).json()
    assert body["citations"]
    texts: dict[str, str] = {}
    for citation in body["citations"]:
        doc_id = citation["document"]["id"]
        if doc_id not in texts:
            texts[doc_id] = chat.get(f"/v1/documents/{doc_id}").json()["text"]
        assert texts[doc_id][citation["char_start"] : citation["char_end"]] == citation["quote"]
        assert f"[{citation['number']}]" in body["answer"]


def test_explicit_filters_apply(chat):
    body = chat.post("/v1/chat", json={**user("fact-checking"), "filters": {"entity": ["UNDP"], "year": 2021}}).json()
    assert body["applied_filters"]["explicit"] == {"entity": ["UNDP"], "year": {"min": 2021, "max": 2021}}
    assert "iVerify" in body["answer"]
    body = chat.post("/v1/chat", json={**user(HEADLINE), "filters": {"action_line": ["C7.e-health"]}}).json()
    assert body["applied_filters"]["action_line"] == ["C7.e-health"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"messages": []}, 422, "invalid_request"),
        ({"messages": [{"role": "assistant", "content": "hello"}]}, 422, "invalid_messages"),
        ({"messages": [{"role": "user", "content": "   "}]}, 422, "empty_query"),
        ({"messages": [{"role": "user", "content": "x" * 1001}]}, 422, "query_too_long"),
        ({"messages": [{"role": "robot", "content": "x"}]}, 422, "invalid_request"),
        ({"messages": [{"role": "user", "content": 5}]}, 422, "invalid_request"),
        ({"messages": [{"role": "user", "content": "x"}], "filters": {"entity": ["WHO"]}}, 422, "unknown_filter_value"),
        (
            {"messages": [{"role": "user", "content": "x"}], "filters": {"year": 2021, "year_min": 2020}},
            422,
            "unknown_filter_value",
        ),
        ({"messages": [{"role": "user", "content": "x"}], "filters": {"colour": "red"}}, 422, "invalid_request"),
        (
            {"messages": [{"role": "user", "content": "x"}], "stream": True, "filters": {"doc_id": ["nope"]}},
            422,
            "unknown_filter_value",
        ),
        ({"messages": [{"role": "user", "content": "x"}] * 51}, 422, "invalid_messages"),
        ({"messages": [{"role": "user", "content": "y" * 900}] * 30}, 422, "conversation_too_long"),
        ({"question": "x"}, 422, "invalid_request"),
    ],
)
def test_bad_requests_get_stable_error_codes(chat, body, status, code):
    response = chat.post("/v1/chat", json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_not_json_is_a_clear_error(chat):
    response = chat.post("/v1/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


def test_stream_sends_deltas_then_citations_then_done(chat):
    plain = chat.post("/v1/chat", json=user("What did UNDP do in 2021?")).json()
    response = chat.post("/v1/chat", json={**user("What did UNDP do in 2021?"), "stream": True})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    names = [name for name, _ in events]
    assert names[-2:] == ["citations", "done"] and set(names[:-2]) == {"delta"} and len(names) >= 3
    text = "".join(data["text"] for name, data in events if name == "delta")
    done = events[-1][1]
    assert text == done["answer"] == plain["answer"]
    assert events[-2][1]["citations"] == done["citations"] == plain["citations"]
    assert set(done) == FIELDS


def test_stream_of_an_abstention(chat):
    events = sse_events(chat.post("/v1/chat", json={**user("What did WHO do on e-health?"), "stream": True}).text)
    assert [n for n, _ in events] == ["delta", "citations", "done"]
    assert events[1][1] == {"citations": []} and events[2][1]["abstained"] is True


def test_a_failure_inside_the_stream_becomes_an_error_event():
    import asyncio

    from qa_service.errors import IndexNotReady
    from qa_service.routes.sse import chat_events

    async def failing():
        raise IndexNotReady("no index")
        yield  # pragma: no cover - makes this an async generator

    async def collect():
        return [frame async for frame in chat_events(failing())]

    frames = asyncio.run(collect())
    assert frames == ['event: error\ndata: {"error": {"code": "index_not_ready", "message": "no index"}}\n\n']


class SlowEmbedder:
    """The real model, slowed down per call so that a question takes seconds: a client can leave mid-way."""

    def __init__(self, inner, delay: float) -> None:
        self.inner, self.delay = inner, delay
        self.name, self.dimension, self.max_seq_length = inner.name, inner.dimension, inner.max_seq_length
        self.calls = 0

    def warm_up(self) -> None:
        self.inner.warm_up()

    def encode(self, texts, *, batch_size: int = 64, progress: bool = False):
        self.calls += 1
        time.sleep(self.delay)
        return self.inner.encode(texts, batch_size=batch_size)

    def count_tokens(self, text: str) -> int:
        return int(self.inner.count_tokens(text))


def test_a_client_that_disconnects_stops_the_work(seed_engine):
    from qa_service.answering.vectors import SentenceVectors

    app = chat_app(seed_engine, None)
    slow = SlowEmbedder(seed_engine.embedder, delay=0.4)
    # A cold cache encoding two sentences per batch: the question's ~12 sentences need ~6 slow batches.
    app.state.chat.answerer.vectors = SentenceVectors(slow, 1000, batch_size=2)
    app.state.chat.answerer.vectors.warmed.add(seed_engine.version)  # no background warm-up
    stats = app.state.chat.stats
    with serve(app) as url:
        request = {**user(HEADLINE), "stream": True}
        with httpx.Client(timeout=30) as client, client.stream("POST", f"{url}/v1/chat", json=request) as response:
            assert response.status_code == 200
            deadline = time.monotonic() + 20
            while slow.calls == 0 and time.monotonic() < deadline:
                time.sleep(0.05)  # the answer is being worked on
            assert slow.calls >= 1
        # leaving the block closed the connection before any event arrived
        deadline = time.monotonic() + 10
        while stats.cancelled == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stats.cancelled == 1 and stats.completed == 0
        calls = slow.calls
        time.sleep(2.0)  # long enough for the ~6 batches had the work gone on
        assert slow.calls == calls <= 3
        # The service still answers the next client.
        again = httpx.post(f"{url}/v1/chat", json=user(HEADLINE), timeout=60)
        assert again.status_code == 200 and "iVerify" in again.json()["answer"]
    assert stats.completed == 1 and threading.active_count() >= 1
