"""PDF via pypdf, keeping the page of every block."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from indexer.document import DocumentBuilder, ParsedDocument
from indexer.loaders.base import LoadError

_BULLET = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\-*]|\d{1,3}[.)])\s+(.*)$")


class PdfLoader:
    suffixes: tuple[str, ...] = (".pdf",)

    def load(self, data: bytes, path: Path) -> ParsedDocument:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        if not data.startswith(b"%PDF"):
            raise LoadError(path, "not a PDF file (missing %PDF header)")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise LoadError(path, "encrypted PDF")
            pages = [page.extract_text() or "" for page in reader.pages]
            title = (reader.metadata.title if reader.metadata else None) or ""
        except LoadError:
            raise
        except (
            PyPdfError,
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            OSError,
            RecursionError,
            IndexError,
            ZeroDivisionError,
            AssertionError,
            NotImplementedError,  # pypdf: "Unsupported filter" in a damaged stream
        ) as exc:
            raise LoadError(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from None
        builder = DocumentBuilder()
        for number, page_text in enumerate(pages, start=1):
            self._add_page(builder, page_text, number)
        doc = builder.build(str(path), "pdf", page_count=len(pages))
        if title.strip():
            doc.hints["title"] = " ".join(title.split())
        return doc

    @staticmethod
    def _add_page(builder: DocumentBuilder, page_text: str, page: int) -> None:
        # pypdf gives lines; a blank line or a bullet starts a new block, other lines wrap.
        paragraph: list[str] = []

        def flush() -> None:
            if paragraph:
                builder.add("paragraph", " ".join(paragraph), page=page)
                paragraph.clear()

        for line in page_text.splitlines():
            if not line.strip():
                flush()
                continue
            bullet = _BULLET.match(line)
            if bullet:
                flush()
                builder.add("list_item", bullet.group(1), page=page)
            elif (
                not paragraph
                and builder.blocks
                and builder.blocks[-1].kind == "list_item"
                and builder.blocks[-1].page == page
                and line[:1].islower()
            ):
                builder.extend_last(line)
            else:
                paragraph.append(line.strip())
        flush()
