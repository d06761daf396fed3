"""The OpenAI-compatible endpoints, driven by the official openai package against a real uvicorn server."""

from __future__ import annotations

import re

import httpx
import openai
import pytest

from tests.conftest import HEADLINE, chat_app
from tests.live_server import serve


@pytest.fixture(scope="module")
def base_url(seed_engine, sentence_vectors):
    with serve(chat_app(seed_engine, sentence_vectors)) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url):
    return openai.OpenAI(base_url=f"{base_url}/v1", api_key="not-needed", max_retries=0, timeout=60)


def test_models_are_listed(client):
    ids = [m.id for m in client.models.list()]
    assert ids == ["wsis-qa", "wsis-qa-extractive"]


def test_completion_has_the_answer_sources_and_structured_citations(client, base_url):
    completion = client.chat.completions.create(model="wsis-qa", messages=[{"role": "user", "content": HEADLINE}])
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    content = choice.message.content or ""
    answer, _, sources = content.partition("\n\nSources:\n")
    assert "iVerify" in answer and re.search(r"\[1\]$", answer)
    assert sources.startswith("[1] UNDP submission to CSTD 25")
    extra = completion.model_extra or {}
    citations = extra["citations"]
    assert citations[0]["number"] == 1 and "iVerify" in citations[0]["quote"]
    text = httpx.get(f"{base_url}/v1/documents/{citations[0]['document']['id']}").json()["text"]
    assert text[citations[0]["char_start"] : citations[0]["char_end"]] == citations[0]["quote"]
    assert extra["wsis_qa"]["abstained"] is False and extra["wsis_qa"]["mode"] == "extractive"
    assert completion.usage is not None and completion.usage.completion_tokens > 0


def test_streamed_completion_matches_the_plain_one(client):
    messages = [{"role": "user", "content": "What did UNDP do in 2021?"}]
    plain = client.chat.completions.create(model="wsis-qa", messages=messages)
    stream = client.chat.completions.create(model="wsis-qa", messages=messages, stream=True)
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert [c.choices[0].finish_reason for c in chunks[:-1]] == [None] * (len(chunks) - 1)
    assert chunks[-1].choices[0].finish_reason == "stop"
    content = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert content == plain.choices[0].message.content
    assert len(chunks) >= 5  # role, at least two answer sentences, sources, stop
    assert (chunks[-1].model_extra or {})["citations"] == (plain.model_extra or {})["citations"]


def test_conversation_follow_up_through_the_openai_client(client):
    completion = client.chat.completions.create(
        model="wsis-qa-extractive",
        messages=[
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": HEADLINE},
            {"role": "assistant", "content": "UNDP developed iVerify [1]."},
            {"role": "user", "content": [{"type": "text", "text": "Who did they build it with?"}]},
        ],
    )
    assert "the European Union" in (completion.choices[0].message.content or "")
    wsis = (completion.model_extra or {})["wsis_qa"]
    assert wsis["resolved_question"] == "Who did UNDP build it with, on disinformation in 2021?"


def test_abstention_has_no_sources(client):
    completion = client.chat.completions.create(
        model="wsis-qa", messages=[{"role": "user", "content": "What is the capital of France?"}]
    )
    content = completion.choices[0].message.content or ""
    assert "do not cover" in content and "Sources:" not in content
    assert (completion.model_extra or {})["citations"] == []


def test_errors_reach_the_client_as_openai_errors(client):
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": HEADLINE}])
    assert "wsis-qa" in str(caught.value)
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(model="wsis-qa", messages=[{"role": "assistant", "content": "hi"}])
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model="wsis-qa", messages=[{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]
        )


def test_filters_extension(client):
    completion = client.chat.completions.create(
        model="wsis-qa",
        messages=[{"role": "user", "content": "fact-checking"}],
        extra_body={"filters": {"entity": ["UNDP"], "year": 2021}},
    )
    assert (completion.model_extra or {})["wsis_qa"]["applied_filters"]["explicit"]["entity"] == ["UNDP"]
