"""DOCX via python-docx: headings by style, list items, tables as text rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from indexer.document import DocumentBuilder, ParsedDocument
from indexer.loaders.base import LoadError

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
    version = 1

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
        builder = DocumentBuilder()
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                self._add_paragraph(builder, item)
            elif isinstance(item, Table):
                for row in item.rows:
                    cells = [" ".join(cell.text.split()) for cell in row.cells]
                    builder.add("table", " | ".join(c for c in cells if c))
        doc = builder.build(str(path), "docx")
        title = document.core_properties.title
        if title and title.strip():
            doc.hints["title"] = " ".join(title.split())
        return doc

    @staticmethod
    def _add_paragraph(builder: DocumentBuilder, paragraph) -> None:  # type: ignore[no-untyped-def]
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = paragraph.text
        if style == "Title":
            builder.add("heading", text, level=1)
        elif style.startswith("Heading"):
            digits = "".join(ch for ch in style if ch.isdigit())
            builder.add("heading", text, level=int(digits) if digits else 1)
        elif "List" in style or paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
            builder.add("list_item", text)
        else:
            builder.add("paragraph", text)
