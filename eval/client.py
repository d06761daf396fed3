"""The suite's only way to reach the system: its HTTP API, through an httpx client.

In-process the client is a FastAPI TestClient over the ASGI app (an httpx.Client), over
the network a plain httpx.Client with ``--url``: the suite's code path is the same.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import httpx

from qa_service.engine import Engine
from qa_service.settings import Settings

CHAT_UNAVAILABLE_STATUS = frozenset({404, 405})
RETRY_STATUS = frozenset({429, 503})  # rate limited, overloaded: the service says when to come back
MAX_RETRIES = 8
MAX_WAIT_S = 10.0


class EvalError(RuntimeError):
    """The service answered with an error the suite cannot work around."""


class ApiClient:
    def __init__(self, http: httpx.Client, target: str) -> None:
        self.http = http
        self.target = target  # "in-process" or the base URL, for the report
        self.chat_available: bool | None = None  # None until the first /v1/chat call
        self.retries = 0  # requests repeated after 429/503 (reported, so a throttled run is visible)

    def _json(self, response: httpx.Response, what: str) -> dict[str, Any]:
        if response.status_code >= 400:
            raise EvalError(f"{what}: HTTP {response.status_code}: {response.text[:300]}")
        data: dict[str, Any] = response.json()
        return data

    def _send(self, method: str, path: str, **kwargs: Any) -> tuple[httpx.Response, float]:
        """One request, retried after Retry-After on 429/503; the latency is that of the last attempt."""
        for attempt in range(MAX_RETRIES + 1):
            started = time.perf_counter()
            response = self.http.request(method, path, **kwargs)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code not in RETRY_STATUS or attempt == MAX_RETRIES:
                break
            self.retries += 1
            time.sleep(_retry_after(response, attempt))
        return response, elapsed

    def search(self, q: str, k: int = 10, **params: Any) -> tuple[dict[str, Any], float]:
        """GET /v1/search; returns the response body and the client-side latency in ms."""
        response, elapsed = self._send("GET", "/v1/search", params={"q": q, "k": k, **params})
        return self._json(response, f"search {q!r}"), elapsed

    def chat(
        self, messages: list[dict[str, str]], filters: dict[str, object] | None = None
    ) -> tuple[dict[str, Any] | None, float]:
        """POST /v1/chat; (None, 0) when the service has no chat endpoint (404/405), which is remembered."""
        if self.chat_available is False:
            return None, 0.0
        body: dict[str, object] = {"messages": messages, "stream": False}
        if filters:
            body["filters"] = filters
        response, elapsed = self._send("POST", "/v1/chat", json=body)
        if response.status_code in CHAT_UNAVAILABLE_STATUS and _route_missing(response):
            self.chat_available = False
            return None, 0.0
        self.chat_available = True
        return self._json(response, f"chat {messages[-1]['content']!r}"), elapsed

    def documents(self) -> list[dict[str, Any]]:
        docs: list[dict[str, Any]] = self._json(self.http.get("/v1/documents"), "list documents")["documents"]
        return docs

    def document(self, doc_id: str) -> dict[str, Any]:
        return self._json(self.http.get(f"/v1/documents/{doc_id}"), f"document {doc_id}")

    def index_version(self) -> str | None:
        body = self._json(self.http.get("/v1/documents"), "list documents")
        version: str | None = body.get("index_version")
        return version


def _retry_after(response: httpx.Response, attempt: int) -> float:
    try:
        wait = float(response.headers.get("Retry-After", ""))
    except ValueError:
        wait = 0.5 * 2**attempt
    return min(max(wait, 0.05), MAX_WAIT_S)


def eval_settings(**overrides: Any) -> Settings:
    """Service settings for in-process runs: no reload thread, no rate limits, no access log.

    The suite is the operator measuring quality, so it must not be throttled like a client;
    everything else (QA_ variables: fusion, chunking, answering) is the service's own.
    """
    from qa_service.settings import RateLimit

    unlimited = {scope: RateLimit(rate=0, burst=1) for scope in ("search", "chat", "admin")}
    values: dict[str, Any] = {"reload_interval_s": 0, "rate_limits": unlimited, "access_log": False}
    return Settings(**{**values, **overrides})


def _route_missing(response: httpx.Response) -> bool:
    """A 404 for an unknown route (not, say, an unknown document named in the request)."""
    try:
        code = response.json().get("error", {}).get("code")
    except ValueError:
        return True
    return code in (None, "not_found", "method_not_allowed")


def ensure_index(settings: Settings) -> None:
    """Build the index from the corpus when the index folder has no active snapshot, or one made
    by an older indexing pipeline (evaluating a stale index would measure the old code)."""
    from indexer import snapshot
    from indexer.build import PIPELINE_VERSION

    current = snapshot.current_path(settings.index_dir)
    if current is not None:
        built_by = snapshot.read_manifest(current).get("config", {}).get("pipeline_version")
        if built_by == PIPELINE_VERSION:
            return
        print(f"index built by indexing pipeline {built_by}, this code has {PIPELINE_VERSION}: rebuilding", flush=True)
    from indexer.build import build
    from indexer.chunking import ChunkParams
    from indexer.embedder import make_embedder

    report = build(
        Path(settings.corpus_dir),
        Path(settings.index_dir),
        make_embedder(settings.model_path),
        ChunkParams(settings.chunk_tokens, settings.chunk_overlap_tokens),
        keep=settings.keep_snapshots,
    )
    print(report.summary(), flush=True)


@contextmanager
def in_process(settings: Settings, engine: Engine | None = None) -> Iterator[ApiClient]:
    """The app served in this process through its ASGI interface (FastAPI TestClient is an httpx.Client)."""
    from fastapi.testclient import TestClient

    from qa_service.app import create_app

    app = create_app(settings, engine=engine)
    with TestClient(app) as http:
        # Measured as served once warm (bench/chat_latency.py does the same): a small scope ranks on cached
        # sentence vectors (qa_service/retrieval/sentence_leg.py) and a question's word forms on cached word vectors
        # (qa_service/answering/word_forms.py), so the first cases must not race the warm-ups.
        chat = getattr(app.state, "chat", None)
        if chat is not None:
            chat.answerer.wait_warm()
        yield ApiClient(cast(httpx.Client, http), "in-process")


@contextmanager
def over_http(url: str, api_key: str | None = None, timeout: float = 120.0) -> Iterator[ApiClient]:
    """A running service; ``api_key`` (or WSIS_QA_API_KEY) is sent when the service requires keys."""
    key = api_key or os.environ.get("WSIS_QA_API_KEY")
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    with httpx.Client(base_url=url.rstrip("/"), timeout=timeout, headers=headers) as http:
        try:
            http.get("/healthz").raise_for_status()
        except httpx.HTTPError as exc:
            raise EvalError(f"cannot reach the service at {url}: {exc}") from None
        yield ApiClient(http, url)
