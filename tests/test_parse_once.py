"""An uploaded file is parsed once, in the capped child; the build takes the child's result."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

import indexer.build
from indexer import parsed_cache
from indexer.loaders import load_file
from qa_service.app import create_app
from qa_service.engine import Engine
from qa_service.security.keys import KeyStore
from qa_service.settings import RateLimit, Settings
from tests.conftest import SEED

NOTE = "# Niue\n\nNiue connected its outer villages to a solar-powered community Wi-Fi mesh in 2023.\n"


def test_a_parsed_document_round_trips_and_misses_when_anything_changes(tmp_path, monkeypatch):
    doc = load_file(SEED)
    entry = parsed_cache.store(tmp_path, "ab" * 32, SEED.suffix, doc)
    assert entry.name.startswith("ab" * 32 + ".txt-")
    again = parsed_cache.fetch(tmp_path, "ab" * 32, Path("/corpus/elsewhere.txt"))
    assert again is not None and again.source_path == "/corpus/elsewhere.txt"
    assert (again.text, again.blocks, again.format, again.hints) == (doc.text, doc.blocks, doc.format, doc.hints)
    assert parsed_cache.fetch(tmp_path, "cd" * 32, SEED) is None  # other bytes
    assert parsed_cache.fetch(tmp_path, "ab" * 32, Path("x.md")) is None  # parsed as another format
    monkeypatch.setattr(parsed_cache, "loader_version", lambda: "other-loaders")
    assert parsed_cache.fetch(tmp_path, "ab" * 32, SEED) is None  # parsed by other code


def test_a_corrupt_entry_is_parsed_afresh(tmp_path):
    parsed_cache.entry_path(tmp_path, "ef" * 32, ".txt").write_text("{not json", encoding="utf-8")
    assert parsed_cache.fetch(tmp_path, "ef" * 32, SEED) is None


def test_the_build_does_not_parse_an_uploaded_file_again(seed_copy, embedder, monkeypatch):
    corpus, index = seed_copy
    parsed_here: list[str] = []

    def recording_load_file(path: Path):
        parsed_here.append(path.name)
        return load_file(path)

    monkeypatch.setattr(indexer.build, "load_file", recording_load_file)
    keys_file = corpus.parent / "keys.json"
    _, admin_key = KeyStore(keys_file).add(["admin"], "ops")
    unlimited = {s: RateLimit(rate=0, burst=1) for s in ("search", "chat", "admin")}
    settings = Settings(
        corpus_dir=corpus, index_dir=index, reload_interval_s=0, rate_limits=unlimited, keys_file=keys_file
    )
    app = create_app(settings, engine=Engine(settings, embedder=embedder))
    with TestClient(app, headers={"X-API-Key": admin_key}) as client:
        accepted = client.post("/v1/admin/documents", files={"file": ("niue-2023.md", NOTE.encode(), "text/markdown")})
        assert accepted.status_code == 202
        deadline = time.monotonic() + 120
        while (job := client.get(f"/v1/admin/jobs/{accepted.json()['id']}").json())["status"] in ("queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert job["status"] == "succeeded", job
        hits = client.get("/v1/search", params={"q": "solar-powered Wi-Fi mesh Niue"}).json()["hits"]
        assert hits[0]["document"]["id"] == "niue-2023"
        assert hits[0]["document"]["title"]  # what the child parsed carries through to the index
    assert "niue-2023.md" not in parsed_here  # the child parsed it; the service process did not
    assert not list(corpus.glob(".incoming/*"))  # the staged file and its parsed form are gone
