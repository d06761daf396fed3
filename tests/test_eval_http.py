"""The eval runner over HTTP against a real uvicorn server, the CLI, and graceful degradation without chat."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.__main__ import main
from eval.cases import CASES_PATH, load_cases
from eval.client import ApiClient, over_http
from eval.runner import run_cases
from eval.summary import summarize
from tests.live_server import free_port, serve

SUBSET = [
    "fact-disinformation",
    "acr-rff",
    "list-partners",
    "multi-rff",
    "other-who",
    "year-2019",
    "off-capital",
    "turn-eu",
]


@pytest.fixture(scope="module")
def live_url(seed_engine) -> Iterator[str]:
    """The app on the seed index served by uvicorn on a free port of 127.0.0.1."""
    from qa_service.app import create_app

    with serve(create_app(seed_engine.settings, engine=seed_engine)) as url:
        yield url


@pytest.fixture(scope="module")
def subset_file(tmp_path_factory) -> Path:
    lines = [line for line in CASES_PATH.read_text().splitlines() if json.loads(line)["id"] in SUBSET]
    path = tmp_path_factory.mktemp("cases") / "subset.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_over_http_gives_the_same_rows_as_in_process(live_url, client, subset_file):
    cases = load_cases(subset_file)
    with over_http(live_url) as remote:
        over_network = run_cases(remote, cases)
    in_proc = run_cases(ApiClient(client, "in-process"), cases)
    assert [r.id for r in over_network] == SUBSET
    for net, local in zip(over_network, in_proc, strict=True):
        assert [h["chunk_id"] for h in net.hits] == [h["chunk_id"] for h in local.hits], net.id
        assert (net.recall_curve, net.notice, net.answer, net.verdict) == (
            local.recall_curve,
            local.notice,
            local.answer,
            local.verdict,
        ), net.id
    headline = over_network[0]
    assert headline.recall_at(5) == 1.0 and headline.hits[0]["relevant"]
    assert next(r for r in over_network if r.id == "year-2019").notice  # the corpus has no 2019 submission


def test_cli_against_the_server_writes_the_report_and_prints_json(live_url, subset_file, tmp_path, capsys):
    assert main(["--url", live_url, "--cases", str(subset_file), "--out", str(tmp_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["cases"] == len(SUBSET) and summary["recall@5"] is not None
    folder = Path(summary["report"]).parent
    report = (folder / "report.md").read_text()
    for heading in ("## Summary", "## Failures", "## By category", "## Category `factual`"):
        assert heading in report
    assert report.index("## Failures") < report.index("## By category")  # failures come first
    rows = json.loads((folder / "rows.json").read_text())
    assert [r["id"] for r in rows["configs"]["service"]["rows"]] == SUBSET
    assert (folder / "recall_at_k-service.png").stat().st_size > 1000


def test_cli_reports_an_unreachable_service_as_one_line(tmp_path, capsys):
    assert main(["--url", f"http://127.0.0.1:{free_port()}", "--out", str(tmp_path)]) == 2
    assert "cannot reach the service" in capsys.readouterr().err


def test_answer_metrics_are_unavailable_when_the_service_has_no_chat(seed_engine, subset_file):
    """A service without /v1/chat (as before the chat endpoint): the real search and document routes only."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from qa_service.app import install_error_handlers
    from qa_service.routes import documents, health, search
    from qa_service.security.scopes import Security

    app = FastAPI()
    app.state.engine, app.state.settings = seed_engine, seed_engine.settings
    app.state.security = Security(seed_engine.settings)
    install_error_handlers(app)
    for module in (health, search, documents):
        app.include_router(module.router)
    with TestClient(app) as http:
        assert http.post("/v1/chat", json={"messages": []}).status_code == 404
        api = ApiClient(http, "in-process without chat")
        rows = run_cases(api, load_cases(subset_file))
    assert api.chat_available is False
    assert all(r.answer is None and r.abstained is None for r in rows)
    summary = summarize(rows)
    assert summary["key_fact_recall"] is None and summary["abstention_recall"] is None
    assert summary["recall@5"] is not None
    turn = next(r for r in rows if r.id == "turn-eu")
    assert turn.search_query is None and turn.verdict == "not judged"  # needs chat to resolve the follow-up


def test_a_rate_limited_service_is_waited_for_not_failed(seed_engine):
    """429 with Retry-After is honoured: the run is slower, the figures are the same."""
    from fastapi.testclient import TestClient

    from qa_service.app import create_app
    from qa_service.settings import RateLimit
    from tests.conftest import make_settings

    settings = make_settings(seed_engine.settings.index_dir, rate_limits={"search": RateLimit(rate=5, burst=1)})
    with TestClient(create_app(settings, engine=seed_engine)) as http:
        api = ApiClient(http, "rate limited")
        bodies = [api.search("iVerify disinformation", k=3)[0] for _ in range(3)]
    assert api.retries >= 1
    assert all(b["hits"] and b["hits"][0]["chunk_id"] == bodies[0]["hits"][0]["chunk_id"] for b in bodies)
