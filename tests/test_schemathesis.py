"""Schemathesis against the service's own /openapi.json: every check of ``schemathesis run --checks all``.

No server errors, every response as documented, schema-valid data accepted (ST202) and invalid
data refused (ST201), keys enforced where the schema says they are (ST401), 405s with the right
Allow; refusals the schema cannot express are named in schemathesis.toml and narrowed to their
error codes by tests/schemathesis_hooks.py. Bounded: at most ``EXAMPLES`` generated requests per
operation, positive and negative. The app serves a private copy of the seed corpus and index, so
generated uploads and deletions touch nothing shared; requests carry a key with every scope.
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
from schemathesis.checks import CHECKS

from qa_service.app import create_app
from qa_service.security.keys import SCOPES, KeyStore
from qa_service.settings import RateLimit, Settings
from tests.conftest import CORPUS, REPO

EXAMPLES = int(__import__("os").environ.get("SCHEMATHESIS_EXAMPLES", "25"))
ROOT = Path(tempfile.mkdtemp(prefix="wsis-schemathesis-"))
_, KEY = KeyStore(ROOT / "keys.json").add(sorted(SCOPES), name="schemathesis")
APP = create_app(
    Settings(
        corpus_dir=ROOT / "corpus",
        index_dir=ROOT / "index",
        keys_file=ROOT / "keys.json",
        reload_interval_s=0,
        rate_limits={s: RateLimit(rate=0, burst=1) for s in ("search", "chat", "admin")},
    )
)
# The project's schemathesis.toml (also read by the CLI), whatever the directory pytest runs from.
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", APP, config=schemathesis.config.SchemathesisConfig.from_path(REPO / "schemathesis.toml")
)


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
    assert "refused_only_for_inexpressible_rules" in CHECKS.get_all_names()  # the toml's hooks are loaded
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"})  # every registered check
