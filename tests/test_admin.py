"""Admin upload and delete: background re-index jobs on a private copy of the seed corpus and index."""

from __future__ import annotations

import fcntl
import io
import json
import os
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer import snapshot
from qa_service.app import create_app
from qa_service.engine import Engine
from qa_service.security.keys import KeyStore
from qa_service.settings import RateLimit, Settings

SEED_ID = "undp-2021-cstd25-wsis-submission"
UPLOAD_MD = b"""# Submission by the International Telecommunication Union

## Connectivity

In 2021 ITU connected 1,200 rural schools in the Pacific islands to broadband through the Giga
initiative, and trained 300 teachers on digital skills for remote learning.
"""


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Submission by UNESCO", level=1)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


@pytest.fixture
def admin(seed_copy, embedder):
    corpus, index = seed_copy
    unlimited = {s: RateLimit(rate=0, burst=1) for s in ("search", "chat", "admin")}
    keys_file = corpus.parent / "keys.json"
    _, admin_key = KeyStore(keys_file).add(["admin"], "ops")
    settings = Settings(
        corpus_dir=corpus, index_dir=index, reload_interval_s=0, rate_limits=unlimited, keys_file=keys_file
    )
    app = create_app(settings, engine=Engine(settings, embedder=embedder))
    with TestClient(app, headers={"X-API-Key": admin_key}) as client:
        yield client, corpus, index


def test_admin_routes_need_an_admin_key_even_when_keys_are_not_required(seed_copy, embedder):
    """The default set-up leaves reads open but never lets an anonymous client change the corpus."""
    corpus, index = seed_copy
    keys_file = corpus.parent / "keys.json"
    settings = Settings(corpus_dir=corpus, index_dir=index, reload_interval_s=0, keys_file=keys_file)
    assert settings.require_api_key is False
    app = create_app(settings, engine=Engine(settings, embedder=embedder))
    before = corpus_names(corpus)
    with TestClient(app) as client:
        assert client.get("/v1/search", params={"q": "disinformation"}).status_code == 200  # reads stay open
        refused = [
            client.post("/v1/admin/documents", files={"file": ("itu.md", UPLOAD_MD, "text/markdown")}),
            client.delete(f"/v1/admin/documents/{SEED_ID}"),
            client.get("/v1/admin/jobs"),
            client.get("/v1/admin/jobs/0123456789abcdef"),
        ]
        for response in refused:
            assert response.status_code == 401, response.text
            error = response.json()["error"]
            assert error["code"] == "unauthorized"
            assert "python -m qa_service.keys add --scopes admin" in error["message"]  # how to create one
        store = KeyStore(keys_file)
        _, search_key = store.add(["search", "chat"], "portal")
        _, admin_key = store.add(["admin"], "ops")
        anonymous = client.delete(f"/v1/admin/documents/{SEED_ID}")
        assert anonymous.status_code == 401 and "no key with that scope" not in anonymous.json()["error"]["message"]
        wrong_scope = client.delete(f"/v1/admin/documents/{SEED_ID}", headers={"X-API-Key": search_key})
        assert wrong_scope.status_code == 403 and wrong_scope.json()["error"]["code"] == "forbidden"
        assert client.get("/v1/admin/jobs", headers={"Authorization": f"Bearer {admin_key}"}).status_code == 200
    assert corpus_names(corpus) == before


def upload(client: TestClient, name: str, data: bytes, metadata: dict | str | None = None):
    form = {"metadata": metadata if isinstance(metadata, str) else json.dumps(metadata)} if metadata else None
    return client.post("/v1/admin/documents", files={"file": (name, data, "application/octet-stream")}, data=form)


def wait_job(client: TestClient, job_id: str, timeout: float = 300.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/admin/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s")


def corpus_names(corpus: Path) -> set[str]:
    return {p.name for p in corpus.iterdir() if not p.name.startswith(".")}


def doc_ids(client: TestClient) -> set[str]:
    return {d["id"] for d in client.get("/v1/documents").json()["documents"]}


def test_upload_is_indexed_in_the_background_and_served(admin):
    client, corpus, index = admin
    before = client.get("/readyz").json()["index_version"]
    accepted = upload(client, "../../ITU 2021 submission.md", UPLOAD_MD, {"entity": "ITU", "year": 2021})
    assert accepted.status_code == 202, accepted.text
    job = accepted.json()
    assert job["status"] in ("queued", "running") and job["file_name"] == "ITU-2021-submission.md"
    done = wait_job(client, job["id"])
    assert done["status"] == "succeeded", done
    assert done["snapshot"] != before and client.get("/readyz").json()["index_version"] == done["snapshot"]
    assert "ITU-2021-submission.md" in corpus_names(corpus)
    assert json.loads((corpus / "ITU-2021-submission.md.meta.json").read_text()) == {"entity": "ITU", "year": 2021}
    assert doc_ids(client) == {SEED_ID, "ITU-2021-submission"}
    hits = client.get("/v1/search", params={"q": "rural schools broadband Pacific", "k": 3}).json()["hits"]
    assert hits[0]["document"]["id"] == "ITU-2021-submission"
    assert hits[0]["document"]["entity"] == "ITU" and hits[0]["document"]["year"] == 2021
    assert snapshot.verify(snapshot.current_path(index))  # type: ignore[arg-type]
    assert not list((corpus / ".incoming").iterdir())  # nothing left staged


def test_old_snapshot_is_served_until_the_new_one_is_published(admin):
    client, _, index = admin
    before = client.get("/readyz").json()["index_version"]
    with (index / ".lock").open("w") as lock:  # hold the indexer's lock: the job's build must wait
        fcntl.flock(lock, fcntl.LOCK_EX)
        job = upload(client, "itu.md", UPLOAD_MD).json()
        deadline = time.monotonic() + 60
        while client.get(f"/v1/admin/jobs/{job['id']}").json()["status"] != "running":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.5)
        assert client.get("/readyz").json()["index_version"] == before
        assert client.get("/v1/search", params={"q": "disinformation"}).json()["index_version"] == before
        assert doc_ids(client) == {SEED_ID}
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert wait_job(client, job["id"])["status"] == "succeeded"
    assert doc_ids(client) == {SEED_ID, "itu"}


def test_docx_and_pdf_uploads_and_a_deletion(admin):
    client, corpus, _ = admin
    text = "In 2021 UNESCO published guidelines on media and information literacy for 40 countries."
    first = upload(client, "unesco.docx", docx_bytes(text)).json()
    second = upload(client, "wipo", pdf_bytes("WIPO in 2021 ran an intellectual property academy online.")).json()
    assert second["file_name"] == "wipo.pdf"  # no suffix given: the one the bytes call for
    assert wait_job(client, first["id"])["status"] == "succeeded"
    assert wait_job(client, second["id"])["status"] == "succeeded"
    assert doc_ids(client) == {SEED_ID, "unesco", "wipo"}
    detail = client.get("/v1/documents/unesco").json()
    assert "media and information literacy" in detail["text"]

    deleted = client.delete("/v1/admin/documents/unesco")
    assert deleted.status_code == 202
    assert wait_job(client, deleted.json()["id"])["status"] == "succeeded"
    assert doc_ids(client) == {SEED_ID, "wipo"}
    assert "unesco.docx" not in corpus_names(corpus) and not list((corpus / ".trash").iterdir())
    assert client.delete("/v1/admin/documents/unesco").status_code == 404


def test_a_file_that_fails_to_parse_fails_its_job_and_changes_nothing(admin):
    client, corpus, index = admin
    before_names, before_version = corpus_names(corpus), snapshot.current_name(index)
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    job = upload(client, "report.pdf", broken)
    assert job.status_code == 202
    done = wait_job(client, job.json()["id"])
    assert done["status"] == "failed" and "cannot be read" in done["error"]
    assert corpus_names(corpus) == before_names and snapshot.current_name(index) == before_version
    assert not list((corpus / ".incoming").iterdir())


def test_a_failed_build_puts_the_corpus_back(admin, monkeypatch):
    client, corpus, index = admin
    import qa_service.admin.service as service

    def broken_build(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(service, "build", broken_build)
    before = corpus_names(corpus), snapshot.current_name(index)
    done = wait_job(client, upload(client, "itu.md", UPLOAD_MD).json()["id"])
    assert done["status"] == "failed" and "OSError" in done["error"]
    done = wait_job(client, client.delete(f"/v1/admin/documents/{SEED_ID}").json()["id"])
    assert done["status"] == "failed"
    assert (corpus_names(corpus), snapshot.current_name(index)) == before


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("photo.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "unsupported_media_type"),
        ("report.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "content_type_mismatch"),
        ("page.md", b"<!DOCTYPE html><html><body><p>hi</p></body></html>", "content_type_mismatch"),
        ("notes.html", b"just some plain words, no markup", "content_type_mismatch"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "unsupported_media_type"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 100, "unsupported_media_type"),
        ("script.sh", b"#!/bin/sh\nrm -rf /\n", "unsupported_media_type"),
        ("latin1.txt", "caf\u00e9 cr\u00e8me".encode("latin-1"), "unsupported_media_type"),
        ("empty.txt", b"  \n ", "empty_file"),
    ],
)
def test_content_is_checked_from_the_bytes(admin, name, data, code):
    client, corpus, _ = admin
    before = corpus_names(corpus)
    response = upload(client, name, data)
    assert response.status_code in (415, 422), response.text
    assert response.json()["error"]["code"] == code
    assert corpus_names(corpus) == before


def test_a_zip_that_is_not_a_word_document_is_refused(admin):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    response = upload(admin[0], "sheet.docx", buffer.getvalue())
    assert (response.status_code, response.json()["error"]["code"]) == (415, "unsupported_media_type")


def test_no_overwriting_by_name_or_document_id(admin):
    client, corpus, _ = admin
    seed = (corpus / f"{SEED_ID}.txt").read_bytes()
    for name in (f"{SEED_ID}.txt", f"{SEED_ID}.md", f"sub/../{SEED_ID}.txt"):
        response = upload(client, name, UPLOAD_MD)
        assert (response.status_code, response.json()["error"]["code"]) == (409, "document_exists")
    first = upload(client, "itu.md", UPLOAD_MD)
    assert first.status_code == 202
    assert upload(client, "itu.txt", UPLOAD_MD).status_code == 409  # same id, still on its way in
    assert wait_job(client, first.json()["id"])["status"] == "succeeded"
    assert upload(client, "itu.md", b"# other\n\ntext").status_code == 409
    assert (corpus / f"{SEED_ID}.txt").read_bytes() == seed and (corpus / "itu.md").read_bytes() == UPLOAD_MD


def test_symlinks_are_never_followed(admin, tmp_path):
    client, corpus, _ = admin
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = elsewhere / "outside.md"
    outside.write_text("precious")
    os.symlink(outside, corpus / "evil.md")  # a planted link under an unused document name
    done = wait_job(client, upload(client, "evil.md", UPLOAD_MD).json()["id"])
    assert done["status"] == "failed" and "already exists" in done["error"]
    assert outside.read_text() == "precious" and os.path.islink(corpus / "evil.md")

    (corpus / ".incoming").rmdir()
    os.symlink(elsewhere, corpus / ".incoming")  # a planted staging folder
    refused = upload(client, "fine.md", UPLOAD_MD)
    assert (refused.status_code, refused.json()["error"]["code"]) == (503, "storage_error")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["outside.md"]


def test_metadata_must_be_known_fields(admin):
    client, corpus, _ = admin
    before = corpus_names(corpus)
    for bad in ({"entity": "ITU", "owner": "root"}, {"year": "twenty"}, "{not json", "[1, 2]"):
        response = upload(client, "itu.md", UPLOAD_MD, bad)
        assert (response.status_code, response.json()["error"]["code"]) == (422, "invalid_metadata"), bad
    assert corpus_names(corpus) == before


def test_upload_size_limit(seed_copy, embedder):
    corpus, index = seed_copy
    keys_file = corpus.parent / "keys.json"
    _, admin_key = KeyStore(keys_file).add(["admin"], "ops")
    settings = Settings(
        corpus_dir=corpus, index_dir=index, reload_interval_s=0, max_upload_bytes=1000, keys_file=keys_file
    )
    app = create_app(settings, engine=Engine(settings, embedder=embedder))
    with TestClient(app, headers={"X-API-Key": admin_key}) as client:
        response = upload(client, "big.md", b"word " * 400)
        assert (response.status_code, response.json()["error"]["code"]) == (413, "body_too_large")
        response = upload(client, "huge.md", b"word " * 100_000)  # refused by the body limit before parsing
        assert (response.status_code, response.json()["error"]["code"]) == (413, "body_too_large")


def test_unknown_jobs(admin):
    client = admin[0]
    for job_id in ("0" * 32, "../../etc/passwd", "x"):
        response = client.get(f"/v1/admin/jobs/{job_id}")
        assert response.status_code == 404
