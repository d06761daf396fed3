"""The PDF loader on UN-style records: furniture, columns, hyphens, headings, footnotes, tables, pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import ingest_score
from bench.ingest_fpdf import PAGE_NUMBER_STYLES, Record, latin1, write
from indexer.document import page_at
from indexer.loaders import LoadError, load_file
from indexer.loaders.pdf_furniture import is_marker
from tests.conftest import SEED


def seed_record(**options) -> Record:
    """The seed submission's paragraphs and headings, as a record to lay out."""
    doc = load_file(SEED)
    paragraphs: list[str] = []
    headings: dict[int, str] = {}
    for block in doc.blocks:
        text = latin1(doc.text[block.start : block.end])
        if block.kind == "heading" and len(text.split()) <= 12:
            headings[len(paragraphs)] = text
        elif block.kind != "heading":
            paragraphs.append(text)
    return Record(paragraphs, headings=headings, **options)


def truth_text(record: Record) -> str:
    return "\n".join(
        (record.headings[i] + "\n" if i in record.headings else "") + p for i, p in enumerate(record.paragraphs)
    )


@pytest.mark.parametrize("style", PAGE_NUMBER_STYLES)
@pytest.mark.parametrize("columns", [1, 2])
def test_un_record_text_is_the_speech_and_nothing_else(tmp_path: Path, style: str, columns: int):
    record = write(
        seed_record(page_style=style, columns=columns, footnotes={1: "See A/RES/70/125."}), tmp_path / "r.pdf"
    )
    assert record.page_count >= 2 and record.hyphenated  # the fixture does test what it claims to
    doc = load_file(tmp_path / "r.pdf")
    assert ingest_score.similarity(truth_text(record), ingest_score.body_text(doc)) >= 0.99
    furniture = [record.symbol, record.job, "General Assembly"]
    if style != "{n}":
        furniture += [style.format(n=n, total=record.page_count) for n in range(1, record.page_count + 1)]
    assert ingest_score.leaked(doc, furniture) == 0
    assert ingest_score.hyphen_leftovers(doc, record.hyphenated) == 0
    assert all(word.lower() in doc.text.lower() for word in record.hyphenated)
    assert ingest_score.heading_recall(doc, list(record.headings.values())) == 1.0
    assert ingest_score.pages_right(doc, record.paragraphs, record.paragraph_pages)[0] == len(
        [p for p in record.paragraphs if len(" ".join(p.split()[:8])) >= 20]
    )
    notes = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "footnote"]
    assert notes == ["1 See A/RES/70/125."]


def test_paragraph_over_a_page_break_is_one_block_and_pages_start_inside_it(tmp_path: Path):
    # Two columns with a long footnote: some paragraph runs over the page break.
    record = write(seed_record(columns=2, footnotes={3: "Note."}), tmp_path / "r.pdf")
    doc = load_file(tmp_path / "r.pdf")
    spanning = [
        p
        for p, a, b in zip(record.paragraphs, record.paragraph_pages, record.paragraph_end_pages, strict=True)
        if a != b
    ]
    assert spanning
    found = 0
    for block in doc.blocks:
        text = doc.text[block.start : block.end]
        for paragraph in spanning:
            if text == paragraph:
                found += 1
                first, last = page_at(doc.page_starts, block.start), page_at(doc.page_starts, block.end - 1)
                assert last == first + 1  # a citation of its last sentence gets the next page
    assert found >= 1


def test_headings_rank_by_font_size_into_levels(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for size, style, text in [
        (16, "B", "1. Introduction"),
        (12, "B", "1.1 Scope of the submission"),
        (10, "", "The entity reports on its work in 2021 for the information society."),
        (12, "B", "1.2 Partners"),
        (10, "", "Work was done with ITU and UNESCO across forty countries."),
    ]:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.6, text)
        pdf.ln(4)
    pdf.output(str(tmp_path / "h.pdf"))
    doc = load_file(tmp_path / "h.pdf")
    headings = [(b.level, doc.text[b.start : b.end]) for b in doc.blocks if b.kind == "heading"]
    assert headings == [(1, "1. Introduction"), (2, "1.1 Scope of the submission"), (2, "1.2 Partners")]


def test_table_rows_are_cells(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Projects by region are listed below.")
    with pdf.table(col_widths=(40, 40, 40), width=120) as table:
        for row in [("Region", "Projects", "Budget"), ("Africa", "12", "4.5"), ("Asia", "9", "3.1")]:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.output(str(tmp_path / "t.pdf"))
    doc = load_file(tmp_path / "t.pdf")
    rows = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "table"]
    assert rows == ["Region | Projects | Budget", "Africa | 12 | 4.5", "Asia | 9 | 3.1"]


@pytest.mark.parametrize(
    "rows",
    [
        [("Region of the world", "Projects under way", "Budget in millions"), ("Sub-Saharan Africa", "Twelve", "4.5")],
        [("Region of the world", "Projects under way"), ("Asia and the Pacific", "Nine regional projects")],
    ],
)
def test_table_cells_parted_by_borders_however_close(tmp_path: Path, rows: list[tuple[str, ...]]):
    """Cells filled to their borders are a word space apart: the drawn borders part them."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Projects by region are listed below.")
    with pdf.table(col_widths=(40,) * len(rows[0]), width=40 * len(rows[0])) as table:
        for row in rows:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.multi_cell(0, 6, "The table ends here and the text goes on.")
    pdf.output(str(tmp_path / "t.pdf"))
    doc = load_file(tmp_path / "t.pdf")
    assert [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks] == [
        ("paragraph", "Projects by region are listed below."),
        *(("table", " | ".join(row)) for row in rows),
        ("paragraph", "The table ends here and the text goes on."),
    ]


def test_pdf_with_an_empty_user_password_opens(tmp_path: Path):
    record = write(seed_record(encrypt_empty_password=True), tmp_path / "locked.pdf")
    assert b"/Encrypt" in (tmp_path / "locked.pdf").read_bytes()
    doc = load_file(tmp_path / "locked.pdf")
    assert ingest_score.similarity(truth_text(record), ingest_score.body_text(doc)) >= 0.99


def test_pdf_that_needs_a_password_is_a_clear_error(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(text="secret")
    pdf.set_encryption(owner_password="o", user_password="u")
    pdf.output(str(tmp_path / "secret.pdf"))
    with pytest.raises(LoadError, match="needs a password"):
        load_file(tmp_path / "secret.pdf")


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        ("3", True),
        ("- 3 -", True),
        ("3/18", True),
        ("Page 3 of 18", True),
        ("A/76/PV.3", True),
        ("E/CN.16/2021/2", True),
        ("21-12345 (E)", True),
        ("21-12345 (E) 3/18", True),
        ("A/76/PV.3 21-12345 (E)", True),
        ("General Assembly", False),
        ("In 2021, 40 countries", False),
        ("1 See resolution 74/1.", False),
    ],
)
def test_markers(text: str, furniture: bool):
    assert is_marker(text) is furniture


def rasterise(source: Path, target: Path, dpi: int = 150) -> None:
    """A 'scanned' copy of a PDF: each page an image, no text layer."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(source)
    images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(pdf))]
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    pdf.close()


def short_record(paragraphs: int) -> Record:
    record = seed_record(columns=2)
    record.paragraphs = record.paragraphs[:paragraphs]
    record.headings = {k: v for k, v in record.headings.items() if k < paragraphs}
    return record


def test_scanned_pdf_is_read_by_tesseract_and_marked(tmp_path: Path):
    from indexer.loaders.pdf_ocr import tesseract

    assert tesseract(), "Tesseract is not installed: `make test` installs Debian's tesseract-ocr"
    record = write(short_record(16), tmp_path / "clean.pdf")  # two pages: a running header repeats
    assert record.page_count == 2
    rasterise(tmp_path / "clean.pdf", tmp_path / "scan.pdf")
    doc = load_file(tmp_path / "scan.pdf")
    assert doc.hints["ocr"] == "tesseract"
    assert ingest_score.similarity(truth_text(record), ingest_score.body_text(doc)) >= 0.97
    assert ingest_score.leaked(doc, [record.symbol, record.job, "General Assembly"]) == 0
    assert doc.page_starts[0] == (0, 1) and {page for _, page in doc.page_starts} == {1, 2}
    # Headings by their size against the body's word heights (OCR gives no font), and no others.
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == list(record.headings.values())


def test_scanned_pdf_without_tesseract_names_the_missing_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from indexer.loaders import pdf_ocr

    write(short_record(4), tmp_path / "clean.pdf")
    rasterise(tmp_path / "clean.pdf", tmp_path / "scan.pdf", dpi=50)
    monkeypatch.setattr(pdf_ocr.shutil, "which", lambda name: None)
    with pytest.raises(LoadError, match="tesseract-ocr"):
        load_file(tmp_path / "scan.pdf")


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [
        ("imple", "mentation", True),  # a break: one word
        ("co", "operation", True),  # 'cooperation' is a word
        ("poor", "est", True),  # a word with an ending
        ("Guter", "res", True),  # a name: not two words
        ("decision", "making", False),  # two words: a compound
        ("co", "hosting", False),  # a compound head
        ("e", "health", False),  # one letter is never left at a line end by hyphenation
        ("COVID", "19", False),
        ("Asia", "Pacific", False),
        ("DEVEL", "OPMENT", True),  # capitals, spelled whole elsewhere in the file
        ("inter", "dependent", True),  # a prefix and a word, usually written whole
        ("aero", "planes", True),
        ("purpose", "fully", True),  # two words whose joined form is the usual one
        ("era", "sure", True),
        ("multilateral", "ism", True),  # an ending is not a second word
        ("cross", "border", False),  # two words whose joined form is rare: a compound
        ("non", "governmental", False),  # a prefix UN style keeps hyphenated
        ("multi", "pronged", False),  # a prefix and a rarer word, rarer still joined
        ("re", "affirm", True),  # a prefix UN style joins, its joined form seen
    ],
)
def test_line_end_hyphens(head: str, tail: str, joined: bool):
    from indexer.loaders.pdf_blocks import _joins

    assert _joins(head, tail, {"development"}) is joined


def test_libreoffice_export_of_a_word_record():
    """A real LibreOffice PDF (fixture): Word header/footer fields, two columns, table, 9 pt footnotes, hyphenation."""
    import json

    fixture = Path(__file__).parent / "fixtures" / "pdf"
    truth = json.loads((fixture / "libreoffice-record.json").read_text(encoding="utf-8"))
    doc = load_file(fixture / "libreoffice-record.pdf")
    assert doc.page_count == 2 and {page for _, page in doc.page_starts} == {1, 2}
    assert ingest_score.similarity(truth["truth"], ingest_score.body_text(doc)) >= 0.995
    assert ingest_score.leaked(doc, [*truth["furniture"], "1/2", "2/2"], truth["truth"]) == 0
    assert ingest_score.hyphen_artifacts(truth["truth"], ingest_score.body_text(doc))[0] == 0
    assert ingest_score.heading_recall(doc, truth["headings"]) == 1.0
    assert [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "footnote"] == truth["footnotes"]
    assert [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "table"] == truth["table"]
