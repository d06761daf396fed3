"""JSON access logs (request id, route, status, latency, key name, never the key) and Prometheus /metrics."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from qa_service.app import create_app
from qa_service.engine import Engine
from qa_service.observability.logs import ACCESS_LOGGER, JsonFormatter
from qa_service.security.keys import KeyStore
from tests.conftest import make_settings


class Capture(logging.Handler):
    """Every record of every logger, formatted: what an operator's log file would hold."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.access: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("httpx"):
            return  # the test's own HTTP client, not the service
        if record.name == ACCESS_LOGGER:
            line = JsonFormatter().format(record)
            self.access.append(json.loads(line))
        else:
            line = logging.Formatter("%(name)s %(message)s %(args)s").format(record)
        self.lines.append(line)


@pytest.fixture
def keyed_client(seed_index, embedder, tmp_path):
    store = KeyStore(tmp_path / "keys.json")
    _, key = store.add(["search"], "portal-x")
    _, admin_key = store.add(["admin"], "ops")
    settings = make_settings(seed_index, require_api_key=True, keys_file=tmp_path / "keys.json")
    capture = Capture()
    loggers = [logging.getLogger(), logging.getLogger(ACCESS_LOGGER)]
    for logger in loggers:
        logger.addHandler(capture)
    previous = logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        with TestClient(create_app(settings, engine=Engine(settings, embedder=embedder))) as client:
            yield client, key, admin_key, capture
    finally:
        logging.getLogger().setLevel(previous)
        for logger in loggers:
            logger.removeHandler(capture)


def test_access_log_has_the_fields_and_never_the_key(keyed_client):
    client, key, admin_key, capture = keyed_client
    ok = client.get("/v1/documents/undp-2021-cstd25-wsis-submission", headers={"Authorization": f"Bearer {key}"})
    assert ok.status_code == 200
    bad = client.get("/v1/search", params={"q": "x"}, headers={"X-API-Key": key + "tampered"})
    assert bad.status_code == 401
    client.get("/v1/search", params={"q": "disinformation"}, headers={"X-API-Key": key, "X-Request-ID": "abc-123"})
    client.get("/metrics", headers={"X-API-Key": admin_key})

    first, second, third, fourth = capture.access[-4:]
    assert first["request_id"] == ok.headers["x-request-id"] and len(first["request_id"]) == 32
    assert first["route"] == "/v1/documents/{doc_id}" and first["path"].endswith("wsis-submission")
    assert first["status"] == 200 and first["key"] == "portal-x" and first["latency_ms"] > 0
    assert first["method"] == "GET" and first["client"] == "testclient"
    assert second["status"] == 401 and second["key"] is None
    assert third["request_id"] == "abc-123" and third["key"] == "portal-x"
    assert fourth["key"] == "ops"
    everything = "\n".join(capture.lines)
    for secret in (key, admin_key, key.split("_", 2)[2], admin_key.split("_", 2)[2]):
        assert secret not in everything
    assert "disinformation" not in everything  # no query strings either: questions are the users' business


def test_hostile_request_ids_are_replaced(client):
    for given in ("x" * 65, "a b", "id\nforged: 1", ""):
        response = client.get("/healthz", headers={"X-Request-ID": given})
        assert response.headers["x-request-id"] != given and len(response.headers["x-request-id"]) == 32


def metric_samples(text: str) -> dict[str, list]:
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


def test_metrics(keyed_client, seed_engine):
    client, key, admin_key, _ = keyed_client
    client.get("/v1/search", params={"q": "disinformation"}, headers={"X-API-Key": key})
    client.get("/v1/documents/no-such-document", headers={"X-API-Key": key})
    client.get("/no/such/route/42")
    response = client.get("/metrics", headers={"X-API-Key": admin_key})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    families = metric_samples(response.text)

    requests = {
        (s.labels["method"], s.labels["route"], s.labels["status"]): s.value for s in families["qa_http_requests"]
    }
    assert requests[("GET", "/v1/search", "200")] >= 1
    assert requests[("GET", "/v1/documents/{doc_id}", "404")] >= 1
    assert requests[("GET", "unmatched", "404")] >= 1  # unknown paths do not create new label values
    assert not any("42" in route for _, route, _ in requests)
    buckets = [s for s in families["qa_http_request_duration_seconds"] if s.name.endswith("_bucket")]
    assert any(s.labels["route"] == "/v1/search" and s.value >= 1 for s in buckets)

    snap = seed_engine.index.snapshot
    info = families["qa_index_info"][0]
    assert info.labels["version"] == seed_engine.version
    assert families["qa_index_documents"][0].value == len(snap.documents)
    assert families["qa_index_chunks"][0].value == snap.chunk_count > 0
    assert families["qa_index_ready"][0].value == 1.0
