"""The DOCX loader on Word files as entities send them: styles, lists, tables, notes, no furniture."""

from __future__ import annotations

from pathlib import Path

from bench.ingest_docx import WordRecord, write_docx
from indexer.loaders import load_file


def _blocks(doc):
    return [(b.kind, b.level, doc.text[b.start : b.end]) for b in doc.blocks]


def test_word_record_headings_footnotes_table_and_no_header_or_footer(tmp_path: Path):
    record = WordRecord(
        ["Mr. President,", "We welcome the report.", "Digital cooperation matters.", "We thank you."],
        headings={2: "Digital cooperation"},
        footnotes={1: "See A/76/1.", 2: "Report of the Secretary-General."},
        table=[["Region", "Projects"], ["Africa", "12"]],
    )
    write_docx(record, tmp_path / "r.docx")
    doc = load_file(tmp_path / "r.docx")
    assert _blocks(doc) == [
        ("heading", 1, "Statement by the delegation"),
        ("paragraph", 0, "Mr. President,"),
        ("paragraph", 0, "We welcome the report."),
        ("footnote", 0, "1 See A/76/1."),
        ("table", 0, "Region | Projects"),
        ("table", 0, "Africa | 12"),
        ("heading", 2, "Digital cooperation"),
        ("paragraph", 0, "Digital cooperation matters."),
        ("footnote", 0, "2 Report of the Secretary-General."),
        ("paragraph", 0, "We thank you."),
    ]
    assert record.symbol not in doc.text and record.job not in doc.text and "General Assembly" not in doc.text
    assert doc.page_count is None and doc.page_starts == [] and all(b.page is None for b in doc.blocks)


def test_lists_merged_cells_and_outline_level_headings(tmp_path: Path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    custom = document.add_paragraph("Annex: Partnerships")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    custom._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{w}" w:val="1"/>'))
    document.add_paragraph("First partner", style="List Number")
    document.add_paragraph("Second partner", style="List Bullet")
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Budget by year"
    for c, text in enumerate(("2021", "2022", "2023")):
        table.cell(1, c).text = text
    document.save(str(tmp_path / "l.docx"))
    assert _blocks(load_file(tmp_path / "l.docx")) == [
        ("heading", 2, "Annex: Partnerships"),
        ("list_item", 0, "First partner"),
        ("list_item", 0, "Second partner"),
        ("table", 0, "Budget by year"),
        ("table", 0, "2021 | 2022 | 2023"),
    ]
