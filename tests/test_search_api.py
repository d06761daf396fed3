"""The HTTP search API: responses, every error code, CORS, OpenAPI, and hot swap under load."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from indexer.build import build
from qa_service.app import create_app
from qa_service.engine import Engine
from tests.conftest import HEADLINE, SEED, make_settings
from tests.live_server import serve


def test_search_response_shape(client):
    body = client.get("/v1/search", params={"q": HEADLINE, "k": 3}).json()
    hit = body["hits"][0]
    assert "iVerify" in hit["text"] and "<mark>disinformation</mark>" in hit["snippet"]
    assert hit["document"]["entity"] == "UNDP" and hit["document"]["year"] == 2021
    assert hit["document"]["session"] == 25 and hit["section_path"] == ["Part Three"]
    assert set(hit["scores"]) == {"dense", "keyword", "fused"} and hit["score"] == hit["scores"]["fused"]
    assert {"C3", "C9"} <= set(hit["action_lines"])
    assert body["applied_filters"]["entity"] == ["UNDP"] and body["index_version"] and body["took_ms"] >= 0
    doc = client.get(f"/v1/documents/{hit['document']['id']}").json()
    assert doc["text"][hit["char_start"] : hit["char_end"]] == hit["text"]


def test_post_search_with_filters_and_cap(client):
    body = client.post(
        "/v1/search", json={"q": "digital solutions", "k": 5, "entity": ["UNDP"], "year": 2021, "per_document": 2}
    ).json()
    assert len(body["hits"]) == 2 and body["applied_filters"]["explicit"]["entity"] == ["UNDP"]


def test_snippet_escapes_document_html():
    from qa_service.retrieval.highlight import snippet

    html, spans = snippet("<script>alert('x')</script> disinformation & more", "disinformation")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>disinformation</mark>" in html
    assert spans == [(28, 42)]


def test_absent_entity_says_what_the_corpus_holds(client):
    body = client.get("/v1/search", params={"q": "What did WHO do on e-health?"}).json()
    assert body["hits"] == [] and "UNDP" in body["notice"]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"q": ""}, 422, "empty_query"),
        ({"q": "   "}, 422, "empty_query"),
        ({"q": "\x1f"}, 422, "empty_query"),  # a separator str.strip() removes, which JSON Schema's \s lacks
        ({"q": "x" * 1001}, 422, "query_too_long"),
        ({"q": "x", "k": 0}, 422, "k_out_of_range"),
        ({"q": "x", "k": 51}, 422, "k_out_of_range"),
        ({"q": "x", "entity": "Atlantis"}, 422, "unknown_filter_value"),
        ({"q": "x", "action_line": "C42"}, 422, "unknown_filter_value"),
        ({"q": "x", "doc_id": "nope"}, 422, "unknown_filter_value"),
        ({"q": "x", "year_min": 2022, "year_max": 2020}, 422, "unknown_filter_value"),
        ({"q": "x", "k": "many"}, 422, "invalid_request"),
        ({}, 422, "invalid_request"),
    ],
)
def test_search_errors(client, params, status, code):
    response = client.get("/v1/search", params=params)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]


def test_the_published_query_pattern_refuses_exactly_what_the_handler_calls_empty(client):
    """Schema and handler agree on every blank character: a client validating against /openapi.json is never
    refused for a query the schema allows."""
    import re

    pattern = client.get("/openapi.json").json()["components"]["schemas"]["SearchRequest"]["properties"]["q"]["pattern"]
    stripped = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert not any(re.search(pattern, c) for c in stripped)
    assert re.search(pattern, "\ufeff") and re.search(pattern, " a ")


def test_post_errors_and_unknown_fields(client):
    assert client.post("/v1/search", json={"q": "x", "bogus": 1}).json()["error"]["code"] == "invalid_request"
    assert (
        client.post("/v1/search", content=b"{not json", headers={"content-type": "application/json"}).status_code == 422
    )


def test_a_405_names_every_method_of_its_path(client):
    response = client.request("PUT", "/v1/search")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"
    assert response.headers["allow"] == "GET, POST"  # Starlette alone names only the first route's GET


def test_documents_and_facets(client):
    body = client.get("/v1/documents").json()
    assert body["facets"]["entity"] == {"UNDP": 1} and body["facets"]["year"] == {"2021": 1}
    assert "C9" in body["facets"]["action_line"]
    doc = body["documents"][0]
    assert doc["entity_name"] == "United Nations Development Programme" and doc["date"] == "October 2021"
    missing = client.get("/v1/documents/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_document"
    assert client.get("/v1/nothing-here").json()["error"]["code"] == "not_found"


def test_health_and_readiness(client, seed_engine):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["index_version"] == seed_engine.version


def test_index_not_ready(tmp_path: Path, embedder):
    app = create_app(make_settings(tmp_path / "empty"), engine=Engine(make_settings(tmp_path / "empty"), embedder))
    with TestClient(app) as test_client:
        ready = test_client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["error"]["code"] == "index_not_ready"
        search = test_client.get("/v1/search", params={"q": "x"})
        assert search.status_code == 503 and search.json()["error"]["code"] == "index_not_ready"


def test_cors_allow_list(seed_index, embedder):
    settings = make_settings(seed_index, cors_origins=["https://portal.example.org", "*"])
    app = create_app(settings, engine=Engine(settings, embedder))
    with TestClient(app) as test_client:
        allowed = test_client.options(
            "/v1/search", headers={"Origin": "https://portal.example.org", "Access-Control-Request-Method": "GET"}
        )
        assert allowed.headers["access-control-allow-origin"] == "https://portal.example.org"
        assert "access-control-allow-credentials" not in allowed.headers
        other = test_client.get("/v1/search", params={"q": "x"}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers  # "*" in settings is ignored


def test_cors_allows_every_method_of_the_api(seed_index, embedder):
    from qa_service.app import ROUTERS, api_methods

    assert api_methods(ROUTERS) == ["DELETE", "GET", "POST"]  # derived from the routes, not a hand-kept list
    settings = make_settings(seed_index, cors_origins=["https://portal.example.org"])
    app = create_app(settings, engine=Engine(settings, embedder))
    with TestClient(app) as test_client:
        preflight = test_client.options(
            "/v1/admin/documents/some-document",
            headers={
                "Origin": "https://portal.example.org",
                "Access-Control-Request-Method": "DELETE",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://portal.example.org"
        assert "DELETE" in preflight.headers["access-control-allow-methods"].split(", ")
        refused = test_client.options(
            "/v1/admin/documents/some-document",
            headers={"Origin": "https://portal.example.org", "Access-Control-Request-Method": "PATCH"},
        )
        assert refused.status_code == 400  # a method the API does not have is still refused


def test_no_cors_by_default(client):
    response = client.get("/healthz", headers={"Origin": "https://portal.example.org"})
    assert "access-control-allow-origin" not in response.headers


def test_openapi_has_examples(client):
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/v1/search"]["get"]["parameters"]}
    assert params["q"]["examples"]["headline"]["value"]
    body = spec["paths"]["/v1/search"]["post"]["requestBody"]["content"]["application/json"]
    assert body["examples"]["filtered"]["value"]["q"]
    assert client.get("/docs").status_code == 200


def test_hot_swap_under_concurrent_requests(tmp_path: Path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    index_dir = tmp_path / "index"
    first = build(corpus, index_dir, embedder).snapshot
    settings = make_settings(index_dir, reload_interval_s=0.05)
    app = create_app(settings, engine=Engine(settings, embedder))
    results: list[tuple[int, str | None, set[str]]] = []
    stop = threading.Event()

    def hammer(base: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while not stop.is_set():
                response = http.get("/v1/search", params={"q": "zebra telescope observatory", "k": 5})
                body = response.json()
                results.append(
                    (
                        response.status_code,
                        body.get("index_version"),
                        {h["document"]["id"] for h in body.get("hits", [])},
                    )
                )

    with serve(app) as base:
        workers = [threading.Thread(target=hammer, args=(base,)) for _ in range(4)]
        for worker in workers:
            worker.start()
        waited = threading.Event()
        for _ in range(600):  # let requests run on the first snapshot before publishing the second
            if sum(1 for _, version, _ in results if version == first) >= 8:
                break
            waited.wait(0.05)
        (corpus / "zebra.md").write_text(
            "Submission by\n\nInternational Telecommunication Union\n\n"
            "In 2021 ITU opened a zebra telescope observatory.\n"
        )
        second = build(corpus, index_dir, embedder).snapshot
        deadline = threading.Event()
        for _ in range(200):
            if any(version == second for _, version, _ in results):
                break
            deadline.wait(0.05)
        deadline.wait(0.3)
        stop.set()
        for worker in workers:
            worker.join()
    assert results and all(status == 200 for status, _, _ in results)
    versions = {version for _, version, _ in results}
    assert versions == {first, second}
    for _, version, docs in results:
        assert ("zebra" in docs) == (version == second)  # a response never mixes snapshots
