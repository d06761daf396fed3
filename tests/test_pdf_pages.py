"""Every search hit and chat citation over a PDF carries the page of its own char_start; DOCX has none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.ingest_fpdf import Record, write
from indexer.document import page_at
from tests.conftest import make_settings
from tests.test_pdf_loader import seed_record


@pytest.fixture(scope="module")
def pdf_corpus(tmp_path_factory) -> tuple[Path, Record]:
    import docx

    corpus = tmp_path_factory.mktemp("pdf-corpus")
    record = write(seed_record(columns=2, footnotes={4: "See A/RES/70/125."}), corpus / "undp-2021-record.pdf")
    document = docx.Document()
    document.add_heading("Broadband", level=1)
    document.add_paragraph("In 2022, ITU expanded broadband mapping in 40 countries.")
    document.save(str(corpus / "itu-2022.docx"))
    return corpus, record


@pytest.fixture(scope="module")
def pdf_client(pdf_corpus, tmp_path_factory, embedder) -> Iterator:
    from fastapi.testclient import TestClient

    from indexer.build import build
    from qa_service.app import create_app
    from qa_service.engine import Engine

    index = tmp_path_factory.mktemp("pdf-index")
    build(pdf_corpus[0], index, embedder)
    engine = Engine(make_settings(index), embedder=embedder)
    engine.start(watch=False)
    with TestClient(create_app(engine.settings, engine=engine)) as client:
        yield client


def true_page(record: Record, quote: str) -> int | None:
    """The page a quote is on, when the paragraph holding it lies on one page."""
    for paragraph, first, last in zip(
        record.paragraphs, record.paragraph_pages, record.paragraph_end_pages, strict=True
    ):
        if quote[:60] in paragraph and first == last:
            return first
    return None


def test_hits_and_citations_carry_the_page_of_their_start(pdf_client, pdf_corpus):
    record = pdf_corpus[1]
    pdf_id = next(d["id"] for d in pdf_client.get("/v1/documents").json()["documents"] if d["format"] == "pdf")
    detail = pdf_client.get(f"/v1/documents/{pdf_id}").json()
    starts = detail["page_starts"]
    assert {page for _, page in starts} == set(range(1, record.page_count + 1))
    assert all(span["page"] == page_at(starts, span["char_start"]) for span in detail["chunk_map"])
    checked = 0
    for question in ("What did UNDP do on disinformation?", "digital public infrastructure", "e-health in Africa"):
        hits = pdf_client.get("/v1/search", params={"q": question, "k": 10}).json()["hits"]
        for hit in hits:
            if hit["document"]["id"] == pdf_id:
                assert hit["page"] == page_at(starts, hit["char_start"])
        body = pdf_client.post("/v1/chat", json={"messages": [{"role": "user", "content": question}]}).json()
        for citation in body["citations"]:
            assert citation["page"] == page_at(starts, citation["char_start"])
            truth = true_page(record, citation["quote"])
            if truth is not None:
                assert citation["page"] == truth
                checked += 1
    assert checked >= 1


def test_docx_has_no_pages(pdf_client):
    docs = pdf_client.get("/v1/documents").json()["documents"]
    docx_id = next(d["id"] for d in docs if d["format"] == "docx")
    detail = pdf_client.get(f"/v1/documents/{docx_id}").json()
    assert detail["page_starts"] == [] and all(span["page"] is None for span in detail["chunk_map"])
    hits = pdf_client.get("/v1/search", params={"q": "broadband mapping", "k": 3}).json()["hits"]
    assert any(h["document"]["id"] == docx_id and h["page"] is None for h in hits)
    schema = pdf_client.get("/openapi.json").json()["components"]["schemas"]
    assert "DOCX" in schema["SearchHit"]["properties"]["page"]["description"]
    assert "DOCX" in schema["CitationModel"]["properties"]["page"]["description"]


def test_a_store_written_before_page_starts_still_reads(tmp_path: Path):
    import sqlite3

    from indexer import store
    from indexer.documents import SnapshotDocuments

    row = store.DocumentRow("d", "d.pdf", "0" * 64, "pdf", "One. Two.", {}, 2, {}, [(0, 1), (5, 2)])
    path = tmp_path / "store.sqlite"
    store.create(path, [row], [])
    with sqlite3.connect(path) as conn:
        assert SnapshotDocuments(store.connect_readonly(path))["d"].page_of(6) == 2
        conn.execute("ALTER TABLE documents DROP COLUMN page_starts")  # the schema of older snapshots
    old = SnapshotDocuments(store.connect_readonly(path))["d"]
    assert old.page_starts == [] and old.page_of(6, fallback=1) == 1 and old.text == "One. Two."
