"""A Word file converted to PDF by LibreOffice in the test itself, then read back by both loaders.

The file is what an entity sends: header with the document symbol, footer with the job number
and PAGE/NUMPAGES fields, heading styles, two columns, a table, footnotes, automatic
hyphenation (bench/ingest_docx.py writes it). `make test` installs LibreOffice (`office` target).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import ingest_score
from bench.ingest_corpus import NOTES, TABLE, seed_record
from bench.ingest_docx import WordRecord, soffice, to_pdf, write_docx
from indexer.loaders import load_file


def require_soffice() -> None:
    if soffice():
        return
    if os.environ.get("QA_TEST_OFFICE"):
        pytest.fail("make's office target ran but soffice is missing: apt-get install -y libreoffice-writer-nogui")
    pytest.skip("LibreOffice is not installed (`make office` installs libreoffice-writer-nogui): not converted")


def short_record() -> WordRecord:
    """The seed submission's first paragraphs as a two-column UN record: two pages or so."""
    record = seed_record()
    record.paragraphs = record.paragraphs[:14]
    record.headings = {k: v for k, v in record.headings.items() if k < 14}
    record.footnotes = {2: NOTES[0], 9: NOTES[1]}
    record.table = TABLE
    record.columns = 2
    record.symbol, record.job = "A/76/PV.5", "21-26191 (E)"
    return record


def test_word_record_through_libreoffice(tmp_path: Path):
    require_soffice()
    record = short_record()
    docx_path = tmp_path / "record.docx"
    write_docx(record, docx_path)
    to_pdf([docx_path], tmp_path)
    pdf = load_file(tmp_path / "record.pdf")
    truth = record.truth()
    headings = [record.title, *(h for both in record.headings.values() for h in both.split("\n"))]
    pages = pdf.page_count or 0
    assert pages >= 2 and {page for _, page in pdf.page_starts} == set(range(1, pages + 1))
    body = ingest_score.body_text(pdf)
    assert ingest_score.similarity(truth, body) >= 0.99
    furniture = [record.symbol, record.job, "General Assembly", *(f"{n}/{pages}" for n in range(1, pages + 1))]
    assert ingest_score.leaked(pdf, furniture, truth) == 0
    # Every word LibreOffice hyphenated is whole again ('stand-' 'alone' is joined: a house-style
    # choice frequencies cannot make, counted as a wrong join by bench.ingest, not asserted here).
    assert ingest_score.hyphen_artifacts(truth, body)[0] == 0
    assert ingest_score.heading_recall(pdf, headings) == 1.0
    notes = [pdf.text[b.start : b.end] for b in pdf.blocks if b.kind == "footnote"]
    assert notes == [f"1 {NOTES[0]}", f"2 {NOTES[1]}"]
    assert [pdf.text[b.start : b.end] for b in pdf.blocks if b.kind == "table"] == [" | ".join(r) for r in TABLE]

    docx = load_file(docx_path)  # the same file as Word sent it: same text, no pages
    assert docx.page_count is None
    assert ingest_score.similarity(truth, ingest_score.body_text(docx)) >= 0.999
    assert ingest_score.heading_recall(docx, headings) == 1.0
