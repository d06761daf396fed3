"""Schemathesis against the service's own /openapi.json: no server errors, every response as documented.

Bounded: at most ``EXAMPLES`` generated requests per operation. The app serves a private
copy of the seed corpus and index, so generated uploads and deletions touch nothing shared.
(The app is made at import because schemathesis needs its schema to parametrize the test;
``schemathesis.pytest.from_fixture`` does not work with pytest 9. The fixture fills its
folders and gives it the session's model before anything runs.)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from qa_service.app import create_app
from qa_service.settings import RateLimit, Settings
from tests.conftest import CORPUS

EXAMPLES = int(__import__("os").environ.get("SCHEMATHESIS_EXAMPLES", "25"))
ROOT = Path(tempfile.mkdtemp(prefix="wsis-schemathesis-"))
APP = create_app(
    Settings(
        corpus_dir=ROOT / "corpus",
        index_dir=ROOT / "index",
        reload_interval_s=0,
        rate_limits={s: RateLimit(rate=0, burst=1) for s in ("search", "chat", "admin")},
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def serving(seed_index, embedder):
    shutil.copytree(CORPUS, ROOT / "corpus")
    shutil.copytree(seed_index, ROOT / "index")
    APP.state.engine.embedder = embedder  # the session's model, already loaded
    try:
        with TestClient(APP):  # runs the lifespan: index and job worker started once
            yield
    finally:
        shutil.rmtree(ROOT, ignore_errors=True)


@pytest.mark.timeout(1800)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    )
