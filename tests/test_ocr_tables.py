"""Tables in scanned pages: borders found in the image part the cells Tesseract reads."""

from __future__ import annotations

from pathlib import Path

from indexer.loaders import load_file
from indexer.loaders.ocr_rules import vertical_rules
from tests.test_pdf_loader import rasterise

SCALE = 300 / 72


def test_vertical_rules_are_found_and_letters_are_not():
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (800, 600), 255)
    draw = ImageDraw.Draw(image)
    for x in (100, 400, 700):
        draw.line([(x, 100), (x, 300)], fill=0, width=3)
    draw.text((120, 400), "Illicit flows | lilt", fill=0, font=ImageFont.load_default(size=60))  # 60 px < 19 pt
    rules = vertical_rules(image, SCALE)
    assert [round(x * SCALE) for x, _, _ in rules] == [100, 400, 700]
    assert all(round(top * SCALE) == 100 and abs(bottom * SCALE - 300) <= 1 for _, top, bottom in rules)


def test_scanned_table_with_close_cells_is_read_as_rows(tmp_path: Path):
    from fpdf import FPDF

    rows = [("Region of the world", "Projects under way"), ("Asia and the Pacific", "Nine regional projects")]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Projects by region are listed below.")
    with pdf.table(col_widths=(40, 40), width=80) as table:
        for row in rows:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.output(str(tmp_path / "t.pdf"))
    rasterise(tmp_path / "t.pdf", tmp_path / "scan.pdf", dpi=200)
    doc = load_file(tmp_path / "scan.pdf")
    assert doc.hints["ocr"] == "tesseract"
    assert [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "table"] == [" | ".join(r) for r in rows]
