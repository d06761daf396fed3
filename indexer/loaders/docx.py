"""DOCX via python-docx: headings by style, list items, tables as text rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from indexer.document import DocumentBuilder, ParsedDocument
from indexer.loaders.base import LoadError


class DocxLoader:
    suffixes: tuple[str, ...] = (".docx",)

    def load(self, data: bytes, path: Path) -> ParsedDocument:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        try:
            document = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, AttributeError, TypeError) as exc:
            raise LoadError(path, f"corrupt DOCX ({type(exc).__name__}: {exc})") from None
        except Exception as exc:  # lxml and python-docx raise many types on malformed parts
            raise LoadError(path, f"corrupt DOCX ({type(exc).__name__}: {exc})") from None
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
