"""API keys: the hashed store, the CLI, and the scope matrix (every route x every kind of credential)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from qa_service.app import create_app
from qa_service.security.keys import KeyStore
from qa_service.security.scopes import api_routes, route_scopes, undeclared_routes
from qa_service.settings import RateLimit, Settings
from tests.conftest import CORPUS, REPO

SEED_ID = "undp-2021-cstd25-wsis-submission"
MESSAGES = [{"role": "user", "content": "What did UNDP do on disinformation in 2021?"}]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# The scope each route must declare, decided here and not read from the code under test.
EXPECTED_SCOPE = {
    "/healthz": "public",
    "/readyz": "public",
    "/": "public",
    "/widget/example": "public",
    "/web/action-lines": "public",
    "/docs": "public",
    "/redoc": "public",
    "/api-docs/assets/redoc.standalone.js": "public",
    "/v1/search": "search",
    "/v1/documents": "search",
    "/v1/documents/{doc_id}": "search",
    "/v1/digest": "search",
    "/metrics": "admin",
    "/v1/admin/documents": "admin",
    "/v1/admin/documents/{doc_id}": "admin",
    "/v1/admin/jobs": "admin",
    "/v1/admin/jobs/{job_id}": "admin",
    "/v1/chat": "chat",
    "/v1/chat/completions": "chat",
    "/v1/models": "chat",
}
# One harmless request per route: admin requests are refused after the scope check (415, 404),
# so that no test here starts a re-index job.
SAMPLES: dict[tuple[str, str], dict[str, object]] = {
    ("GET", "/healthz"): {},
    ("GET", "/readyz"): {},
    ("GET", "/"): {},
    ("GET", "/widget/example"): {},
    ("GET", "/web/action-lines"): {},
    ("GET", "/docs"): {},
    ("GET", "/redoc"): {},
    ("GET", "/api-docs/assets/redoc.standalone.js"): {},
    ("GET", "/v1/search"): {"params": {"q": "disinformation"}},
    ("POST", "/v1/search"): {"json": {"q": "disinformation"}},
    ("GET", "/v1/documents"): {},
    ("GET", "/v1/documents/{doc_id}"): {"path": f"/v1/documents/{SEED_ID}"},
    ("GET", "/v1/digest"): {"params": {"year": 2021, "action_line": "C7"}},
    ("GET", "/metrics"): {},
    ("POST", "/v1/admin/documents"): {"files": {"file": ("picture.txt", PNG, "text/plain")}},
    ("DELETE", "/v1/admin/documents/{doc_id}"): {"path": "/v1/admin/documents/no-such-document"},
    ("GET", "/v1/admin/jobs"): {},
    ("GET", "/v1/admin/jobs/{job_id}"): {"path": "/v1/admin/jobs/" + "0" * 32},
    ("POST", "/v1/chat"): {"json": {"messages": MESSAGES}},
    ("POST", "/v1/chat/completions"): {"json": {"model": "wsis-qa", "messages": MESSAGES}},
    ("GET", "/v1/models"): {},
}


def all_routes() -> list[tuple[str, str]]:
    app = create_app(Settings(reload_interval_s=0))
    return sorted((m, path) for methods, path, _ in api_routes(app) for m in methods if m != "HEAD")


ROUTES = all_routes()
assert len(ROUTES) >= 17, ROUTES  # the walk must see through included routers
CREDENTIALS = ["none", "bad", "revoked", "search", "chat", "admin"]


@pytest.fixture(scope="module")
def keyed(tmp_path_factory, seed_index, embedder):
    """An app requiring keys, on a private copy of the seed index, with one key per scope."""
    from qa_service.engine import Engine

    root = tmp_path_factory.mktemp("keyed")
    shutil.copytree(CORPUS, root / "corpus")
    shutil.copytree(seed_index, root / "index")
    unlimited = {s: RateLimit(rate=0, burst=1) for s in ("search", "chat", "admin")}
    settings = Settings(
        index_dir=root / "index",
        corpus_dir=root / "corpus",
        reload_interval_s=0,
        require_api_key=True,
        keys_file=root / "keys.json",
        rate_limits=unlimited,
    )
    store = KeyStore(settings.keys_file)
    keys = {scope: store.add([scope], f"{scope}-key")[1] for scope in ("search", "chat", "admin")}
    revoked_record, keys["revoked"] = store.add(["search", "chat", "admin"], "old")
    store.revoke(revoked_record.id)
    keys["bad"] = keys["search"][:-4] + "AAAA"
    app = create_app(settings, engine=Engine(settings, embedder=embedder))
    with TestClient(app) as client:
        yield client, keys


def send(client: TestClient, method: str, path: str, headers: dict[str, str]):
    sample = dict(SAMPLES[(method, path)])
    url = str(sample.pop("path", path))
    return client.request(method, url, headers=headers, **sample)  # type: ignore[arg-type]


def auth_headers(credential: str, keys: dict[str, str]) -> dict[str, str]:
    if credential == "none":
        return {}
    key = keys[credential]
    # Both ways of sending a key are exercised across the matrix.
    return {"X-API-Key": key} if credential in ("chat", "bad") else {"Authorization": f"Bearer {key}"}


# -- the store ---------------------------------------------------------------------------
def test_store_keeps_only_hashes_and_authenticates(tmp_path):
    store = KeyStore(tmp_path / "keys.json")
    record, key = store.add(["search", "chat"], "portal-x")
    raw = (tmp_path / "keys.json").read_text()
    assert key not in raw and key.split("_", 2)[2] not in raw
    assert stat.S_IMODE((tmp_path / "keys.json").stat().st_mode) == 0o600
    assert store.authenticate(key) == record
    for wrong in ["", key + "x", key[:-1], "wsq_" + record.id + "_guess", "Bearer " + key, key.replace("wsq", "xyz")]:
        assert store.authenticate(wrong) is None


def test_revocation_by_another_process_is_seen_without_restart(tmp_path):
    serving = KeyStore(tmp_path / "keys.json")
    _, key = KeyStore(tmp_path / "keys.json").add(["search"], "p")
    assert serving.authenticate(key) is not None
    KeyStore(tmp_path / "keys.json").revoke("p")
    assert serving.authenticate(key) is None


def test_missing_key_file_refuses_every_key(tmp_path):
    assert KeyStore(tmp_path / "absent.json").authenticate("wsq_0123456789ab_x") is None


def test_settings_name_the_key_file_both_ways(tmp_path, monkeypatch):
    monkeypatch.setenv("QA_API_KEYS_FILE", str(tmp_path / "env.json"))
    assert Settings().keys_file == tmp_path / "env.json"
    assert Settings(keys_file=tmp_path / "arg.json").keys_file == tmp_path / "arg.json"


def test_cli_add_list_revoke(tmp_path):
    env = {**os.environ, "QA_API_KEYS_FILE": str(tmp_path / "keys.json")}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "qa_service.keys", *args], cwd=REPO, env=env, capture_output=True, text=True
        )

    added = cli("add", "--scopes", "search,chat", "--name", "portal-x")
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip().splitlines()[-1]
    assert key.startswith("wsq_") and " " not in key
    assert KeyStore(tmp_path / "keys.json").authenticate(key).scopes == ["chat", "search"]  # type: ignore[union-attr]
    listed = cli("list", "--json")
    assert key not in listed.stdout and json.loads(listed.stdout)[0]["name"] == "portal-x"
    assert cli("add", "--scopes", "search,root").returncode == 1
    assert cli("add", "--scopes", "search", "--name", "portal-x").returncode == 1  # an active name is unique
    assert cli("revoke", "portal-x").returncode == 0
    assert KeyStore(tmp_path / "keys.json").authenticate(key) is None
    assert cli("revoke", "portal-x").returncode == 1


# -- every route declares a scope ---------------------------------------------------------
def test_every_route_declares_exactly_one_scope():
    app = create_app(Settings(reload_interval_s=0))
    assert undeclared_routes(app) == []
    for _, path, dependant in api_routes(app):
        assert route_scopes(dependant) == [EXPECTED_SCOPE[path]], path


def test_a_route_without_a_scope_is_caught():
    app = create_app(Settings(reload_interval_s=0))

    @app.get("/v1/forgotten")
    def forgotten() -> dict[str, str]:
        return {}

    assert undeclared_routes(app) == ["GET /v1/forgotten"]
    router = APIRouter()
    router.post("/v1/also-forgotten")(forgotten)
    app.include_router(router)
    assert undeclared_routes(app) == ["GET /v1/forgotten", "POST /v1/also-forgotten"]


def test_every_route_has_a_sample_request():
    missing = [r for r in ROUTES if r not in SAMPLES]
    assert not missing, f"add a sample request and an expected scope for {missing}"


# -- the matrix -----------------------------------------------------------------------------
@pytest.mark.parametrize("credential", CREDENTIALS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r[0]} {r[1]}" if isinstance(r, tuple) else str(r))
def test_scope_matrix(keyed, route, credential):
    client, keys = keyed
    method, path = route
    scope = EXPECTED_SCOPE[path]
    response = send(client, method, path, auth_headers(credential, keys))
    assert response.status_code < 500, response.text
    if scope == "public":
        assert response.status_code == 200
    elif credential in ("none", "bad", "revoked"):
        assert response.status_code == 401, response.text
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    elif credential == scope:
        assert response.status_code not in (401, 403), response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "forbidden"


def test_admin_sample_requests_pass_the_scope_check_for_the_right_reason(keyed):
    client, keys = keyed
    headers = {"Authorization": f"Bearer {keys['admin']}"}
    assert send(client, "POST", "/v1/admin/documents", headers).json()["error"]["code"] == "unsupported_media_type"
    assert send(client, "DELETE", "/v1/admin/documents/{doc_id}", headers).status_code == 404
    assert send(client, "GET", "/v1/admin/jobs", headers).json() == {"jobs": []}


def test_keys_off_by_default(client):
    assert client.get("/v1/search", params={"q": "disinformation"}).status_code == 200
