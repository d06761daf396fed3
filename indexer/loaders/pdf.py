"""PDF: lines with their page, box and font, cleaned by passes across pages, then blocks.

Passes, in order: furniture (running headers and footers, page numbers, symbols, job
numbers) out; footnotes apart; reading order per page (columns); blocks across pages
(headings by font rank, lists, table rows, paragraphs over page breaks, hyphens joined).
A PDF without a text layer is read by OCR when Tesseract is installed (pdf_ocr).
"""

from __future__ import annotations

from pathlib import Path

from indexer.document import DocumentBuilder, ParsedDocument
from indexer.loaders.base import LoadError
from indexer.loaders.pdf_blocks import Para, build_paras, footnote_paras, measure_style, split_footnotes, vocabulary
from indexer.loaders.pdf_furniture import remove_furniture
from indexer.loaders.pdf_lines import Line, page_lines
from indexer.loaders.pdf_order import reading_order


class PdfLoader:
    suffixes: tuple[str, ...] = (".pdf",)
    format = "pdf"
    version = 3  # 2: line-level passes (furniture, columns, headings, footnotes, hyphens, tables);
    # 3: hyphens by word frequency, OCR headings by word heights, table cells parted by borders

    def load(self, data: bytes, path: Path) -> ParsedDocument:
        import pypdfium2 as pdfium

        if not data.startswith(b"%PDF"):
            raise LoadError(path, "not a PDF file (missing %PDF header)")
        try:
            # PDFium tries the empty user password itself: owner-locked files open like any other.
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise LoadError(path, "encrypted PDF (needs a password to open)") from None
            raise LoadError(path, f"corrupt PDF ({exc})") from None
        try:
            pages = [page_lines(pdf, n) for n in range(1, len(pdf) + 1)]
            hints = _hints(pdf)
            if any(not lines for lines in pages):
                from indexer.loaders.pdf_ocr import ocr_pages

                pages, read = ocr_pages(pdf, pages, path)
                if read:
                    hints["ocr"] = "tesseract"
        except pdfium.PdfiumError as exc:
            raise LoadError(path, f"corrupt PDF ({exc})") from None
        finally:
            pdf.close()
        doc = lines_to_document(pages, str(path))
        doc.hints.update(hints)
        return doc


def lines_to_document(pages: list[list[Line]], source_path: str) -> ParsedDocument:
    """The passes across pages, from raw lines to a document with blocks and page starts."""
    pages, _ = remove_furniture(pages)
    everything = [line for lines in pages for line in lines]
    body_size = measure_style(everything).body
    ordered: list[Line] = []
    notes_by_page: dict[int, list[Para]] = {}
    for number, lines in enumerate(pages, start=1):
        body, notes = split_footnotes(lines, body_size)
        ordered.extend(reading_order(body))
        notes_by_page[number] = footnote_paras(notes)
    paras = build_paras(ordered, measure_style(ordered), vocabulary(everything))
    builder = DocumentBuilder()
    for i, para in enumerate(paras):
        _add(builder, para)
        # A page's footnotes follow the block where its text ends, never splitting a paragraph.
        next_page = paras[i + 1].pieces[0][1] if i + 1 < len(paras) else len(pages) + 1
        for page in sorted(p for p in notes_by_page if p < next_page):
            for note in notes_by_page.pop(page):
                _add(builder, note)
    return builder.build(source_path, "pdf", page_count=len(pages))


def _add(builder: DocumentBuilder, para: Para) -> None:
    text, offset = "", 0
    marks: list[tuple[int, int]] = []
    for piece, page in para.pieces:
        piece = piece.replace("\u00ad", "")  # a soft hyphen left where no line followed
        if marks and marks[-1][1] != page or not marks:
            marks.append((offset + (1 if piece.startswith(" ") and marks else 0), page))
        text += piece
        offset += len(piece)
    builder.add(para.kind, text, level=para.level, page=marks[0][1], page_marks=marks[1:])


def _hints(pdf) -> dict[str, str]:  # type: ignore[no-untyped-def]
    title = (pdf.get_metadata_dict().get("Title") or "").strip()
    return {"title": " ".join(title.split())} if title else {}
