"""DOCX via python-docx: headings by style, lists, tables as rows of cells, footnotes and endnotes.

Headers and footers are never read (they are parts of their own, outside the body). Word
files have no fixed pages (Word lays pages out when it opens a file), so blocks have no page.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from indexer.document import DocumentBuilder, ParsedDocument
from indexer.loaders.base import LoadError
from indexer.loaders.docx_notes import notes_of, references_in

# A DOCX is a ZIP: refuse archives that would inflate to far more than any submission.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_MEMBERS = 10_000


def check_archive(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise LoadError(path, f"corrupt DOCX (not a readable ZIP archive: {exc})") from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise LoadError(path, "DOCX archive too large when uncompressed")


class DocxLoader:
    suffixes: tuple[str, ...] = (".docx",)
    format = "docx"
    version = 2  # 2: footnotes and endnotes as blocks; outline-level headings; merged table cells once

    def load(self, data: bytes, path: Path) -> ParsedDocument:
        check_archive(data, path)
        try:
            return self._parse(data, path)
        except LoadError:
            raise
        except RecursionError:
            raise
        except Exception as exc:  # python-docx and lxml raise many types on malformed parts, at any step
            raise LoadError(path, f"corrupt DOCX ({type(exc).__name__}: {exc})") from None

    def _parse(self, data: bytes, path: Path) -> ParsedDocument:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        footnotes = notes_of(document, "footnotes")
        endnotes = notes_of(document, "endnotes")
        builder = DocumentBuilder()
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                _add_paragraph(builder, item)
                # A footnote follows the paragraph that calls it, as a block of its own.
                for number in references_in(item._p, "footnote"):
                    builder.add("footnote", footnotes.get(number, ""))
            elif isinstance(item, Table):
                _add_table(builder, item)
        for text in endnotes.values():  # endnotes close the document, as Word prints them
            builder.add("footnote", text)
        doc = builder.build(str(path), "docx")
        title = document.core_properties.title
        if title and title.strip():
            doc.hints["title"] = " ".join(title.split())
        return doc


def _add_table(builder: DocumentBuilder, table) -> None:  # type: ignore[no-untyped-def]
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        builder.add("table", " | ".join(cells))


def _heading_level(paragraph) -> int:  # type: ignore[no-untyped-def]
    """1-9 for a heading (by style name, or the outline level a custom style sets), else 0."""
    style = paragraph.style
    name = (style.name if style is not None else "") or ""
    if name == "Title":
        return 1
    if name.startswith("Heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    for element in (paragraph._p.pPr, style.element.pPr if style is not None else None):
        outline = element.find(_OUTLINE) if element is not None else None
        if outline is not None:
            level = int(outline.get(_VAL, "9"))
            return level + 1 if level < 9 else 0  # 9 = body text
    return 0


def _add_paragraph(builder: DocumentBuilder, paragraph) -> None:  # type: ignore[no-untyped-def]
    text = paragraph.text
    level = _heading_level(paragraph)
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if level:
        builder.add("heading", text, level=level)
    elif "List" in style or paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
        builder.add("list_item", text)
    else:
        builder.add("paragraph", text)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OUTLINE = f"{_W}outlineLvl"
_VAL = f"{_W}val"
