"""A minimal streaming client for OpenAI-compatible chat completion servers, over httpx."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Sequence

import httpx


class LLMError(Exception):
    """The generator failed: unreachable, an error status, a bad body, or too slow."""


async def stream_chat(
    base_url: str,
    model: str,
    messages: Sequence[dict[str, str]],
    *,
    api_key: str | None,
    max_tokens: int,
    connect_timeout: float,
    read_timeout: float,
) -> AsyncGenerator[str, None]:
    """Yield the content deltas of a streamed completion; raise LLMError on any failure."""
    url = base_url.rstrip("/") + "/chat/completions"
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    body = {"model": model, "messages": list(messages), "stream": True, "temperature": 0, "max_tokens": max_tokens}
    timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
    try:
        async with (
            httpx.AsyncClient(timeout=timeout) as client,
            client.stream("POST", url, json=body, headers=headers) as response,
        ):
            if response.status_code != 200:
                text = (await response.aread())[:300].decode("utf-8", "replace")
                raise LLMError(f"status {response.status_code}: {text}")
            if "text/event-stream" not in response.headers.get("content-type", ""):
                # A server that ignored stream=true answered in one JSON body.
                data = json.loads(await response.aread())
                yield _message_content(data)
                return
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                payload = line[5:].strip()
                if payload == "[DONE]":
                    return
                delta = _delta_content(json.loads(payload))
                if delta:
                    yield delta
    except httpx.TimeoutException as exc:
        raise LLMError(f"timed out ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise LLMError(f"{type(exc).__name__}: {exc}") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError(f"unreadable response: {exc}") from exc


def _delta_content(chunk: dict[str, object]) -> str:
    choices = chunk.get("choices") or []
    if not isinstance(choices, list) or not choices:
        return ""
    delta = choices[0].get("delta") or {}
    content = delta.get("content") if isinstance(delta, dict) else None
    return content if isinstance(content, str) else ""


def _message_content(data: dict[str, object]) -> str:
    choices = data["choices"]
    if not isinstance(choices, list) or not choices:
        raise ValueError("no choices")
    content = choices[0]["message"]["content"]
    if not isinstance(content, str):
        raise ValueError("message content is not text")
    return content
